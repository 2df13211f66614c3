/// An RFC 6901 JSON pointer with nlohmann::json's rules for reading and writing through it: how templates name
/// data (`a.b.0` is `/a/b/0`) and where `set` writes.
struct JSONPointer: Sendable, Hashable {
    /// The unescaped reference tokens.
    let tokens: [[UInt8]]

    /// Parses `/a/b~1c`; the errors are nlohmann's.
    init(parsing text: [UInt8]) throws(TransformError) {
        guard let first = text.first else {
            tokens = []
            return
        }
        guard first == UInt8(ascii: "/") else {
            throw Self.error(
                "parse_error.107",
                "parse error: JSON pointer must be empty or begin with '/' - was: '\(String(decoding: text, as: UTF8.self))'"
            )
        }
        var tokens: [[UInt8]] = []
        for segment in text.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            var token: [UInt8] = []
            token.reserveCapacity(segment.count)
            var index = segment.startIndex
            while index < segment.endIndex {
                let byte = segment[index]
                if byte == UInt8(ascii: "~") {
                    let next = segment.index(after: index)
                    guard next < segment.endIndex,
                        segment[next] == UInt8(ascii: "0") || segment[next] == UInt8(ascii: "1")
                    else {
                        throw Self.error(
                            "parse_error.108",
                            "parse error: escape character '~' must be followed with '0' or '1'"
                        )
                    }
                    token.append(segment[next] == UInt8(ascii: "0") ? UInt8(ascii: "~") : UInt8(ascii: "/"))
                    index = segment.index(after: next)
                } else {
                    token.append(byte)
                    index = segment.index(after: index)
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    static func error(_ kind: String, _ message: String) -> TransformError {
        TransformError(.renderFailed, "[json.exception.\(kind)] \(message)")
    }

    /// The value the pointer names in `root`, or `nil` where nlohmann's `contains` says it has none.
    func value(in root: JSONValue) throws(TransformError) -> JSONValue? {
        var current = root
        for token in tokens {
            switch current {
            case .object(let object):
                guard let member = object[token] else { return nil }
                current = member
            case .array(let array):
                guard Self.isIndexSyntax(token) else { return nil }
                let index = try Self.arrayIndex(token)
                guard index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Whether `contains` goes on to read `token` as an array index: digits without a leading zero, or (as
    /// nlohmann lets it through, to fail there) the empty token.
    private static func isIndexSyntax(_ token: [UInt8]) -> Bool {
        guard let first = token.first else { return true }
        guard token.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return token.count == 1 || first != UInt8(ascii: "0")
    }

    /// The index `token` names; the errors are nlohmann's `array_index`.
    private static func arrayIndex(_ token: [UInt8]) throws(TransformError) -> Int {
        let text = String(decoding: token, as: UTF8.self)
        if token.count > 1, token[0] == UInt8(ascii: "0") {
            throw error("parse_error.106", "parse error: array index '\(text)' must not begin with '0'")
        }
        if token.count > 1, !(token[0] >= UInt8(ascii: "1") && token[0] <= UInt8(ascii: "9")) {
            throw error("parse_error.109", "parse error: array index '\(text)' is not a number")
        }
        guard !token.isEmpty, token.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let index = Int(text)
        else {
            throw error("out_of_range.404", "unresolved reference token '\(text)'")
        }
        return index
    }

    /// Arrays grow to an index written through a pointer; beyond this they are not grown.
    static let maximumGrowth = 65_536

    /// Writes `value` where the pointer names, creating objects and arrays on the way, as nlohmann's
    /// `operator[](json_pointer)` does.
    func assign(_ value: JSONValue, in root: inout JSONValue) throws(TransformError) {
        try Self.assign(value, tokens[...], in: &root)
    }

    private static func assign(
        _ value: JSONValue,
        _ tokens: ArraySlice<[UInt8]>,
        in target: inout JSONValue
    )
        throws(TransformError)
    {
        guard let token = tokens.first else {
            target = value
            return
        }
        if case .null = target {
            let numeric = token.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            target = numeric || token == [UInt8(ascii: "-")] ? .array([]) : .object(JSONObject())
        }
        switch target {
        case .object(var object):
            target = .null
            var member = object[token] ?? .null
            defer {
                object[token] = member
                target = .object(object)
            }
            try assign(value, tokens.dropFirst(), in: &member)
        case .array(var array):
            target = .null
            defer { target = .array(array) }
            let index = token == [UInt8(ascii: "-")] ? array.count : try arrayIndex(token)
            guard index <= array.count + maximumGrowth else {
                throw error(
                    "out_of_range.404",
                    "unresolved reference token '\(String(decoding: token, as: UTF8.self))'"
                )
            }
            if index >= array.count { array.append(contentsOf: repeatElement(.null, count: index - array.count + 1)) }
            try assign(value, tokens.dropFirst(), in: &array[index])
        default:
            throw error("out_of_range.404", "unresolved reference token '\(String(decoding: token, as: UTF8.self))'")
        }
    }
}
