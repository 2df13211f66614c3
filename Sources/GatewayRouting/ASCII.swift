/// ASCII-only case folding, as Envoy compares (`absl::AsciiStrToLower`, `EqualsIgnoreCase`): other bytes,
/// including every byte of a multi-byte UTF-8 sequence, compare as they are.
enum ASCII {
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        lowercased(byte) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    static func lowercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map(lowercased), as: UTF8.self)
    }

    static func equalsIgnoringCase(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { lowercased($0) == lowercased($1) }
    }

    static func hasPrefix(
        _ text: some Collection<UInt8>,
        _ prefix: some Collection<UInt8>,
        ignoringCase: Bool
    ) -> Bool {
        guard text.count >= prefix.count else { return false }
        return zip(text, prefix).allSatisfy { ignoringCase ? lowercased($0) == lowercased($1) : $0 == $1 }
    }

    /// The offset of the first `?` or `#` in `bytes`, or its count: where the path Envoy matches ends. Reads eight
    /// bytes at a time.
    static func firstQueryOrFragment(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var offset = 0
        // A byte of `word ^ pattern` is zero where `word` has the pattern's byte; `(x - 0x01…) & ~x & 0x80…` flags
        // zero bytes (and only spuriously flags bytes above a real zero, which the byte loop below re-checks).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            let question = word ^ (ones &* UInt64(UInt8(ascii: "?")))
            let hash = word ^ (ones &* UInt64(UInt8(ascii: "#")))
            if ((question &- ones) & ~question | (hash &- ones) & ~hash) & highs != 0 { break }
            offset += 8
        }
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "?"), bytes[offset] != UInt8(ascii: "#") {
            offset += 1
        }
        return offset
    }
}
