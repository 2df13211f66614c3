import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// ``XDSValidator`` against a small valid snapshot (``ValidatorFixture``) and one mutation per rule: the valid
/// snapshot gives no issue, and each mutation gives exactly the expected issue (resource type, name, Envoy
/// field path and message).
///
/// Messages follow Envoy 1.40. These were confirmed with `envoy --mode validate` on static bootstraps carrying
/// the same mistakes: empty `domains` ("VirtualHostValidationError.Domains: value must contain at least 1
/// item(s)"), direct response status 0 and 600, the router before another filter ("terminal filter named …
/// must be the last filter in a http filter chain."), duplicate and repeated wildcard domains, several
/// rewrites, zero weight sum, invalid and oversized regexes, duplicate listener addresses, equal and
/// overlapping filter chains, health-check ranges, SNI longer than 255 bytes, `:path` and `host` mutations,
/// ORIGINAL_DST and LOGICAL_DNS shapes, and unknown `typed_config` types.
@Suite("XDS validator")
struct ValidatorTests {
    typealias Fixture = ValidatorFixture

    @Test("The fixture is valid")
    func fixtureIsValid() {
        #expect(XDSValidator().validate(Fixture.resources()) == [])
    }

    @Test("An empty snapshot is valid")
    func emptyIsValid() {
        #expect(XDSValidator().validate(XDSResources()) == [])
    }

    @Test("Listener rules", arguments: listenerMutations)
    func listenerRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("HTTP connection manager rules", arguments: connectionManagerMutations)
    func connectionManagerRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Route configuration rules", arguments: routeMutations)
    func routeRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Matcher, header and regex rules", arguments: matcherMutations)
    func matcherRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Cluster rules", arguments: clusterMutations)
    func clusterRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Load assignment and secret rules", arguments: endpointAndSecretMutations)
    func endpointAndSecretRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("A snapshot is self-contained", arguments: consistencyMutations)
    func consistencyRules(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Changes Envoy accepts give no issue", arguments: acceptedChanges)
    func acceptedChange(_ mutation: Mutation) {
        mutation.check()
    }

    @Test("Every type the translator packs is known to the validator")
    func registryCoversPackedTypes() {
        let resources: Set<String> = Set(XDSResourceType.allCases.map(\.typeURL))
        for url in EnvoyTypeRegistry.packedTypeURLs where !resources.contains(url) {
            #expect(KnownExtensions.byTypeURL[url] != nil, "\(url)")
        }
    }

    @Test("Field paths name fields inside Any, lists and maps")
    func fieldPathsAreEnvoyPaths() {
        var resources = Fixture.resources()
        Fixture.editHCM(&resources, listener: 1) { hcm in
            hcm.routeConfig.virtualHosts[0].routes[0].route.timeout = Fixture.seconds(-1)
        }
        resources.routeConfigurations[0].virtualHosts[1].requireTls = .UNRECOGNIZED(7)
        #expect(
            XDSValidator().validate(resources) == [
                XDSValidationIssue(
                    kind: .listener,
                    resourceName: "https",
                    fieldPath: "filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0]"
                        + ".route.timeout",
                    message: "Invalid duration: Expected positive duration"
                ),
                XDSValidationIssue(
                    kind: .routeConfiguration,
                    resourceName: "http-routes",
                    fieldPath: "virtual_hosts[1].require_tls",
                    message: "value must be one of the defined enum values"
                ),
            ]
        )
    }

    @Test("Issues read like Envoy's NACKs")
    func issueDescription() {
        let issue = XDSValidationIssue(
            kind: .routeConfiguration,
            resourceName: "http-routes",
            fieldPath: "virtual_hosts[0].domains",
            message: "value must contain at least 1 item(s)"
        )
        #expect(
            issue.description
                == #"routeConfiguration "http-routes" virtual_hosts[0].domains: value must contain at least 1 item(s)"#
        )
    }

    @Test("Thousands of resources validate in linear time")
    func scales() {
        var resources = Fixture.resources()
        let template = Fixture.ordersCluster()
        for index in 0..<2000 {
            var cluster = template
            cluster.name = "service-\(index)"
            resources.clusters.append(cluster)
            resources.clusterLoadAssignments.append(
                Fixture.assignment("service-\(index)", address: "10.1.\(index / 250).\(index % 250)", port: 80)
            )
            var route = Envoy_Config_Route_V3_Route()
            route.match.prefix = "/service-\(index)"
            route.route.cluster = "service-\(index)"
            resources.routeConfigurations[0].virtualHosts[0].routes.append(route)
        }
        let clock = ContinuousClock()
        var issues: [XDSValidationIssue] = []
        let elapsed = clock.measure { issues = XDSValidator().validate(resources) }
        #expect(issues == [])
        // Generous: a debug build takes a few tens of milliseconds.
        #expect(elapsed < .seconds(5))
    }
}

// MARK: - Mutations

/// One change to the fixture and the issues it must produce, no more and no fewer.
struct Mutation: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: [XDSValidationIssue]
    let change: @Sendable (inout XDSResources) -> Void

    init(
        _ name: String,
        _ kind: XDSResourceType,
        _ resource: String,
        _ path: String,
        _ message: String,
        change: @escaping @Sendable (inout XDSResources) -> Void
    ) {
        self.name = name
        self.expected = [XDSValidationIssue(kind: kind, resourceName: resource, fieldPath: path, message: message)]
        self.change = change
    }

    init(
        _ name: String,
        expecting expected: [XDSValidationIssue],
        change: @escaping @Sendable (inout XDSResources) -> Void
    ) {
        self.name = name
        self.expected = expected
        self.change = change
    }

    var testDescription: String { name }

    func check() {
        var resources = ValidatorFixture.resources()
        change(&resources)
        let issues = XDSValidator().validate(resources)
        #expect(issues == expected, "\(name):\n\(issues.map(\.description).joined(separator: "\n"))")
    }
}

private typealias Fixture = ValidatorFixture
private let hcmPath = "filter_chains[0].filters[0].typed_config"
private let downstreamTLSPath = "filter_chains[0].transport_socket.typed_config"
private let upstreamTLSPath = "transport_socket.typed_config"
private let notEmpty = "value length must be at least 1 characters"
private let required = "value is required"

/// Route `index` of the `api` virtual host of `http-routes` (0 orders, 1 canary, 2 redirect, 3 direct
/// response, 4 `cluster_header`).
private func editRoute(
    _ resources: inout XDSResources,
    _ index: Int,
    _ body: (inout Envoy_Config_Route_V3_Route) -> Void
) {
    body(&resources.routeConfigurations[0].virtualHosts[0].routes[index])
}

private let listenerMutations: [Mutation] = [
    Mutation("listener without name", .listener, "", "name", notEmpty) { $0.listeners[0].name = "" },
    Mutation("duplicate listener name", .listener, "http", "name", "duplicate listener http found") {
        $0.listeners[1].name = "http"
    },
    Mutation(
        "duplicate listener address",
        .listener,
        "https",
        "address",
        "'https' has duplicate address '127.0.0.1:8080' as existing listener 'http'"
    ) { $0.listeners[1].address = Fixture.socket("127.0.0.1", 8080) },
    Mutation("listener without address", .listener, "http", "address", "address is necessary") {
        $0.listeners[0].clearAddress()
    },
    Mutation("address oneof unset", .listener, "http", "address", #"field: "address", reason: is required"#) {
        $0.listeners[0].address = Envoy_Config_Core_V3_Address()
    },
    Mutation(
        "listener on a host name",
        .listener,
        "http",
        "address.socket_address.address",
        "malformed IP address: localhost"
    ) { $0.listeners[0].address = Fixture.socket("localhost", 8080) },
    Mutation("empty socket address", .listener, "http", "address.socket_address.address", notEmpty) {
        $0.listeners[0].address = Fixture.socket("", 8080)
    },
    Mutation(
        "port above 65535",
        .listener,
        "http",
        "address.socket_address.port_value",
        "value must be less than or equal to 65535"
    ) { $0.listeners[0].address = Fixture.socket("127.0.0.1", 70000) },
    Mutation(
        "socket address without port",
        .listener,
        "http",
        "address.socket_address",
        #"field: "port_specifier", reason: is required"#
    ) { $0.listeners[0].address.socketAddress.portSpecifier = nil },
    Mutation("no filter chains", .listener, "http", "filter_chains", "no filter chains specified") {
        $0.listeners[0].filterChains = []
    },
    Mutation(
        "two filter chains with equal matches",
        .listener,
        "https",
        "filter_chains[1].filter_chain_match",
        "filter chain 'secure' has the same matching rules defined as 'secure'"
    ) { $0.listeners[1].filterChains.append($0.listeners[1].filterChains[0]) },
    Mutation(
        "two filter chains with overlapping matches",
        .listener,
        "https",
        "filter_chains[1].filter_chain_match",
        "multiple filter chains with overlapping matching rules are defined"
    ) {
        var chain = $0.listeners[1].filterChains[0]
        chain.name = "other"
        chain.filterChainMatch.serverNames = ["other.example.com", "SECURE.example.com"]
        $0.listeners[1].filterChains.append(chain)
    },
    Mutation(
        "server_names without TLS inspector",
        .listener,
        "https",
        "filter_chains[0].filter_chain_match.server_names",
        "matching server_names needs the envoy.filters.listener.tls_inspector listener filter, which this "
            + "listener lacks: the filter chain can never match"
    ) { $0.listeners[1].listenerFilters = [] },
    Mutation(
        "transport_protocol tls without TLS inspector",
        .listener,
        "http",
        "filter_chains[0].filter_chain_match.transport_protocol",
        "matching transport_protocol 'tls' needs the envoy.filters.listener.tls_inspector listener filter, which "
            + "this listener lacks: the filter chain can never match"
    ) { $0.listeners[0].filterChains[0].filterChainMatch.transportProtocol = "tls" },
    Mutation(
        "partial wildcard server name",
        .listener,
        "https",
        "filter_chains[0].filter_chain_match.server_names[0]",
        #"partial wildcards are not supported in "server_names""#
    ) { $0.listeners[1].filterChains[0].filterChainMatch.serverNames = ["secure*.example.com"] },
    Mutation(
        "destination port 0",
        .listener,
        "http",
        "filter_chains[0].filter_chain_match.destination_port",
        "value must be inside range [1, 65535]"
    ) { $0.listeners[0].filterChains[0].filterChainMatch.destinationPort = Google_Protobuf_UInt32Value(0) },
    Mutation("network filter without name", .listener, "http", "filter_chains[0].filters[0].name", notEmpty) {
        $0.listeners[0].filterChains[0].filters[0].name = ""
    },
    Mutation(
        "router as network filter",
        .listener,
        "http",
        hcmPath,
        "Didn't find a registered implementation for 'envoy.filters.network.http_connection_manager' with type "
            + "URL: 'envoy.extensions.filters.http.router.v3.Router'"
    ) {
        $0.listeners[0].filterChains[0].filters[0].typedConfig = Google_Protobuf_Any(
            packing: Envoy_Extensions_Filters_Http_Router_V3_Router()
        )
    },
    Mutation(
        "type URL without type.googleapis.com",
        .listener,
        "http",
        hcmPath,
        "type URL '/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager' must be "
            + "'type.googleapis.com/<message name>'"
    ) {
        $0.listeners[0].filterChains[0].filters[0].typedConfig.typeURL =
            "/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
    },
    Mutation(
        "network filter without typed_config",
        .listener,
        "http",
        hcmPath,
        "Didn't find a registered implementation for 'envoy.filters.network.http_connection_manager' with type "
            + "URL: ''"
    ) { $0.listeners[0].filterChains[0].filters[0].configType = nil },
    Mutation(
        "connection manager not last",
        .listener,
        "http",
        "filter_chains[0].filters[0]",
        "Error: terminal filter named envoy.filters.network.http_connection_manager of type "
            + "envoy.filters.network.http_connection_manager must be the last filter in a network filter chain."
    ) { $0.listeners[0].filterChains[0].filters.append($0.listeners[0].filterChains[0].filters[0]) },
    Mutation(
        "listener filter of unknown type",
        .listener,
        "https",
        "listener_filters[1].typed_config",
        "Didn't find a registered implementation for 'envoy.filters.listener.http_inspector' with type URL: "
            + "'envoy.extensions.filters.http.cors.v3.Cors'"
    ) {
        var filter = Envoy_Config_Listener_V3_ListenerFilter()
        filter.name = "envoy.filters.listener.http_inspector"
        filter.typedConfig = Google_Protobuf_Any(packing: Envoy_Extensions_Filters_Http_Cors_V3_Cors())
        $0.listeners[1].listenerFilters.append(filter)
    },
    Mutation(
        "downstream TLS without certificates",
        .listener,
        "https",
        downstreamTLSPath + ".common_tls_context",
        "No TLS certificates found for server context"
    ) { Fixture.editDownstreamTLS(&$0) { $0.commonTlsContext.tlsCertificateSdsSecretConfigs = [] } },
    Mutation(
        "upstream TLS context on a filter chain",
        .listener,
        "https",
        downstreamTLSPath,
        "Didn't find a registered implementation for 'envoy.transport_sockets.tls' with type URL: "
            + "'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'"
    ) {
        $0.listeners[1].filterChains[0].transportSocket.typedConfig = Google_Protobuf_Any(
            packing: Fixture.UpstreamTLS()
        )
    },
    Mutation("transport socket without name", .listener, "https", "filter_chains[0].transport_socket.name", notEmpty) {
        $0.listeners[1].filterChains[0].transportSocket.name = ""
    },
    Mutation(
        "undefined enum value",
        .listener,
        "http",
        "address.socket_address.protocol",
        "value must be one of the defined enum values"
    ) { $0.listeners[0].address.socketAddress.protocol = .UNRECOGNIZED(9) },
    Mutation(
        "metadata under an empty key",
        .listener,
        "http",
        #"metadata.filter_metadata[""]"#,
        notEmpty
    ) { $0.listeners[0].metadata.filterMetadata[""] = Google_Protobuf_Struct() },
]

private let connectionManagerMutations: [Mutation] = [
    Mutation("no stat_prefix", .listener, "http", hcmPath + ".stat_prefix", notEmpty) {
        Fixture.editHCM(&$0) { $0.statPrefix = "" }
    },
    Mutation("no route specifier", .listener, "http", hcmPath, #"field: "route_specifier", reason: is required"#) {
        Fixture.editHCM(&$0) { $0.routeSpecifier = nil }
    },
    Mutation(
        "no HTTP filters",
        .listener,
        "http",
        hcmPath + ".http_filters",
        "no HTTP filters: Envoy accepts the listener but answers no request (envoy.filters.http.router must be "
            + "the last HTTP filter)"
    ) { Fixture.editHCM(&$0) { $0.httpFilters = [] } },
    Mutation(
        "router before another filter",
        .listener,
        "http",
        hcmPath + ".http_filters[0]",
        "Error: terminal filter named envoy.filters.http.router of type envoy.filters.http.router must be the "
            + "last filter in a http filter chain."
    ) { Fixture.editHCM(&$0) { $0.httpFilters.reverse() } },
    Mutation(
        "no router",
        .listener,
        "http",
        hcmPath + ".http_filters[0]",
        "Error: non-terminal filter named envoy.filters.http.cors of type envoy.filters.http.cors is the last "
            + "filter in a http filter chain."
    ) { Fixture.editHCM(&$0) { $0.httpFilters.removeLast() } },
    Mutation(
        "router before another filter in an upgrade",
        .listener,
        "http",
        hcmPath + ".upgrade_configs[0].filters[0]",
        "Error: terminal filter named envoy.filters.http.router of type envoy.filters.http.router must be the "
            + "last filter in a http upgrade filter chain."
    ) {
        Fixture.editHCM(&$0) { hcm in
            var upgrade = Fixture.HCM.UpgradeConfig()
            upgrade.upgradeType = "websocket"
            upgrade.filters = [Fixture.router, Fixture.cors]
            hcm.upgradeConfigs = [upgrade]
        }
    },
    Mutation("HTTP filter without name", .listener, "http", hcmPath + ".http_filters[0].name", notEmpty) {
        Fixture.editHCM(&$0) { $0.httpFilters[0].name = "" }
    },
    Mutation(
        "HTTP filter of unknown type",
        .listener,
        "http",
        hcmPath + ".http_filters[0].typed_config",
        "Didn't find a registered implementation for 'envoy.filters.http.cors' with type URL: "
            + "'google.protobuf.Empty'"
    ) {
        Fixture.editHCM(&$0) { $0.httpFilters[0].typedConfig = Google_Protobuf_Any(packing: Google_Protobuf_Empty()) }
    },
    Mutation(
        "HTTP filter without typed_config",
        .listener,
        "http",
        hcmPath + ".http_filters[0].typed_config",
        "Didn't find a registered implementation for 'envoy.filters.http.cors' with type URL: ''"
    ) { Fixture.editHCM(&$0) { $0.httpFilters[0].configType = nil } },
    Mutation(
        "RDS without config source",
        .listener,
        "http",
        hcmPath + ".rds",
        "An RDS config must have either a 'config_source' or an xDS-TP based 'route_config_name'."
    ) { Fixture.editHCM(&$0) { $0.rds.clearConfigSource() } },
    Mutation(
        "max_request_headers_kb 0",
        .listener,
        "http",
        hcmPath + ".max_request_headers_kb",
        "value must be inside range (0, 8192]"
    ) { Fixture.editHCM(&$0) { $0.maxRequestHeadersKb = Google_Protobuf_UInt32Value(0) } },
    Mutation(
        "inline route configuration without domains",
        .listener,
        "https",
        hcmPath + ".route_config.virtual_hosts[0].domains",
        "value must contain at least 1 item(s)"
    ) { Fixture.editHCM(&$0, listener: 1) { $0.routeConfig.virtualHosts[0].domains = [] } },
    Mutation(
        "negative stream idle timeout",
        .listener,
        "http",
        hcmPath + ".stream_idle_timeout",
        "Invalid duration: Expected positive duration"
    ) { Fixture.editHCM(&$0) { $0.streamIdleTimeout = Fixture.seconds(0, nanos: -5) } },
    Mutation(
        "duration beyond protobuf's range",
        .listener,
        "http",
        hcmPath + ".request_timeout",
        "Invalid duration: Duration out-of-range"
    ) { Fixture.editHCM(&$0) { $0.requestTimeout = Fixture.seconds(315_576_000_001) } },
]

private let routeMutations: [Mutation] = [
    Mutation(
        "duplicate route configuration",
        .routeConfiguration,
        "http-routes",
        "name",
        "duplicate route configuration http-routes found"
    ) { $0.routeConfigurations.append($0.routeConfigurations[0]) },
    Mutation(
        "virtual host without domains",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].domains",
        "value must contain at least 1 item(s)"
    ) { $0.routeConfigurations[0].virtualHosts[0].domains = [] },
    Mutation(
        "duplicate domain across virtual hosts",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[1].domains[1]",
        "Only unique values for domains are permitted. Duplicate entry of domain api.example.com in route "
            + "http-routes"
    ) { $0.routeConfigurations[0].virtualHosts[1].domains.append("API.example.com") },
    Mutation(
        "two wildcard domains",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[1].domains[0]",
        "Only a single wildcard domain is permitted in route http-routes"
    ) {
        $0.routeConfigurations[0].virtualHosts[0].domains.append("*")
    },
    Mutation(
        "duplicate virtual host names",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[1].name",
        "duplicate virtual host name api in route http-routes"
    ) { $0.routeConfigurations[0].virtualHosts[1].name = "api" },
    Mutation("virtual host without name", .routeConfiguration, "http-routes", "virtual_hosts[1].name", notEmpty) {
        $0.routeConfigurations[0].virtualHosts[1].name = ""
    },
    Mutation(
        "domain with a line break",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].domains[0]",
        #"value does not match regex pattern "^[^\x00\n\r]*$""#
    ) { $0.routeConfigurations[0].virtualHosts[0].domains[0] = "api\nexample.com" },
    Mutation("route without match", .routeConfiguration, "http-routes", "virtual_hosts[0].routes[0].match", required) {
        editRoute(&$0, 0) { $0.clearMatch() }
    },
    Mutation(
        "route without action",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0]",
        #"field: "action", reason: is required"#
    ) { editRoute(&$0, 0) { $0.action = nil } },
    Mutation(
        "match without path specifier",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match",
        #"field: "path_specifier", reason: is required"#
    ) { editRoute(&$0, 0) { $0.match.pathSpecifier = nil } },
    Mutation(
        "path_separated_prefix with trailing slash",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.path_separated_prefix",
        #"value does not match regex pattern "^[^?#]+[^?#/]$""#
    ) { editRoute(&$0, 0) { $0.match.pathSeparatedPrefix = "/orders/" } },
    Mutation(
        "direct response status 0",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[3].direct_response.status",
        "value must be inside range [200, 600)"
    ) { editRoute(&$0, 3) { $0.directResponse.status = 0 } },
    Mutation(
        "direct response status 600",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[3].direct_response.status",
        "value must be inside range [200, 600)"
    ) { editRoute(&$0, 3) { $0.directResponse.status = 600 } },
    Mutation(
        "direct response body without source",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[3].direct_response.body",
        #"field: "specifier", reason: is required"#
    ) { editRoute(&$0, 3) { $0.directResponse.body = Envoy_Config_Core_V3_DataSource() } },
    Mutation(
        "route action without cluster specifier",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route",
        #"field: "cluster_specifier", reason: is required"#
    ) { editRoute(&$0, 0) { $0.route.clusterSpecifier = nil } },
    Mutation(
        "empty cluster name",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.cluster",
        notEmpty
    ) {
        editRoute(&$0, 0) { $0.route.cluster = "" }
    },
    Mutation(
        "prefix and regex rewrite",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route",
        "Specify only one of prefix_rewrite, regex_rewrite or path_rewrite_policy"
    ) { editRoute(&$0, 1) { $0.route.prefixRewrite = "/" } },
    Mutation(
        "weighted clusters without clusters",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters.clusters",
        "value must contain at least 1 item(s)"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters = [] } },
    Mutation(
        "cluster weight without weight",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters.clusters[1].weight",
        "Field 'weight' is missing"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters[1].clearWeight() } },
    Mutation(
        "weights summing to 0",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters",
        "Sum of weights in the weighted_cluster must be greater than 0."
    ) {
        editRoute(&$0, 1) { route in
            for index in route.route.weightedClusters.clusters.indices {
                route.route.weightedClusters.clusters[index].weight = Google_Protobuf_UInt32Value(0)
            }
        }
    },
    Mutation(
        "weights above UInt32",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters",
        "The sum of weights of all weighted clusters of route  exceeds 4294967295"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters[0].weight = Google_Protobuf_UInt32Value(.max) } },
    Mutation(
        "cluster weight with name and cluster_header",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters.clusters[0]",
        "Only one of name or cluster_header can be specified"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters[0].clusterHeader = "x-cluster" } },
    Mutation(
        "cluster weight with neither name nor cluster_header",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters.clusters[0]",
        "At least one of name or cluster_header need to be specified"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters[0].name = "" } },
    Mutation(
        "retry back-off without base",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.retry_policy.retry_back_off.base_interval",
        required
    ) { editRoute(&$0, 0) { $0.route.retryPolicy.retryBackOff.clearBaseInterval() } },
    Mutation(
        "retry back-off base 0",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.retry_policy.retry_back_off.base_interval",
        "value must be greater than 0s"
    ) { editRoute(&$0, 0) { $0.route.retryPolicy.retryBackOff.baseInterval = Fixture.seconds(0) } },
    Mutation(
        "retry back-off max below base",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.retry_policy.retry_back_off.max_interval",
        "retry_policy.max_interval must greater than or equal to the base_interval"
    ) { editRoute(&$0, 0) { $0.route.retryPolicy.retryBackOff.maxInterval = Fixture.seconds(0, nanos: 50_000_000) } },
    Mutation(
        "mirror policy without cluster",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.request_mirror_policies[0]",
        "Exactly one of cluster or cluster_header in request mirror policy need to be specified"
    ) { editRoute(&$0, 0) { $0.route.requestMirrorPolicies[0].cluster = "" } },
    Mutation(
        "hash policy without specifier",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.hash_policy[0]",
        #"field: "policy_specifier", reason: is required"#
    ) { editRoute(&$0, 0) { $0.route.hashPolicy[0].policySpecifier = nil } },
    Mutation(
        "decorator without operation",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].decorator.operation",
        notEmpty
    ) { editRoute(&$0, 0) { $0.decorator = Envoy_Config_Route_V3_Decorator() } },
    Mutation(
        "undefined redirect code",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[2].redirect.response_code",
        "value must be one of the defined enum values"
    ) { editRoute(&$0, 2) { $0.redirect.responseCode = .UNRECOGNIZED(42) } },
    Mutation(
        "per-filter config under an empty name",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].typed_per_filter_config[""]"#,
        "the key must name an HTTP filter"
    ) {
        let policy = $0.routeConfigurations[0].virtualHosts[0].typedPerFilterConfig.removeValue(
            forKey: "envoy.filters.http.cors"
        )
        $0.routeConfigurations[0].virtualHosts[0].typedPerFilterConfig[""] = policy
    },
    Mutation(
        "per-filter config of unknown type",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].typed_per_filter_config["envoy.filters.http.cors"]"#,
        "Didn't find a registered implementation for 'envoy.filters.http.cors' with type URL: "
            + "'envoy.extensions.filters.http.cors.v3.Cors'"
    ) {
        $0.routeConfigurations[0].virtualHosts[0].typedPerFilterConfig["envoy.filters.http.cors"] =
            Google_Protobuf_Any(packing: Envoy_Extensions_Filters_Http_Cors_V3_Cors())
    },
    Mutation(
        "FilterConfig around an unknown type",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].typed_per_filter_config["envoy.filters.http.cors"].config"#,
        "Didn't find a registered implementation for 'envoy.filters.http.cors' with type URL: "
            + "'google.protobuf.Empty'"
    ) {
        var config = Envoy_Config_Route_V3_FilterConfig()
        config.config = Google_Protobuf_Any(packing: Google_Protobuf_Empty())
        $0.routeConfigurations[0].virtualHosts[0].typedPerFilterConfig["envoy.filters.http.cors"] =
            Google_Protobuf_Any(packing: config)
    },
    Mutation(
        "per-route rate limit with zero fill interval",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].routes[0].typed_per_filter_config["envoy.filters.http.local_ratelimit"]"#
            + ".token_bucket.fill_interval",
        "value must be greater than 0s"
    ) {
        var limit = Envoy_Extensions_Filters_Http_LocalRatelimit_V3_LocalRateLimit()
        limit.statPrefix = "orders"
        limit.tokenBucket.maxTokens = 10
        limit.tokenBucket.fillInterval = Fixture.seconds(0)
        editRoute(&$0, 0) {
            $0.typedPerFilterConfig["envoy.filters.http.local_ratelimit"] = Google_Protobuf_Any(packing: limit)
        }
    },
    Mutation(
        "per-route fault abort without error type",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].routes[0].typed_per_filter_config["envoy.filters.http.fault"].abort"#,
        #"field: "error_type", reason: is required"#
    ) {
        var fault = Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault()
        fault.abort.percentage.numerator = 10
        editRoute(&$0, 0) { $0.typedPerFilterConfig["envoy.filters.http.fault"] = Google_Protobuf_Any(packing: fault) }
    },
    Mutation(
        "undefined enum inside a per-route config",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].routes[0].typed_per_filter_config["envoy.filters.http.fault"].delay.percentage"#
            + ".denominator",
        "value must be one of the defined enum values"
    ) {
        var fault = Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault()
        fault.delay.fixedDelay = Fixture.seconds(1)
        fault.delay.percentage.denominator = .UNRECOGNIZED(5)
        editRoute(&$0, 0) { $0.typedPerFilterConfig["envoy.filters.http.fault"] = Google_Protobuf_Any(packing: fault) }
    },
]

private let matcherMutations: [Mutation] = [
    Mutation(
        "invalid regex",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].match.safe_regex.regex",
        "missing ): (abc"
    ) { editRoute(&$0, 1) { $0.match.safeRegex.regex = "(abc" } },
    Mutation(
        "regex above Envoy's program size",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].match.safe_regex.regex",
        "regex '/" + String(repeating: "(a|b|c)", count: 40) + "' RE2 program size of 125 > max program size of "
            + "100 set for the error level threshold. Increase configured max program size if necessary."
    ) { editRoute(&$0, 1) { $0.match.safeRegex.regex = "/" + String(repeating: "(a|b|c)", count: 40) } },
    Mutation(
        "empty regex",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].match.safe_regex.regex",
        notEmpty
    ) {
        editRoute(&$0, 1) { $0.match.safeRegex.regex = "" }
    },
    Mutation(
        "invalid regex in a rewrite",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.regex_rewrite.pattern.regex",
        "missing ]: [a"
    ) { editRoute(&$0, 1) { $0.route.regexRewrite.pattern.regex = "[a" } },
    Mutation(
        "rewrite substitution with a line break",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.regex_rewrite.substitution",
        #"value does not match regex pattern "^[^\x00\n\r]*$""#
    ) { editRoute(&$0, 1) { $0.route.regexRewrite.substitution = "/\n" } },
    Mutation(
        "upgrade without type",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.upgrade_configs[0].upgrade_type",
        notEmpty
    ) { editRoute(&$0, 0) { $0.route.upgradeConfigs = [.init()] } },
    Mutation(
        "rewrite without pattern",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.regex_rewrite.pattern",
        required
    ) { editRoute(&$0, 1) { $0.route.regexRewrite.clearPattern() } },
    Mutation(
        "string matcher without pattern",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.headers[0].string_match",
        #"field: "match_pattern", reason: is required"#
    ) { editRoute(&$0, 0) { $0.match.headers[0].stringMatch = Envoy_Type_Matcher_V3_StringMatcher() } },
    Mutation(
        "empty prefix matcher",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.headers[0].string_match.prefix",
        notEmpty
    ) { editRoute(&$0, 0) { $0.match.headers[0].stringMatch.prefix = "" } },
    Mutation(
        "regex matcher ignoring case",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.headers[0].string_match.ignore_case",
        "ignore_case has no effect for safe_regex."
    ) {
        editRoute(&$0, 0) {
            $0.match.headers[0].stringMatch.safeRegex.regex = "acme|other"
            $0.match.headers[0].stringMatch.ignoreCase = true
        }
    },
    Mutation(
        "empty CORS origin prefix",
        .routeConfiguration,
        "http-routes",
        #"virtual_hosts[0].typed_per_filter_config["envoy.filters.http.cors"].allow_origin_string_match[0].prefix"#,
        notEmpty
    ) {
        Fixture.edit(
            &$0.routeConfigurations[0].virtualHosts[0].typedPerFilterConfig[
                "envoy.filters.http.cors",
                default: .init()
            ],
            as: Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy.self
        ) { $0.allowOriginStringMatch[0].prefix = "" }
    },
    Mutation(
        "header matcher without name",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.headers[0].name",
        notEmpty
    ) { editRoute(&$0, 0) { $0.match.headers[0].name = "" } },
    Mutation(
        "query parameter matcher without name",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.query_parameters[0].name",
        notEmpty
    ) { editRoute(&$0, 0) { $0.match.queryParameters[0].name = "" } },
    Mutation(
        "query parameter name above 1024 bytes",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].match.query_parameters[0].name",
        "value length must be at most 1024 bytes"
    ) { editRoute(&$0, 0) { $0.match.queryParameters[0].name = String(repeating: "q", count: 1025) } },
    Mutation(
        "header to add without key",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].request_headers_to_add[0].header.key",
        notEmpty
    ) { $0.routeConfigurations[0].virtualHosts[0].requestHeadersToAdd[0].header.key = "" },
    Mutation(
        "header name with a space",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].request_headers_to_add[0].header.key",
        "header name must consist of RFC 9110 token characters"
    ) { $0.routeConfigurations[0].virtualHosts[0].requestHeadersToAdd[0].header.key = "x gateway" },
    Mutation(
        "header name with a line break",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].request_headers_to_add[0].header.key",
        #"value does not match regex pattern "^[^\x00\n\r]*$""#
    ) { $0.routeConfigurations[0].virtualHosts[0].requestHeadersToAdd[0].header.key = "x\ngateway" },
    Mutation(
        "header value with a carriage return",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].request_headers_to_add[0].header.value",
        #"value does not match regex pattern "^[^\x00\n\r]*$""#
    ) { $0.routeConfigurations[0].virtualHosts[0].requestHeadersToAdd[0].header.value = "swift\r" },
    Mutation(
        "header option without header",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].request_headers_to_add[0].header",
        required
    ) { editRoute(&$0, 0) { $0.requestHeadersToAdd[0].clearHeader() } },
    Mutation(
        "setting :path",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].request_headers_to_add[0].header.key",
        ":-prefixed or host headers may not be modified"
    ) { $0.routeConfigurations[0].virtualHosts[0].requestHeadersToAdd[0].header.key = ":path" },
    Mutation(
        "removing host",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].response_headers_to_remove[0]",
        ":-prefixed or host headers may not be removed"
    ) { $0.routeConfigurations[0].virtualHosts[0].responseHeadersToRemove = ["Host"] },
    Mutation(
        "removing an empty header name",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].response_headers_to_remove[0]",
        notEmpty
    ) { $0.routeConfigurations[0].virtualHosts[0].responseHeadersToRemove = [""] },
]

private let clusterMutations: [Mutation] = [
    Mutation("cluster without name", .cluster, "", "name", notEmpty) {
        var cluster = $0.clusters[1]
        cluster.name = ""
        $0.clusters.append(cluster)
    },
    Mutation("duplicate cluster", .cluster, "static_default", "name", "duplicate cluster static_default found") {
        $0.clusters.append($0.clusters[1])
    },
    Mutation("connect timeout 0", .cluster, "static_default", "connect_timeout", "value must be greater than 0s") {
        $0.clusters[1].connectTimeout = Fixture.seconds(0)
    },
    Mutation(
        "EDS cluster without EDS config",
        .cluster,
        "orders_default",
        "eds_cluster_config",
        "cannot create an EDS cluster without an EDS config"
    ) { $0.clusters[0].clearEdsClusterConfig() },
    Mutation(
        "STATIC cluster without load assignment",
        .cluster,
        "static_default",
        "load_assignment",
        "a STATIC cluster needs a load_assignment with its endpoints"
    ) { $0.clusters[1].clearLoadAssignment() },
    Mutation(
        "STATIC cluster with a host name",
        .cluster,
        "static_default",
        "load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address",
        "malformed IP address: backend.local. Consider setting resolver_name or setting cluster type to "
            + "'STRICT_DNS' or 'LOGICAL_DNS'"
    ) {
        $0.clusters[1].loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address = Fixture.socket("backend.local", 80)
    },
    Mutation(
        "LOGICAL_DNS cluster with two endpoints",
        .cluster,
        "static_default",
        "load_assignment",
        "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint"
    ) {
        $0.clusters[1].type = .logicalDns
        $0.clusters[1].loadAssignment.endpoints[0].lbEndpoints.append(
            $0.clusters[1].loadAssignment.endpoints[0].lbEndpoints[0]
        )
    },
    Mutation(
        "ORIGINAL_DST cluster with round robin",
        .cluster,
        "static_default",
        "lb_policy",
        "cluster: LB policy ROUND_ROBIN is not valid for Cluster type ORIGINAL_DST. Only 'CLUSTER_PROVIDED' is "
            + "allowed with cluster type 'ORIGINAL_DST'"
    ) {
        $0.clusters[1].type = .originalDst
        $0.clusters[1].clearLoadAssignment()
    },
    Mutation(
        "undefined LB policy",
        .cluster,
        "static_default",
        "lb_policy",
        "value must be one of the defined enum values"
    ) {
        $0.clusters[1].lbPolicy = .UNRECOGNIZED(99)
    },
    Mutation(
        "ring hash minimum above maximum",
        .cluster,
        "static_default",
        "ring_hash_lb_config",
        "ring hash: minimum_ring_size (2000) > maximum_ring_size (1000)"
    ) {
        $0.clusters[1].lbPolicy = .ringHash
        $0.clusters[1].ringHashLbConfig.minimumRingSize = Google_Protobuf_UInt64Value(2000)
        $0.clusters[1].ringHashLbConfig.maximumRingSize = Google_Protobuf_UInt64Value(1000)
    },
    Mutation(
        "outlier ejection above 100%",
        .cluster,
        "static_default",
        "outlier_detection.max_ejection_percent",
        "value must be less than or equal to 100"
    ) { $0.clusters[1].outlierDetection.maxEjectionPercent = Google_Protobuf_UInt32Value(101) },
    Mutation(
        "retry budget above 100%",
        .cluster,
        "static_default",
        "circuit_breakers.thresholds[0].retry_budget.budget_percent.value",
        "value must be inside range [0, 100]"
    ) {
        var thresholds = Envoy_Config_Cluster_V3_CircuitBreakers.Thresholds()
        thresholds.retryBudget.budgetPercent.value = 101
        $0.clusters[1].circuitBreakers.thresholds = [thresholds]
    },
    Mutation("health check without timeout", .cluster, "orders_default", "health_checks[0].timeout", required) {
        $0.clusters[0].healthChecks[0].clearTimeout()
    },
    Mutation(
        "health check interval 0",
        .cluster,
        "orders_default",
        "health_checks[0].interval",
        "value must be greater than 0s"
    ) { $0.clusters[0].healthChecks[0].interval = Fixture.seconds(0) },
    Mutation(
        "health check without unhealthy threshold",
        .cluster,
        "orders_default",
        "health_checks[0].unhealthy_threshold",
        required
    ) { $0.clusters[0].healthChecks[0].clearUnhealthyThreshold() },
    Mutation(
        "health check without checker",
        .cluster,
        "orders_default",
        "health_checks[0]",
        #"field: "health_checker", reason: is required"#
    ) { $0.clusters[0].healthChecks[0].healthChecker = nil },
    Mutation(
        "HTTP health check without path",
        .cluster,
        "orders_default",
        "health_checks[0].http_health_check.path",
        notEmpty
    ) { $0.clusters[0].healthChecks[0].httpHealthCheck.path = "" },
    Mutation(
        "HTTP health check path with a control character",
        .cluster,
        "orders_default",
        "health_checks[0].http_health_check.path",
        #"value does not match regex pattern "^[^\x00-\b\n-\x1f\x7f]*$""#
    ) { $0.clusters[0].healthChecks[0].httpHealthCheck.path = "/health\u{1}z" },
    Mutation(
        "HTTP health check with CONNECT",
        .cluster,
        "orders_default",
        "health_checks[0].http_health_check.method",
        "value must not be in list [CONNECT]"
    ) { $0.clusters[0].healthChecks[0].httpHealthCheck.method = .connect },
    Mutation(
        "health check status range below 100",
        .cluster,
        "orders_default",
        "health_checks[0].http_health_check.expected_statuses[0]",
        "Invalid http expected status range: expecting start >= 100, but found start=50"
    ) { $0.clusters[0].healthChecks[0].httpHealthCheck.expectedStatuses[0].start = 50 },
    Mutation(
        "SNI longer than 255 bytes",
        .cluster,
        "orders_default",
        upstreamTLSPath + ".sni",
        "value length must be at most 255 bytes"
    ) { Fixture.editUpstreamTLS(&$0) { $0.sni = String(repeating: "a", count: 256) } },
    Mutation(
        "listener filter as a cluster transport socket",
        .cluster,
        "orders_default",
        upstreamTLSPath,
        "Didn't find a registered implementation for 'envoy.transport_sockets.tls' with type URL: "
            + "'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector'"
    ) {
        $0.clusters[0].transportSocket.typedConfig = Google_Protobuf_Any(
            packing: Envoy_Extensions_Filters_Listener_TlsInspector_V3_TlsInspector()
        )
    },
    Mutation(
        "protocol options under another name",
        .cluster,
        "orders_default",
        #"typed_extension_protocol_options["http2"]"#,
        "Didn't find a registered network or http filter or protocol options implementation for name: 'http2'"
    ) {
        let options = $0.clusters[0].typedExtensionProtocolOptions.removeValue(
            forKey: "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
        )
        $0.clusters[0].typedExtensionProtocolOptions["http2"] = options
    },
    Mutation(
        "explicit HTTP config without protocol",
        .cluster,
        "orders_default",
        #"typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]"#
            + ".explicit_http_config",
        #"field: "protocol_config", reason: is required"#
    ) {
        var options = Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions()
        options.explicitHTTPConfig = .init()
        $0.clusters[0].typedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"] =
            Google_Protobuf_Any(packing: options)
    },
]

private let endpointAndSecretMutations: [Mutation] = [
    Mutation("load assignment without name", .clusterLoadAssignment, "", "cluster_name", notEmpty) {
        $0.clusterLoadAssignments.append(Fixture.assignment("", address: "10.0.0.9", port: 80))
    },
    Mutation(
        "duplicate load assignment",
        .clusterLoadAssignment,
        "orders_default",
        "cluster_name",
        "duplicate cluster load assignment orders_default found"
    ) { $0.clusterLoadAssignments.append($0.clusterLoadAssignments[0]) },
    Mutation(
        "endpoint weight 0",
        .clusterLoadAssignment,
        "orders_default",
        "endpoints[0].lb_endpoints[0].load_balancing_weight",
        "value must be greater than or equal to 1"
    ) { $0.clusterLoadAssignments[0].endpoints[0].lbEndpoints[0].loadBalancingWeight = Google_Protobuf_UInt32Value(0) },
    Mutation(
        "priority above 128",
        .clusterLoadAssignment,
        "orders_default",
        "endpoints[0].priority",
        "value must be less than or equal to 128"
    ) { $0.clusterLoadAssignments[0].endpoints[0].priority = 129 },
    Mutation(
        "EDS endpoint with a host name",
        .clusterLoadAssignment,
        "orders_default",
        "endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address",
        "malformed IP address: orders.local"
    ) {
        $0.clusterLoadAssignments[0].endpoints[0].lbEndpoints[0].endpoint.address = Fixture.socket("orders.local", 80)
    },
    Mutation(
        "endpoint without address",
        .clusterLoadAssignment,
        "orders_default",
        "endpoints[0].lb_endpoints[0].endpoint.address",
        required
    ) { $0.clusterLoadAssignments[0].endpoints[0].lbEndpoints[0].endpoint.clearAddress() },
    Mutation(
        "endpoints stale after 0",
        .clusterLoadAssignment,
        "orders_default",
        "policy.endpoint_stale_after",
        "value must be greater than 0s"
    ) { $0.clusterLoadAssignments[0].policy.endpointStaleAfter = Fixture.seconds(0) },
    Mutation("duplicate secret", .secret, "ca-bundle", "name", "duplicate secret ca-bundle found") {
        $0.secrets.insert($0.secrets[0], at: 1)
    },
    Mutation("secret without type", .secret, "spare", "", "Secret type not implemented") {
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = "spare"
        $0.secrets.append(secret)
    },
    Mutation(
        "certificate chain without source",
        .secret,
        "server-cert",
        "tls_certificate.certificate_chain",
        #"field: "specifier", reason: is required"#
    ) { $0.secrets[1].tlsCertificate.certificateChain = Envoy_Config_Core_V3_DataSource() },
    Mutation(
        "SPKI pin of the wrong length",
        .secret,
        "ca-bundle",
        "validation_context.verify_certificate_spki[0]",
        "value length must be at least 44 characters"
    ) { $0.secrets[0].validationContext.verifyCertificateSpki = ["abc"] },
    Mutation(
        "combined validation context without SDS reference",
        .cluster,
        "orders_default",
        upstreamTLSPath + ".common_tls_context.combined_validation_context.validation_context_sds_secret_config",
        required
    ) {
        Fixture.editUpstreamTLS(&$0) { tls in
            var combined =
                Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext.CombinedCertificateValidationContext()
            combined.defaultValidationContext.maxVerifyDepth = Google_Protobuf_UInt32Value(3)
            tls.commonTlsContext.combinedValidationContext = combined
        }
    },
    Mutation(
        "SAN matcher without type",
        .secret,
        "ca-bundle",
        "validation_context.match_typed_subject_alt_names[0].san_type",
        "value must not be in list [SAN_TYPE_UNSPECIFIED]"
    ) {
        var matcher = Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher()
        matcher.matcher.exact = "orders.internal"
        $0.secrets[0].validationContext.matchTypedSubjectAltNames = [matcher]
    },
    Mutation(
        "SDS reference without name",
        .listener,
        "https",
        downstreamTLSPath + ".common_tls_context.tls_certificate_sds_secret_configs[0].name",
        notEmpty
    ) { Fixture.editDownstreamTLS(&$0) { $0.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name = "" } },
]

private let consistencyMutations: [Mutation] = [
    Mutation(
        "RDS route configuration missing",
        .listener,
        "http",
        hcmPath + ".rds.route_config_name",
        "route configuration http-routes is not in the snapshot: the listener warms until initial_fetch_timeout "
            + "and then has no routes"
    ) { $0.routeConfigurations = [] },
    Mutation(
        "EDS load assignment missing",
        .cluster,
        "orders_default",
        "eds_cluster_config",
        "cluster load assignment orders_default is not in the snapshot: the cluster warms until "
            + "initial_fetch_timeout and then has no endpoints"
    ) { $0.clusterLoadAssignments = [] },
    Mutation(
        "EDS service name without load assignment",
        .cluster,
        "orders_default",
        "eds_cluster_config.service_name",
        "cluster load assignment orders is not in the snapshot: the cluster warms until initial_fetch_timeout and "
            + "then has no endpoints"
    ) { $0.clusters[0].edsClusterConfig.serviceName = "orders" },
    Mutation(
        "route to an unknown cluster",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[1].routes[0].route.cluster",
        "route: unknown cluster 'nope'"
    ) { $0.routeConfigurations[0].virtualHosts[1].routes[0].route.cluster = "nope" },
    Mutation(
        "inline route to an unknown cluster",
        .listener,
        "https",
        hcmPath + ".route_config.virtual_hosts[0].routes[0].route.cluster",
        "route: unknown cluster 'nope'"
    ) { Fixture.editHCM(&$0, listener: 1) { $0.routeConfig.virtualHosts[0].routes[0].route.cluster = "nope" } },
    Mutation(
        "weighted route to an unknown cluster",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[1].route.weighted_clusters.clusters[1].name",
        "route: unknown weighted cluster 'nope'"
    ) { editRoute(&$0, 1) { $0.route.weightedClusters.clusters[1].name = "nope" } },
    Mutation(
        "mirror to an unknown cluster",
        .routeConfiguration,
        "http-routes",
        "virtual_hosts[0].routes[0].route.request_mirror_policies[0].cluster",
        "route: unknown shadow cluster 'nope'"
    ) { editRoute(&$0, 0) { $0.route.requestMirrorPolicies[0].cluster = "nope" } },
    Mutation(
        "SDS certificate missing",
        .listener,
        "https",
        downstreamTLSPath + ".common_tls_context.tls_certificate_sds_secret_configs[0].name",
        "secret server-cert is not in the snapshot: the listener or cluster warms until initial_fetch_timeout and "
            + "then cannot use TLS"
    ) { $0.secrets.removeLast() },
    Mutation(
        "SDS certificate naming a validation context",
        .listener,
        "https",
        downstreamTLSPath + ".common_tls_context.tls_certificate_sds_secret_configs[0].name",
        "secret ca-bundle holds no tls_certificate"
    ) { Fixture.editDownstreamTLS(&$0) { $0.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name = "ca-bundle" } },
    Mutation(
        "static validation context missing",
        .cluster,
        "orders_default",
        upstreamTLSPath + ".common_tls_context.validation_context_sds_secret_config.name",
        "Unknown static certificate validation context: other-ca"
    ) {
        Fixture.editUpstreamTLS(&$0) { tls in
            var reference = Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig()
            reference.name = "other-ca"
            tls.commonTlsContext.validationContextSdsSecretConfig = reference
        }
    },
    Mutation(
        "static certificate naming a validation context",
        .listener,
        "https",
        downstreamTLSPath + ".common_tls_context.tls_certificate_sds_secret_configs[0].name",
        "Unknown static secret: ca-bundle"
    ) {
        Fixture.editDownstreamTLS(&$0) { tls in
            tls.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name = "ca-bundle"
            tls.commonTlsContext.tlsCertificateSdsSecretConfigs[0].clearSdsConfig()
        }
    },
]

/// Changes that look suspicious but are fine: no issue may come out of them.
private let acceptedChanges: [Mutation] = [
    Mutation("a cluster_header route names no cluster", expecting: []) {
        editRoute(&$0, 4) { $0.route.clusterHeader = "x-other" }
    },
    Mutation("a static secret that exists", expecting: []) {
        Fixture.editDownstreamTLS(&$0) { $0.commonTlsContext.tlsCertificateSdsSecretConfigs[0].clearSdsConfig() }
    },
    Mutation("a secret from another SDS server", expecting: []) {
        Fixture.editDownstreamTLS(&$0) { tls in
            var source = Envoy_Config_Core_V3_ConfigSource()
            source.apiConfigSource.apiType = .grpc
            var service = Envoy_Config_Core_V3_GrpcService()
            service.envoyGrpc.clusterName = "static_default"
            source.apiConfigSource.grpcServices = [service]
            tls.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name = "elsewhere"
            tls.commonTlsContext.tlsCertificateSdsSecretConfigs[0].sdsConfig = source
        }
    },
    Mutation("a wildcard server name and a disjoint filter chain", expecting: []) {
        var chain = $0.listeners[1].filterChains[0]
        chain.name = "wildcard"
        chain.filterChainMatch.serverNames = ["*.example.com"]
        $0.listeners[1].filterChains.append(chain)
    },
    Mutation("overlapping CIDR ranges with different prefix lengths", expecting: []) {
        var wide = Envoy_Config_Core_V3_CidrRange()
        wide.addressPrefix = "10.0.0.0"
        wide.prefixLen = Google_Protobuf_UInt32Value(8)
        var narrow = wide
        narrow.addressPrefix = "10.1.0.0"
        narrow.prefixLen = Google_Protobuf_UInt32Value(16)
        var chain = $0.listeners[0].filterChains[0]
        chain.filterChainMatch.sourcePrefixRanges = [narrow]
        $0.listeners[0].filterChains[0].filterChainMatch.sourcePrefixRanges = [wide]
        $0.listeners[0].filterChains.append(chain)
    },
    Mutation("an optional HTTP filter of unknown type", expecting: []) {
        Fixture.editHCM(&$0) { hcm in
            var filter = Fixture.httpFilter("envoy.filters.http.wasm", Google_Protobuf_Empty())
            filter.isOptional = true
            hcm.httpFilters.insert(filter, at: 0)
        }
    },
    Mutation("enum fields without defined_only take any number", expecting: []) {
        $0.listeners[0].trafficDirection = .UNRECOGNIZED(9)
        $0.clusterLoadAssignments[0].endpoints[0].lbEndpoints[0].healthStatus = .UNRECOGNIZED(17)
    },
    Mutation("a port-0 listener sharing an address", expecting: []) {
        $0.listeners[0].address = Fixture.socket("127.0.0.1", 0)
        $0.listeners[1].address = Fixture.socket("127.0.0.1", 0)
    },
]
