/// Turns sets of code points into the UTF-8 byte-range sequences that match exactly their encodings.
enum UTF8Sequences {
    typealias Sequence = [ClosedRange<UInt8>]

    /// Byte-range sequences, in code point order, matching the UTF-8 encoding of every code point in `set`.
    ///
    /// The non-ASCII range 0x80...0x10FFFF as a whole is compiled as RE2 compiles it: three loose sequences that
    /// also accept a few overlong and out-of-range encodings, so raw byte input behaves exactly as under RE2.
    static func sequences(for set: RuneSet) -> [Sequence] {
        var result: [Sequence] = []
        for range in set.ranges {
            append(range.lowerBound, range.upperBound, to: &result)
        }
        return result
    }

    private static func append(_ low: UInt32, _ high: UInt32, to result: inout [Sequence]) {
        if low == 0x80 && high == 0x10FFFF {
            result.append([0xC2...0xDF, 0x80...0xBF])
            result.append([0xE0...0xEF, 0x80...0xBF, 0x80...0xBF])
            result.append([0xF0...0xF4, 0x80...0xBF, 0x80...0xBF, 0x80...0xBF])
            return
        }
        // Split where the encoded length changes.
        for length in 1..<4 {
            let max = UTF8Decoding.maxRune(length: length)
            if low <= max && max < high {
                append(low, max, to: &result)
                append(max + 1, high, to: &result)
                return
            }
        }
        if high < 0x80 {
            result.append([UInt8(low)...UInt8(high)])
            return
        }
        // Split until all but the trailing bytes agree, so each byte position is one contiguous range.
        for trailing in 1..<4 {
            let mask: UInt32 = (1 << (6 * UInt32(trailing))) - 1
            if low & ~mask != high & ~mask {
                if low & mask != 0 {
                    append(low, low | mask, to: &result)
                    append((low | mask) + 1, high, to: &result)
                    return
                }
                if high & mask != mask {
                    append(low, (high & ~mask) - 1, to: &result)
                    append(high & ~mask, high, to: &result)
                    return
                }
            }
        }
        let lows = UTF8Decoding.encode(low)
        let highs = UTF8Decoding.encode(high)
        result.append(zip(lows, highs).map { $0...$1 })
    }
}
