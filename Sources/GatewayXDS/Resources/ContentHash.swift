/// A 64-bit hash of bytes, for resource versions: equal content gives equal versions on every run and
/// every machine. Not cryptographic; it only has to make accidental collisions negligible.
struct ContentHash {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private var length: UInt64 = 0

    mutating func combine(_ bytes: some Collection<UInt8>) {
        bytes.withContiguousStorageIfAvailable { combine(buffer: UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { combine(buffer: $0) }
    }

    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(buffer: UnsafeRawBufferPointer($0)) }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        combine(word: 0xFF)
    }

    mutating func combine(buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= buffer.count {
            combine(word: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count {
            tail |= UInt64(buffer[offset]) << shift
            shift += 8
            offset += 1
        }
        combine(word: tail)
        length &+= UInt64(buffer.count)
    }

    private mutating func combine(word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    /// The hash as 16 lower-case hex digits.
    func finalize() -> String {
        var value = (state ^ length) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
        value = value &* 0x94D0_49BB_1331_11EB
        value ^= value >> 29
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
