internal import GatewayModel
internal import SwiftProtobuf

/// Turns every Upstream into an Envoy cluster named `<name>_<namespace>`, as Gloo does (all upstreams, used
/// by a route or not), with a ClusterLoadAssignment for the ones fed by EDS.
///
/// Endpoints known now (IP literals, a Unix socket) are delivered over EDS with
/// ``XDSTranslator/Delivery/aggregated``, so that they change without cluster churn; with
/// ``XDSTranslator/Delivery/embedded`` they are inline in a STATIC cluster. Host names make a STRICT_DNS
/// cluster (LOGICAL_DNS for Lambda and Azure Functions) in both deliveries.
///
/// Values Envoy would reject, and the ones Gloo rejects, become errors on the Upstream and its cluster is
/// left out (the proxy would otherwise NACK the whole update). Options Envoy cannot express, or that are
/// not translated, become warnings naming the field.
enum ClusterTranslation {
    /// The connect timeout when the Upstream sets none (Gloo's `ClusterConnectionTimeout`).
    static let defaultConnectTimeout = ProtoDuration(seconds: 5)

    /// Adds the cluster of every upstream not already Rejected to `output`.
    static func translate(
        _ upstreams: [Resource<UpstreamSpec>],
        into output: inout XDSResources,
        context: inout TranslationContext
    ) {
        // Each Upstream translates on its own, on every core; names are checked and reports kept in order after.
        let eligible = upstreams.filter { !context.reports.hasErrors(ResourceID($0)) }
        let start = context
        let results = WorkChunks.map(eligible.count) { range in
            range.map { index in
                var report = ClusterReport()
                let translated = translate(eligible[index], context: start, report: &report)
                return (translated: translated, report: report)
            }
        }
        var owners: [String: ResourceRef] = [:]
        for (upstream, (translated, report)) in zip(eligible, results.joined()) {
            let id = ResourceID(upstream)
            for warning in report.warnings { context.warn(id, warning) }
            for error in report.errors { context.fail(id, error) }
            guard report.isValid, let translated else { continue }
            if let owner = owners[translated.cluster.name] {
                context.fail(
                    id,
                    "its cluster name \(translated.cluster.name) is also the cluster name of Upstream \(owner)"
                )
                continue
            }
            owners[translated.cluster.name] = upstream.ref
            output.clusters.append(translated.cluster)
            if let assignment = translated.assignment {
                output.clusterLoadAssignments.append(assignment)
            }
            context.referencedSecrets.merge(translated.secrets) { current, _ in current }
        }
    }

    /// One upstream's cluster and what goes with it.
    struct Translated {
        var cluster: Envoy_Config_Cluster_V3_Cluster
        /// The ClusterLoadAssignment of an EDS cluster.
        var assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment?
        /// The SDS secrets the cluster's TLS names.
        var secrets: [String: ResourceRef] = [:]
    }

    /// The cluster of `upstream`; nil, or with errors in `report`, when it cannot be sent.
    static func translate(
        _ upstream: Resource<UpstreamSpec>,
        context: TranslationContext,
        report: inout ClusterReport
    ) -> Translated? {
        let spec = upstream.spec
        let settings = context.resources.settings.first?.spec
        var cluster = Envoy_Config_Cluster_V3_Cluster()
        cluster.name = EnvoyNames.cluster(upstream.ref)
        guard let endpoints = EndpointTranslation.translate(upstream, clusterName: cluster.name, report: &report) else {
            return nil
        }
        var result = Translated(cluster: cluster)
        placeEndpoints(endpoints, spec: spec, into: &result, delivery: context.options.delivery, report: &report)

        let connection = spec.connectionConfig
        if let timeout = connection?.connectTimeout {
            if let value = report.positiveDuration(timeout, at: "spec.connectionConfig.connectTimeout") {
                result.cluster.connectTimeout = value
            }
        } else {
            result.cluster.connectTimeout = ClusterReport.duration(defaultConnectTimeout)
        }
        if let limit = connection?.perConnectionBufferLimitBytes {
            result.cluster.perConnectionBufferLimitBytes = Google_Protobuf_UInt32Value(limit)
        }
        if let keepalive = connection?.tcpKeepalive {
            result.cluster.upstreamConnectionOptions.tcpKeepalive = tcpKeepalive(keepalive)
        }
        if let options = ClusterProtocolOptions.translate(spec, report: &report) {
            result.cluster.typedExtensionProtocolOptions[ClusterProtocolOptions.extensionName] =
                Google_Protobuf_Any(packing: options)
        }
        if let checks = spec.healthChecks, !checks.isEmpty {
            result.cluster.healthChecks = HealthCheckTranslation.translate(
                checks,
                usesHttp2: spec.usesHttp2,
                report: &report
            )
        }
        if let detection = spec.outlierDetection {
            result.cluster.outlierDetection = OutlierDetectionTranslation.translate(detection, report: &report)
        }
        if let breakers = CircuitBreakerTranslation.translate(
            spec.circuitBreakers,
            defaults: settings?.gloo?.circuitBreakers
        ) {
            result.cluster.circuitBreakers = breakers
        }
        if let balancing = spec.loadBalancerConfig {
            ClusterLoadBalancing.apply(balancing, to: &result.cluster, report: &report)
            if balancing.useHostnameForHashing == true, result.cluster.clusterDiscoveryType != .type(.strictDns) {
                report.fail(
                    "spec.loadBalancerConfig.useHostnameForHashing",
                    "Envoy hashes on host names only in STRICT_DNS clusters (static upstreams with host names)"
                )
            }
        }
        if let subsets = spec.effectiveSubsetSpec {
            result.cluster.lbSubsetConfig = subsetConfig(subsets)
        }
        result.cluster.ignoreHealthOnHostRemoval = spec.ignoreHealthOnHostRemoval ?? false
        if let policy = spec.preconnectPolicy {
            preconnect(policy, into: &result.cluster, report: &report)
        }
        applyTls(spec: spec, upstream: upstream, endpoints: endpoints, context: context, into: &result, report: &report)
        warnAboutUntranslated(spec, report: &report)
        return report.isValid ? result : nil
    }

    // MARK: - Endpoints and DNS

    /// The DNS cluster extension, used instead of Envoy's deprecated DNS fields on the cluster.
    static let dnsClusterExtension = "envoy.clusters.dns"

    /// Sets the discovery type and endpoints of the cluster, and its DNS settings.
    private static func placeEndpoints(
        _ endpoints: EndpointTranslation.Endpoints,
        spec: UpstreamSpec,
        into result: inout Translated,
        delivery: XDSTranslator.Delivery,
        report: inout ClusterReport
    ) {
        var refreshRate: Google_Protobuf_Duration?
        if let rate = spec.dnsRefreshRate {
            // Gloo ignores rates under a millisecond with a warning; Envoy would reject them.
            if rate < ProtoDuration(seconds: 0, nanos: 1_000_000) {
                report.warn(
                    "spec.dnsRefreshRate",
                    "dnsRefreshRate was set below minimum requirement (1ms), ignoring configuration"
                )
            } else {
                refreshRate = ClusterReport.duration(rate)
            }
        }
        switch endpoints.discovery {
        case .fixed:
            if refreshRate != nil {
                report.fail(
                    "spec.dnsRefreshRate",
                    "DnsRefreshRate is only valid with STRICT_DNS or LOGICAL_DNS cluster type"
                )
            }
            if spec.respectDnsTtl == true {
                report.notSent("respectDnsTtl", at: "spec.respectDnsTtl", because: "the cluster resolves no names")
            }
            switch delivery {
            case .aggregated:
                result.cluster.type = .eds
                result.cluster.edsClusterConfig.edsConfig.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
                result.cluster.edsClusterConfig.edsConfig.resourceApiVersion = .v3
                result.assignment = endpoints.assignment
            case .embedded:
                result.cluster.type = .static
                result.cluster.loadAssignment = endpoints.assignment
            }
        case .strictDns, .logicalDns:
            result.cluster.loadAssignment = endpoints.assignment
            let hashesHostnames = spec.loadBalancerConfig?.useHostnameForHashing == true
            if hashesHostnames, endpoints.discovery == .strictDns, refreshRate != nil || spec.respectDnsTtl == true {
                // Envoy hashes on host names only in clusters of the legacy STRICT_DNS type, which takes these
                // settings only through deprecated fields.
                refreshRate = nil
                report.warn(
                    "spec.dnsRefreshRate",
                    "dnsRefreshRate and respectDnsTtl are not sent to Envoy together with "
                        + "loadBalancerConfig.useHostnameForHashing"
                )
            }
            if refreshRate == nil, spec.respectDnsTtl != true || hashesHostnames {
                result.cluster.type = endpoints.discovery == .strictDns ? .strictDns : .logicalDns
                // Gloo resolves IPv4 only ("fix issue where ipv6 addr cannot bind").
                result.cluster.dnsLookupFamily = .v4Only
            } else {
                var dns = Envoy_Extensions_Clusters_Dns_V3_DnsCluster()
                if let refreshRate { dns.dnsRefreshRate = refreshRate }
                dns.respectDnsTtl = spec.respectDnsTtl ?? false
                dns.dnsLookupFamily = .v4Only
                dns.allAddressesInSingleEndpoint = endpoints.discovery == .logicalDns
                result.cluster.clusterType.name = dnsClusterExtension
                result.cluster.clusterType.typedConfig = Google_Protobuf_Any(packing: dns)
            }
        }
    }

    /// TCP keepalive with Gloo's rounding of durations up to whole seconds.
    private static func tcpKeepalive(_ keepalive: ConnectionConfig.TcpKeepAlive) -> Envoy_Config_Core_V3_TcpKeepalive {
        func seconds(_ duration: ProtoDuration?) -> Google_Protobuf_UInt32Value? {
            guard let duration else { return nil }
            let rounded = (duration.timeInterval + 0.4999).rounded()
            return Google_Protobuf_UInt32Value(UInt32(clamping: Int64(max(0, min(rounded, Double(UInt32.max))))))
        }
        var result = Envoy_Config_Core_V3_TcpKeepalive()
        if let probes = keepalive.keepaliveProbes, probes > 0 {
            result.keepaliveProbes = Google_Protobuf_UInt32Value(probes)
        }
        if let time = seconds(keepalive.keepaliveTime) { result.keepaliveTime = time }
        if let interval = seconds(keepalive.keepaliveInterval) { result.keepaliveInterval = interval }
        return result
    }

    /// Subsets routes can select (a kube upstream's `subsetSpec`; a consul upstream's data centers and tags).
    private static func subsetConfig(_ spec: SubsetSpec) -> Envoy_Config_Cluster_V3_Cluster.LbSubsetConfig {
        var config = Envoy_Config_Cluster_V3_Cluster.LbSubsetConfig()
        config.fallbackPolicy =
            switch spec.fallbackPolicy {
            case nil, .anyEndpoint: .anyEndpoint
            case .noFallback: .noFallback
            case .defaultSubset: .defaultSubset
            }
        if let values = spec.defaultSubset?.values {
            var subset = Google_Protobuf_Struct()
            for (key, value) in values {
                subset.fields[key] = Google_Protobuf_Value(stringValue: value)
            }
            config.defaultSubset = subset
        }
        config.subsetSelectors = (spec.selectors ?? []).map { selector in
            var envoySelector = Envoy_Config_Cluster_V3_Cluster.LbSubsetConfig.LbSubsetSelector()
            envoySelector.keys = selector.keys ?? []
            envoySelector.singleHostPerSubset = selector.singleHostPerSubset ?? false
            return envoySelector
        }
        return config
    }

    /// Connections opened ahead of demand; Envoy accepts ratios from 1 to 3.
    private static func preconnect(
        _ policy: UpstreamSpec.PreconnectPolicy,
        into cluster: inout Envoy_Config_Cluster_V3_Cluster,
        report: inout ClusterReport
    ) {
        for (name, ratio) in [
            ("perUpstreamPreconnectRatio", policy.perUpstreamPreconnectRatio),
            ("predictivePreconnectRatio", policy.predictivePreconnectRatio),
        ] {
            guard let ratio else { continue }
            guard (1...3).contains(ratio) else {
                report.fail("spec.preconnectPolicy.\(name)", "must be between 1 and 3 if set, found \(ratio)")
                continue
            }
            if name == "perUpstreamPreconnectRatio" {
                cluster.preconnectPolicy.perUpstreamPreconnectRatio = Google_Protobuf_DoubleValue(ratio)
            } else {
                cluster.preconnectPolicy.predictivePreconnectRatio = Google_Protobuf_DoubleValue(ratio)
            }
        }
    }

    // MARK: - TLS

    /// The transport socket, in Gloo's order: `sslConfig`; the TLS a backend kind implies; a per-host copy
    /// for each static host with its own server name; the PROXY protocol around all of them.
    private static func applyTls(
        spec: UpstreamSpec,
        upstream: Resource<UpstreamSpec>,
        endpoints: EndpointTranslation.Endpoints,
        context: TranslationContext,
        into result: inout Translated,
        report: inout ClusterReport
    ) {
        var tls: Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext?
        if let config = spec.sslConfig {
            if case .always = endpoints.impliedTls {
                report.notSent(
                    "sslConfig",
                    at: "spec.sslConfig",
                    because: "this kind of upstream always uses its own TLS settings, as in Gloo"
                )
            } else if let translated = UpstreamTlsTranslation.translate(
                config,
                at: "spec.sslConfig",
                namespace: upstream.namespace,
                context: context,
                report: &report
            ) {
                tls = translated.context
                result.secrets = translated.secrets
            }
        }
        switch endpoints.impliedTls {
        case .none:
            break
        case .unlessConfigured(let serverName):
            // Also when a missing Secret was only a warning, as in Gloo.
            if tls == nil {
                tls = UpstreamTlsTranslation.automatic(serverName: serverName, context: context, report: &report)
            }
        case .always(let serverName):
            tls = UpstreamTlsTranslation.automatic(serverName: serverName, context: context, report: &report)
        }

        let proxyProtocol = proxyProtocolVersion(spec, report: &report)
        if let tls {
            result.cluster.transportSocket = wrap(UpstreamTlsTranslation.transportSocket(tls), in: proxyProtocol)
            // Each static host with a server name gets the same TLS with that name, selected by its metadata.
            result.cluster.transportSocketMatches = endpoints.hostServerNames.map { host in
                var hostTls = tls
                hostTls.sni = host.serverName
                var match = Envoy_Config_Cluster_V3_Cluster.TransportSocketMatch()
                match.name = host.match
                match.match = EndpointTranslation.matchStruct(host.match)
                match.transportSocket = wrap(UpstreamTlsTranslation.transportSocket(hostTls), in: proxyProtocol)
                return match
            }
            if endpoints.hostServerNames.contains(where: { $0.serverName.utf8.count > 255 }) {
                report.fail("spec.static.hosts", "a TLS server name (sniAddr or addr) must be at most 255 bytes")
            }
        } else if let proxyProtocol {
            var raw = Envoy_Config_Core_V3_TransportSocket()
            raw.name = "envoy.transport_sockets.raw_buffer"
            raw.typedConfig = Google_Protobuf_Any(packing: Envoy_Extensions_TransportSockets_RawBuffer_V3_RawBuffer())
            result.cluster.transportSocket = wrap(raw, in: proxyProtocol)
        }
    }

    /// The PROXY protocol version to send (`V1` or `V2`), Gloo's `proxyProtocolVersion`.
    private static func proxyProtocolVersion(
        _ spec: UpstreamSpec,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_ProxyProtocolConfig.Version? {
        guard let version = spec.proxyProtocolVersion, !version.isEmpty else { return nil }
        switch version {
        case "V1": return .v1
        case "V2": return .v2
        default:
            report.fail("spec.proxyProtocolVersion", "proxy protocol version \(version) is not supported")
            return nil
        }
    }

    /// `socket` inside an upstream PROXY protocol transport socket, when a version is set.
    private static func wrap(
        _ socket: Envoy_Config_Core_V3_TransportSocket,
        in version: Envoy_Config_Core_V3_ProxyProtocolConfig.Version?
    ) -> Envoy_Config_Core_V3_TransportSocket {
        guard let version else { return socket }
        var transport = Envoy_Extensions_TransportSockets_ProxyProtocol_V3_ProxyProtocolUpstreamTransport()
        transport.config.version = version
        transport.transportSocket = socket
        var wrapped = Envoy_Config_Core_V3_TransportSocket()
        wrapped.name = "envoy.transport_sockets.upstream_proxy_protocol"
        wrapped.typedConfig = Google_Protobuf_Any(packing: transport)
        return wrapped
    }

    // MARK: - Not translated

    /// Warnings for the options this translation does not send.
    private static func warnAboutUntranslated(_ spec: UpstreamSpec, report: inout ClusterReport) {
        if spec.failover != nil {
            report.notSent("failover", at: "spec.failover", because: "a Gloo Enterprise feature")
        }
        let tunnel = "tunnelling through an HTTP CONNECT proxy is not translated"
        if spec.httpProxyHostname != nil {
            report.notSent("httpProxyHostname", at: "spec.httpProxyHostname", because: tunnel)
        }
        if spec.httpConnectSslConfig != nil {
            report.notSent("httpConnectSslConfig", at: "spec.httpConnectSslConfig", because: tunnel)
        }
        if spec.httpConnectHeaders != nil {
            report.notSent("httpConnectHeaders", at: "spec.httpConnectHeaders", because: tunnel)
        }
    }
}
