/// Base64 as envoy-gloo's callbacks use it: Envoy's encoders (standard alphabet with padding; URL-safe without)
/// and Abseil's decoders, which Envoy calls (white space skipped, padding optional but exact when present, `.`
/// accepted as padding, invalid input decoding to nothing).
enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ input: some Collection<UInt8>, urlSafe: Bool = false) -> [UInt8] {
        let table = urlSafe ? Self.urlSafe : standard
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var iterator = input.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let bits = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(table[Int(bits >> 18 & 63)])
            output.append(table[Int(bits >> 12 & 63)])
            if second != nil {
                output.append(table[Int(bits >> 6 & 63)])
            } else if !urlSafe {
                output.append(UInt8(ascii: "="))
            }
            if third != nil {
                output.append(table[Int(bits & 63)])
            } else if !urlSafe {
                output.append(UInt8(ascii: "="))
            }
        }
        return output
    }

    private static let standardValues = values(of: standard)
    private static let urlSafeValues = values(of: urlSafe)

    private static func values(of table: [UInt8]) -> [Int8] {
        var values = [Int8](repeating: -1, count: 256)
        for (index, byte) in table.enumerated() { values[Int(byte)] = Int8(index) }
        return values
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The decoded bytes, or empty for invalid input.
    static func decode(_ input: some Collection<UInt8>, urlSafe: Bool = false) -> [UInt8] {
        let values = urlSafe ? urlSafeValues : standardValues
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3 + 2)
        var bits: UInt32 = 0
        var count = 0
        var index = input.startIndex
        // Data characters, skipping white space, up to the first padding character.
        while index != input.endIndex {
            let byte = input[index]
            let value = values[Int(byte)]
            if value < 0 {
                if isSpace(byte) {
                    index = input.index(after: index)
                    continue
                }
                if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ".") { break }
                return []
            }
            bits = bits << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: bits >> 16))
                output.append(UInt8(truncatingIfNeeded: bits >> 8))
                output.append(UInt8(truncatingIfNeeded: bits))
                bits = 0
                count = 0
            }
            index = input.index(after: index)
        }
        let expectedPadding: Int
        switch count {
        case 0:
            expectedPadding = 0
        case 2:
            output.append(UInt8(truncatingIfNeeded: bits >> 4))
            expectedPadding = 2
        case 3:
            output.append(UInt8(truncatingIfNeeded: bits >> 10))
            output.append(UInt8(truncatingIfNeeded: bits >> 2))
            expectedPadding = 1
        default:
            return []
        }
        // The rest: white space and either no padding or exactly the expected amount.
        var padding = 0
        while index != input.endIndex {
            let byte = input[index]
            if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ".") {
                padding += 1
            } else if !isSpace(byte) {
                return []
            }
            index = input.index(after: index)
        }
        return padding == 0 || padding == expectedPadding ? output : []
    }
}
