internal import GatewayModel
internal import SwiftProtobuf

extension RouteConfigurationTranslation {
    /// One Proxy virtual host as an Envoy virtual host with its routes; nil (with errors) when Envoy would
    /// reject its options.
    mutating func translateVirtualHost(
        _ host: VirtualHost,
        domains: [String],
        origin: ListenerOrigin,
        requireTls: Bool,
        context: inout TranslationContext
    ) -> Envoy_Config_Route_V3_VirtualHost? {
        var out = Envoy_Config_Route_V3_VirtualHost()
        out.name = Self.envoyName(ofVirtualHost: host.name)
        out.domains = domains
        if requireTls { out.requireTls = .all }
        var report = ListenerPartReport()
        if out.name.isEmpty { report.fail("the virtual host has no name") }
        let before = filters
        // Read once: the options are stored out of line, and each read copies them.
        let hostOptions = host.options
        if let options = hostOptions {
            applyVirtualHostOptions(
                options,
                to: &out,
                hostName: host.name,
                origin: origin,
                report: &report,
                context: &context
            )
        }
        for (index, route) in (host.routes ?? []).enumerated() {
            translateRoute(
                route,
                index: index,
                hostName: out.name,
                hostOptions: hostOptions,
                hostOrigin: origin,
                into: &out.routes,
                context: &context
            )
        }
        if !report.errors.isEmpty || !report.warnings.isEmpty {
            let location = origin.field(
                ".options",
                sourcePath: "spec.virtualHost.options",
                kind: .virtualService,
                description: "virtual host \(host.name)"
            )
            report.flush(to: location.targets, in: &context)
        }
        guard report.isValid else {
            filters = before
            return nil
        }
        return out
    }

    /// The virtual host options Envoy expresses natively (retries, headers, CORS, virtual clusters, attempt
    /// counts); the rest are warned about where they are written.
    private mutating func applyVirtualHostOptions(
        _ options: VirtualHostOptions,
        to out: inout Envoy_Config_Route_V3_VirtualHost,
        hostName: String,
        origin: ListenerOrigin,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) {
        if let retries = options.retries, let policy = RouteRetryPolicy.translate(retries, report: &report) {
            out.retryPolicy = policy
        }
        if let headers = options.headerManipulation,
            let mutation = RouteHeaderMutation.translate(headers, resources: resources, report: &report)
        {
            out.apply(mutation)
        }
        if let cors = options.cors,
            let policy = RouteCorsPolicy.translate(cors, onRoute: false, report: &report, regexes: &regexes)
        {
            out.typedPerFilterConfig[RouteCorsPolicy.filterName] = Google_Protobuf_Any(packing: policy)
            filters.cors = true
        }
        if let stats = options.stats {
            out.virtualClusters = virtualClusters(stats, report: &report)
        }
        out.includeRequestAttemptCount = options.includeRequestAttemptCount ?? false
        out.includeAttemptCountInResponse = options.includeAttemptCountInResponse ?? false

        // Options Envoy's built-in filters cannot express, or that are not translated.
        var notSent: [(String, Bool)] = []
        if options.transformations != nil { notSent.append(("transformations", false)) }
        if options.stagedTransformations != nil { notSent.append(("stagedTransformations", false)) }
        if options.bufferPerRoute != nil { notSent.append(("bufferPerRoute", true)) }
        if options.csrf != nil { notSent.append(("csrf", true)) }
        guard !notSent.isEmpty else { return }
        let location = origin.field(
            ".options",
            sourcePath: "spec.virtualHost.options",
            kind: .virtualService,
            description: "virtual host \(hostName)"
        )
        var warnings = ListenerPartReport()
        for (name, expressible) in notSent {
            warnings.warn(ListenerPartReport.notSent(name, at: location.path, expressible: expressible))
        }
        warnings.flush(to: location.targets, in: &context)
    }

    /// Gloo's stats plugin: each virtual cluster matches `:path` by regex and, optionally, `:method` exactly.
    private mutating func virtualClusters(
        _ stats: VirtualHostStats,
        report: inout ListenerPartReport
    )
        -> [Envoy_Config_Route_V3_VirtualCluster]
    {
        var clusters: [Envoy_Config_Route_V3_VirtualCluster] = []
        for cluster in stats.virtualClusters ?? [] {
            let name = cluster.name ?? ""
            guard !name.isEmpty else {
                report.fail("invalid virtual cluster: name is required")
                continue
            }
            guard let pattern = cluster.pattern, !pattern.isEmpty else {
                report.fail("invalid virtual cluster [\(name)]: pattern is required")
                continue
            }
            guard regexes.check(pattern, "the pattern of virtual cluster \(name)", report: &report) else { continue }
            var out = Envoy_Config_Route_V3_VirtualCluster()
            out.name = Self.envoyName(ofVirtualHost: name)
            var path = Envoy_Config_Route_V3_HeaderMatcher()
            path.name = ":path"
            path.stringMatch = MatcherTranslation.stringMatcher(regex: pattern)
            out.headers.append(path)
            if let method = cluster.method, !method.isEmpty {
                let upper = String(
                    decoding: method.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 },
                    as: UTF8.self
                )
                guard Self.requestMethods.contains(upper) else {
                    report.fail(
                        "invalid virtual cluster [\(name)]: invalid method name [\(method)]. Allowed values: \(Self.requestMethods.joined(separator: ", "))"
                    )
                    continue
                }
                var matcher = Envoy_Config_Route_V3_HeaderMatcher()
                matcher.name = ":method"
                matcher.stringMatch = MatcherTranslation.stringMatcher(exact: upper)
                out.headers.append(matcher)
            }
            clusters.append(out)
        }
        return clusters
    }

    /// Envoy's `RequestMethod` names, the methods a virtual cluster may name.
    static let requestMethods = [
        "METHOD_UNSPECIFIED", "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ]
}
