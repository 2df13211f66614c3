extension JSONValue {
    /// The value as compact JSON text, exactly as nlohmann::json 3.11.2's `dump()` with its default arguments
    /// prints it: no whitespace, object keys in byte order, strings escaped as ``appendEscaped(_:to:)`` does, floats
    /// as ``appendNumber(_:to:)-(Double,_)`` prints them.
    ///
    /// Fails with nlohmann's `type_error.316` if a string or key is not valid UTF-8.
    public func dump() throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        try dump(into: &output)
        return output
    }

    /// Appends ``dump()``'s text to `output`. On failure `output` is left as it was.
    public func dump(into output: inout [UInt8]) throws(JSONError) {
        let start = output.count
        do {
            try Self.write(self, to: &output, depth: 0)
        } catch {
            output.removeSubrange(start...)
            throw error
        }
    }

    /// How deep ``write(_:to:depth:)`` recurses before it hands a nested value to ``writeIteratively(to:)``.
    private static let recursionLimit = 32

    /// Appends the JSON text of `value`, `depth` levels down. Recursion is the fastest way through the nesting
    /// documents usually have; values nested deeper than ``recursionLimit`` are printed without it.
    private static func write(_ value: JSONValue, to output: inout [UInt8], depth: Int) throws(JSONError) {
        switch value {
        case .array(let elements):
            if depth == recursionLimit {
                return try value.writeIteratively(to: &output)
            }
            output.append(0x5B)
            // Through the buffer, elements are read in place rather than copied out one by one.
            try elements.withUnsafeBufferPointer { elements throws(JSONError) in
                for index in elements.indices {
                    if index > 0 {
                        output.append(0x2C)
                    }
                    try write(elements[index], to: &output, depth: depth + 1)
                }
            }
            output.append(0x5D)
        case .object(let object):
            if depth == recursionLimit {
                return try value.writeIteratively(to: &output)
            }
            output.append(0x7B)
            try object.members.withUnsafeBufferPointer { members throws(JSONError) in
                for index in members.indices {
                    if index > 0 {
                        output.append(0x2C)
                    }
                    try writeKey(members[index].key, to: &output)
                    try write(members[index].value, to: &output, depth: depth + 1)
                }
            }
            output.append(0x7D)
        default:
            try writeScalar(value, to: &output)
        }
    }

    /// An array or object being printed by ``writeIteratively(to:)``, and the position of its next element.
    private enum OpenContainer {
        case array([JSONValue], next: Int)
        case object([JSONObject.Member], next: Int)
    }

    /// Appends the JSON text of the value, keeping the nesting on an explicit stack, so any depth prints.
    private func writeIteratively(to output: inout [UInt8]) throws(JSONError) {
        var open: [OpenContainer] = []
        var value = self
        writing: while true {
            // Print `value`, or open it.
            switch value {
            case .array(let elements):
                output.append(0x5B)
                open.append(.array(elements, next: 0))
            case .object(let object):
                output.append(0x7B)
                open.append(.object(object.members, next: 0))
            default:
                try Self.writeScalar(value, to: &output)
            }
            // Move to the next element of the innermost open container, closing those that are finished.
            while let container = open.popLast() {
                switch container {
                case .array(let elements, let next):
                    guard next < elements.count else {
                        output.append(0x5D)
                        continue
                    }
                    if next > 0 {
                        output.append(0x2C)
                    }
                    value = elements[next]
                    open.append(.array(elements, next: next + 1))
                    continue writing
                case .object(let members, let next):
                    guard next < members.count else {
                        output.append(0x7D)
                        continue
                    }
                    if next > 0 {
                        output.append(0x2C)
                    }
                    try Self.writeKey(members[next].key, to: &output)
                    value = members[next].value
                    open.append(.object(members, next: next + 1))
                    continue writing
                }
            }
            return
        }
    }

    /// `"key":`
    private static func writeKey(_ key: [UInt8], to output: inout [UInt8]) throws(JSONError) {
        output.append(0x22)
        try key.withUnsafeBufferPointer { key throws(JSONError) in try appendEscaped(key, to: &output) }
        output.append(contentsOf: [0x22, 0x3A])
    }

    /// Appends a value that is neither an array nor an object (for those it appends nothing).
    private static func writeScalar(_ value: JSONValue, to output: inout [UInt8]) throws(JSONError) {
        switch value {
        case .array, .object:
            break  // printed by the callers
        case .null:
            output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
        case .bool(let flag):
            if flag {
                output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
            } else {
                output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
            }
        case .int(let number):
            appendNumber(number, to: &output)
        case .uint(let number):
            appendNumber(number, to: &output)
        case .double(let number):
            appendNumber(number, to: &output)
        case .string(let bytes):
            output.append(0x22)
            try bytes.withUnsafeBufferPointer { bytes throws(JSONError) in try appendEscaped(bytes, to: &output) }
            output.append(0x22)
        }
    }

    /// Appends `string` as the inside of a JSON string, without the quotes, exactly as nlohmann::json 3.11.2's
    /// `dump()` escapes it: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other bytes below 0x20 as `\u00xx` (lower-case
    /// hex), and everything else, 0x7F and non-ASCII included, unchanged. This is what Inja's `escape_strings` and
    /// envoy-gloo's `raw_string` produce.
    ///
    /// Fails with nlohmann's `type_error.316` if `string` is not valid UTF-8: `invalid UTF-8 byte at index 3: 0xFF`
    /// names the first byte that cannot continue a well-formed sequence (its index in `string`), and `incomplete
    /// UTF-8 string; last byte: 0xE2` a string that ends inside a sequence. On failure `output` is left as it was.
    public static func appendEscaped(_ string: some Collection<UInt8>, to output: inout [UInt8]) throws(JSONError) {
        let contiguous = string.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try appendEscaped(buffer, to: &output) }
        }
        if let contiguous {
            return try contiguous.get()
        }
        try Array(string).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try appendEscaped(buffer, to: &output) }
        }.get()
    }

    private static func appendEscaped(_ string: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) throws(JSONError)
    {
        let start = output.count
        var copiedUpTo = 0
        var index = 0
        while index < string.count {
            let byte = string[index]
            if byte >= 0x20, byte != 0x22, byte != 0x5C, byte < 0x80 {
                index += 1
                continue
            }
            if byte >= 0x80 {
                do {
                    index += try wellFormedScalarLength(string, at: index)
                } catch {
                    output.removeSubrange(start...)
                    throw error
                }
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: string[copiedUpTo..<index]))
            appendEscape(of: byte, to: &output)
            index += 1
            copiedUpTo = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: string[copiedUpTo...]))
    }

    /// `\"`, `\\`, a short escape, or `\u00xx` for a byte below 0x20.
    private static func appendEscape(of byte: UInt8, to output: inout [UInt8]) {
        output.append(0x5C)
        switch byte {
        case 0x22, 0x5C: output.append(byte)
        case 0x08: output.append(0x62)  // b
        case 0x09: output.append(0x74)  // t
        case 0x0A: output.append(0x6E)  // n
        case 0x0C: output.append(0x66)  // f
        case 0x0D: output.append(0x72)  // r
        default:
            output.append(contentsOf: [0x75, 0x30, 0x30])  // u00
            output.append(hexDigitsLowercase[Int(byte >> 4)])
            output.append(hexDigitsLowercase[Int(byte & 0xF)])
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index` (whose first byte is not ASCII); fails with
    /// nlohmann's `type_error.316` naming the first byte that cannot be part of it.
    private static func wellFormedScalarLength(
        _ string: UnsafeBufferPointer<UInt8>,
        at index: Int
    ) throws(JSONError)
        -> Int
    {
        let leading = string[index]
        guard let (firstRange, continuations) = UTF8Shape.of(leading: Int(leading)) else {
            throw invalidByte(leading, at: index)
        }
        var range = firstRange
        for offset in 1...continuations {
            guard index + offset < string.count else {
                let last = string[string.count - 1]
                throw JSONError(
                    .invalidUTF8,
                    "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0x\(hexByte(last))"
                )
            }
            let byte = string[index + offset]
            guard range.contains(Int(byte)) else {
                throw invalidByte(byte, at: index + offset)
            }
            range = 0x80...0xBF
        }
        return continuations + 1
    }

    private static func invalidByte(_ byte: UInt8, at index: Int) -> JSONError {
        JSONError(
            .invalidUTF8,
            "[json.exception.type_error.316] invalid UTF-8 byte at index \(index): 0x\(hexByte(byte))"
        )
    }

    private static func hexByte(_ byte: UInt8) -> String {
        String(decoding: [hexDigitsUppercase[Int(byte >> 4)], hexDigitsUppercase[Int(byte & 0xF)]], as: UTF8.self)
    }
}

private let hexDigitsLowercase = Array("0123456789abcdef".utf8)
private let hexDigitsUppercase = Array("0123456789ABCDEF".utf8)
