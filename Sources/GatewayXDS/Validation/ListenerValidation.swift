internal import SwiftProtobuf

/// Rules for listeners and what they hold: filter chains and their matches, network and listener filters,
/// and the HTTP connection manager with its HTTP filters and RDS reference.
///
/// Besides Envoy's field rules this covers what Envoy's listener manager rejects when it adds a listener
/// (duplicate names and addresses, no filter chains, filter chains with the same or overlapping matches, a
/// terminal filter that is not last) and two configurations Envoy accepts but cannot serve: an HTTP connection
/// manager without HTTP filters, which answers no request, and a filter chain matching on SNI or
/// `transport_protocol: tls` without the TLS inspector, which never matches.
enum ListenerValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Config_Listener_V3_Listener.self, checkListener),
        MessageRule(Envoy_Config_Listener_V3_FilterChain.self, checkFilterChain),
        MessageRule(Envoy_Config_Listener_V3_FilterChainMatch.self, checkFilterChainMatch),
        MessageRule(Envoy_Config_Listener_V3_Filter.self, checkFilter),
        MessageRule(Envoy_Config_Listener_V3_ListenerFilter.self, checkListenerFilter),
        MessageRule(Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager.self, checkHCM),
        MessageRule(Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter.self, checkHTTPFilter),
        MessageRule(Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_Rds.self, checkRDS),
    ]

    // MARK: - The listener set

    /// Rules across listeners: names are unique (LDS: "duplicate listener X found"), and no two listeners
    /// bind the same address.
    static func checkListenerSet(
        _ listeners: [Envoy_Config_Listener_V3_Listener],
        in context: inout ValidationContext
    ) {
        var names = Set<String>(minimumCapacity: listeners.count)
        var addresses = [String: String](minimumCapacity: listeners.count)
        for listener in listeners {
            if !names.insert(listener.name).inserted {
                context.report(.listener, listener.name, "name", "duplicate listener \(listener.name) found")
            }
            guard let address = bindAddress(of: listener) else { continue }
            if let existing = addresses[address] {
                context.report(
                    .listener,
                    listener.name,
                    "address",
                    "'\(listener.name)' has duplicate address '\(address)' as existing listener '\(existing)'"
                )
            } else {
                addresses[address] = listener.name
            }
        }
    }

    /// The address `listener` binds, as Envoy prints it, or nil if it binds none (no address, port 0 or
    /// `bind_to_port: false`).
    private static func bindAddress(of listener: Envoy_Config_Listener_V3_Listener) -> String? {
        guard listener.hasAddress, !listener.hasBindToPort || listener.bindToPort.value else { return nil }
        switch listener.address.address {
        case .socketAddress(let socket):
            guard case .portValue(let port)? = socket.portSpecifier, port != 0 else { return nil }
            let host = socket.address.contains(":") ? "[\(socket.address)]" : socket.address
            let suffix = socket.protocol == .udp ? " (UDP)" : ""
            return "\(host):\(port)\(suffix)"
        case .pipe(let pipe):
            return pipe.path
        case nil:
            return nil
        }
    }

    // MARK: - Listener

    private static func checkListener(
        _ listener: Envoy_Config_Listener_V3_Listener,
        _ context: inout ValidationContext
    ) {
        // Envoy accepts an unnamed listener; GatewayXDS needs the name to address it over LDS.
        if listener.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if !listener.hasAddress {
            context.report("address", "address is necessary")
        } else if case .socketAddress(let socket)? = listener.address.address, !socket.address.isEmpty,
            socket.resolverName.isEmpty, !IPAddress.isValid(socket.address)
        {
            context.report("address.socket_address.address", "malformed IP address: \(socket.address)")
        }
        if listener.filterChains.isEmpty && !listener.hasDefaultFilterChain {
            context.report("filter_chains", "no filter chains specified")
        }
        checkMatchUniqueness(listener.filterChains, &context)
        checkTLSInspector(listener, &context)
    }

    /// Envoy first rejects two filter chains whose matches are equal messages, then builds its match trie and
    /// rejects any combination of match values two chains share ("overlapping matching rules").
    private static func checkMatchUniqueness(
        _ chains: [Envoy_Config_Listener_V3_FilterChain],
        _ context: inout ValidationContext
    ) {
        var firstWithMatch: [Envoy_Config_Listener_V3_FilterChainMatch: Int] = [:]
        var claimed = Set<String>()
        for (index, chain) in chains.enumerated() {
            let field = "filter_chains[\(index)].filter_chain_match"
            if let first = firstWithMatch[chain.filterChainMatch] {
                context.report(
                    field,
                    "filter chain '\(chain.name)' has the same matching rules defined as '\(chains[first].name)'"
                )
                continue
            }
            firstWithMatch[chain.filterChainMatch] = index
            guard let keys = FilterChainMatchKeys.keys(of: chain.filterChainMatch) else { continue }
            var overlaps = false
            for key in keys where !claimed.insert(key).inserted {
                overlaps = true
            }
            if overlaps {
                context.report(field, "multiple filter chains with overlapping matching rules are defined")
            }
        }
    }

    /// Matching on SNI or on `transport_protocol: tls` needs the TLS inspector to read the ClientHello; without
    /// it Envoy 1.40 accepts the listener and the chain never matches.
    private static func checkTLSInspector(
        _ listener: Envoy_Config_Listener_V3_Listener,
        _ context: inout ValidationContext
    ) {
        let inspectorURL =
            KnownExtensions.prefix + Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector.protoMessageName
        let hasInspector = listener.listenerFilters.contains { $0.packedConfig?.typeURL == inspectorURL }
        guard !hasInspector else { return }
        let missing =
            "needs the envoy.filters.listener.tls_inspector listener filter, which this listener lacks: "
            + "the filter chain can never match"
        for (index, chain) in listener.filterChains.enumerated() {
            let match = chain.filterChainMatch
            let field = "filter_chains[\(index)].filter_chain_match"
            if !match.serverNames.isEmpty {
                context.report(field + ".server_names", "matching server_names " + missing)
            }
            if match.transportProtocol == "tls" {
                context.report(field + ".transport_protocol", "matching transport_protocol 'tls' " + missing)
            }
        }
    }

    // MARK: - Filter chains and filters

    private static func checkFilterChain(
        _ chain: Envoy_Config_Listener_V3_FilterChain,
        _ context: inout ValidationContext
    ) {
        if chain.hasTransportSocket {
            context.checkExtension(
                chain.transportSocket.packedConfig,
                named: chain.transportSocket.name,
                field: "transport_socket.typed_config",
                slot: .downstreamTransportSocket
            )
        }
        let entries = chain.filters.map { (name: $0.name, typeURL: $0.packedConfig?.typeURL) }
        checkTerminalFilters(entries, chainType: "network", field: "filters", slot: .networkFilter, &context)
    }

    private static func checkFilterChainMatch(
        _ match: Envoy_Config_Listener_V3_FilterChainMatch,
        _ context: inout ValidationContext
    ) {
        if match.hasDestinationPort, !(1...65535).contains(match.destinationPort.value) {
            context.report("destination_port", PGV.inside(1, 65535, closed: true))
        }
        for (index, port) in match.sourcePorts.enumerated() where !(1...65535).contains(port) {
            context.report("source_ports[\(index)]", PGV.inside(1, 65535, closed: true))
        }
        for (index, name) in match.serverNames.enumerated() where name.contains("*") {
            // Only a leading "*." wildcard is supported.
            if !name.hasPrefix("*.") || name.dropFirst().contains("*") {
                context.report("server_names[\(index)]", "partial wildcards are not supported in \"server_names\"")
            }
        }
    }

    private static func checkFilter(_ filter: Envoy_Config_Listener_V3_Filter, _ context: inout ValidationContext) {
        if filter.name.isEmpty { context.report("name", PGV.nonEmpty) }
        context.checkExtension(filter.packedConfig, named: filter.name, field: "typed_config", slot: .networkFilter)
    }

    private static func checkListenerFilter(
        _ filter: Envoy_Config_Listener_V3_ListenerFilter,
        _ context: inout ValidationContext
    ) {
        if filter.name.isEmpty { context.report("name", PGV.nonEmpty) }
        context.checkExtension(filter.packedConfig, named: filter.name, field: "typed_config", slot: .listenerFilter)
    }

    /// Envoy's `validateTerminalFilters`: a terminal filter (router, HTTP connection manager) must be last, and
    /// the last filter must be terminal. Like Envoy, only the first offence in a chain is reported. Filters of
    /// unknown type are reported by their own rule and skipped here.
    static func checkTerminalFilters(
        _ filters: [(name: String, typeURL: String?)],
        chainType: String,
        field: String,
        slot: ExtensionSlot,
        _ context: inout ValidationContext
    ) {
        for (index, filter) in filters.enumerated() {
            guard let typeURL = filter.typeURL, let known = KnownExtensions.byTypeURL[typeURL],
                known.slots.contains(slot)
            else { continue }
            let isLast = index == filters.count - 1
            if known.isTerminal && !isLast {
                context.report(
                    "\(field)[\(index)]",
                    "Error: terminal filter named \(filter.name) of type \(known.factoryName) must be the last "
                        + "filter in a \(chainType) filter chain."
                )
                return
            }
            if !known.isTerminal && isLast {
                context.report(
                    "\(field)[\(index)]",
                    "Error: non-terminal filter named \(filter.name) of type \(known.factoryName) is the last "
                        + "filter in a \(chainType) filter chain."
                )
                return
            }
        }
    }

    // MARK: - HTTP connection manager

    private static func checkHCM(
        _ hcm: Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager,
        _ context: inout ValidationContext
    ) {
        if hcm.statPrefix.isEmpty { context.report("stat_prefix", PGV.nonEmpty) }
        if hcm.routeSpecifier == nil { context.report("", PGV.oneofRequired("route_specifier")) }
        if hcm.hasMaxRequestHeadersKb, !(1...8192).contains(hcm.maxRequestHeadersKb.value) {
            context.report("max_request_headers_kb", "value must be inside range (0, 8192]")
        }
        context.checkHeaderValue(hcm.serverName, field: "server_name")
        context.checkHeaderValue(hcm.via, field: "via")
        if hcm.httpFilters.isEmpty {
            // Envoy 1.40 accepts this and then leaves every request hanging until stream_idle_timeout.
            context.report(
                "http_filters",
                "no HTTP filters: Envoy accepts the listener but answers no request (envoy.filters.http.router "
                    + "must be the last HTTP filter)"
            )
        }
        checkTerminalFilters(
            hcm.httpFilters.map { (name: $0.name, typeURL: $0.packedConfig?.typeURL) },
            chainType: "http",
            field: "http_filters",
            slot: .httpFilter,
            &context
        )
        for (index, upgrade) in hcm.upgradeConfigs.enumerated() where !upgrade.filters.isEmpty {
            checkTerminalFilters(
                upgrade.filters.map { (name: $0.name, typeURL: $0.packedConfig?.typeURL) },
                chainType: "http upgrade",
                field: "upgrade_configs[\(index)].filters",
                slot: .httpFilter,
                &context
            )
        }
    }

    private static func checkHTTPFilter(
        _ filter: Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter,
        _ context: inout ValidationContext
    ) {
        if filter.name.isEmpty { context.report("name", PGV.nonEmpty) }
        // An optional filter of an unknown type is skipped by Envoy with a warning.
        guard !filter.isOptional else { return }
        context.checkExtension(filter.packedConfig, named: filter.name, field: "typed_config", slot: .httpFilter)
    }

    private static func checkRDS(
        _ rds: Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_Rds,
        _ context: inout ValidationContext
    ) {
        if !rds.hasConfigSource {
            context.report(
                "",
                "An RDS config must have either a 'config_source' or an xDS-TP based 'route_config_name'."
            )
        }
        // Envoy would subscribe to the empty name and wait for it forever.
        if rds.routeConfigName.isEmpty { context.report("route_config_name", PGV.nonEmpty) }
    }
}
