internal import SwiftProtobuf

/// Rules for clusters and what they hold: discovery type and endpoints, load balancing, health checks,
/// outlier detection, protocol options and transport sockets.
///
/// Besides Envoy's field rules this covers what Envoy's cluster manager and cluster factories reject: an EDS
/// cluster without EDS config, a STATIC cluster with host names, LOGICAL_DNS with other than one endpoint, load
/// balancer policies that do not fit the cluster type, ring hash and Maglev sizes, subset fallback keys, and
/// health-check status ranges. A STATIC or STRICT_DNS cluster without `load_assignment` is accepted by Envoy
/// but has no hosts, so it is reported too.
enum ClusterValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Config_Cluster_V3_Cluster.self, checkCluster),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.CustomClusterType.self, checkCustomClusterType),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.TransportSocketMatch.self, checkTransportSocketMatch),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.LbSubsetConfig.LbSubsetSelector.self, checkSubsetSelector),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.RingHashLbConfig.self, checkRingHash),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.LeastRequestLbConfig.self, checkLeastRequest),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.MaglevLbConfig.self, checkMaglev),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.PreconnectPolicy.self, checkPreconnectPolicy),
        MessageRule(
            Envoy_Config_Cluster_V3_Cluster.CommonLbConfig.ConsistentHashingLbConfig.self,
            checkConsistentHashing
        ),
        MessageRule(Envoy_Config_Cluster_V3_OutlierDetection.self, checkOutlierDetection),
        MessageRule(Envoy_Config_Core_V3_HealthCheck.self, checkHealthCheck),
        MessageRule(Envoy_Config_Core_V3_HealthCheck.HttpHealthCheck.self, checkHTTPHealthCheck),
        MessageRule(Envoy_Config_Core_V3_HealthCheck.GrpcHealthCheck.self, checkGRPCHealthCheck),
        MessageRule(Envoy_Config_Core_V3_HealthCheck.Payload.self, checkPayload),
        MessageRule(Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.self, checkUpstreamHTTPOptions),
        MessageRule(Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.ExplicitHttpConfig.self, checkExplicitHTTP),
        MessageRule(Envoy_Config_Core_V3_HttpProtocolOptions.self, checkCommonHTTPOptions),
        MessageRule(Envoy_Config_Core_V3_Http1ProtocolOptions.HeaderKeyFormat.self, checkHeaderKeyFormat),
        MessageRule(Envoy_Config_Core_V3_Http2ProtocolOptions.self, checkHTTP2Options),
        MessageRule(Envoy_Config_Core_V3_KeepaliveSettings.self, checkKeepalive),
        MessageRule(
            Envoy_Extensions_TransportSockets_ProxyProtocol_V3_ProxyProtocolUpstreamTransport.self,
            checkProxyProtocol
        ),
        MessageRule(Envoy_Extensions_Clusters_Dns_V3_DnsCluster.self, checkDNSCluster),
        MessageRule(Envoy_Extensions_HealthCheck_EventSinks_File_V3_HealthCheckEventFileSink.self, checkEventFileSink),
    ]

    /// Cluster names are unique in a snapshot (CDS: "duplicate cluster X found").
    static func checkClusterSet(_ clusters: [Envoy_Config_Cluster_V3_Cluster], in context: inout ValidationContext) {
        var names = Set<String>(minimumCapacity: clusters.count)
        for cluster in clusters where !names.insert(cluster.name).inserted {
            context.report(.cluster, cluster.name, "name", "duplicate cluster \(cluster.name) found")
        }
    }

    // MARK: - Cluster

    private static func checkCluster(_ cluster: Envoy_Config_Cluster_V3_Cluster, _ context: inout ValidationContext) {
        if cluster.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if cluster.hasConnectTimeout, DurationRule.isNotAbove(cluster.connectTimeout) {
            context.report("connect_timeout", PGV.positiveDuration)
        }
        checkDiscovery(cluster, &context)
        checkLoadBalancerPolicy(cluster, &context)
        if cluster.hasTransportSocket {
            context.checkExtension(
                cluster.transportSocket.packedConfig,
                named: cluster.transportSocket.name,
                field: "transport_socket.typed_config",
                slot: .upstreamTransportSocket
            )
        }
        for (name, any) in cluster.typedExtensionProtocolOptions.sorted(by: { $0.key < $1.key }) {
            let field = "typed_extension_protocol_options[\"\(name)\"]"
            if name == httpProtocolOptionsName {
                context.checkExtension(any, named: name, field: field, slot: .upstreamProtocolOptions)
            } else {
                context.report(
                    field,
                    "Didn't find a registered network or http filter or protocol options implementation for name: "
                        + "'\(name)'"
                )
            }
        }
    }

    private static let httpProtocolOptionsName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"

    /// How the cluster finds its hosts: EDS needs its config, STATIC/STRICT_DNS/LOGICAL_DNS need endpoints
    /// (STATIC ones as IP addresses, LOGICAL_DNS exactly one), ORIGINAL_DST must have none.
    private static func checkDiscovery(_ cluster: Envoy_Config_Cluster_V3_Cluster, _ context: inout ValidationContext) {
        let type: Envoy_Config_Cluster_V3_Cluster.DiscoveryType
        switch cluster.clusterDiscoveryType {
        case .type(let value): type = value
        case nil: type = .static
        case .clusterType: return
        }
        switch type {
        case .eds:
            if !cluster.hasEdsClusterConfig {
                context.report("eds_cluster_config", "cannot create an EDS cluster without an EDS config")
            } else if !cluster.edsClusterConfig.hasEdsConfig {
                context.report(
                    "eds_cluster_config.eds_config",
                    "Missing config source specifier in envoy::config::core::v3::ConfigSource"
                )
            }
        case .static, .strictDns, .logicalDns:
            let assignment = cluster.loadAssignment
            let endpointCount = assignment.endpoints.reduce(0) { $0 + $1.lbEndpoints.count }
            if type == .logicalDns, assignment.endpoints.count != 1 || endpointCount != 1 {
                context.report(
                    "load_assignment",
                    "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint"
                )
            } else if !cluster.hasLoadAssignment {
                // Envoy accepts it; the cluster then has no hosts and every request to it fails.
                context.report(
                    "load_assignment",
                    "a \(type == .static ? "STATIC" : "STRICT_DNS") cluster needs a load_assignment with its endpoints"
                )
            }
            if type == .static { checkStaticEndpoints(assignment, &context) }
        case .originalDst:
            if cluster.hasLoadAssignment {
                context.report("load_assignment", "ORIGINAL_DST clusters must have no load assignment configured")
            }
        case .UNRECOGNIZED:
            break
        }
    }

    private static func checkStaticEndpoints(
        _ assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment,
        _ context: inout ValidationContext
    ) {
        for (localityIndex, locality) in assignment.endpoints.enumerated() {
            for (endpointIndex, endpoint) in locality.lbEndpoints.enumerated() {
                guard case .socketAddress(let socket)? = endpoint.endpoint.address.address,
                    socket.resolverName.isEmpty, !socket.address.isEmpty, !IPAddress.isValid(socket.address)
                else { continue }
                context.report(
                    "load_assignment.endpoints[\(localityIndex)].lb_endpoints[\(endpointIndex)].endpoint.address"
                        + ".socket_address.address",
                    "malformed IP address: \(socket.address). Consider setting resolver_name or setting cluster type "
                        + "to 'STRICT_DNS' or 'LOGICAL_DNS'"
                )
            }
        }
    }

    private static func checkLoadBalancerPolicy(
        _ cluster: Envoy_Config_Cluster_V3_Cluster,
        _ context: inout ValidationContext
    ) {
        let isOriginalDestination: Bool
        switch cluster.clusterDiscoveryType {
        case .type(let type): isOriginalDestination = type == .originalDst
        case nil: isOriginalDestination = false
        case .clusterType: return
        }
        let policy = cluster.lbPolicy
        if isOriginalDestination, policy != .clusterProvided {
            context.report(
                "lb_policy",
                "cluster: LB policy \(policyName(policy)) is not valid for Cluster type ORIGINAL_DST. Only "
                    + "'CLUSTER_PROVIDED' is allowed with cluster type 'ORIGINAL_DST'"
            )
        } else if !isOriginalDestination, policy == .clusterProvided {
            context.report(
                "lb_policy",
                "cluster manager: cluster provided LB specified but cluster '\(cluster.name)' did not provide one. "
                    + "Check cluster documentation."
            )
        } else if policy == .loadBalancingPolicyConfig {
            // GatewayXDS's cluster message has no load_balancing_policy field to go with it.
            context.report("lb_policy", "cluster: field load_balancing_policy need to be set")
        }
    }

    private static func policyName(_ policy: Envoy_Config_Cluster_V3_Cluster.LbPolicy) -> String {
        switch policy {
        case .roundRobin: "ROUND_ROBIN"
        case .leastRequest: "LEAST_REQUEST"
        case .ringHash: "RING_HASH"
        case .random: "RANDOM"
        case .maglev: "MAGLEV"
        case .clusterProvided: "CLUSTER_PROVIDED"
        case .loadBalancingPolicyConfig: "LOAD_BALANCING_POLICY_CONFIG"
        case .UNRECOGNIZED(let value): String(value)
        }
    }

    private static func checkCustomClusterType(
        _ type: Envoy_Config_Cluster_V3_Cluster.CustomClusterType,
        _ context: inout ValidationContext
    ) {
        if type.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if type.hasTypedConfig {
            context.checkExtension(type.typedConfig, named: type.name, field: "typed_config", slot: .clusterType)
        }
    }

    private static func checkTransportSocketMatch(
        _ match: Envoy_Config_Cluster_V3_Cluster.TransportSocketMatch,
        _ context: inout ValidationContext
    ) {
        if match.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if match.hasTransportSocket {
            context.checkExtension(
                match.transportSocket.packedConfig,
                named: match.transportSocket.name,
                field: "transport_socket.typed_config",
                slot: .upstreamTransportSocket
            )
        }
    }

    // MARK: - Load balancing

    private static func checkSubsetSelector(
        _ selector: Envoy_Config_Cluster_V3_Cluster.LbSubsetConfig.LbSubsetSelector,
        _ context: inout ValidationContext
    ) {
        guard selector.fallbackPolicy == .keysSubset else { return }
        if selector.fallbackKeysSubset.isEmpty {
            context.report("fallback_keys_subset", "fallback_keys_subset cannot be empty")
        } else if !Set(selector.fallbackKeysSubset).isSubset(of: selector.keys) {
            context.report("fallback_keys_subset", "fallback_keys_subset must be a subset of selector keys")
        }
    }

    private static func checkRingHash(
        _ ring: Envoy_Config_Cluster_V3_Cluster.RingHashLbConfig,
        _ context: inout ValidationContext
    ) {
        let limit: UInt64 = 8_388_608
        if ring.hasMinimumRingSize, ring.minimumRingSize.value > limit {
            context.report("minimum_ring_size", PGV.lessOrEqual(limit))
        }
        if ring.hasMaximumRingSize, ring.maximumRingSize.value > limit {
            context.report("maximum_ring_size", PGV.lessOrEqual(limit))
        }
        let minimum = ring.hasMinimumRingSize ? ring.minimumRingSize.value : 1024
        let maximum = ring.hasMaximumRingSize ? ring.maximumRingSize.value : limit
        if minimum > maximum {
            context.report("", "ring hash: minimum_ring_size (\(minimum)) > maximum_ring_size (\(maximum))")
        }
    }

    private static func checkLeastRequest(
        _ config: Envoy_Config_Cluster_V3_Cluster.LeastRequestLbConfig,
        _ context: inout ValidationContext
    ) {
        if config.hasChoiceCount, config.choiceCount.value < 2 {
            context.report("choice_count", PGV.greaterOrEqual(2))
        }
    }

    private static func checkMaglev(
        _ config: Envoy_Config_Cluster_V3_Cluster.MaglevLbConfig,
        _ context: inout ValidationContext
    ) {
        guard config.hasTableSize else { return }
        let size = config.tableSize.value
        if size > 5_000_011 {
            context.report("table_size", PGV.lessOrEqual(5_000_011))
        } else if !isPrime(size) {
            context.report("table_size", "The table size of maglev must be prime number")
        }
    }

    private static func isPrime(_ value: UInt64) -> Bool {
        guard value >= 2 else { return false }
        var divisor: UInt64 = 2
        while divisor * divisor <= value {
            if value % divisor == 0 { return false }
            divisor += 1
        }
        return true
    }

    private static func checkPreconnectPolicy(
        _ policy: Envoy_Config_Cluster_V3_Cluster.PreconnectPolicy,
        _ context: inout ValidationContext
    ) {
        if policy.hasPerUpstreamPreconnectRatio, !(1...3).contains(policy.perUpstreamPreconnectRatio.value) {
            context.report("per_upstream_preconnect_ratio", "value must be inside range [1, 3]")
        }
        if policy.hasPredictivePreconnectRatio, !(1...3).contains(policy.predictivePreconnectRatio.value) {
            context.report("predictive_preconnect_ratio", "value must be inside range [1, 3]")
        }
    }

    private static func checkConsistentHashing(
        _ config: Envoy_Config_Cluster_V3_Cluster.CommonLbConfig.ConsistentHashingLbConfig,
        _ context: inout ValidationContext
    ) {
        if config.hasHashBalanceFactor, config.hashBalanceFactor.value < 100 {
            context.report("hash_balance_factor", PGV.greaterOrEqual(100))
        }
    }

    // MARK: - Outlier detection and health checks

    private static func checkOutlierDetection(
        _ detection: Envoy_Config_Cluster_V3_OutlierDetection,
        _ context: inout ValidationContext
    ) {
        let percentages: [(Bool, UInt32, String)] = [
            (detection.hasMaxEjectionPercent, detection.maxEjectionPercent.value, "max_ejection_percent"),
            (
                detection.hasEnforcingConsecutive5Xx, detection.enforcingConsecutive5Xx.value,
                "enforcing_consecutive_5xx"
            ),
            (detection.hasEnforcingSuccessRate, detection.enforcingSuccessRate.value, "enforcing_success_rate"),
            (
                detection.hasEnforcingConsecutiveGatewayFailure, detection.enforcingConsecutiveGatewayFailure.value,
                "enforcing_consecutive_gateway_failure"
            ),
            (
                detection.hasEnforcingConsecutiveLocalOriginFailure,
                detection.enforcingConsecutiveLocalOriginFailure.value, "enforcing_consecutive_local_origin_failure"
            ),
            (
                detection.hasEnforcingLocalOriginSuccessRate, detection.enforcingLocalOriginSuccessRate.value,
                "enforcing_local_origin_success_rate"
            ),
            (
                detection.hasFailurePercentageThreshold, detection.failurePercentageThreshold.value,
                "failure_percentage_threshold"
            ),
            (
                detection.hasEnforcingFailurePercentage, detection.enforcingFailurePercentage.value,
                "enforcing_failure_percentage"
            ),
            (
                detection.hasEnforcingFailurePercentageLocalOrigin,
                detection.enforcingFailurePercentageLocalOrigin.value, "enforcing_failure_percentage_local_origin"
            ),
        ]
        for (isSet, value, field) in percentages where isSet && value > 100 {
            context.report(field, PGV.lessOrEqual(100))
        }
        let durations: [(Bool, Google_Protobuf_Duration, String)] = [
            (detection.hasInterval, detection.interval, "interval"),
            (detection.hasBaseEjectionTime, detection.baseEjectionTime, "base_ejection_time"),
            (detection.hasMaxEjectionTime, detection.maxEjectionTime, "max_ejection_time"),
        ]
        for (isSet, duration, field) in durations where isSet && DurationRule.isNotAbove(duration) {
            context.report(field, PGV.positiveDuration)
        }
        // Envoy's defaults: base 30 s, max 300 s.
        let base = detection.hasBaseEjectionTime ? detection.baseEjectionTime.totalNanoseconds : 30_000_000_000
        let max = detection.hasMaxEjectionTime ? detection.maxEjectionTime.totalNanoseconds : 300_000_000_000
        let valid = [detection.baseEjectionTime, detection.maxEjectionTime].allSatisfy {
            DurationRule.problem($0) == nil
        }
        if valid, max < base {
            context.report(
                "max_ejection_time",
                "outlier detector's max_ejection_time cannot be smaller than base_ejection_time"
            )
        }
    }

    private static func checkHealthCheck(
        _ check: Envoy_Config_Core_V3_HealthCheck,
        _ context: inout ValidationContext
    ) {
        for (field, isSet, duration) in [
            ("timeout", check.hasTimeout, check.timeout), ("interval", check.hasInterval, check.interval),
        ] {
            if !isSet {
                context.report(field, PGV.required)
            } else if DurationRule.isNotAbove(duration) {
                context.report(field, PGV.positiveDuration)
            }
        }
        if !check.hasUnhealthyThreshold { context.report("unhealthy_threshold", PGV.required) }
        if !check.hasHealthyThreshold { context.report("healthy_threshold", PGV.required) }
        if check.healthChecker == nil { context.report("", PGV.oneofRequired("health_checker")) }
        let optionalPositive: [(Bool, Google_Protobuf_Duration, String)] = [
            (check.hasNoTrafficInterval, check.noTrafficInterval, "no_traffic_interval"),
            (check.hasNoTrafficHealthyInterval, check.noTrafficHealthyInterval, "no_traffic_healthy_interval"),
            (check.hasUnhealthyInterval, check.unhealthyInterval, "unhealthy_interval"),
            (check.hasUnhealthyEdgeInterval, check.unhealthyEdgeInterval, "unhealthy_edge_interval"),
            (check.hasHealthyEdgeInterval, check.healthyEdgeInterval, "healthy_edge_interval"),
        ]
        for (isSet, duration, field) in optionalPositive where isSet && DurationRule.isNotAbove(duration) {
            context.report(field, PGV.positiveDuration)
        }
        for (index, logger) in check.eventLogger.enumerated() where logger.hasTypedConfig {
            context.checkExtension(
                logger.typedConfig,
                named: logger.name,
                field: "event_logger[\(index)].typed_config",
                slot: .healthCheckEventSink
            )
        }
    }

    private static func checkHTTPHealthCheck(
        _ check: Envoy_Config_Core_V3_HealthCheck.HttpHealthCheck,
        _ context: inout ValidationContext
    ) {
        if check.path.isEmpty {
            context.report("path", PGV.nonEmpty)
        } else {
            context.checkHeaderValue(check.path, field: "path", strict: true)
        }
        context.checkHeaderValue(check.host, field: "host", strict: true)
        if check.method == .connect { context.report("method", PGV.notIn("CONNECT")) }
        if check.requestHeadersToAdd.count > 1000 { context.report("request_headers_to_add", PGV.maxItems(1000)) }
        context.checkHeadersToRemove(check.requestHeadersToRemove, field: "request_headers_to_remove", nonEmpty: false)
        checkStatusRanges(check.expectedStatuses, kind: "expected", field: "expected_statuses", &context)
        checkStatusRanges(check.retriableStatuses, kind: "retriable", field: "retriable_statuses", &context)
    }

    /// Envoy's `HttpHealthCheckerImpl` status ranges: `[start, end)` with 100 ≤ start < end ≤ 600.
    private static func checkStatusRanges(
        _ ranges: [Envoy_Type_V3_Int64Range],
        kind: String,
        field: String,
        _ context: inout ValidationContext
    ) {
        for (index, range) in ranges.enumerated() {
            let prefix = "Invalid http \(kind) status range: expecting "
            let element = "\(field)[\(index)]"
            if range.start >= range.end {
                context.report(element, prefix + "start < end, but found start=\(range.start) and end=\(range.end)")
            } else if range.start < 100 {
                context.report(element, prefix + "start >= 100, but found start=\(range.start)")
            } else if range.end > 600 {
                context.report(element, prefix + "end <= 600, but found end=\(range.end)")
            }
        }
    }

    private static func checkGRPCHealthCheck(
        _ check: Envoy_Config_Core_V3_HealthCheck.GrpcHealthCheck,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderValue(check.authority, field: "authority")
        if check.initialMetadata.count > 1000 { context.report("initial_metadata", PGV.maxItems(1000)) }
    }

    private static func checkEventFileSink(
        _ sink: Envoy_Extensions_HealthCheck_EventSinks_File_V3_HealthCheckEventFileSink,
        _ context: inout ValidationContext
    ) {
        if sink.eventLogPath.isEmpty { context.report("event_log_path", PGV.nonEmpty) }
    }

    private static func checkPayload(
        _ payload: Envoy_Config_Core_V3_HealthCheck.Payload,
        _ context: inout ValidationContext
    ) {
        switch payload.payload {
        case nil: context.report("", PGV.oneofRequired("payload"))
        case .text(let text) where text.isEmpty: context.report("text", PGV.nonEmpty)
        default: break
        }
    }

    // MARK: - Protocol options and transport sockets

    private static func checkUpstreamHTTPOptions(
        _ options: Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions,
        _ context: inout ValidationContext
    ) {
        if options.upstreamProtocolOptions == nil {
            context.report("", PGV.oneofRequired("upstream_protocol_options"))
        }
    }

    private static func checkExplicitHTTP(
        _ config: Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.ExplicitHttpConfig,
        _ context: inout ValidationContext
    ) {
        if config.protocolConfig == nil { context.report("", PGV.oneofRequired("protocol_config")) }
    }

    private static func checkCommonHTTPOptions(
        _ options: Envoy_Config_Core_V3_HttpProtocolOptions,
        _ context: inout ValidationContext
    ) {
        if options.hasMaxHeadersCount, options.maxHeadersCount.value < 1 {
            context.report("max_headers_count", PGV.greaterOrEqual(1))
        }
    }

    private static func checkHeaderKeyFormat(
        _ format: Envoy_Config_Core_V3_Http1ProtocolOptions.HeaderKeyFormat,
        _ context: inout ValidationContext
    ) {
        switch format.headerFormat {
        case nil:
            context.report("", PGV.oneofRequired("header_format"))
        case .statefulFormatter(let formatter) where formatter.hasTypedConfig:
            context.checkExtension(
                formatter.typedConfig,
                named: formatter.name,
                field: "stateful_formatter.typed_config",
                slot: .headerFormatter
            )
        default:
            break
        }
    }

    private static func checkHTTP2Options(
        _ options: Envoy_Config_Core_V3_Http2ProtocolOptions,
        _ context: inout ValidationContext
    ) {
        let windows: [(Bool, UInt32, String)] = [
            (options.hasInitialStreamWindowSize, options.initialStreamWindowSize.value, "initial_stream_window_size"),
            (
                options.hasInitialConnectionWindowSize, options.initialConnectionWindowSize.value,
                "initial_connection_window_size"
            ),
        ]
        for (isSet, value, field) in windows where isSet && !(65535...2_147_483_647).contains(value) {
            context.report(field, PGV.inside(65535, 2_147_483_647, closed: true))
        }
        if options.hasMaxConcurrentStreams, !(1...2_147_483_647).contains(options.maxConcurrentStreams.value) {
            context.report("max_concurrent_streams", PGV.inside(1, 2_147_483_647, closed: true))
        }
    }

    private static func checkKeepalive(
        _ keepalive: Envoy_Config_Core_V3_KeepaliveSettings,
        _ context: inout ValidationContext
    ) {
        let millisecond: Int64 = 1_000_000
        let atLeastOneMillisecond = "value must be greater than or equal to 1ms"
        if keepalive.hasInterval, DurationRule.isBelow(keepalive.interval, millisecond) {
            context.report("interval", atLeastOneMillisecond)
        }
        if !keepalive.hasTimeout {
            context.report("timeout", PGV.required)
        } else if DurationRule.isBelow(keepalive.timeout, millisecond) {
            context.report("timeout", atLeastOneMillisecond)
        }
        if keepalive.hasConnectionIdleInterval, DurationRule.isBelow(keepalive.connectionIdleInterval, millisecond) {
            context.report("connection_idle_interval", atLeastOneMillisecond)
        }
    }

    private static func checkProxyProtocol(
        _ transport: Envoy_Extensions_TransportSockets_ProxyProtocol_V3_ProxyProtocolUpstreamTransport,
        _ context: inout ValidationContext
    ) {
        guard transport.hasTransportSocket else {
            context.report("transport_socket", PGV.required)
            return
        }
        context.checkExtension(
            transport.transportSocket.packedConfig,
            named: transport.transportSocket.name,
            field: "transport_socket.typed_config",
            slot: .upstreamTransportSocket
        )
    }

    private static func checkDNSCluster(
        _ cluster: Envoy_Extensions_Clusters_Dns_V3_DnsCluster,
        _ context: inout ValidationContext
    ) {
        let millisecond: Int64 = 1_000_000
        if cluster.hasDnsRefreshRate, DurationRule.isNotAbove(cluster.dnsRefreshRate, millisecond) {
            context.report("dns_refresh_rate", "value must be greater than 1ms")
        }
        if cluster.hasDnsFailureRefreshRate {
            let rate = cluster.dnsFailureRefreshRate
            if !rate.hasBaseInterval {
                context.report("dns_failure_refresh_rate.base_interval", PGV.required)
            } else if DurationRule.isNotAbove(rate.baseInterval, millisecond) {
                context.report("dns_failure_refresh_rate.base_interval", "value must be greater than 1ms")
            }
            if rate.hasMaxInterval, DurationRule.isNotAbove(rate.maxInterval, millisecond) {
                context.report("dns_failure_refresh_rate.max_interval", "value must be greater than 1ms")
            }
        }
        if cluster.hasTypedDnsResolverConfig, cluster.typedDnsResolverConfig.hasTypedConfig {
            let resolver = cluster.typedDnsResolverConfig
            context.checkExtension(
                resolver.typedConfig,
                named: resolver.name,
                field: "typed_dns_resolver_config.typed_config",
                slot: .dnsResolver
            )
        }
    }
}
