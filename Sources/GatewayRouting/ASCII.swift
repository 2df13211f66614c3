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
}
