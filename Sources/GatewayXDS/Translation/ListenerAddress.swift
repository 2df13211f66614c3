/// The socket address of a listener, as Gloo's `computeListenerAddress` writes it: TCP on the bind address
/// and port, with `ipv4_compat` on every address that is not a plain IPv4 one (so `::` also accepts IPv4
/// connections). Envoy binds only IP literals, so anything else is rejected.
enum ListenerAddress {
    /// The address, or nil when `bindAddress` is not an IP literal or `bindPort` is not a port.
    static func socketAddress(bindAddress: String, bindPort: UInt32) -> Envoy_Config_Core_V3_Address? {
        guard bindPort <= 65535, isIPv4(Substring(bindAddress)) || isIPv6(bindAddress) else { return nil }
        var socket = Envoy_Config_Core_V3_SocketAddress()
        socket.protocol = .tcp
        socket.address = bindAddress
        socket.portValue = bindPort
        // Envoy accepts the flag only on IPv6 (and IPv4-mapped) addresses; Gloo tells them apart by whether a
        // '.' or a ':' comes first.
        socket.ipv4Compat = !isPlainIPv4(bindAddress)
        var address = Envoy_Config_Core_V3_Address()
        address.socketAddress = socket
        return address
    }

    /// Gloo's `isPureIPv4Address`: the first separator is a dot.
    static func isPlainIPv4(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { return true }
            if byte == UInt8(ascii: ":") { return false }
        }
        return false
    }

    /// A dotted-quad IPv4 address (no leading zeros beyond a single `0`, as Go's parser requires).
    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                !(part.count > 1 && part.hasPrefix("0")), let value = Int(part)
            else { return false }
            return value <= 255
        }
    }

    /// An IPv6 address: up to eight hex groups, at most one `::`, optionally ending in an IPv4 address.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var body = Substring(text)
        var groupsNeeded = 8
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard isIPv4(body[body.index(after: lastColon)...]) else { return false }
            groupsNeeded = 6
            // Keep the colon so a trailing "::" stays visible.
            body = body[...lastColon]
            if body.hasSuffix("::") == false { body = body.dropLast() }
        }
        let halves = splitOnDoubleColon(body)
        switch halves.count {
        case 1:
            return groups(halves[0]).map { $0 == groupsNeeded } ?? false
        case 2:
            guard let head = groups(halves[0]), let tail = groups(halves[1]) else { return false }
            return head + tail < groupsNeeded
        default:
            return false
        }
    }

    /// The number of hex groups in a colon-separated run (empty runs have none); nil when a group is invalid.
    private static func groups(_ run: Substring) -> Int? {
        if run.isEmpty { return 0 }
        var count = 0
        for group in run.split(separator: ":", omittingEmptySubsequences: false) {
            guard !group.isEmpty, group.count <= 4, group.utf8.allSatisfy(isHexDigit) else { return nil }
            count += 1
        }
        return count
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// The runs before and after each `::`.
    private static func splitOnDoubleColon(_ text: Substring) -> [Substring] {
        var runs: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                runs.append(text[start..<index])
                start = text.index(after: next)
                index = start
                continue
            }
            index = next
        }
        runs.append(text[start..<text.endIndex])
        return runs
    }
}
