extension JSONParser {
    /// Reads a number whose first byte (`-` or a digit) has been read, following RFC 8259's grammar: no leading
    /// zeros (`01` is the number `0` followed by another token), digits required after `-`, `.`, `e` and the
    /// exponent's sign. The value is computed later by ``numberValue()``, only where a value is expected.
    mutating func scanNumber(startingWith first: Int) -> Token {
        tokenStart = position - 1
        numberIsInteger = true
        var index = position
        var current = first
        if current == 0x2D {  // -
            current = byte(index)
            index += 1
            guard isDigit(current) else {
                return numberFailure(.digitAfterMinus, at: index)
            }
        }
        if current == 0x30 {  // a leading 0 stands alone
            current = byte(index)
            index += 1
        } else {
            repeat {
                current = byte(index)
                index += 1
            } while isDigit(current)
        }
        if current == 0x2E {  // .
            numberIsInteger = false
            current = byte(index)
            index += 1
            guard isDigit(current) else {
                return numberFailure(.digitAfterPoint, at: index)
            }
            repeat {
                current = byte(index)
                index += 1
            } while isDigit(current)
        }
        if current == 0x65 || current == 0x45 {  // e E
            numberIsInteger = false
            current = byte(index)
            index += 1
            if current == 0x2B || current == 0x2D {  // + -
                current = byte(index)
                index += 1
                guard isDigit(current) else {
                    return numberFailure(.digitAfterExponentSign, at: index)
                }
            } else {
                guard isDigit(current) else {
                    return numberFailure(.digitAfterExponent, at: index)
                }
            }
            repeat {
                current = byte(index)
                index += 1
            } while isDigit(current)
        }
        // The byte after the number has been read; like nlohmann, give it back.
        position = index - 1
        numberEnd = position
        return .number
    }

    @inline(__always)
    private func isDigit(_ byte: Int) -> Bool {
        UInt(bitPattern: byte &- 0x30) < 10
    }

    private mutating func numberFailure(_ reason: LexerFailure, at index: Int) -> Token {
        position = index
        failure = reason
        return .parseError
    }

    /// The value of the last number token: an unsigned integer, a negative (or `-0`) signed integer, or a double
    /// when it has a fraction or exponent or does not fit 64 bits.
    mutating func numberValue() throws(JSONError) -> JSONValue {
        let negative = bytes[tokenStart] == 0x2D
        let digitsStart = negative ? tokenStart + 1 : tokenStart
        if numberIsInteger, let magnitude = integerMagnitude(digitsStart..<numberEnd) {
            if !negative {
                return .uint(magnitude)
            }
            if magnitude <= 1 << 63 {
                return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
        }
        let magnitude = doubleMagnitude(from: digitsStart) ?? slowDoubleValue()
        guard magnitude.isFinite else {
            var message = Array("[json.exception.out_of_range.406] number overflow parsing '".utf8)
            appendTokenText(to: &message)
            message.append(0x27)
            throw JSONError(.numberOverflow, utf8: message)
        }
        return .double(negative ? -magnitude : magnitude)
    }

    /// The decimal digits in `range` as an integer, or `nil` if it exceeds `UInt64.max`.
    private func integerMagnitude(_ range: Range<Int>) -> UInt64? {
        var value: UInt64 = 0
        if range.count <= 19 {
            // Nineteen digits always fit.
            for index in range {
                value = value &* 10 &+ UInt64(bytes[index] &- 0x30)
            }
            return value
        }
        for index in range {
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times10.addingReportingOverflow(UInt64(bytes[index] &- 0x30))
            if overflowed || carried {
                return nil
            }
            value = sum
        }
        return value
    }

    /// The absolute value of a number whose digits start at `start`, when it can be computed exactly with one
    /// rounding (at most 19 significant digits, a significand up to 2^53 and a power of ten up to 10^22, all exact
    /// in a double); otherwise `nil`.
    private func doubleMagnitude(from start: Int) -> Double? {
        var index = start
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var dropped = false
        while index < numberEnd, bytes[index] &- 0x30 < 10 {
            let digit = UInt64(bytes[index] &- 0x30)
            if significantDigits < 19 {
                significand = significand &* 10 &+ digit
                significantDigits += significand == 0 ? 0 : 1
            } else {
                exponent += 1
                dropped = dropped || digit != 0
            }
            index += 1
        }
        if index < numberEnd, bytes[index] == 0x2E {
            index += 1
            while index < numberEnd, bytes[index] &- 0x30 < 10 {
                let digit = UInt64(bytes[index] &- 0x30)
                if significantDigits < 19 {
                    significand = significand &* 10 &+ digit
                    significantDigits += significand == 0 ? 0 : 1
                    exponent -= 1
                } else {
                    dropped = dropped || digit != 0
                }
                index += 1
            }
        }
        if index < numberEnd {
            // `e` or `E`, an optional sign, digits; a huge exponent only needs to stay huge.
            index += 1
            let negativeExponent = bytes[index] == 0x2D
            if bytes[index] == 0x2D || bytes[index] == 0x2B {
                index += 1
            }
            var written = 0
            while index < numberEnd {
                written = min(written &* 10 &+ Int(bytes[index] &- 0x30), 1_000_000)
                index += 1
            }
            exponent += negativeExponent ? -written : written
        }
        if significand == 0 {
            return 0
        }
        guard !dropped, significand <= 1 << 53, (-22...22).contains(exponent) else {
            return nil
        }
        let value = Double(significand)
        return exponent < 0 ? value / exactPowersOfTen[-exponent] : value * exactPowersOfTen[exponent]
    }

    /// The absolute value of the last number token, correctly rounded by the standard library's parser.
    private func slowDoubleValue() -> Double {
        let start = bytes[tokenStart] == 0x2D ? tokenStart + 1 : tokenStart
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<numberEnd]), as: UTF8.self)
        return Double(text) ?? .infinity
    }
}

/// 10^0 through 10^22, every one exact in a double.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]
