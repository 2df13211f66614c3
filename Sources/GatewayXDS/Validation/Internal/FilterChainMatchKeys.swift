internal import SwiftProtobuf

/// The leaves a filter chain occupies in Envoy's filter chain match trie.
///
/// Envoy (`FilterChainManagerImpl::addFilterChains`) files each chain under every combination of its
/// destination port, destination IP range, server name, transport protocol, application protocol, direct
/// source IP range, source type, source IP range and source port, an empty list counting as "any". Two chains
/// overlap when they claim the same combination. IP ranges are compared with their host bits cleared and
/// server names case-insensitively, as Envoy does.
enum FilterChainMatchKeys {
    /// Combinations beyond this are not expanded (the overlap check is skipped for that chain).
    static let limit = 4096

    /// One key per combination `match` claims, or nil when there are more than ``limit``.
    static func keys(of match: Envoy_Config_Listener_V3_FilterChainMatch) -> [String]? {
        let port = match.hasDestinationPort ? String(match.destinationPort.value) : ""
        let dimensions: [[String]] = [
            [port],
            ranges(match.prefixRanges),
            orAny(match.serverNames.map { $0.lowercased() }),
            [match.transportProtocol],
            orAny(match.applicationProtocols),
            ranges(match.directSourcePrefixRanges),
            [String(match.sourceType.rawValue)],
            ranges(match.sourcePrefixRanges),
            orAny(match.sourcePorts.map(String.init)),
        ]
        var count = 1
        for dimension in dimensions {
            count *= dimension.count
            if count > limit { return nil }
        }
        var keys = [""]
        for dimension in dimensions {
            keys = keys.flatMap { prefix in dimension.map { prefix + "\u{1}" + $0 } }
        }
        return keys
    }

    private static func orAny(_ values: [String]) -> [String] {
        values.isEmpty ? [""] : Array(Set(values))
    }

    private static func ranges(_ ranges: [Envoy_Config_Core_V3_CidrRange]) -> [String] {
        orAny(
            ranges.map { range in
                let length = range.hasPrefixLen ? range.prefixLen.value : 0
                return IPAddress.normalizedCIDR(range.addressPrefix, length: length)
                    ?? "\(range.addressPrefix)/\(length)"
            }
        )
    }
}
