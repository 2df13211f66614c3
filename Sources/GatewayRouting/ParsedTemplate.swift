/// A URI template parsed with Envoy 1.40's rules (`uri_template_internal.cc`, with mixed segments on, the default).
///
/// The template is `/` and segments joined by `/`, at most 256 printable ASCII characters. A segment is a literal,
/// `*` (one segment), `**` (any text, `/` included), or a variable `{name}` / `{name=pattern}` (the pattern being
/// literals and globs joined by `/`). A variable may have a literal before it (`v{version}`) and after it
/// (`{id}.json`); a glob may have a literal after it only in the last segment (`/**.mpd`). A trailing `/` is an
/// empty literal segment. At most five variables, with distinct names of 1–16 characters; after a `**`, no glob
/// and no bare variable may follow.
///
/// Literals are the characters of `L` = `a-zA-Z0-9-._~%!$&'()+,;:@=*`. Envoy escapes only `$()+.` when it turns a
/// literal into regex, so a `*` in a literal repeats the character before it; templates whose regex then does not
/// compile (`/x**`) never match in Envoy and are rejected here.
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

    /// Each segment's pieces, matched one after the other within the segment.
    private(set) var segments: [[Piece]] = []

    static let maxLength = 256
    static let maxVariables = PathCaptures.capacity

    init(_ template: String) throws(Problem) {
        guard template.utf8.count <= Self.maxLength else {
            throw Problem("longer than \(Self.maxLength) characters")
        }
        var rest = Substring(template)
        guard rest.first == "/", rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Problem("must be '/' followed by printable ASCII characters")
        }
        rest.removeFirst()
        while !rest.isEmpty {
            segments.append(try Self.segment(&rest))
            if rest == "/" {
                segments.append([.literal("")])
                break
            }
            if !rest.isEmpty { rest.removeFirst() }
        }
        try validateVariables()
        try validateNothingAfterTextGlob()
    }

    /// Parses one segment, leaving `rest` at its end (the template's end or a `/`).
    private static func segment(_ rest: inout Substring) throws(Problem) -> [Piece] {
        switch rest.first {
        case "*":
            let glob = self.glob(&rest)
            guard !rest.isEmpty, rest.first != "/" else { return [glob] }
            // Text after a glob is a suffix, allowed only at the end.
            let suffix = try literal(&rest, what: "literal")
            guard rest.isEmpty else { throw Problem("text after a glob is allowed only in the last segment") }
            return [glob, .literal(suffix)]
        case "{":
            let variable = try self.variable(&rest)
            guard !rest.isEmpty, rest.first != "/" else { return [variable] }
            return [variable, .literal(try literal(&rest, what: "suffix literal"))]
        default:
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            let text = rest[..<end]
            if text.utf8.allSatisfy(isLiteralByte), !text.isEmpty {
                rest = rest[end...]
                return [.literal(String(text))]
            }
            guard let open = text.firstIndex(of: "{"), text[open...].contains("}") else {
                throw Problem("invalid literal '\(text)'")
            }
            let prefix = try literal(&rest, upTo: open, what: "prefix literal")
            var variableText = rest[..<end]
            let variable = try self.variable(&variableText)
            rest = rest[variableText.startIndex...]
            guard !rest.isEmpty, rest.first != "/" else { return [.literal(prefix), variable] }
            return [.literal(prefix), variable, .literal(try literal(&rest, what: "suffix literal"))]
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

    /// The text up to the next `/` (or `end`), which must be one or more literal characters.
    private static func literal(
        _ rest: inout Substring,
        upTo end: Substring.Index? = nil,
        what: String
    ) throws(Problem) -> String {
        let end = end ?? rest.firstIndex(of: "/") ?? rest.endIndex
        let literal = rest[..<end]
        guard !literal.isEmpty, literal.utf8.allSatisfy(isLiteralByte) else {
            throw Problem("invalid \(what) '\(literal)'")
        }
        rest = rest[end...]
        return String(literal)
    }

    /// `{name}` or `{name=pattern}`, up to the first `}`.
    private static func variable(_ rest: inout Substring) throws(Problem) -> Piece {
        rest.removeFirst()
        guard let close = rest.firstIndex(of: "}") else { throw Problem("unmatched '{'") }
        let body = rest[..<close]
        rest = rest[rest.index(after: close)...]
        let name = body.prefix { $0 != "=" }
        guard let first = name.utf8.first, ASCII.lowercased(first) &- UInt8(ascii: "a") < 26,
            name.utf8.allSatisfy({ ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") })
        else { throw Problem("invalid variable name '\(name)'") }
        guard name.utf8.count <= 16 else { throw Problem("variable name '\(name)' is longer than 16 characters") }
        guard name.endIndex < body.endIndex else { return .variable(String(name), []) }
        var pattern = body[body.index(after: name.endIndex)...]
        guard !pattern.isEmpty else { throw Problem("empty pattern for variable '\(name)'") }
        var pieces: [Piece] = []
        while !pattern.isEmpty {
            pieces.append(pattern.first == "*" ? glob(&pattern) : .literal(try literal(&pattern, what: "literal")))
            if !pattern.isEmpty {
                guard pattern.first == "/", pattern.count > 1 else {
                    throw Problem("invalid pattern for variable '\(name)' at '\(pattern)'")
                }
                pattern.removeFirst()
            }
        }
        return .variable(String(name), pieces)
    }

    private func validateVariables() throws(Problem) {
        var names: Set<String> = []
        for name in variableNames {
            guard names.count < Self.maxVariables else { throw Problem("more than \(Self.maxVariables) variables") }
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
                guard !pattern.isEmpty || !seenTextGlob else { throw Problem("a variable follows '**'") }
                for piece in pattern { try visit(piece) }
            }
        }
        for piece in segments.joined() { try visit(piece) }
    }

    var variableNames: [String] {
        segments.joined().compactMap { if case .variable(let name, _) = $0 { name } else { nil } }
    }

    /// The regex Envoy matches with: `/` and the segments joined by `/`.
    var regexPattern: String {
        "/" + segments.map { $0.map(Self.regex).joined() }.joined(separator: "/")
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

    private static func escaped(_ literal: String) -> String {
        var escaped = ""
        for character in literal {
            if "$()+.".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The template as trie segments, and which of them capture; nil when a segment is more than one piece, a
    /// variable spans segments, a literal has a `*`, or a `**` is not last.
    var trieSegments: [(segment: TemplateSegment, captures: Bool)]? {
        // `/` alone is one empty segment to the trie.
        guard !segments.isEmpty else { return [(.literal([]), false)] }
        var result: [(TemplateSegment, Bool)] = []
        for (index, pieces) in segments.enumerated() {
            guard pieces.count == 1 else { return nil }
            let isLast = index == segments.count - 1
            switch pieces[0] {
            case .literal(let literal) where !literal.contains("*"):
                result.append((.literal(Array(literal.utf8)), false))
            case .pathGlob: result.append((.segment, false))
            case .variable(_, []), .variable(_, [.pathGlob]): result.append((.segment, true))
            case .textGlob where isLast: result.append((.rest, false))
            case .variable(_, [.textGlob]) where isLast: result.append((.rest, true))
            default: return nil
            }
        }
        return result
    }

    /// `L`: RFC 3986 unreserved characters, `%`, the sub-delimiters, `:` and `@`.
    static func isLiteralByte(_ byte: UInt8) -> Bool {
        if ASCII.isAlphanumeric(byte) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "@"), UInt8(ascii: "="), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }
}
