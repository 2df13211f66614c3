extension JSONParser {
    /// Reads a string whose opening quote has been read, checking that its bytes are well-formed UTF-8 without
    /// control characters: sets ``stringContent``, or decodes its escapes into ``scratch``. On failure `position` is
    /// just past the byte that failed, as in nlohmann.
    mutating func scanString() -> Token {
        tokenStart = position - 1
        let contentStart = position
        var index = position
        // Bytes from `copiedUpTo` on are not yet in `scratch`; `scratch` is used only once an escape appears.
        var copiedUpTo = index
        var escaped = false
        while true {
            index = skipPlainASCII(from: index)
            let current = byte(index)
            index += 1
            switch current {
            case 0x22:  // "
                position = index
                stringIsEscaped = escaped
                if escaped {
                    appendToScratch(copiedUpTo..<index - 1)
                } else {
                    stringContent = contentStart..<index - 1
                }
                return .string
            case 0x5C:  // backslash
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                }
                appendToScratch(copiedUpTo..<index - 1)
                guard let next = decodeEscape(from: index) else {
                    return .parseError
                }
                index = next
                copiedUpTo = index
            case 0x20...0x7F:
                continue
            case 0x80...0xFF:
                guard let next = skipMultibyteScalar(leading: current, from: index) else {
                    return .parseError
                }
                index = next
            case -1:
                position = index
                failure = .missingClosingQuote
                return .parseError
            default:
                position = index
                failure = .controlCharacter(UInt8(truncatingIfNeeded: current))
                return .parseError
            }
        }
    }

    /// The index of the first byte from `start` on that is a quote, a backslash, a control character or not
    /// ASCII, looking at eight bytes at a time.
    @inline(__always)
    private func skipPlainASCII(from start: Int) -> Int {
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte below 0x20, equal to 0x22 or 0x5C, or with its high bit set sets that byte's high bit here.
            let control = (word &- ones &* 0x20) & ~word
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | word
            if special & highBits != 0 {
                break
            }
            index += 8
        }
        while index < count {
            let current = bytes[index]
            guard current >= 0x20, current != 0x22, current != 0x5C, current < 0x80 else {
                break
            }
            index += 1
        }
        return index
    }

    private mutating func appendToScratch(_ range: Range<Int>) {
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// Decodes the escape after a backslash, `index` being the byte after the backslash, into `scratch`; returns
    /// the index after the escape, or `nil` (with `failure` and `position` set) if it is invalid.
    private mutating func decodeEscape(from index: Int) -> Int? {
        let current = byte(index)
        let simple: UInt8
        switch current {
        case 0x22, 0x5C, 0x2F: simple = UInt8(current)  // " \ /
        case 0x62: simple = 0x08  // b
        case 0x66: simple = 0x0C  // f
        case 0x6E: simple = 0x0A  // n
        case 0x72: simple = 0x0D  // r
        case 0x74: simple = 0x09  // t
        case 0x75:  // u
            return decodeUnicodeEscape(from: index + 1)
        default:
            position = index + 1
            failure = .forbiddenEscape
            return nil
        }
        scratch.append(simple)
        return index + 1
    }

    /// Decodes `XXXX` (and a following `\uXXXX` for a high surrogate) at `index` into `scratch` as UTF-8.
    private mutating func decodeUnicodeEscape(from index: Int) -> Int? {
        guard let first = hexQuad(at: index) else {
            return nil
        }
        var next = index + 4
        var scalar = first
        switch first {
        case 0xD800...0xDBFF:
            // nlohmann reads the backslash and the `u`, stopping at the first that is missing.
            guard byte(next) == 0x5C else {
                position = next + 1
                failure = .unpairedHighSurrogate
                return nil
            }
            guard byte(next + 1) == 0x75 else {
                position = next + 2
                failure = .unpairedHighSurrogate
                return nil
            }
            guard let second = hexQuad(at: next + 2) else {
                return nil
            }
            next += 6
            guard (0xDC00...0xDFFF).contains(second) else {
                position = next
                failure = .unpairedHighSurrogate
                return nil
            }
            scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            position = next
            failure = .unpairedLowSurrogate
            return nil
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    /// The value of four hex digits at `index`, or `nil` (with `failure` and `position` set just past the first
    /// byte that is not one).
    private mutating func hexQuad(at index: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let current = byte(index + offset)
            let digit: Int
            switch current {
            case 0x30...0x39: digit = current - 0x30
            case 0x41...0x46: digit = current - 0x37
            case 0x61...0x66: digit = current - 0x57
            default:
                position = index + offset + 1
                failure = .invalidUnicodeEscape
                return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the continuation bytes of the scalar whose leading byte `leading` has been read, `index` being the
    /// next byte. Returns the index after the scalar, or `nil` (with `failure` and `position` set just past the
    /// offending byte) if it is not well-formed UTF-8.
    private mutating func skipMultibyteScalar(leading: Int, from index: Int) -> Int? {
        guard let (firstRange, continuations) = UTF8Shape.of(leading: leading) else {
            position = index
            failure = .illFormedUTF8
            return nil
        }
        var range = firstRange
        for offset in 0..<continuations {
            guard range.contains(byte(index + offset)) else {
                position = index + offset + 1
                failure = .illFormedUTF8
                return nil
            }
            range = 0x80...0xBF
        }
        return index + continuations
    }
}
