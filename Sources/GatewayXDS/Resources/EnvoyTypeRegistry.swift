public import SwiftProtobuf
import Synchronization

/// The Envoy messages the translator packs into `Any` (filter configurations, per-route configurations,
/// transport sockets, protocol options): JSON rendering needs to know them, and the validator accepts no
/// other type URL.
public enum EnvoyTypeRegistry {
    /// Every message type that may appear packed in an `Any`.
    public static let packedTypes: [any SwiftProtobuf.Message.Type] = [
        Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager.self,
        Envoy_Extensions_Filters_Http_Router_V3_Router.self,
        Envoy_Extensions_Filters_Http_Cors_V3_Cors.self,
        Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy.self,
        Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault.self,
        Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder.self,
        Envoy_Extensions_Filters_Http_AwsLambda_V3_Config.self,
        Envoy_Extensions_Filters_Http_AwsLambda_V3_PerRouteConfig.self,
        Envoy_Extensions_Filters_Http_LocalRatelimit_V3_LocalRateLimit.self,
        Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector.self,
        Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext.self,
        Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext.self,
        Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.self,
        Envoy_Extensions_Http_HeaderFormatters_PreserveCase_V3_PreserveCaseFormatterConfig.self,
        Envoy_Extensions_HealthCheck_EventSinks_File_V3_HealthCheckEventFileSink.self,
        Envoy_Config_Route_V3_FilterConfig.self,
        Envoy_Config_Listener_V3_Listener.self,
        Envoy_Config_Route_V3_RouteConfiguration.self,
        Envoy_Config_Cluster_V3_Cluster.self,
        Envoy_Config_Endpoint_V3_ClusterLoadAssignment.self,
        Envoy_Extensions_TransportSockets_Tls_V3_Secret.self,
    ]

    /// The type URLs of ``packedTypes``.
    public static let packedTypeURLs: Set<String> = Set(
        packedTypes.map { EnvoyNames.typeURLPrefix + $0.protoMessageName }
    )

    private static let registered = Mutex(false)

    /// Registers ``packedTypes`` with swift-protobuf's `Any` registry, once, so JSON can show them.
    static func registerPackedTypes() {
        registered.withLock { done in
            guard !done else { return }
            for type in packedTypes { Google_Protobuf_Any.register(messageType: type) }
            done = true
        }
    }
}
