internal import Foundation
internal import GatewayModel
internal import SwiftProtobuf

/// Translates the listeners of a Proxy into Envoy listeners and route configurations, the way Gloo Edge's
/// listener subsystem does for vanilla Envoy.
///
/// - An HTTP listener becomes one Envoy listener `listener-<address>-<port>` with an HTTP connection manager
///   whose routes are the RouteConfiguration `<listener>-routes` (over RDS, or inline for a static bootstrap),
///   and one filter chain per distinct TLS configuration, matched by SNI.
/// - Each HTTP listener of a hybrid listener becomes filter chains of its own, matched by the matcher's SNI
///   domains and source ranges, with its own RouteConfiguration `<listener>-routes-<matcher hash>`.
/// - TCP listeners (and the TCP side of hybrid listeners) and aggregate listeners are reported as not
///   translated.
///
/// Problems are reported on the Gateways, VirtualServices and RouteTables recorded in each part's
/// `metadataStatic`, or on the Proxy when it records none.
enum ListenerTranslation {
    static func translate(
        _ proxy: Resource<ProxySpec>,
        into output: inout XDSResources,
        context: inout TranslationContext
    ) {
        let proxyID = ResourceID(proxy)
        let listeners = proxy.spec.listeners ?? []
        var regexes = MatcherRegex()
        let names = listeners.map { listener in
            listener.name.flatMap { $0.isEmpty ? nil : $0 }
                ?? Listener.name(bindAddress: listener.bindAddress ?? "", bindPort: listener.bindPort ?? 0)
        }
        let conflicts = portConflicts(listeners, names: names)
        var seenNames = Set<String>()
        for (index, listener) in listeners.enumerated() {
            let origin = ListenerOrigin(
                metadata: listener.metadataStatic,
                proxy: proxyID,
                proxyPath: "spec.listeners[\(index)]"
            )
            var report = ListenerPartReport()
            if let conflict = conflicts[index] {
                report.fail(conflict)
            } else if !seenNames.insert(names[index]).inserted {
                report.fail("Listener Error: NameNotUniqueError. Reason: listener name \(names[index]) is not unique")
            } else if let envoyListener = translateListener(
                listener,
                name: names[index],
                origin: origin,
                regexes: &regexes,
                output: &output,
                report: &report,
                context: &context
            ) {
                output.listeners.append(envoyListener)
            }
            origin.flush(report, in: &context)
        }
    }

    /// Gloo's `validateListenerPorts`: two listeners of a proxy cannot share a port, whatever their addresses.
    private static func portConflicts(_ listeners: [Listener], names: [String]) -> [Int: String] {
        var byPort: [UInt32: [Int]] = [:]
        for (index, listener) in listeners.enumerated() { byPort[listener.bindPort ?? 0, default: []].append(index) }
        var conflicts: [Int: String] = [:]
        for (port, indices) in byPort where indices.count > 1 {
            let shared = indices.map { names[$0] }.joined(separator: " ")
            for index in indices {
                conflicts[index] =
                    "Listener Error: BindPortNotUniqueError. Reason: port \(port) is shared by listeners [\(shared)]"
            }
        }
        return conflicts
    }

    /// One HTTP listener to translate into filter chains: a plain listener's, or one of a hybrid listener's.
    private struct HttpChainGroup {
        var http: HttpListener
        var matcher: GatewayMatcher?
        var sslConfigurations: [SslConfig]
        var routeConfigurationName: String
        var proxyPath: String
        var requireTls: Bool
        var optionsLocation: ListenerLocation
    }

    private static func translateListener(
        _ listener: Listener,
        name: String,
        origin: ListenerOrigin,
        regexes: inout MatcherRegex,
        output: inout XDSResources,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) -> Envoy_Config_Listener_V3_Listener? {
        let bindAddress = listener.bindAddress ?? ""
        guard let address = ListenerAddress.socketAddress(bindAddress: bindAddress, bindPort: listener.bindPort ?? 0)
        else {
            report.fail("Listener Error: ProcessingError. Reason: bindAddress \(bindAddress) is not a valid IP address")
            return nil
        }
        let groups = httpGroups(of: listener, name: name, origin: origin, report: &report, context: context)

        var out = Envoy_Config_Listener_V3_Listener()
        out.name = name
        out.address = address
        applyListenerOptions(listener, to: &out, origin: origin, report: &report)

        var chains = ListenerFilterChains()
        for group in groups {
            for chain in filterChains(
                of: group,
                listener: listener,
                origin: origin,
                regexes: &regexes,
                output: &output,
                report: &report,
                context: &context
            ) {
                if let conflict = chains.add(chain) {
                    report.fail("Listener Error: SSLConfigError. Reason: \(conflict)")
                }
            }
        }
        // A listener without filter chains would refuse every connection; Gloo leaves it out the same way when no
        // virtual host is left.
        guard !chains.chains.isEmpty, report.isValid else { return nil }
        out.filterChains = chains.chains
        if chains.needsTLSInspector {
            var inspector = Envoy_Config_Listener_V3_ListenerFilter()
            inspector.name = "envoy.filters.listener.tls_inspector"
            inspector.typedConfig = Google_Protobuf_Any(
                packing: Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector()
            )
            out.listenerFilters = [inspector]
        }
        return out
    }

    /// The HTTP listeners a Proxy listener serves, with their route configuration names; TCP and aggregate
    /// listeners are reported as not translated.
    private static func httpGroups(
        of listener: Listener,
        name: String,
        origin: ListenerOrigin,
        report: inout ListenerPartReport,
        context: TranslationContext
    ) -> [HttpChainGroup] {
        let kinds = [
            listener.httpListener != nil, listener.tcpListener != nil, listener.hybridListener != nil,
            listener.aggregateListener != nil,
        ].filter { $0 }.count
        guard kinds == 1 else {
            report.fail(
                kinds == 0
                    ? "Listener Error: ProcessingError. Reason: listener \(name) has no listener type"
                    : "Listener Error: ProcessingError. Reason: only one of httpListener, tcpListener, hybridListener and aggregateListener may be set"
            )
            return []
        }
        let routesName = EnvoyNames.routeConfiguration(listener: name)
        if let http = listener.httpListener {
            let ssl = listener.sslConfigurations ?? []
            return [
                HttpChainGroup(
                    http: http,
                    matcher: nil,
                    sslConfigurations: ssl,
                    routeConfigurationName: routesName,
                    proxyPath: "\(origin.proxyPath).httpListener",
                    requireTls: !ssl.isEmpty,
                    optionsLocation: origin.field(
                        ".httpListener.options",
                        sourcePath: "spec.httpGateway.options",
                        kind: .gateway,
                        description: "listener \(name) HTTP options"
                    )
                )
            ]
        }
        if listener.tcpListener != nil {
            report.warn(
                notTranslatedTCP(
                    at: origin.field("", sourcePath: "spec.tcpGateway", kind: .gateway, description: "listener \(name)")
                        .path
                )
            )
            return []
        }
        if listener.aggregateListener != nil {
            report.warn(
                "listener \(name) is an aggregate listener (isolated virtual hosts), which is not translated to Envoy"
            )
            return []
        }
        var groups: [HttpChainGroup] = []
        for (position, matched) in (listener.hybridListener?.matchedListeners ?? []).enumerated() {
            let sourcePath = hybridSourcePath(of: matched, at: position, origin: origin, resources: context.resources)
            guard let http = matched.httpListener else {
                if matched.tcpListener != nil {
                    report.warn(
                        notTranslatedTCP(
                            at: origin.field(
                                "",
                                sourcePath: "\(sourcePath).tcpGateway",
                                kind: .gateway,
                                description: "listener \(name) matched listener \(position)"
                            ).path
                        )
                    )
                }
                continue
            }
            groups.append(
                HttpChainGroup(
                    http: http,
                    matcher: matched.matcher,
                    sslConfigurations: matched.sslConfigurations ?? [],
                    routeConfigurationName: matched.matcher.map { "\(routesName)-\(matcherHash($0))" } ?? routesName,
                    proxyPath: "\(origin.proxyPath).hybridListener.matchedListeners[\(position)].httpListener",
                    requireTls: matched.matcher?.sslConfig != nil,
                    optionsLocation: origin.field(
                        ".hybridListener.matchedListeners[\(position)].httpListener.options",
                        sourcePath: "\(sourcePath).httpGateway.options",
                        kind: .gateway,
                        description: "listener \(name) matched listener \(position) HTTP options"
                    )
                )
            )
        }
        return groups
    }

    private static func notTranslatedTCP(at path: String) -> String {
        "the TCP listener at \(path) is not translated to Envoy (TCP proxying is not supported by this gateway) and is not sent to Envoy"
    }

    /// The path of a matched gateway in its Gateway: the one with the same matcher (the proxy builder skips
    /// matched gateways without virtual services, so positions can differ).
    private static func hybridSourcePath(
        of matched: MatchedListener,
        at position: Int,
        origin: ListenerOrigin,
        resources: ResourceSet
    ) -> String {
        if origin.sources.count == 1, let source = origin.sources.first,
            let gateway = resources.gateway(ResourceRef(name: source.name, namespace: source.namespace)),
            let gateways = gateway.spec.hybridGateway?.matchedGateways,
            let index = gateways.firstIndex(where: {
                $0.matcher?.sslConfig == matched.matcher?.sslConfig
                    && $0.matcher?.sourcePrefixRanges == matched.matcher?.sourcePrefixRanges
                    && ($0.httpGateway != nil) == (matched.httpListener != nil)
            })
        {
            return "spec.hybridGateway.matchedGateways[\(index)]"
        }
        return "spec.hybridGateway.matchedGateways[\(position)]"
    }

    /// A stable number for a hybrid matcher, naming its route configuration (Gloo uses the matcher's hash too;
    /// this one is FNV-1a over the matcher's canonical JSON, so names differ from Gloo's).
    static func matcherHash(_ matcher: GatewayMatcher) -> UInt64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(matcher)).map(Array.init) ?? []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The listener options Envoy expresses on the listener (`perConnectionBufferLimitBytes`); the others are
    /// reported as not sent.
    private static func applyListenerOptions(
        _ listener: Listener,
        to out: inout Envoy_Config_Listener_V3_Listener,
        origin: ListenerOrigin,
        report: inout ListenerPartReport
    ) {
        let location = origin.field(
            ".options",
            sourcePath: "spec.options",
            kind: .gateway,
            description: "listener \(out.name) options"
        )
        if let options = listener.options {
            if let limit = options.perConnectionBufferLimitBytes {
                out.perConnectionBufferLimitBytes = Google_Protobuf_UInt32Value(limit)
            }
            let untranslated: [(String, Bool)] = [
                ("accessLoggingService", options.accessLoggingService != nil),
                ("socketOptions", !(options.socketOptions ?? []).isEmpty),
                ("proxyProtocol", options.proxyProtocol != nil),
            ]
            for (name, isSet) in untranslated where isSet {
                report.warn(ListenerPartReport.notSent(name, at: location.path, expressible: true))
            }
        }
        if listener.useProxyProto == true {
            report.warn(ListenerPartReport.notSent("useProxyProto", at: location.path, expressible: true))
        }
        if let routeOptions = listener.routeOptions, let members = routeOptions.members {
            for member in members
            where !["maxDirectResponseBodySizeBytes", "mostSpecificHeaderMutationsWins"].contains(member.key) {
                report.warn(
                    ListenerPartReport.notSent("routeOptions.\(member.key)", at: location.path, expressible: true)
                )
            }
        }
    }

    /// The filter chains of one HTTP listener: its route configuration and connection manager, then one chain
    /// per distinct TLS configuration (or one plain chain), with the hybrid matcher's source ranges.
    private static func filterChains(
        of group: HttpChainGroup,
        listener: Listener,
        origin: ListenerOrigin,
        regexes: inout MatcherRegex,
        output: inout XDSResources,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) -> [Envoy_Config_Listener_V3_FilterChain] {
        // Gloo builds no filter chain for an HTTP listener without virtual hosts.
        guard !(group.http.virtualHosts ?? []).isEmpty else { return [] }
        let limits = RouteConfigurationLimits(listener.routeOptions, report: &report)
        var routes = RouteConfigurationTranslation(
            resources: context.resources,
            proxy: origin.proxy,
            regexes: regexes,
            maxDirectResponseBodyBytes: limits.maxDirectResponseBodyBytes
        )
        var optionsReport = ListenerPartReport()
        if let options = group.http.options {
            ListenerConnectionManager.applyListenerOptions(
                options,
                to: &routes.filters,
                location: group.optionsLocation,
                report: &optionsReport
            )
        }
        var configuration = routes.translate(
            group.http,
            name: group.routeConfigurationName,
            proxyPath: group.proxyPath,
            requireTls: group.requireTls,
            context: &context
        )
        regexes = routes.regexes
        limits.apply(to: &configuration)
        let manager = ListenerConnectionManager.filter(
            statPrefix: group.http.statPrefix,
            settings: group.http.options?.httpConnectionManagerSettings,
            routeConfiguration: configuration,
            filters: routes.filters,
            delivery: context.options.delivery,
            location: group.optionsLocation,
            report: &optionsReport
        )
        optionsReport.flush(to: group.optionsLocation.targets, in: &context)
        guard let manager, optionsReport.isValid else { return [] }

        var ranges: [Envoy_Config_Core_V3_CidrRange] = []
        for range in group.matcher?.sourcePrefixRanges ?? [] {
            guard let cidr = cidrRange(range) else {
                report.fail("Listener Error: ProcessingError. Reason: invalid source prefix range \(range)")
                return []
            }
            ranges.append(cidr)
        }

        var chains: [Envoy_Config_Listener_V3_FilterChain] = []
        let configurations = ListenerTLSContext.consolidated(group.sslConfigurations)
            .map { ListenerTLSContext.merged($0, defaults: group.matcher?.sslConfig) }
        if configurations.isEmpty {
            var chain = Envoy_Config_Listener_V3_FilterChain()
            chain.filters = [manager]
            if !ranges.isEmpty { chain.filterChainMatch.sourcePrefixRanges = ranges }
            chains.append(chain)
        }
        for configuration in configurations {
            var tlsReport = ListenerPartReport()
            guard let tls = ListenerTLSContext.downstreamContext(configuration, context: &context, report: &tlsReport)
            else {
                for error in tlsReport.errors { report.fail("Listener Error: SSLConfigError. Reason: \(error)") }
                continue
            }
            var chain = Envoy_Config_Listener_V3_FilterChain()
            chain.filters = [manager]
            let domains = configuration.sniDomains ?? []
            if !domains.isEmpty { chain.filterChainMatch.serverNames = domains }
            if !ranges.isEmpty { chain.filterChainMatch.sourcePrefixRanges = ranges }
            chain.transportSocket.name = ListenerTLSContext.transportSocketName
            chain.transportSocket.typedConfig = Google_Protobuf_Any(packing: tls)
            if let timeout = configuration.transportSocketConnectTimeout {
                guard
                    let value = RouteDurations.nonNegative(
                        timeout,
                        "sslConfig.transportSocketConnectTimeout",
                        report: &report
                    )
                else { continue }
                chain.transportSocketConnectTimeout = value
            }
            chains.append(chain)
        }
        if !chains.isEmpty, context.options.delivery == .aggregated {
            output.routeConfigurations.append(configuration)
        }
        return chains
    }

    /// A source range as Gloo writes it (`{addressPrefix, prefixLen}`), checked as Envoy checks CIDR ranges.
    private static func cidrRange(_ value: ConfigValue) -> Envoy_Config_Core_V3_CidrRange? {
        guard let prefix = value["addressPrefix"]?.stringValue else { return nil }
        let isV4 = ListenerAddress.isIPv4(Substring(prefix))
        guard isV4 || ListenerAddress.isIPv6(prefix) else { return nil }
        var range = Envoy_Config_Core_V3_CidrRange()
        range.addressPrefix = prefix
        let length = value["prefixLen"]
        let text: String?
        switch length?.content {
        case .number(let number)?: text = number
        case .string(let string)?: text = string
        case .object?:
            text = length?["value"].flatMap { value in
                if case .number(let number) = value.content { return number }
                return value.stringValue
            }
        default: text = nil
        }
        if let text {
            guard let bits = UInt32(text), bits <= (isV4 ? 32 : 128) else { return nil }
            range.prefixLen = Google_Protobuf_UInt32Value(bits)
        }
        return range
    }
}
