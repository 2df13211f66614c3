internal import GatewayModel
internal import SwiftProtobuf

/// The filter chains of one Envoy listener, checked as they are added: Envoy rejects a listener whose filter
/// chains match the same connections ("multiple filter chains with the same matching rules"), which happens
/// when two TLS configurations claim one SNI domain, or two claim none, on the same source ranges.
struct ListenerFilterChains {
    private(set) var chains: [Envoy_Config_Listener_V3_FilterChain] = []
    /// The match keys claimed so far: source ranges plus one server name (empty for "any").
    private var claimed: [String: Int] = [:]

    /// Adds `chain` unless it overlaps a chain added before; returns an error message when it does.
    mutating func add(_ chain: Envoy_Config_Listener_V3_FilterChain) -> String? {
        var chain = chain
        // A name listed twice in one chain collides with itself in Envoy.
        var unique = Set<String>()
        let serverNames = chain.filterChainMatch.serverNames.filter {
            unique.insert(RouteConfigurationTranslation.asciiLowercased($0)).inserted
        }
        if serverNames.count != chain.filterChainMatch.serverNames.count {
            chain.filterChainMatch.serverNames = serverNames
        }
        let match = chain.filterChainMatch
        let ranges = match.sourcePrefixRanges.map {
            "\($0.addressPrefix)/\($0.hasPrefixLen ? String($0.prefixLen.value) : "")"
        }
        .sorted().joined(separator: ",")
        let names = match.serverNames.isEmpty ? [""] : match.serverNames
        var keys: [String] = []
        for name in names {
            let key = "\(ranges)|\(RouteConfigurationTranslation.asciiLowercased(name))"
            if claimed[key] != nil {
                let shown = name.isEmpty ? "(no SNI domains)" : name
                return
                    "Tried to apply multiple filter chains with the same FilterChainMatch {server names: \(shown)}. This is usually caused by overlapping sniDomains or multiple empty sniDomains in virtual services"
            }
            keys.append(key)
        }
        for key in keys { claimed[key] = chains.count }
        chains.append(chain)
        return nil
    }

    /// Whether some chain terminates TLS or matches on SNI, which needs the TLS inspector listener filter.
    var needsTLSInspector: Bool {
        chains.contains { $0.hasTransportSocket || !$0.filterChainMatch.serverNames.isEmpty }
    }
}
