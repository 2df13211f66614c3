/// Tells IP address literals from host names, as Gloo does with Go's `net.ParseIP`: a static upstream whose
/// hosts are all literals needs no DNS, and a host name is never sent as TLS server name by IP rules.
enum EndpointAddress {
    /// Whether `text` is an IPv4 dotted quad or an IPv6 address (without zone or brackets).
    static func isIPLiteral(_ text: String) -> Bool {
        isIPv4(Substring(text)) || isIPv6(text)
    }

    /// Four decimal parts of at most three digits, each 0–255, without leading zeros (Go rejects them, as
    /// they read as octal elsewhere).
    static func isIPv4(_ text: Substring) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        // One pass over the bytes: every endpoint of every Upstream is checked on each translation.
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return false }
                parts += 1
                digits = 0
                value = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 else { return false }
            if digits == 0 { leadingZero = byte == UInt8(ascii: "0") } else if leadingZero { return false }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            guard value <= 255 else { return false }
            digits += 1
        }
        return parts == 3 && digits > 0
    }

    /// Eight hexadecimal groups of at most four digits, one `::` standing for one or more zero groups, and
    /// optionally an IPv4 address in place of the last two groups.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var body = Substring(text)
        var groups = 0
        // A trailing dotted quad counts as two groups.
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard isIPv4(body[body.index(after: lastColon)...]) else { return false }
            groups = 2
            body = body[...lastColon]
            // Keep a `::` that ends right before the quad; drop the single separating colon otherwise.
            if !body.hasSuffix("::") { body = body.dropLast() }
        }
        let halves = splitAtDoubleColon(body)
        guard halves.count <= 2 else { return false }
        for half in halves where !half.isEmpty {
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.utf8.count), group.utf8.allSatisfy(\.isHexDigit) else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }

    /// `text` cut at every `::`.
    private static func splitAtDoubleColon(_ text: Substring) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                pieces.append(text[start..<index])
                index = text.index(after: next)
                start = index
            } else {
                index = next
            }
        }
        pieces.append(text[start...])
        return pieces
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
