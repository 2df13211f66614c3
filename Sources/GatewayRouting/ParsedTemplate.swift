/// A URI template parsed with Envoy's rules (`uri_template_internal.cc`, `parsePathPatternSyntax`).
///
/// The template starts with `/` and is split at `/` into segments: a literal, `*` (one segment), `**` (any
/// text), or a variable `{name}` / `{name=pattern}` whose pattern is literals and globs joined by `/`. A trailing
/// `/` is an empty literal segment; text after the last segment's glob or variable is a suffix. At most five
/// variables, with distinct names of 1–16 characters; nothing may follow a `**` that could match.
struct ParsedTemplate: Sendable {
    enum Piece: Sendable, Hashable {
        case literal(String)
        case pathGlob
        case textGlob
        /// A variable and its pattern, joined by `/` (empty: `*`).
        case variable(String, [Piece])
    }

    struct Problem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private(set) var segments: [Piece] = []
    private(set) var suffix = ""

    static let maxVariables = PathCaptures.capacity

    init(_ template: String) throws(Problem) {
        var rest = Substring(template)
        guard rest.first == "/", rest.utf8.allSatisfy(Self.isTemplateByte) else {
            throw Problem("only '/' followed by letters, digits and -._~%!$&'()+,;:@=/*{} is allowed")
        }
        rest.removeFirst()
        while !rest.isEmpty {
            segments.append(try Self.segment(&rest))
            guard let next = rest.first else { break }
            if rest == "/" {
                segments.append(.literal(""))
                break
            } else if next == "/" {
                rest.removeFirst()
            } else {
                let literal = try Self.literal(&rest)
                guard rest.isEmpty else { throw Problem("a suffix is allowed only after the last segment") }
                suffix = literal
            }
        }
        try validateVariables()
        try validateNothingAfterTextGlob()
    }

    private static func segment(_ rest: inout Substring) throws(Problem) -> Piece {
        switch rest.first {
        case "*": return glob(&rest)
        case "{": return try variable(&rest)
        default: return .literal(try literal(&rest))
        }
    }

    private static func glob(_ rest: inout Substring) -> Piece {
        if rest.hasPrefix("**") {
            rest.removeFirst(2)
            return .textGlob
        }
        rest.removeFirst()
        return .pathGlob
    }

    /// The text up to the next `/`, which must be literal characters only.
    private static func literal(_ rest: inout Substring) throws(Problem) -> String {
        let end = rest.firstIndex(of: "/") ?? rest.endIndex
        let literal = rest[..<end]
        guard !literal.isEmpty, literal.utf8.allSatisfy(isLiteralByte) else {
            throw Problem("invalid literal '\(literal)'")
        }
        rest = rest[end...]
        return String(literal)
    }

    private static func variable(_ rest: inout Substring) throws(Problem) -> Piece {
        rest.removeFirst()
        guard let close = rest.firstIndex(of: "}") else { throw Problem("unmatched '{'") }
        let body = rest[..<close]
        rest = rest[rest.index(after: close)...]
        let name = body.prefix { $0 != "=" }
        guard let first = name.utf8.first, ASCII.lowercased(first) &- UInt8(ascii: "a") < 26,
            name.utf8.allSatisfy({ ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") })
        else { throw Problem("invalid variable name '\(name)'") }
        guard name.endIndex < body.endIndex else { return .variable(String(name), []) }
        var pattern = body[body.index(after: name.endIndex)...]
        guard !pattern.isEmpty else { throw Problem("empty pattern for variable '\(name)'") }
        var pieces: [Piece] = []
        while !pattern.isEmpty {
            pieces.append(pattern.first == "*" ? glob(&pattern) : .literal(try literal(&pattern)))
            if !pattern.isEmpty {
                guard pattern.first == "/", pattern.count > 1 else {
                    throw Problem("invalid pattern for variable '\(name)'")
                }
                pattern.removeFirst()
            }
        }
        return .variable(String(name), pieces)
    }

    private func validateVariables() throws(Problem) {
        var names: Set<String> = []
        for case .variable(let name, _) in segments {
            guard names.count < Self.maxVariables else {
                throw Problem("more than \(Self.maxVariables) variables")
            }
            guard name.utf8.count <= 16 else { throw Problem("variable name '\(name)' is longer than 16 characters") }
            guard names.insert(name).inserted else { throw Problem("variable '\(name)' appears twice") }
        }
    }

    private func validateNothingAfterTextGlob() throws(Problem) {
        var seenTextGlob = false
        func visit(_ piece: Piece) throws(Problem) {
            switch piece {
            case .literal: return
            case .pathGlob, .textGlob:
                guard !seenTextGlob else { throw Problem("a glob follows '**'") }
                seenTextGlob = piece == .textGlob
            case .variable(_, let pattern):
                if pattern.isEmpty {
                    guard !seenTextGlob else { throw Problem("a variable follows '**'") }
                }
                for piece in pattern { try visit(piece) }
            }
        }
        for segment in segments { try visit(segment) }
    }

    var variableNames: [String] {
        segments.compactMap { if case .variable(let name, _) = $0 { name } else { nil } }
    }

    /// The regex Envoy matches with: `/`, the segments' regexes joined by `/`, the suffix.
    var regexPattern: String {
        "/" + segments.map(Self.regex).joined(separator: "/") + suffix
    }

    private static func regex(_ piece: Piece) -> String {
        switch piece {
        case .literal(let literal): escaped(literal)
        case .pathGlob: "[a-zA-Z0-9-._~%!$&'()+,;:@=*]+"
        case .textGlob: "[a-zA-Z0-9-._~%!$&'()+,;:@=*/]*"
        case .variable(let name, let pattern):
            "(?P<\(name)>\(pattern.isEmpty ? regex(.pathGlob) : pattern.map(regex).joined(separator: "/")))"
        }
    }

    /// Envoy escapes only the literal characters RE2 would read as operators.
    private static func escaped(_ literal: String) -> String {
        var escaped = ""
        for character in literal {
            if "$()+.*".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The template as trie segments, and which of them capture; nil when it has a suffix or a segment the trie
    /// cannot hold.
    var trieSegments: [(segment: TemplateSegment, captures: Bool)]? {
        guard suffix.isEmpty else { return nil }
        var result: [(TemplateSegment, Bool)] = []
        for (index, piece) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch piece {
            case .literal(let literal): result.append((.literal(Array(literal.utf8)), false))
            case .pathGlob: result.append((.segment, false))
            case .variable(_, []), .variable(_, [.pathGlob]): result.append((.segment, true))
            case .textGlob where isLast: result.append((.rest, false))
            case .variable(_, [.textGlob]) where isLast: result.append((.rest, true))
            default: return nil
            }
        }
        return result
    }

    private static func isTemplateByte(_ byte: UInt8) -> Bool {
        isLiteralByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "{")
            || byte == UInt8(ascii: "}")
    }

    /// Envoy's literal characters: RFC 3986 unreserved, `%`, the sub-delimiters but `*`, `:`, `@` and `=`.
    private static func isLiteralByte(_ byte: UInt8) -> Bool {
        byte != UInt8(ascii: "*") && URITemplate.isPathGlobByte(byte)
    }
}
