/// The byte classes of libc++'s `std::regex_traits<char>` in the "C" locale, which `std::regex` uses unless a program
/// changes the global locale: ASCII only, so no byte above 0x7F is a letter, digit or space.
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

    /// The class `[[:name:]]` names (`regex_traits<char>::lookup_classname`): the name is compared in lower case and
    /// only up to its first NUL byte, as libc++ looks it up as a C string.
    static func named(_ name: [UInt8]) -> ByteSet? {
        let key = String(decoding: name.prefix(while: { $0 != 0 }).map(lowercased), as: UTF8.self)
        switch key {
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

    /// ASCII lower case, as the "C" locale's `tolower`.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        upper.contains(byte) ? byte | 0x20 : byte
    }

    /// The byte a collating element name stands for (`regex_traits<char>::lookup_collatename` in the "C" locale): a
    /// name from libc++'s table (looked up up to the first NUL byte), or else a name of exactly one byte, which
    /// stands for itself; nil for anything else (an empty name, two bytes such as `é`, an unknown word).
    static func collatingElement(_ name: [UInt8]) -> UInt8? {
        let key = String(decoding: name.prefix(while: { $0 != 0 }), as: UTF8.self)
        if let byte = collatingNames[key] { return byte }
        return name.count == 1 ? name[0] : nil
    }

    /// libc++'s collating element names and the bytes they stand for.
    private static let collatingNames: [String: UInt8] = {
        var names: [String: UInt8] = ["NUL": 0x00]
        for letter in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            names[String(UnicodeScalar(letter))] = letter
            names[String(UnicodeScalar(letter | 0x20))] = letter | 0x20
        }
        let words: [(String, UInt8)] = [
            ("alert", 0x07), ("backspace", 0x08), ("tab", 0x09), ("newline", 0x0A), ("vertical-tab", 0x0B),
            ("form-feed", 0x0C), ("carriage-return", 0x0D), ("space", 0x20), ("exclamation-mark", 0x21),
            ("quotation-mark", 0x22), ("number-sign", 0x23), ("dollar-sign", 0x24), ("percent-sign", 0x25),
            ("ampersand", 0x26), ("apostrophe", 0x27), ("left-parenthesis", 0x28), ("right-parenthesis", 0x29),
            ("asterisk", 0x2A), ("plus-sign", 0x2B), ("comma", 0x2C), ("hyphen", 0x2D), ("hyphen-minus", 0x2D),
            ("period", 0x2E), ("full-stop", 0x2E), ("slash", 0x2F), ("solidus", 0x2F), ("zero", 0x30),
            ("one", 0x31), ("two", 0x32), ("three", 0x33), ("four", 0x34), ("five", 0x35), ("six", 0x36),
            ("seven", 0x37), ("eight", 0x38), ("nine", 0x39), ("colon", 0x3A), ("semicolon", 0x3B),
            ("less-than-sign", 0x3C), ("equals-sign", 0x3D), ("greater-than-sign", 0x3E), ("question-mark", 0x3F),
            ("commercial-at", 0x40), ("left-square-bracket", 0x5B), ("backslash", 0x5C), ("reverse-solidus", 0x5C),
            ("right-square-bracket", 0x5D), ("circumflex", 0x5E), ("circumflex-accent", 0x5E),
            ("underscore", 0x5F), ("low-line", 0x5F), ("grave-accent", 0x60), ("left-brace", 0x7B),
            ("left-curly-bracket", 0x7B), ("vertical-line", 0x7C), ("right-brace", 0x7D),
            ("right-curly-bracket", 0x7D), ("tilde", 0x7E),
        ]
        for (name, byte) in words {
            names[name] = byte
        }
        return names
    }()
}
