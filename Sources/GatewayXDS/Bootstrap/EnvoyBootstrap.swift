import SwiftProtobuf

/// Envoy bootstraps: one that takes all configuration over ADS from a control plane, and a static one
/// that holds a proxy's resources itself.
///
/// ```swift
/// var options = EnvoyBootstrap.AggregatedOptions(xdsHost: "127.0.0.1", xdsPort: 18000)
/// options.proxyName = "gateway-proxy"
/// print(try EnvoyBootstrap.json(EnvoyBootstrap.aggregated(options)))
/// ```
public enum EnvoyBootstrap {
    /// The name of the static cluster that reaches the control plane.
    public static let xdsClusterName = "xds_cluster"

    /// Settings of a bootstrap that takes its configuration over ADS.
    public struct AggregatedOptions: Sendable, Hashable {
        /// The control plane's host (an IP address or a DNS name) and port.
        public var xdsHost: String
        public var xdsPort: UInt32
        /// The proxy (and its namespace) whose configuration the Envoy serves: node metadata
        /// `role: <namespace>~<proxy>`, which selects its snapshot.
        public var proxyName = "gateway-proxy"
        public var namespace = "gloo-system"
        /// The node id; `<proxy>.<namespace>` when nil. Give each Envoy of a fleet its own.
        public var nodeID: String?
        /// Envoy's admin port on 127.0.0.1; none when nil.
        public var adminPort: UInt32? = 19000
        /// The ADS variant: state of the world (`GRPC`) or delta (`DELTA_GRPC`).
        public var variant: StreamStatus.Variant = .stateOfTheWorld
        /// HTTP/2 keepalive pings to the control plane, so a dead connection is noticed.
        public var keepaliveInterval: Int64 = 30

        public init(xdsHost: String, xdsPort: UInt32) {
            self.xdsHost = xdsHost
            self.xdsPort = xdsPort
        }
    }

    /// A bootstrap that takes listeners and clusters (and through them routes, endpoints and secrets) over
    /// ADS from the control plane.
    public static func aggregated(_ options: AggregatedOptions) -> Envoy_Config_Bootstrap_V3_Bootstrap {
        var bootstrap = Envoy_Config_Bootstrap_V3_Bootstrap()
        bootstrap.node = node(
            id: options.nodeID ?? "\(options.proxyName).\(options.namespace)",
            proxyName: options.proxyName,
            namespace: options.namespace
        )
        if let port = options.adminPort { bootstrap.admin = admin(port: port) }

        var ads = Envoy_Config_Core_V3_ApiConfigSource()
        ads.apiType = options.variant == .delta ? .deltaGrpc : .grpc
        ads.transportApiVersion = .v3
        ads.setNodeOnFirstMessageOnly = true
        var service = Envoy_Config_Core_V3_GrpcService()
        service.envoyGrpc.clusterName = xdsClusterName
        ads.grpcServices = [service]
        bootstrap.dynamicResources.adsConfig = ads
        bootstrap.dynamicResources.cdsConfig = .aggregated
        bootstrap.dynamicResources.ldsConfig = .aggregated

        var cluster = Envoy_Config_Cluster_V3_Cluster()
        cluster.name = xdsClusterName
        cluster.type = isIPAddress(options.xdsHost) ? .static : .strictDns
        cluster.connectTimeout = .init(seconds: 1)
        cluster.loadAssignment.clusterName = xdsClusterName
        var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
        endpoint.endpoint.address.socketAddress.address = options.xdsHost
        endpoint.endpoint.address.socketAddress.portValue = options.xdsPort
        var locality = Envoy_Config_Endpoint_V3_LocalityLbEndpoints()
        locality.lbEndpoints = [endpoint]
        cluster.loadAssignment.endpoints = [locality]
        var http2 = Envoy_Config_Core_V3_Http2ProtocolOptions()
        if options.keepaliveInterval > 0 {
            http2.connectionKeepalive.interval = .init(seconds: options.keepaliveInterval)
            http2.connectionKeepalive.timeout = .init(seconds: 5)
        }
        var protocolOptions = Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions()
        protocolOptions.explicitHTTPConfig.http2ProtocolOptions = http2
        cluster.typedExtensionProtocolOptions[
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
        ] = Google_Protobuf_Any(packing: protocolOptions)
        bootstrap.staticResources.clusters = [cluster]
        return bootstrap
    }

    /// A bootstrap whose `static_resources` hold `resources`, translated with
    /// ``XDSTranslator/Delivery/embedded`` (inline route configurations and endpoints, static secrets).
    public static func `static`(
        _ resources: XDSResources,
        proxyName: String = "gateway-proxy",
        namespace: String = "gloo-system",
        adminPort: UInt32? = 19000
    ) -> Envoy_Config_Bootstrap_V3_Bootstrap {
        var bootstrap = Envoy_Config_Bootstrap_V3_Bootstrap()
        bootstrap.node = node(id: "\(proxyName).\(namespace)", proxyName: proxyName, namespace: namespace)
        if let port = adminPort { bootstrap.admin = admin(port: port) }
        bootstrap.staticResources.listeners = resources.listeners
        bootstrap.staticResources.clusters = resources.clusters
        bootstrap.staticResources.secrets = resources.secrets
        return bootstrap
    }

    /// The bootstrap as Envoy's JSON (snake_case field names, `@type` for packed messages), in field order.
    public static func json(_ bootstrap: Envoy_Config_Bootstrap_V3_Bootstrap) throws -> String {
        EnvoyTypeRegistry.registerPackedTypes()
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try bootstrap.jsonString(options: options)
    }

    private static func node(id: String, proxyName: String, namespace: String) -> Envoy_Config_Core_V3_Node {
        var node = Envoy_Config_Core_V3_Node()
        node.id = id
        node.cluster = proxyName
        node.metadata.fields["role"] = Google_Protobuf_Value(
            stringValue: NodeKey.proxy(proxyName, namespace: namespace)
        )
        return node
    }

    private static func admin(port: UInt32) -> Envoy_Config_Bootstrap_V3_Admin {
        var admin = Envoy_Config_Bootstrap_V3_Admin()
        admin.address.socketAddress.address = "127.0.0.1"
        admin.address.socketAddress.portValue = port
        return admin
    }

    /// Whether `host` is an IPv4 or IPv6 literal (else it is resolved through DNS).
    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in UInt8(part).map { _ in true } ?? false }
    }
}

extension Envoy_Config_Core_V3_ConfigSource {
    /// Resources over the ADS stream, API version 3: how every dynamic resource here is fetched.
    public static var aggregated: Envoy_Config_Core_V3_ConfigSource {
        var source = Envoy_Config_Core_V3_ConfigSource()
        source.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
        source.resourceApiVersion = .v3
        return source
    }
}
