/// `x-request-id` values: random (version 4) UUIDs in lower-case hex, as Envoy generates them.
enum RequestID {
    static func make(using random: inout some RandomNumberGenerator) -> String {
        var high = random.next() as UInt64
        var low = random.next() as UInt64
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC << 60)) | (0x8 << 60)  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { buffer in
            // 32 hex digits, most significant first, with dashes after the 8th, 12th, 16th and 20th.
            var position = 0
            for digit in 0..<32 {
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = digit < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * (digit & 15))) & 0xF
                buffer[position] = nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") - 10)
                position += 1
            }
            return position
        }
    }
}
