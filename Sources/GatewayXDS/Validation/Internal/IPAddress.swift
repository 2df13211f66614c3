#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// IP address literals as Envoy parses them (`inet_pton`), for the places Envoy needs an IP and rejects a
/// host name with "malformed IP address".
enum IPAddress {
    /// The 4 or 16 bytes of `text`, or nil if it is not an IPv4 or IPv6 literal.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }

    /// Whether `text` is an IPv4 or IPv6 literal.
    static func isValid(_ text: String) -> Bool {
        bytes(text) != nil
    }

    /// `address/length` with the host bits cleared, as Envoy normalizes a CIDR range before comparing it;
    /// nil if `address` is not an IP literal.
    static func normalizedCIDR(_ address: String, length: UInt32) -> String? {
        guard var bytes = bytes(address) else { return nil }
        let length = min(Int(length), bytes.count * 8)
        for index in bytes.indices {
            let kept = max(0, min(8, length - index * 8))
            bytes[index] &= kept == 8 ? 0xFF : ~(UInt8(0xFF) >> kept)
        }
        return bytes.map(String.init).joined(separator: ".") + "/\(length)"
    }
}
