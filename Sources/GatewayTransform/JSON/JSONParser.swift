extension JSONValue {
    /// Parses JSON text exactly as nlohmann::json 3.11.2's `json::parse` does (RFC 8259, no comments, the whole
    /// input must be one value with optional whitespace around it).
    ///
    /// - A number without fraction or exponent is ``uint(_:)`` when it fits `UInt64` and has no sign, ``int(_:)``
    ///   when it starts with `-` and fits `Int64` (`-0` is `.int(0)`), otherwise a correctly rounded ``double(_:)``;
    ///   a number with a fraction or exponent is always a double. A number too large for a double fails with
    ///   nlohmann's `out_of_range.406`.
    /// - Strings must be well-formed UTF-8 without raw control characters; escapes are decoded (surrogate pairs
    ///   included) and the result is kept as bytes.
    /// - For a repeated object key the last value wins.
    /// - A UTF-8 byte order mark at the very start is skipped, and a NUL byte where a token could start ends the
    ///   input, as in nlohmann.
    ///
    /// Errors carry nlohmann's `what()` text, for example `[json.exception.parse_error.101] parse error at line 1,
    /// column 2: syntax error while parsing value - invalid literal; last read: 'no'`. Beyond nlohmann, the
    /// parser enforces `limits` (see ``JSONLimits``). It never recurses, so any nesting is safe to read.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        limits: JSONLimits = .init()
    ) throws(JSONError) -> JSONValue {
        if let maximumBytes = limits.maximumBytes, bytes.count > maximumBytes {
            throw JSONError(
                .sizeLimitExceeded,
                "JSON text of \(bytes.count) bytes is longer than the limit of \(maximumBytes) bytes"
            )
        }
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// Parses the JSON text in `bytes`; see ``parse(_:limits:)-(UnsafeRawBufferPointer,_)``.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        limits: JSONLimits = .init()
    ) throws(JSONError) -> JSONValue {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try parse(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        if let contiguous {
            return try contiguous.get()
        }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try parse(buffer, limits: limits) }
        }.get()
    }

    /// Parses the JSON text `text` (its UTF-8 bytes); see ``parse(_:limits:)-(UnsafeRawBufferPointer,_)``.
    public static func parse(_ text: String, limits: JSONLimits = .init()) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONError) in try parse(UnsafeRawBufferPointer(buffer), limits: limits) }
        }.get()
    }
}

/// A one-pass JSON reader with nlohmann::json's lexer and parser semantics, including where it stops reading and
/// what it quotes on error. Nesting is kept on explicit stacks, never on the call stack.
struct JSONParser: ~Copyable {
    /// A token of the JSON grammar, as nlohmann's lexer distinguishes them.
    enum Token: UInt8 {
        case trueLiteral, falseLiteral, nullLiteral, string, number
        case beginArray, endArray, beginObject, endObject, nameSeparator, valueSeparator
        case parseError, endOfInput
    }

    /// An array or object being read: where its elements or members start on the shared stacks.
    struct Frame {
        var isObject: Bool
        var start: Int
    }

    /// The text; read only below `count`.
    let bytes: UnsafeRawBufferPointer
    let count: Int
    let limits: JSONLimits

    /// How many bytes nlohmann's lexer has read, counting each attempt to read past the end as one.
    var position = 0
    /// Where the text nlohmann quotes as "last read" starts: the start of the last string or number token, or of
    /// the input.
    var tokenStart = 0
    /// The last token scanned.
    var token = Token.endOfInput
    /// Why the last token is ``Token/parseError``.
    var failure = LexerFailure.invalidLiteral
    /// Where the content of the last string token is in the input, if it has no escapes; if it has, its decoded
    /// bytes are in `scratch`.
    var stringContent = 0..<0
    var stringIsEscaped = false
    /// Arrays already made for short strings, shared by repeated keys and values.
    var strings: StringTable
    /// The end of the last number token, and whether it has a fraction or exponent.
    var numberEnd = 0
    var numberIsInteger = true
    /// The decoded bytes of the last string token with escapes; the buffer is reused between strings.
    var scratch: [UInt8] = []

    /// Elements of the open arrays, innermost last.
    var values = ParserStack<JSONValue>()
    /// Members of the open objects, innermost last; the last member's value is filled in when it is read.
    var members = ParserStack<JSONObject.Member>()
    /// The open arrays and objects, innermost last.
    var frames: [Frame] = []

    init(bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.bytes = bytes
        self.count = bytes.count
        self.limits = limits
        self.strings = StringTable(textLength: bytes.count)
    }

    /// The byte at `index`, or -1 past the end.
    @inline(__always)
    func byte(_ index: Int) -> Int {
        index < count ? Int(bytes[index]) : -1
    }

    /// Reads one value and then the end of the input.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        var token = scan()
        var result = JSONValue.null
        reading: while true {
            // `token` starts a value.
            var value: JSONValue
            switch token {
            case .beginObject:
                try checkDepth()
                token = scan()
                if token == .endObject {
                    value = .object(JSONObject())
                } else {
                    try readKey(token)
                    frames.append(Frame(isObject: true, start: members.count - 1))
                    token = scan()
                    continue reading
                }
            case .beginArray:
                try checkDepth()
                token = scan()
                if token == .endArray {
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, start: values.count))
                    continue reading
                }
            case .string:
                value = .string(takeString())
            case .number:
                value = try numberValue()
            case .trueLiteral:
                value = .bool(true)
            case .falseLiteral:
                value = .bool(false)
            case .nullLiteral:
                value = .null
            case .parseError:
                throw syntaxError(context: "value", expected: nil)
            default:
                throw syntaxError(context: "value", expected: "'[', '{', or a literal")
            }

            // `value` is complete: store it in its container, closing every container that ends here.
            while let frame = frames.last {
                if frame.isObject {
                    members.top.pointee.value = consume value
                    token = scanAfterValue(closing: 0x7D)
                    if token == .valueSeparator {
                        try readKey(scanKey())
                        token = scan()
                        continue reading
                    }
                    guard token == .endObject else {
                        throw syntaxError(context: "object", expected: "'}'")
                    }
                    frames.removeLast()
                    value = .object(makeObject(from: frame.start))
                } else {
                    values.push(consume value)
                    token = scanAfterValue(closing: 0x5D)
                    if token == .valueSeparator {
                        token = scan()
                        continue reading
                    }
                    guard token == .endArray else {
                        throw syntaxError(context: "array", expected: "']'")
                    }
                    frames.removeLast()
                    value = .array(values.popArray(from: frame.start))
                }
            }
            result = consume value
            break
        }
        guard scan() == .endOfInput else {
            throw syntaxError(context: "value", expected: "end of input")
        }
        return result
    }

    /// Reads `token` as an object key and the `:` after it, and opens a member for the value that follows.
    private mutating func readKey(_ token: Token) throws(JSONError) {
        guard token == .string else {
            throw syntaxError(context: "object key", expected: "string literal")
        }
        let key = takeString()
        guard scanNameSeparator() == .nameSeparator else {
            throw syntaxError(context: "object separator", expected: "':'")
        }
        members.push(JSONObject.Member(key: key, value: .null))
    }

    /// Fails when one more array or object would nest deeper than the limit.
    private func checkDepth() throws(JSONError) {
        guard frames.count < limits.maximumDepth else {
            let (line, column) = lineAndColumn()
            throw JSONError(
                .depthLimitExceeded,
                "JSON nesting is deeper than the limit of \(limits.maximumDepth) at line \(line), column \(column)"
            )
        }
    }

    /// The object of the members from `start` on, which are removed from the stack: sorted by key, and for a
    /// repeated key only the last one kept.
    private mutating func makeObject(from start: Int) -> JSONObject {
        let kept = JSONObject.sortKeepingLastDuplicate(members.elements(from: start))
        members.truncate(to: start + kept)
        return JSONObject(sortedMembers: members.popArray(from: start))
    }

    /// The decoded bytes of the last string token.
    private mutating func takeString() -> [UInt8] {
        if stringIsEscaped {
            return scratch.withUnsafeBytes { Array($0) }
        }
        return strings.array(for: UnsafeRawBufferPointer(rebasing: bytes[stringContent]))
    }
}
