/// Splits an ECMAScript pattern into tokens the way libstdc++'s `std::regex` scanner does for `char` patterns.
///
/// The scanner reads one token ahead, as libstdc++'s does, so a malformed token is reported as soon as the token
/// before it is consumed; the parser sees the same errors in the same order as `std::regex`'s constructor.
///
/// Dialect notes (libstdc++ 12, verified with g++ 12): `\cX` stands for `X` itself, not a control character;
/// `\uHHHH` keeps only the low byte; `\0` is NUL and a following digit is a separate literal; escaping any other
/// byte (`\a`, `\e`, `\/`, `\-`) stands for the byte; `]` and `}` outside brackets are literals; `{` always starts
/// a repetition; `[]` matches nothing and `[^]` anything; `\b` means backspace inside brackets.
struct PatternScanner {
    enum Token: Equatable {
        case endOfPattern
        case ordinaryCharacter(UInt8)
        /// `\xHH` or `\uHHHH`: the hex digits.
        case hexNumber([UInt8])
        /// `\N...`: the decimal digits.
        case backreference([UInt8])
        case anyCharacter
        case lineBegin
        case lineEnd
        case wordBoundary(negated: Bool)
        /// `\d`, `\D`, `\s`, `\S`, `\w` or `\W`: the letter.
        case quotedClass(UInt8)
        case star
        case plus
        case question
        case alternation
        case groupBegin
        case nonCapturingGroupBegin
        case lookaheadBegin(negated: Bool)
        case groupEnd
        case bracketBegin
        case negatedBracketBegin
        case bracketEnd
        case bracketDash
        /// `[.name.]`
        case collatingSymbol([UInt8])
        /// `[=name=]`
        case equivalenceClass([UInt8])
        /// `[:name:]`
        case characterClass([UInt8])
        case intervalBegin
        case intervalEnd
        /// Decimal digits inside `{...}`.
        case count([UInt8])
        case comma
    }

    private enum State {
        case normal
        case inBracket
        case inBrace
    }

    private let pattern: [UInt8]
    private var position = 0
    private var state = State.normal
    /// The token the parser looks at next.
    private(set) var token = Token.endOfPattern

    init(_ pattern: [UInt8]) throws(PatternError) {
        self.pattern = pattern
        try advance()
    }

    /// Moves to the next token.
    mutating func advance() throws(PatternError) {
        guard position < pattern.count else {
            token = .endOfPattern
            return
        }
        switch state {
        case .normal: try scanNormal()
        case .inBracket: try scanInBracket()
        case .inBrace: try scanInBrace()
        }
    }

    // MARK: - States

    private mutating func scanNormal() throws(PatternError) {
        let byte = next()
        switch byte {
        case UInt8(ascii: "\\"):
            guard position < pattern.count else {
                throw PatternError(.escape, "Invalid escape at end of regular expression")
            }
            try scanEscape()
        case UInt8(ascii: "("):
            guard peek() == UInt8(ascii: "?") else {
                token = .groupBegin
                return
            }
            position += 1
            guard position < pattern.count else { throw PatternError(.paren) }
            switch next() {
            case UInt8(ascii: ":"): token = .nonCapturingGroupBegin
            case UInt8(ascii: "="): token = .lookaheadBegin(negated: false)
            case UInt8(ascii: "!"): token = .lookaheadBegin(negated: true)
            default: throw PatternError(.paren, "Invalid '(?...)' zero-width assertion in regular expression")
            }
        case UInt8(ascii: ")"): token = .groupEnd
        case UInt8(ascii: "["):
            state = .inBracket
            if peek() == UInt8(ascii: "^") {
                position += 1
                token = .negatedBracketBegin
            } else {
                token = .bracketBegin
            }
        case UInt8(ascii: "{"):
            state = .inBrace
            token = .intervalBegin
        case UInt8(ascii: "^"): token = .lineBegin
        case UInt8(ascii: "$"): token = .lineEnd
        case UInt8(ascii: "."): token = .anyCharacter
        case UInt8(ascii: "*"): token = .star
        case UInt8(ascii: "+"): token = .plus
        case UInt8(ascii: "?"): token = .question
        case UInt8(ascii: "|"): token = .alternation
        default: token = .ordinaryCharacter(byte)
        }
    }

    private mutating func scanInBracket() throws(PatternError) {
        let byte = next()
        switch byte {
        case UInt8(ascii: "-"):
            token = .bracketDash
        case UInt8(ascii: "["):
            guard position < pattern.count else {
                throw PatternError(.brack, "Incomplete '[[' character class in regular expression")
            }
            switch pattern[position] {
            case UInt8(ascii: "."):
                position += 1
                token = .collatingSymbol(try className(closedBy: UInt8(ascii: ".")))
            case UInt8(ascii: ":"):
                position += 1
                token = .characterClass(try className(closedBy: UInt8(ascii: ":")))
            case UInt8(ascii: "="):
                position += 1
                token = .equivalenceClass(try className(closedBy: UInt8(ascii: "=")))
            default:
                token = .ordinaryCharacter(byte)
            }
        case UInt8(ascii: "]"):
            state = .normal
            token = .bracketEnd
        case UInt8(ascii: "\\"):
            try scanEscape()
        default:
            token = .ordinaryCharacter(byte)
        }
    }

    private mutating func scanInBrace() throws(PatternError) {
        let byte = next()
        if isDigit(byte) {
            var digits = [byte]
            while let following = peek(), isDigit(following) {
                digits.append(following)
                position += 1
            }
            token = .count(digits)
        } else if byte == UInt8(ascii: ",") {
            token = .comma
        } else if byte == UInt8(ascii: "}") {
            state = .normal
            token = .intervalEnd
        } else {
            throw PatternError(.badbrace)
        }
    }

    // MARK: - Pieces

    private mutating func scanEscape() throws(PatternError) {
        guard position < pattern.count else { throw PatternError(.escape) }
        let byte = next()
        if let control = Self.controlEscape(byte), byte != UInt8(ascii: "b") || state == .inBracket {
            token = .ordinaryCharacter(control)
            return
        }
        switch byte {
        case UInt8(ascii: "b"):
            token = .wordBoundary(negated: false)
        case UInt8(ascii: "B"):
            token = .wordBoundary(negated: true)
        case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "w"),
            UInt8(ascii: "W"):
            token = .quotedClass(byte)
        case UInt8(ascii: "c"):
            guard position < pattern.count else {
                throw PatternError(.escape, "invalid '\\cX' control character in regular expression")
            }
            // libstdc++ keeps the letter itself: `\cJ` matches "J", not a line feed.
            token = .ordinaryCharacter(next())
        case UInt8(ascii: "x"), UInt8(ascii: "u"):
            let length = byte == UInt8(ascii: "x") ? 2 : 4
            var digits: [UInt8] = []
            for _ in 0..<length {
                guard let digit = peek(), isHexDigit(digit) else {
                    throw PatternError(
                        .escape,
                        length == 2
                            ? "Invalid '\\xNN' control character in regular expression"
                            : "Invalid '\\uNNNN' control character in regular expression"
                    )
                }
                digits.append(digit)
                position += 1
            }
            token = .hexNumber(digits)
        default:
            if isDigit(byte) {
                var digits = [byte]
                while let following = peek(), isDigit(following) {
                    digits.append(following)
                    position += 1
                }
                token = .backreference(digits)
            } else {
                token = .ordinaryCharacter(byte)
            }
        }
    }

    /// The name in `[:name:]`, `[.name.]` or `[=name=]`, with the opening `[` and delimiter already read.
    private mutating func className(closedBy delimiter: UInt8) throws(PatternError) -> [UInt8] {
        var name: [UInt8] = []
        while position < pattern.count, pattern[position] != delimiter {
            name.append(pattern[position])
            position += 1
        }
        guard position + 1 < pattern.count, pattern[position + 1] == UInt8(ascii: "]") else {
            throw PatternError(delimiter == UInt8(ascii: ":") ? .ctype : .collate)
        }
        position += 2
        return name
    }

    /// The byte a one-letter escape stands for (`\0 \b \f \n \r \t \v`).
    private static func controlEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0"): 0x00
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "v"): 0x0B
        default: nil
        }
    }

    private mutating func next() -> UInt8 {
        let byte = pattern[position]
        position += 1
        return byte
    }

    private func peek() -> UInt8? {
        position < pattern.count ? pattern[position] : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
}
