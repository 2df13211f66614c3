extension SafeRegex {
    /// A replacement template, parsed and checked against its regex once, then applied to many matches.
    public struct Substitution: Sendable, Hashable {
        /// How a template refers to the match.
        public enum Syntax: Sendable, Hashable {
            /// RE2's rewrite strings (Envoy `regex_rewrite.substitution`): `\0` to `\9` insert a group, `\\` a
            /// backslash; any other backslash is an error, and so is a group the regex does not have.
            case backslash
            /// ECMAScript replacement strings (transformation extractors): `$1` to `$99` insert a group, `$&` the
            /// whole match, `$$` a dollar sign; anything else, a group number included that the regex does not
            /// have, is copied as written.
            case dollar
        }

        enum Piece: Sendable, Hashable {
            case text([UInt8])
            case group(Int)
        }

        let pieces: [Piece]

        /// Appends the replacement for `match` (found in `input`) to `output`.
        func append(to output: inout [UInt8], match: RegexMatch, input: UnsafeBufferPointer<UInt8>) {
            for piece in pieces {
                switch piece {
                case .text(let bytes):
                    output.append(contentsOf: bytes)
                case .group(let group):
                    if let span = match[group] { output.append(contentsOf: input[span]) }
                }
            }
        }
    }

    /// Parses a replacement template for this regex.
    ///
    /// - Throws: ``RegexError/Code/badSubstitution`` for a malformed backslash template or one that refers to a
    ///   group this regex does not have.
    public func substitution(
        _ template: String,
        syntax: Substitution.Syntax = .backslash
    ) throws(RegexError)
        -> Substitution
    {
        switch syntax {
        case .backslash: try Substitution(backslashTemplate: Array(template.utf8), groupCount: captureCount)
        case .dollar: Substitution(dollarTemplate: Array(template.utf8), groupCount: captureCount)
        }
    }

    /// `input` with its first match replaced (`RE2::Replace`); unchanged if nothing matches.
    public func replacingFirstMatch(in input: String, with substitution: Substitution) -> String {
        Self.withBytes(of: input) { bytes in
            guard let match = firstMatch(bytes: bytes, from: 0) else { return input }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            output.append(contentsOf: bytes[..<match.range.lowerBound])
            substitution.append(to: &output, match: match, input: bytes)
            output.append(contentsOf: bytes[match.range.upperBound...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// `input` with every match replaced (`RE2::GlobalReplace`); unchanged if nothing matches.
    public func replacingAllMatches(in input: String, with substitution: Substitution) -> String {
        Self.withBytes(of: input) { bytes in
            guard let output = replacingAllMatches(bytes: bytes, with: substitution) else { return input }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// `bytes` with every match replaced (`RE2::GlobalReplace`).
    public func replacingAllMatches(in bytes: some Sequence<UInt8>, with substitution: Substitution) -> [UInt8] {
        Self.withBytes(of: bytes) { buffer in
            replacingAllMatches(bytes: buffer, with: substitution) ?? Array(buffer)
        }
    }

    /// The replaced bytes, or nil when nothing matched.
    func replacingAllMatches(bytes: UnsafeBufferPointer<UInt8>, with substitution: Substitution) -> [UInt8]? {
        var output: [UInt8] = []
        var copied = 0
        var replaced = false
        forEachMatch(bytes) { match in
            replaced = true
            output.append(contentsOf: bytes[copied..<match.range.lowerBound])
            substitution.append(to: &output, match: match, input: bytes)
            copied = match.range.upperBound
        }
        guard replaced else { return nil }
        output.append(contentsOf: bytes[copied...])
        return output
    }
}

extension SafeRegex.Substitution {
    init(backslashTemplate template: [UInt8], groupCount: Int) throws(RegexError) {
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var index = 0
        while index < template.count {
            let byte = template[index]
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                index += 1
                continue
            }
            guard index + 1 < template.count else {
                throw RegexError(
                    code: .badSubstitution,
                    fragment: "\\",
                    offset: index,
                    message: "Rewrite schema error: '\\' not allowed at end."
                )
            }
            let next = template[index + 1]
            if next == UInt8(ascii: "\\") {
                text.append(next)
            } else if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                let group = Int(next - UInt8(ascii: "0"))
                guard group <= groupCount else {
                    throw RegexError(
                        code: .badSubstitution,
                        fragment: "\\\(group)",
                        offset: index,
                        message: "Rewrite schema requests \(group) matches, but the regexp only has \(groupCount) "
                            + "parenthesized subexpressions."
                    )
                }
                if !text.isEmpty { pieces.append(.text(text)) }
                text = []
                pieces.append(.group(group))
            } else {
                throw RegexError(
                    code: .badSubstitution,
                    fragment: String(decoding: template[index...(index + 1)], as: UTF8.self),
                    offset: index,
                    message: "Rewrite schema error: '\\' must be followed by a digit or '\\'."
                )
            }
            index += 2
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    init(dollarTemplate template: [UInt8], groupCount: Int) {
        var pieces: [Piece] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { pieces.append(.text(text)) }
            text = []
        }
        func digit(_ index: Int) -> Int? {
            guard index < template.count, template[index] >= 0x30, template[index] <= 0x39 else { return nil }
            return Int(template[index] - 0x30)
        }
        var index = 0
        while index < template.count {
            let byte = template[index]
            guard byte == UInt8(ascii: "$"), index + 1 < template.count else {
                text.append(byte)
                index += 1
                continue
            }
            let next = template[index + 1]
            if next == UInt8(ascii: "$") {
                text.append(next)
                index += 2
            } else if next == UInt8(ascii: "&") {
                flush()
                pieces.append(.group(0))
                index += 2
            } else if let first = digit(index + 1) {
                // Two digits when they name an existing group, else one digit when it does, else literal text.
                if let second = digit(index + 2), first * 10 + second >= 1, first * 10 + second <= groupCount {
                    flush()
                    pieces.append(.group(first * 10 + second))
                    index += 3
                } else if first >= 1, first <= groupCount {
                    flush()
                    pieces.append(.group(first))
                    index += 2
                } else {
                    text.append(byte)
                    index += 1
                }
            } else {
                text.append(byte)
                index += 1
            }
        }
        flush()
        self.pieces = pieces
    }
}
