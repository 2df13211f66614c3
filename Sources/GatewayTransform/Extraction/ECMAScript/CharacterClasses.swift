/// The byte classes of `std::regex_traits<char>` in the "C" locale, which `std::regex` uses unless a program changes
/// the global locale: ASCII only, so no byte above 0x7F is a letter, digit or space.
enum CharacterClasses {
    static let digit = ByteSet(where: { $0 >= 0x30 && $0 <= 0x39 })
    static let upper = ByteSet(where: { $0 >= 0x41 && $0 <= 0x5A })
    static let lower = ByteSet(where: { $0 >= 0x61 && $0 <= 0x7A })
    static let alpha = ByteSet(where: { upper.contains($0) || lower.contains($0) })
    static let alnum = ByteSet(where: { alpha.contains($0) || digit.contains($0) })
    /// `\w` and `[:w:]`: letters, digits and `_`.
    static let word = ByteSet(where: { alnum.contains($0) || $0 == UInt8(ascii: "_") })
    /// `\s` and `[:space:]`: space, `\t`, `\n`, `\v`, `\f`, `\r` (RE2's `\s` lacks `\v`).
    static let space = ByteSet(where: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) })
    static let blank = ByteSet(where: { $0 == 0x20 || $0 == 0x09 })
    static let cntrl = ByteSet(where: { $0 < 0x20 || $0 == 0x7F })
    static let graph = ByteSet(where: { $0 >= 0x21 && $0 <= 0x7E })
    static let print = ByteSet(where: { $0 >= 0x20 && $0 <= 0x7E })
    static let punct = ByteSet(where: { graph.contains($0) && !alnum.contains($0) })
    static let xdigit = ByteSet(where: {
        digit.contains($0) || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "f"))
    })
    /// `.`: every byte but the ECMAScript line terminators `\n` and `\r`.
    static let dot = ByteSet(where: { $0 != 0x0A && $0 != 0x0D })

    /// The class `regex_traits<char>::lookup_classname` names; the name is compared in lower case.
    static func named(_ name: [UInt8]) -> ByteSet? {
        let lowered = String(decoding: name.map(lowercased), as: UTF8.self)
        switch lowered {
        case "d", "digit": return digit
        case "w": return word
        case "s", "space": return space
        case "alnum": return alnum
        case "alpha": return alpha
        case "blank": return blank
        case "cntrl": return cntrl
        case "graph": return graph
        case "lower": return lower
        case "print": return print
        case "punct": return punct
        case "upper": return upper
        case "xdigit": return xdigit
        default: return nil
        }
    }

    /// The class a `\d`, `\s` or `\w` escape (any case) stands for, before negation.
    static func quoted(_ letter: UInt8) -> ByteSet {
        switch letter | 0x20 {
        case UInt8(ascii: "d"): digit
        case UInt8(ascii: "s"): space
        default: word
        }
    }

    /// ASCII lower case, as the "C" locale's `tolower`.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        upper.contains(byte) ? byte | 0x20 : byte
    }

    /// The byte a collating element name stands for (`regex_traits<char>::lookup_collatename`): one of the POSIX
    /// names of the portable character set, such as `hyphen`, `space`, `NUL`, `a` or `A`; nothing else, so `[.-.]`
    /// is an error.
    static func collatingElement(_ name: [UInt8]) -> UInt8? {
        guard let index = collatingNames.firstIndex(of: String(decoding: name, as: UTF8.self)) else { return nil }
        return UInt8(index)
    }

    /// POSIX names of the bytes 0 to 127, in byte order.
    private static let collatingNames: [String] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "alert", "backspace", "tab", "newline", "vertical-tab",
        "form-feed", "carriage-return", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN",
        "EM", "SUB", "ESC", "IS4", "IS3", "IS2", "IS1", "space", "exclamation-mark", "quotation-mark",
        "number-sign", "dollar-sign", "percent-sign", "ampersand", "apostrophe", "left-parenthesis",
        "right-parenthesis", "asterisk", "plus-sign", "comma", "hyphen", "period", "slash", "zero", "one", "two",
        "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less-than-sign",
        "equals-sign", "greater-than-sign", "question-mark", "commercial-at", "A", "B", "C", "D", "E", "F", "G", "H",
        "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
        "left-square-bracket", "backslash", "right-square-bracket", "circumflex", "underscore", "grave-accent", "a",
        "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w",
        "x", "y", "z", "left-curly-bracket", "vertical-line", "right-curly-bracket", "tilde", "DEL",
    ]
}
