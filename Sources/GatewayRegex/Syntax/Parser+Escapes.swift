extension Parser {
    /// Parses a backslash escape that stands for one code point (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`),
    /// rejecting what RE2 rejects: backreferences, `\Z`, letters without a meaning, out-of-range code points.
    mutating func parseEscape() throws(RegexError) -> UInt32 {
        let begin = position
        guard position + 1 < patternCount else {
            throw RegexError(code: .trailingBackslash, offset: begin)
        }
        position += 1
        let escaped = try decodeRune()
        switch escaped {
        case 0x31...0x37:  // \1-\7 are octal only when another octal digit follows; alone they are backreferences.
            guard let next = byte(at: position), isOctal(next) else { throw error(.badEscape, begin..<position) }
            return parseOctal(firstDigit: escaped)
        case 0x30:
            return parseOctal(firstDigit: escaped)
        case UInt32(UInt8(ascii: "x")):
            return try parseHexEscape(begin: begin)
        case UInt32(UInt8(ascii: "n")): return 0x0A
        case UInt32(UInt8(ascii: "r")): return 0x0D
        case UInt32(UInt8(ascii: "t")): return 0x09
        case UInt32(UInt8(ascii: "a")): return 0x07
        case UInt32(UInt8(ascii: "f")): return 0x0C
        case UInt32(UInt8(ascii: "v")): return 0x0B
        default:
            // Any ASCII punctuation may be escaped; letters and digits without a meaning are errors.
            if escaped < 0x80 && !isAlphanumeric(UInt8(escaped)) { return escaped }
            throw error(.badEscape, begin..<position)
        }
    }

    /// Up to three octal digits in all, the first already consumed.
    private mutating func parseOctal(firstDigit: UInt32) -> UInt32 {
        var code = firstDigit - 0x30
        for _ in 0..<2 {
            guard let next = byte(at: position), isOctal(next) else { break }
            code = code * 8 + UInt32(next - UInt8(ascii: "0"))
            position += 1
        }
        return code
    }

    private mutating func parseHexEscape(begin: Int) throws(RegexError) -> UInt32 {
        guard position < patternCount else { throw error(.badEscape, begin..<position) }
        var digit = try decodeRune()
        if digit == UInt32(UInt8(ascii: "{")) {
            digit = try decodeRune()
            var count = 0
            var code: UInt32 = 0
            while let value = hexValue(digit) {
                count += 1
                code = code * 16 + value
                if code > RuneSet.maxRune { throw error(.badEscape, begin..<position) }
                guard position < patternCount else { throw error(.badEscape, begin..<position) }
                digit = try decodeRune()
            }
            guard digit == UInt32(UInt8(ascii: "}")), count > 0 else { throw error(.badEscape, begin..<position) }
            return code
        }
        guard position < patternCount else { throw error(.badEscape, begin..<position) }
        let second = try decodeRune()
        guard let high = hexValue(digit), let low = hexValue(second) else {
            throw error(.badEscape, begin..<position)
        }
        return high * 16 + low
    }

    private func hexValue(_ rune: UInt32) -> UInt32? {
        switch rune {
        case 0x30...0x39: rune - 0x30
        case 0x41...0x46: rune - 0x41 + 10
        case 0x61...0x66: rune - 0x61 + 10
        default: nil
        }
    }

    private func isOctal(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}
