extension JSONParser {
    /// Reads the next token, skipping whitespace (and, at the very start, a UTF-8 byte order mark).
    ///
    /// Like nlohmann's lexer, this reads one byte past the token's end only where the grammar needs it (numbers)
    /// and gives it back; `position` counts every read, including reads past the end of the input, because error
    /// columns do.
    mutating func scan() -> Token {
        if position == 0, !skipByteOrderMark() {
            failure = .invalidByteOrderMark
            token = .parseError
            return token
        }
        var index = position
        var current: Int
        repeat {
            current = byte(index)
            index += 1
        } while current == 0x20 || current == 0x0A || current == 0x0D || current == 0x09
        position = index
        token = scanToken(startingWith: current)
        return token
    }

    // The shortcuts below take the token the grammar expects next when it follows without whitespace, with the same
    // effect as `scan()`; anything else goes through `scan()`.

    /// The token after a value in an array or object: usually `,` or the closing bracket `closing`.
    @inline(__always)
    mutating func scanAfterValue(closing: UInt8) -> Token {
        if position < count {
            let next = bytes[position]
            if next == 0x2C {
                position += 1
                token = .valueSeparator
                return token
            }
            if next == closing {
                position += 1
                token = closing == 0x7D ? .endObject : .endArray
                return token
            }
        }
        return scan()
    }

    /// The token after `,` in an object: usually the next key.
    @inline(__always)
    mutating func scanKey() -> Token {
        if position < count, bytes[position] == 0x22 {
            position += 1
            token = scanString()
            return token
        }
        return scan()
    }

    /// The token after a key: usually `:`.
    @inline(__always)
    mutating func scanNameSeparator() -> Token {
        if position < count, bytes[position] == 0x3A {
            position += 1
            token = .nameSeparator
            return token
        }
        return scan()
    }

    @inline(__always)
    private mutating func scanToken(startingWith current: Int) -> Token {
        switch current {
        case 0x5B: return .beginArray  // [
        case 0x5D: return .endArray  // ]
        case 0x7B: return .beginObject  // {
        case 0x7D: return .endObject  // }
        case 0x3A: return .nameSeparator  // :
        case 0x2C: return .valueSeparator  // ,
        case 0x22: return scanString()  // "
        case 0x2D, 0x30...0x39: return scanNumber(startingWith: current)  // - 0-9
        case 0x74: return scanLiteral(0x65_75_72, length: 3, .trueLiteral)  // t: "rue"
        case 0x66: return scanLiteral(0x65_73_6C_61, length: 4, .falseLiteral)  // f: "alse"
        case 0x6E: return scanLiteral(0x6C_6C_75, length: 3, .nullLiteral)  // n: "ull"
        case 0, -1:
            // nlohmann ends the input at a NUL byte where a token could start.
            return .endOfInput
        default:
            failure = .invalidLiteral
            return .parseError
        }
    }

    /// Skips `EF BB BF` at the start. A first byte of `EF` commits to a byte order mark: nlohmann reads on until
    /// a byte differs and fails there.
    private mutating func skipByteOrderMark() -> Bool {
        guard byte(0) == 0xEF else {
            return true
        }
        position = 2
        guard byte(1) == 0xBB else {
            return false
        }
        position = 3
        return byte(2) == 0xBF
    }

    /// Reads the rest of a literal whose first byte has been read; `rest` holds its remaining bytes, first byte
    /// lowest. Reading stops at the first byte that differs.
    private mutating func scanLiteral(_ rest: UInt32, length: Int, _ literal: Token) -> Token {
        var expected = rest
        for _ in 0..<length {
            let current = byte(position)
            position += 1
            guard current == Int(expected & 0xFF) else {
                failure = .invalidLiteral
                return .parseError
            }
            expected >>= 8
        }
        return literal
    }
}
