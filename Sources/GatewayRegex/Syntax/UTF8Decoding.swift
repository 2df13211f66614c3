/// Strict UTF-8 decoding and encoding of single code points, on bytes.
enum UTF8Decoding {
    /// Decodes the code point starting at `index`; nil for a malformed, truncated or overlong sequence.
    /// Encoded surrogates are accepted, as RE2 accepts them in patterns.
    static func decode(_ bytes: [UInt8], at index: Int) -> (rune: UInt32, length: Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var rune: UInt32
        switch lead {
        case 0xC2...0xDF:
            length = 2
            rune = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            rune = UInt32(lead & 0x0F)
        case 0xF0...0xF4:
            length = 4
            rune = UInt32(lead & 0x07)
        default:
            return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return nil }
            rune = rune << 6 | UInt32(continuation & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard rune >= minimum, rune <= 0x10FFFF else { return nil }
        return (rune, length)
    }

    /// The UTF-8 encoding of a code point (surrogates encode as three bytes, as RE2 compiles them).
    static func encode(_ rune: UInt32) -> [UInt8] {
        switch rune {
        case 0..<0x80:
            return [UInt8(rune)]
        case 0x80..<0x800:
            return [UInt8(0xC0 | rune >> 6), UInt8(0x80 | rune & 0x3F)]
        case 0x800..<0x10000:
            return [UInt8(0xE0 | rune >> 12), UInt8(0x80 | (rune >> 6) & 0x3F), UInt8(0x80 | rune & 0x3F)]
        default:
            return [
                UInt8(0xF0 | rune >> 18), UInt8(0x80 | (rune >> 12) & 0x3F),
                UInt8(0x80 | (rune >> 6) & 0x3F), UInt8(0x80 | rune & 0x3F),
            ]
        }
    }

    /// The largest code point encoded with `length` bytes.
    static func maxRune(length: Int) -> UInt32 {
        switch length {
        case 1: 0x7F
        case 2: 0x7FF
        case 3: 0xFFFF
        default: 0x10FFFF
        }
    }
}
