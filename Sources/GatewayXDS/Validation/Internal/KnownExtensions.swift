internal import SwiftProtobuf

/// Where in a resource an `Any` sits, which decides the extension types Envoy accepts there.
struct ExtensionSlot: OptionSet, Hashable {
    let rawValue: UInt16

    /// `FilterChain.filters[].typed_config`.
    static let networkFilter = ExtensionSlot(rawValue: 1 << 0)
    /// `Listener.listener_filters[].typed_config`.
    static let listenerFilter = ExtensionSlot(rawValue: 1 << 1)
    /// `HttpConnectionManager.http_filters[].typed_config`.
    static let httpFilter = ExtensionSlot(rawValue: 1 << 2)
    /// `typed_per_filter_config` values and `FilterConfig.config`.
    static let perRouteConfig = ExtensionSlot(rawValue: 1 << 3)
    /// `FilterChain.transport_socket.typed_config`.
    static let downstreamTransportSocket = ExtensionSlot(rawValue: 1 << 4)
    /// `Cluster.transport_socket.typed_config`.
    static let upstreamTransportSocket = ExtensionSlot(rawValue: 1 << 5)
    /// `Cluster.typed_extension_protocol_options` values.
    static let upstreamProtocolOptions = ExtensionSlot(rawValue: 1 << 6)
    /// `Http1ProtocolOptions.HeaderKeyFormat.stateful_formatter.typed_config`.
    static let headerFormatter = ExtensionSlot(rawValue: 1 << 7)
    /// `HealthCheck.event_logger[].typed_config`.
    static let healthCheckEventSink = ExtensionSlot(rawValue: 1 << 8)
    /// `RetryPolicy.retry_priority.typed_config`.
    static let retryPriority = ExtensionSlot(rawValue: 1 << 9)
    /// `RetryPolicy.retry_host_predicate[].typed_config`.
    static let retryHostPredicate = ExtensionSlot(rawValue: 1 << 10)
    /// `Cluster.cluster_type.typed_config`.
    static let clusterType = ExtensionSlot(rawValue: 1 << 11)
    /// `DnsCluster.typed_dns_resolver_config.typed_config`.
    static let dnsResolver = ExtensionSlot(rawValue: 1 << 12)
}

/// An extension configuration type Envoy has a registered implementation for.
struct KnownExtension: Sendable {
    /// The message packed in the `Any`.
    let type: any SwiftProtobuf.Message.Type
    /// The name of Envoy's factory for it, as Envoy's filter-chain errors print it.
    let factoryName: String
    /// Where the type is accepted.
    let slots: ExtensionSlot
    /// Whether the filter must be the last of its chain (the router, the HTTP connection manager).
    let isTerminal: Bool

    init(
        _ type: any SwiftProtobuf.Message.Type,
        _ factoryName: String,
        _ slots: ExtensionSlot,
        terminal: Bool = false
    ) {
        self.type = type
        self.factoryName = factoryName
        self.slots = slots
        self.isTerminal = terminal
    }
}

extension ExtensionSlot: Sendable {}

/// The extension types GatewayXDS can produce and check, keyed by type URL. An `Any` of any other type is
/// rejected where Envoy looks up an implementation for it, and its content is walked into when it is known.
enum KnownExtensions {
    static let prefix = "type.googleapis.com/"

    static let all: [KnownExtension] = [
        KnownExtension(
            Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager.self,
            "envoy.filters.network.http_connection_manager",
            .networkFilter,
            terminal: true
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector.self,
            "envoy.filters.listener.tls_inspector",
            .listenerFilter
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_Router_V3_Router.self,
            "envoy.filters.http.router",
            .httpFilter,
            terminal: true
        ),
        KnownExtension(Envoy_Extensions_Filters_Http_Cors_V3_Cors.self, "envoy.filters.http.cors", .httpFilter),
        KnownExtension(
            Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy.self,
            "envoy.filters.http.cors",
            .perRouteConfig
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault.self,
            "envoy.filters.http.fault",
            [.httpFilter, .perRouteConfig]
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder.self,
            "envoy.filters.http.grpc_json_transcoder",
            [.httpFilter, .perRouteConfig]
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_LocalRatelimit_V3_LocalRateLimit.self,
            "envoy.filters.http.local_ratelimit",
            [.httpFilter, .perRouteConfig]
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_AwsLambda_V3_Config.self,
            "envoy.filters.http.aws_lambda",
            .httpFilter
        ),
        KnownExtension(
            Envoy_Extensions_Filters_Http_AwsLambda_V3_PerRouteConfig.self,
            "envoy.filters.http.aws_lambda",
            .perRouteConfig
        ),
        KnownExtension(Envoy_Config_Route_V3_FilterConfig.self, "envoy.config.route.v3.FilterConfig", .perRouteConfig),
        KnownExtension(
            Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext.self,
            "envoy.transport_sockets.tls",
            .downstreamTransportSocket
        ),
        KnownExtension(
            Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext.self,
            "envoy.transport_sockets.tls",
            .upstreamTransportSocket
        ),
        KnownExtension(
            Envoy_Extensions_TransportSockets_RawBuffer_V3_RawBuffer.self,
            "envoy.transport_sockets.raw_buffer",
            [.downstreamTransportSocket, .upstreamTransportSocket]
        ),
        KnownExtension(
            Envoy_Extensions_TransportSockets_ProxyProtocol_V3_ProxyProtocolUpstreamTransport.self,
            "envoy.transport_sockets.upstream_proxy_protocol",
            .upstreamTransportSocket
        ),
        KnownExtension(Envoy_Extensions_Clusters_Dns_V3_DnsCluster.self, "envoy.clusters.dns", .clusterType),
        KnownExtension(
            Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.self,
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            .upstreamProtocolOptions
        ),
        KnownExtension(
            Envoy_Extensions_Http_HeaderFormatters_PreserveCase_V3_PreserveCaseFormatterConfig.self,
            "envoy.http.stateful_header_formatters.preserve_case",
            .headerFormatter
        ),
        KnownExtension(
            Envoy_Extensions_HealthCheck_EventSinks_File_V3_HealthCheckEventFileSink.self,
            "envoy.health_check.event_sink.file",
            .healthCheckEventSink
        ),
        KnownExtension(
            Envoy_Extensions_Retry_Priority_PreviousPriorities_V3_PreviousPrioritiesConfig.self,
            "envoy.retry_priorities.previous_priorities",
            .retryPriority
        ),
    ]

    /// ``all`` by full type URL (`type.googleapis.com/<message>`).
    static let byTypeURL: [String: KnownExtension] = Dictionary(
        all.map { (prefix + $0.type.protoMessageName, $0) },
        uniquingKeysWith: { first, _ in first }
    )
}
