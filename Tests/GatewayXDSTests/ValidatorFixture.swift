import SwiftProtobuf

@testable import GatewayXDS

/// A small, valid snapshot touching every resource type and most rule families, and helpers to edit the
/// messages packed inside it. ``ValidatorTests`` mutates one thing at a time and expects exactly one issue.
///
/// - listeners `http` (127.0.0.1:8080, RDS `http-routes`, HTTP filters CORS then router) and `https`
///   (127.0.0.1:8443, TLS inspector, one SNI filter chain with a downstream TLS context whose certificate is
///   the SDS secret `server-cert`, and an inline route configuration `https-routes`);
/// - route configuration `http-routes` with virtual hosts `api` (five routes: cluster, weighted clusters,
///   redirect, direct response, `cluster_header`) and `default` (`*`);
/// - clusters `orders_default` (EDS over ADS, health check, upstream TLS validated by the SDS secret
///   `ca-bundle`, HTTP/2) and `static_default` (STATIC, one IP endpoint);
/// - the load assignment `orders_default`, and secrets `ca-bundle` and `server-cert`.
enum ValidatorFixture {
    typealias HCM = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager
    typealias DownstreamTLS = Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext
    typealias UpstreamTLS = Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext

    static func resources() -> XDSResources {
        var resources = XDSResources()
        resources.listeners = [httpListener(), httpsListener()]
        resources.routeConfigurations = [httpRoutes()]
        resources.clusters = [ordersCluster(), staticCluster()]
        resources.clusterLoadAssignments = [assignment("orders_default", address: "10.0.0.2", port: 8080)]
        resources.secrets = [caBundle(), serverCertificate()]
        return resources
    }

    // MARK: - Building blocks

    static var ads: Envoy_Config_Core_V3_ConfigSource {
        var source = Envoy_Config_Core_V3_ConfigSource()
        source.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
        source.resourceApiVersion = .v3
        return source
    }

    static func socket(_ address: String, _ port: UInt32) -> Envoy_Config_Core_V3_Address {
        var socket = Envoy_Config_Core_V3_SocketAddress()
        socket.address = address
        socket.portValue = port
        var result = Envoy_Config_Core_V3_Address()
        result.socketAddress = socket
        return result
    }

    static func seconds(_ seconds: Int64, nanos: Int32 = 0) -> Google_Protobuf_Duration {
        Google_Protobuf_Duration(seconds: seconds, nanos: nanos)
    }

    static func httpFilter(_ name: String, _ config: some SwiftProtobuf.Message) -> HCM.HttpFilterType {
        var filter = HCM.HttpFilterType()
        filter.name = name
        filter.typedConfig = Google_Protobuf_Any(packing: config)
        return filter
    }

    static var router: HCM.HttpFilterType {
        httpFilter("envoy.filters.http.router", Envoy_Extensions_Filters_Http_Router_V3_Router())
    }

    static var cors: HCM.HttpFilterType {
        httpFilter("envoy.filters.http.cors", Envoy_Extensions_Filters_Http_Cors_V3_Cors())
    }

    static func networkFilter(_ hcm: HCM) -> Envoy_Config_Listener_V3_Filter {
        var filter = Envoy_Config_Listener_V3_Filter()
        filter.name = "envoy.filters.network.http_connection_manager"
        filter.typedConfig = Google_Protobuf_Any(packing: hcm)
        return filter
    }

    static func header(_ key: String, _ value: String) -> Envoy_Config_Core_V3_HeaderValueOption {
        var option = Envoy_Config_Core_V3_HeaderValueOption()
        option.header.key = key
        option.header.value = value
        return option
    }

    static func sdsSecret(_ name: String) -> Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig {
        var config = Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig()
        config.name = name
        config.sdsConfig = ads
        return config
    }

    // MARK: - Listeners

    static func httpListener() -> Envoy_Config_Listener_V3_Listener {
        var hcm = HCM()
        hcm.statPrefix = "http"
        hcm.rds.configSource = ads
        hcm.rds.routeConfigName = "http-routes"
        hcm.httpFilters = [cors, router]
        var chain = Envoy_Config_Listener_V3_FilterChain()
        chain.filters = [networkFilter(hcm)]
        var listener = Envoy_Config_Listener_V3_Listener()
        listener.name = "http"
        listener.address = socket("127.0.0.1", 8080)
        listener.filterChains = [chain]
        return listener
    }

    static func httpsListener() -> Envoy_Config_Listener_V3_Listener {
        var route = Envoy_Config_Route_V3_Route()
        route.match.prefix = "/"
        route.route.cluster = "orders_default"
        var host = Envoy_Config_Route_V3_VirtualHost()
        host.name = "secure"
        host.domains = ["secure.example.com"]
        host.routes = [route]
        var hcm = HCM()
        hcm.statPrefix = "https"
        hcm.routeConfig.name = "https-routes"
        hcm.routeConfig.virtualHosts = [host]
        hcm.httpFilters = [router]

        var tls = DownstreamTLS()
        tls.commonTlsContext.tlsCertificateSdsSecretConfigs = [sdsSecret("server-cert")]
        tls.commonTlsContext.alpnProtocols = ["h2", "http/1.1"]
        var chain = Envoy_Config_Listener_V3_FilterChain()
        chain.name = "secure"
        chain.filterChainMatch.serverNames = ["secure.example.com"]
        chain.transportSocket.name = "envoy.transport_sockets.tls"
        chain.transportSocket.typedConfig = Google_Protobuf_Any(packing: tls)
        chain.filters = [networkFilter(hcm)]

        var inspector = Envoy_Config_Listener_V3_ListenerFilter()
        inspector.name = "envoy.filters.listener.tls_inspector"
        inspector.typedConfig = Google_Protobuf_Any(
            packing: Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector()
        )
        var listener = Envoy_Config_Listener_V3_Listener()
        listener.name = "https"
        listener.address = socket("127.0.0.1", 8443)
        listener.listenerFilters = [inspector]
        listener.filterChains = [chain]
        return listener
    }

    // MARK: - Routes

    static func httpRoutes() -> Envoy_Config_Route_V3_RouteConfiguration {
        var orders = Envoy_Config_Route_V3_Route()
        orders.name = "orders"
        orders.match.prefix = "/orders"
        var tenant = Envoy_Config_Route_V3_HeaderMatcher()
        tenant.name = "x-tenant"
        tenant.stringMatch.exact = "acme"
        orders.match.headers = [tenant]
        var version = Envoy_Config_Route_V3_QueryParameterMatcher()
        version.name = "v"
        version.presentMatch = true
        orders.match.queryParameters = [version]
        orders.route.cluster = "orders_default"
        orders.route.timeout = seconds(5)
        orders.route.retryPolicy.retryOn = "5xx,reset"
        orders.route.retryPolicy.numRetries = Google_Protobuf_UInt32Value(2)
        orders.route.retryPolicy.retryBackOff.baseInterval = seconds(0, nanos: 100_000_000)
        orders.route.retryPolicy.retryBackOff.maxInterval = seconds(1)
        var mirror = Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy()
        mirror.cluster = "static_default"
        orders.route.requestMirrorPolicies = [mirror]
        var hash = Envoy_Config_Route_V3_RouteAction.HashPolicy()
        hash.header.headerName = "x-user"
        orders.route.hashPolicy = [hash]
        orders.requestHeadersToAdd = [header("x-route", "orders")]

        var canary = Envoy_Config_Route_V3_Route()
        canary.match.safeRegex.regex = "/v[0-9]+/.*"
        var primary = Envoy_Config_Route_V3_WeightedCluster.ClusterWeight()
        primary.name = "orders_default"
        primary.weight = Google_Protobuf_UInt32Value(80)
        var secondary = Envoy_Config_Route_V3_WeightedCluster.ClusterWeight()
        secondary.name = "static_default"
        secondary.weight = Google_Protobuf_UInt32Value(20)
        canary.route.weightedClusters.clusters = [primary, secondary]
        canary.route.regexRewrite.pattern.regex = "^/v[0-9]+"
        canary.route.regexRewrite.substitution = ""

        var old = Envoy_Config_Route_V3_Route()
        old.match.path = "/old"
        old.redirect.pathRedirect = "/new"
        old.redirect.responseCode = .permanentRedirect

        var health = Envoy_Config_Route_V3_Route()
        health.match.prefix = "/health"
        health.directResponse.status = 200
        health.directResponse.body.inlineString = "ok"

        var dynamic = Envoy_Config_Route_V3_Route()
        dynamic.match.prefix = "/"
        dynamic.route.clusterHeader = "x-cluster"

        var policy = Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy()
        var origin = Envoy_Type_Matcher_V3_StringMatcher()
        origin.prefix = "https://"
        policy.allowOriginStringMatch = [origin]

        var api = Envoy_Config_Route_V3_VirtualHost()
        api.name = "api"
        api.domains = ["api.example.com", "api.example.com:8080"]
        api.routes = [orders, canary, old, health, dynamic]
        api.requestHeadersToAdd = [header("x-gateway", "swift")]
        api.responseHeadersToRemove = ["server"]
        api.typedPerFilterConfig["envoy.filters.http.cors"] = Google_Protobuf_Any(packing: policy)

        var fallback = Envoy_Config_Route_V3_Route()
        fallback.match.prefix = "/"
        fallback.route.cluster = "static_default"
        var wildcard = Envoy_Config_Route_V3_VirtualHost()
        wildcard.name = "default"
        wildcard.domains = ["*"]
        wildcard.routes = [fallback]

        var configuration = Envoy_Config_Route_V3_RouteConfiguration()
        configuration.name = "http-routes"
        configuration.virtualHosts = [api, wildcard]
        return configuration
    }

    // MARK: - Clusters, endpoints, secrets

    static func ordersCluster() -> Envoy_Config_Cluster_V3_Cluster {
        var cluster = Envoy_Config_Cluster_V3_Cluster()
        cluster.name = "orders_default"
        cluster.type = .eds
        cluster.edsClusterConfig.edsConfig = ads
        cluster.connectTimeout = seconds(1)
        cluster.lbPolicy = .leastRequest

        var check = Envoy_Config_Core_V3_HealthCheck()
        check.timeout = seconds(1)
        check.interval = seconds(5)
        check.unhealthyThreshold = Google_Protobuf_UInt32Value(3)
        check.healthyThreshold = Google_Protobuf_UInt32Value(2)
        check.httpHealthCheck.path = "/healthz"
        var healthy = Envoy_Type_V3_Int64Range()
        healthy.start = 200
        healthy.end = 300
        check.httpHealthCheck.expectedStatuses = [healthy]
        cluster.healthChecks = [check]

        var tls = UpstreamTLS()
        tls.sni = "orders.internal"
        tls.commonTlsContext.validationContextSdsSecretConfig = sdsSecret("ca-bundle")
        cluster.transportSocket.name = "envoy.transport_sockets.tls"
        cluster.transportSocket.typedConfig = Google_Protobuf_Any(packing: tls)

        var options = Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions()
        options.explicitHTTPConfig.http2ProtocolOptions.maxConcurrentStreams = Google_Protobuf_UInt32Value(100)
        cluster.typedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"] =
            Google_Protobuf_Any(packing: options)
        return cluster
    }

    static func staticCluster() -> Envoy_Config_Cluster_V3_Cluster {
        var cluster = Envoy_Config_Cluster_V3_Cluster()
        cluster.name = "static_default"
        cluster.type = .static
        cluster.connectTimeout = seconds(2)
        cluster.loadAssignment = assignment("static_default", address: "10.0.0.1", port: 80)
        return cluster
    }

    static func assignment(
        _ name: String,
        address: String,
        port: UInt32
    ) -> Envoy_Config_Endpoint_V3_ClusterLoadAssignment {
        var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
        endpoint.endpoint.address = socket(address, port)
        var locality = Envoy_Config_Endpoint_V3_LocalityLbEndpoints()
        locality.lbEndpoints = [endpoint]
        var assignment = Envoy_Config_Endpoint_V3_ClusterLoadAssignment()
        assignment.clusterName = name
        assignment.endpoints = [locality]
        return assignment
    }

    static func caBundle() -> Envoy_Extensions_TransportSockets_Tls_V3_Secret {
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = "ca-bundle"
        secret.validationContext.trustedCa.inlineString = "-----BEGIN CERTIFICATE-----"
        return secret
    }

    static func serverCertificate() -> Envoy_Extensions_TransportSockets_Tls_V3_Secret {
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = "server-cert"
        secret.tlsCertificate.certificateChain.inlineString = "-----BEGIN CERTIFICATE-----"
        secret.tlsCertificate.privateKey.inlineString = "-----BEGIN PRIVATE KEY-----"
        return secret
    }

    // MARK: - Editing packed messages

    /// Decodes the `M` packed in `any`, lets `body` change it, and packs it again.
    static func edit<M: SwiftProtobuf.Message>(
        _ any: inout Google_Protobuf_Any,
        as type: M.Type,
        _ body: (inout M) -> Void
    ) {
        var message = (try? M(unpackingAny: any)) ?? M()
        body(&message)
        any = Google_Protobuf_Any(packing: message)
    }

    /// The HTTP connection manager of filter chain `chain` of listener `listener` (0 = `http`, 1 = `https`).
    static func editHCM(
        _ resources: inout XDSResources,
        listener: Int = 0,
        chain: Int = 0,
        _ body: (inout HCM) -> Void
    ) {
        edit(&resources.listeners[listener].filterChains[chain].filters[0].typedConfig, as: HCM.self, body)
    }

    /// The downstream TLS context of the `https` listener.
    static func editDownstreamTLS(_ resources: inout XDSResources, _ body: (inout DownstreamTLS) -> Void) {
        edit(&resources.listeners[1].filterChains[0].transportSocket.typedConfig, as: DownstreamTLS.self, body)
    }

    /// The upstream TLS context of `orders_default`.
    static func editUpstreamTLS(_ resources: inout XDSResources, _ body: (inout UpstreamTLS) -> Void) {
        edit(&resources.clusters[0].transportSocket.typedConfig, as: UpstreamTLS.self, body)
    }
}

extension ValidatorFixture.HCM {
    typealias HttpFilterType = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter
}
