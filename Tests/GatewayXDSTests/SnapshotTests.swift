import SwiftProtobuf
import Synchronization
import Testing

@testable import GatewayXDS

/// Snapshots version resources by content: equal content gives equal versions on every run, a change gives
/// new versions only where it lands, a rebuild re-encodes only what changed, and endpoints follow their
/// cluster.
@Suite("Snapshots")
struct SnapshotTests {
    typealias Fixture = ProtocolFixture

    @Test("Equal content gives equal versions, whatever the order the resources come in")
    func equalContentEqualVersions() {
        let first = Fixture.snapshot()
        var shuffled = Fixture.resources()
        shuffled.clusters.reverse()
        shuffled.clusterLoadAssignments.reverse()
        shuffled.routeConfigurations.reverse()
        let second = XDSSnapshot(shuffled)
        for type in XDSResourceType.allCases {
            #expect(first.version(of: type) == second.version(of: type), "\(type)")
            #expect(first.encoded(type).map(\.name) == second.encoded(type).map(\.name), "\(type)")
            #expect(first.encoded(type).map(\.version) == second.encoded(type).map(\.version), "\(type)")
            #expect(first.encoded(type).map(\.packed) == second.encoded(type).map(\.packed), "\(type)")
        }
        #expect(first.encoded(.cluster).map(\.name) == ["alpha", "beta"])
    }

    @Test("Versions are the same on every run and machine (golden values)")
    func versionsAreStableAcrossRuns() throws {
        // Computed once from the deterministic encoding; a change here means every Envoy reconnecting with
        // `initial_resource_versions` after an upgrade gets everything again.
        var resources = XDSResources()
        resources.clusters = [Fixture.cluster("alpha")]
        let snapshot = XDSSnapshot(resources)
        let cluster = try #require(snapshot.encoded(.cluster, named: "alpha"))
        #expect(cluster.version == "87ae713709e7d0d0")
        #expect(snapshot.version(of: .cluster) == "81bc743cb55656b2")
        #expect(snapshot.version(of: .listener) == XDSSnapshot(XDSResources()).version(of: .listener))
    }

    @Test("A changed resource changes its own version and its type's, nothing else")
    func changeChangesVersions() {
        let before = Fixture.snapshot()
        let after = Fixture.snapshot { $0.clusters[1].connectTimeout = Google_Protobuf_Duration(seconds: 9) }
        #expect(before.encoded(.cluster, named: "alpha")?.version == after.encoded(.cluster, named: "alpha")?.version)
        #expect(before.encoded(.cluster, named: "beta")?.version != after.encoded(.cluster, named: "beta")?.version)
        #expect(before.version(of: .cluster) != after.version(of: .cluster))
        for type in [XDSResourceType.secret, .listener, .routeConfiguration] {
            #expect(before.version(of: type) == after.version(of: type), "\(type)")
        }
    }

    @Test("Adding or removing a resource changes the type's version")
    func membershipChangesTypeVersion() {
        let before = Fixture.snapshot()
        let removed = Fixture.snapshot { $0.routeConfigurations.removeAll { $0.name == "admin-routes" } }
        let added = Fixture.snapshot { $0.secrets.append(Fixture.secret("other-cert", certificate: "other")) }
        #expect(before.version(of: .routeConfiguration) != removed.version(of: .routeConfiguration))
        #expect(before.version(of: .secret) != added.version(of: .secret))
        #expect(removed.count(of: .routeConfiguration) == 1)
        #expect(added.count(of: .secret) == 2)
    }

    @Test("A rebuild re-encodes exactly the resources that changed")
    func rebuildReencodesOnlyChanges() {
        let resources = Fixture.resources()
        let total = XDSResourceType.allCases.reduce(0) { $0 + XDSSnapshot(resources).count(of: $1) }
        let first = XDSSnapshot(resources)
        #expect(first.encodedCount == total)

        let same = XDSSnapshot(resources, reusing: first)
        #expect(same.encodedCount == 0)

        var changed = resources
        changed.clusterLoadAssignments[0] = Fixture.assignment("alpha", hosts: ["10.0.0.9"])
        let one = XDSSnapshot(changed, reusing: same)
        #expect(one.encodedCount == 1)
        #expect(
            one.encoded(.clusterLoadAssignment, named: "alpha")?.version
                != first.encoded(.clusterLoadAssignment, named: "alpha")?.version
        )
        for type in XDSResourceType.allCases where type != .clusterLoadAssignment {
            #expect(one.version(of: type) == first.version(of: type), "\(type)")
        }
        // Reused or not, the result is the same as building from scratch.
        let fresh = XDSSnapshot(changed)
        for type in XDSResourceType.allCases {
            #expect(one.encoded(type).map(\.version) == fresh.encoded(type).map(\.version), "\(type)")
            #expect(one.encoded(type).map(\.packed) == fresh.encoded(type).map(\.packed), "\(type)")
        }

        var added = changed
        added.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
        #expect(XDSSnapshot(added, reusing: one).encodedCount == 1)
        #expect(XDSSnapshot(XDSResources(), reusing: one).encodedCount == 0)
    }

    @Test("A cluster load assignment's version changes when only its cluster changes")
    func assignmentFollowsCluster() {
        let before = Fixture.snapshot()
        let after = XDSSnapshot(
            Fixture.resources { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 1) },
            reusing: before
        )
        // Only the cluster was encoded again; the assignment's bytes are reused but its version moves.
        #expect(after.encodedCount == 1)
        let old = before.encoded(.clusterLoadAssignment, named: "alpha")
        let new = after.encoded(.clusterLoadAssignment, named: "alpha")
        #expect(old?.packed == new?.packed)
        #expect(old?.version != new?.version)
        #expect(before.version(of: .clusterLoadAssignment) != after.version(of: .clusterLoadAssignment))
        #expect(
            before.encoded(.clusterLoadAssignment, named: "beta")?.version
                == after.encoded(.clusterLoadAssignment, named: "beta")?.version
        )
    }

    @Test("A cluster's `service_name` ties the assignment of that name to it")
    func assignmentFollowsServiceName() {
        func snapshot(timeout: Int64) -> XDSSnapshot {
            var resources = XDSResources()
            resources.clusters = [Fixture.cluster("gamma", connectTimeout: timeout, serviceName: "gamma-endpoints")]
            resources.clusterLoadAssignments = [Fixture.assignment("gamma-endpoints", hosts: ["10.0.3.1"])]
            return XDSSnapshot(resources)
        }
        let before = snapshot(timeout: 5)
        let after = snapshot(timeout: 6)
        #expect(
            before.encoded(.clusterLoadAssignment, named: "gamma-endpoints")?.version
                != after.encoded(.clusterLoadAssignment, named: "gamma-endpoints")?.version
        )
    }

    @Test("An assignment that outlives its cluster gets the version a fresh build gives it")
    func orphanedAssignmentVersion() {
        let before = Fixture.snapshot()
        let withoutCluster = Fixture.resources { $0.clusters.removeAll { $0.name == "alpha" } }
        let reused = XDSSnapshot(withoutCluster, reusing: before)
        let fresh = XDSSnapshot(withoutCluster)
        #expect(reused.encodedCount == 0)
        #expect(
            reused.encoded(.clusterLoadAssignment, named: "alpha")?.version
                == fresh.encoded(.clusterLoadAssignment, named: "alpha")?.version
        )
        #expect(reused.version(of: .clusterLoadAssignment) == fresh.version(of: .clusterLoadAssignment))
    }

    @Test("Resources are packed with their type's URL")
    func packedTypeURLs() throws {
        let snapshot = Fixture.snapshot()
        for type in XDSResourceType.allCases {
            #expect(snapshot.count(of: type) > 0, "\(type)")
            for resource in snapshot.encoded(type) {
                #expect(resource.packed.typeURL == type.typeURL)
                #expect(try Fixture.name(of: resource.packed) == resource.name)
            }
        }
        #expect(snapshot.encoded(.cluster, named: "nope") == nil)
    }
}

/// The five resource types: Envoy's type URLs, the ADS push order and which types are full state.
@Suite("xDS resource types")
struct XDSResourceTypeTests {
    @Test("Type URLs are Envoy's and name the messages the snapshot packs")
    func typeURLs() {
        #expect(XDSResourceType.listener.typeURL == "type.googleapis.com/envoy.config.listener.v3.Listener")
        #expect(
            XDSResourceType.routeConfiguration.typeURL == "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
        )
        #expect(XDSResourceType.cluster.typeURL == "type.googleapis.com/envoy.config.cluster.v3.Cluster")
        #expect(
            XDSResourceType.clusterLoadAssignment.typeURL
                == "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
        )
        #expect(
            XDSResourceType.secret.typeURL == "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"
        )
        let messages: [XDSResourceType: any SwiftProtobuf.Message.Type] = [
            .secret: Envoy_Extensions_TransportSockets_Tls_V3_Secret.self,
            .cluster: Envoy_Config_Cluster_V3_Cluster.self,
            .clusterLoadAssignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment.self,
            .listener: Envoy_Config_Listener_V3_Listener.self,
            .routeConfiguration: Envoy_Config_Route_V3_RouteConfiguration.self,
        ]
        for type in XDSResourceType.allCases {
            #expect(type.messageName == messages[type]?.protoMessageName)
            #expect(XDSResourceType(typeURL: type.typeURL) == type)
        }
        #expect(XDSResourceType(typeURL: "type.googleapis.com/envoy.config.route.v3.VirtualHost") == nil)
        #expect(XDSResourceType(typeURL: "envoy.config.cluster.v3.Cluster") == nil)
    }

    @Test("ADS order: secrets, clusters, endpoints, listeners, routes")
    func adsOrder() {
        #expect(
            XDSResourceType.allCases == [.secret, .cluster, .clusterLoadAssignment, .listener, .routeConfiguration]
        )
        #expect(XDSResourceType.allCases.sorted() == XDSResourceType.allCases)
        #expect(XDSResourceType.allCases.map(\.description) == ["SDS", "CDS", "EDS", "LDS", "RDS"])
    }

    @Test("Only listeners and clusters are full state")
    func fullState() {
        #expect(XDSResourceType.allCases.filter(\.isFullState) == [.cluster, .listener])
    }
}

/// The cache of snapshots by key, the streams watching them and what they reported.
@Suite("Snapshot cache")
struct SnapshotCacheTests {
    /// Snapshots a watcher received.
    final class Received: Sendable {
        private let versions = Mutex<[String]>([])

        func append(_ snapshot: XDSSnapshot) {
            versions.withLock { $0.append(snapshot.version(of: .cluster)) }
        }

        /// Like ``append(_:)``, after some work: a watcher that takes time widens any window in which two
        /// publishes could overtake each other.
        func appendSlowly(_ snapshot: XDSSnapshot) {
            var work = 0
            for value in 0..<20_000 { work &+= value & 7 }
            precondition(work > 0)
            versions.withLock { $0.append(snapshot.version(of: .cluster)) }
        }

        var all: [String] {
            versions.withLock { $0 }
        }
    }

    @Test("Snapshots are kept per key, pushed to that key's streams only, and removed")
    func keysAndWatchers() {
        let cache = SnapshotCache()
        let first = ProtocolFixture.snapshot()
        let second = ProtocolFixture.snapshot { $0.clusters.removeLast() }
        cache.setSnapshot(first, forKey: "b~proxy")
        #expect(cache.keys == ["b~proxy"])

        let mine = Received()
        let others = Received()
        let (id, current) = cache.beginStream(key: "a~proxy", nodeID: "envoy-a", protocol: .delta, deliver: mine.append)
        let (otherID, otherCurrent) = cache.beginStream(
            key: "b~proxy",
            nodeID: "envoy-b",
            protocol: .stateOfTheWorld,
            deliver: others.append
        )
        #expect(current == nil)
        #expect(otherCurrent?.version(of: .cluster) == first.version(of: .cluster))
        #expect(cache.streams.map(\.nodeID) == ["envoy-a", "envoy-b"])
        #expect(cache.streams.map(\.variant) == [.delta, .stateOfTheWorld])

        cache.setSnapshot(second, forKey: "a~proxy")
        #expect(mine.all == [second.version(of: .cluster)])
        #expect(others.all.isEmpty)
        #expect(cache.keys == ["a~proxy", "b~proxy"])
        #expect(cache.snapshot(forKey: "a~proxy")?.version(of: .cluster) == second.version(of: .cluster))

        cache.removeSnapshot(forKey: "a~proxy")
        #expect(cache.snapshot(forKey: "a~proxy") == nil)
        #expect(cache.keys == ["b~proxy"])

        cache.endStream(id)
        cache.setSnapshot(first, forKey: "a~proxy")
        #expect(mine.all == [second.version(of: .cluster)])
        #expect(cache.streams.map(\.nodeID) == ["envoy-b"])
        cache.endStream(otherID)
        #expect(cache.streams.isEmpty)
    }

    @Test("Concurrent publishes of one key reach its streams in the order the cache stored them")
    func concurrentPublishesInOrder() async {
        let cache = SnapshotCache()
        let snapshots = (0..<16).map { index in
            ProtocolFixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: Int64(index)) }
        }
        for round in 0..<50 {
            let received = Received()
            let (id, _) = cache.beginStream(
                key: "k",
                nodeID: "envoy",
                protocol: .stateOfTheWorld,
                deliver: received.appendSlowly
            )
            await withTaskGroup(of: Void.self) { group in
                for snapshot in snapshots {
                    group.addTask { cache.setSnapshot(snapshot, forKey: "k") }
                }
            }
            cache.endStream(id)
            #expect(received.all.count == snapshots.count)
            #expect(received.all.last == cache.snapshot(forKey: "k")?.version(of: .cluster), "round \(round)")
        }
    }

    @Test("NACKs are kept (the latest 256) and mark the stream until it acknowledges a later version")
    func nacksAndAcknowledgements() {
        let cache = SnapshotCache()
        let (id, _) = cache.beginStream(key: "k", nodeID: "envoy", protocol: .stateOfTheWorld) { _ in }
        let nack = NackRecord(nodeKey: "k", nodeID: "envoy", type: .listener, version: "v2", message: "bad")
        cache.record(nack, stream: id)
        #expect(cache.nacks == [nack])
        #expect(cache.streams.first?.rejected == [.listener: "v2"])
        cache.recordAcknowledgement(.listener, version: "v3", stream: id)
        #expect(cache.streams.first?.rejected.isEmpty == true)
        #expect(cache.streams.first?.acknowledged == [.listener: "v3"])

        for index in 0..<300 {
            cache.record(
                NackRecord(nodeKey: "k", nodeID: "envoy", type: .cluster, version: "\(index)", message: "m"),
                stream: id
            )
        }
        #expect(cache.nacks.count == SnapshotCache.nackLimit)
        #expect(cache.nacks.first?.version == "44")
        #expect(cache.nacks.last?.version == "299")
        #expect(nack.description == "LDS version v2 rejected by envoy (k): bad")
    }
}

// MARK: - Fixtures

/// Hand-built Envoy resources and discovery messages for the snapshot, protocol and server suites: two EDS
/// clusters with their endpoints, a listener whose routes come over RDS, two route configurations and a
/// TLS secret.
enum ProtocolFixture {
    static let nodeID = "envoy-1"

    static var node: Envoy_Config_Core_V3_Node {
        var node = Envoy_Config_Core_V3_Node()
        node.id = nodeID
        node.cluster = "gateway"
        return node
    }

    /// A node whose snapshot key comes from its `role` metadata.
    static func node(id: String, role: String) -> Envoy_Config_Core_V3_Node {
        var node = Envoy_Config_Core_V3_Node()
        node.id = id
        node.cluster = "gateway"
        node.metadata.fields["role"] = Google_Protobuf_Value(stringValue: role)
        return node
    }

    // MARK: Resources

    static func cluster(
        _ name: String,
        connectTimeout seconds: Int64 = 5,
        serviceName: String = ""
    ) -> Envoy_Config_Cluster_V3_Cluster {
        var cluster = Envoy_Config_Cluster_V3_Cluster()
        cluster.name = name
        cluster.type = .eds
        cluster.edsClusterConfig.edsConfig.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
        cluster.edsClusterConfig.edsConfig.resourceApiVersion = .v3
        cluster.edsClusterConfig.serviceName = serviceName
        cluster.connectTimeout = Google_Protobuf_Duration(seconds: seconds)
        return cluster
    }

    static func assignment(_ clusterName: String, hosts: [String]) -> Envoy_Config_Endpoint_V3_ClusterLoadAssignment {
        var assignment = Envoy_Config_Endpoint_V3_ClusterLoadAssignment()
        assignment.clusterName = clusterName
        var locality = Envoy_Config_Endpoint_V3_LocalityLbEndpoints()
        locality.lbEndpoints = hosts.map { host in
            var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
            endpoint.endpoint.address.socketAddress.address = host
            endpoint.endpoint.address.socketAddress.portValue = 8080
            return endpoint
        }
        assignment.endpoints = [locality]
        return assignment
    }

    static func listener(_ name: String, port: UInt32, routes: String) -> Envoy_Config_Listener_V3_Listener {
        var manager = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager()
        manager.statPrefix = name
        manager.rds.routeConfigName = routes
        manager.rds.configSource.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
        manager.rds.configSource.resourceApiVersion = .v3
        var router = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter()
        router.name = "envoy.filters.http.router"
        router.typedConfig = Google_Protobuf_Any(packing: Envoy_Extensions_Filters_Http_Router_V3_Router())
        manager.httpFilters = [router]
        var filter = Envoy_Config_Listener_V3_Filter()
        filter.name = "envoy.filters.network.http_connection_manager"
        filter.typedConfig = Google_Protobuf_Any(packing: manager)
        var chain = Envoy_Config_Listener_V3_FilterChain()
        chain.filters = [filter]
        var listener = Envoy_Config_Listener_V3_Listener()
        listener.name = name
        listener.address.socketAddress.address = "0.0.0.0"
        listener.address.socketAddress.portValue = port
        listener.filterChains = [chain]
        return listener
    }

    static func routes(_ name: String, clusters: [String]) -> Envoy_Config_Route_V3_RouteConfiguration {
        var host = Envoy_Config_Route_V3_VirtualHost()
        host.name = name
        host.domains = ["*"]
        host.routes = clusters.map { cluster in
            var route = Envoy_Config_Route_V3_Route()
            route.match.prefix = "/\(cluster)"
            route.route.cluster = cluster
            return route
        }
        var configuration = Envoy_Config_Route_V3_RouteConfiguration()
        configuration.name = name
        configuration.virtualHosts = [host]
        return configuration
    }

    static func secret(_ name: String, certificate: String) -> Envoy_Extensions_TransportSockets_Tls_V3_Secret {
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = name
        secret.tlsCertificate.certificateChain.inlineString = certificate
        secret.tlsCertificate.privateKey.inlineString = "key of \(certificate)"
        return secret
    }

    /// The base resources, changed by `change`.
    static func resources(_ change: (inout XDSResources) -> Void = { _ in }) -> XDSResources {
        var resources = XDSResources()
        resources.clusters = [cluster("alpha"), cluster("beta")]
        resources.clusterLoadAssignments = [
            assignment("alpha", hosts: ["10.0.0.1", "10.0.0.2"]),
            assignment("beta", hosts: ["10.0.1.1"]),
        ]
        resources.listeners = [listener("http", port: 8080, routes: "http-routes")]
        resources.routeConfigurations = [
            routes("admin-routes", clusters: ["beta"]),
            routes("http-routes", clusters: ["alpha", "beta"]),
        ]
        resources.secrets = [secret("tls-cert", certificate: "certificate")]
        change(&resources)
        return resources
    }

    /// A snapshot of the base resources, changed by `change`.
    static func snapshot(_ change: (inout XDSResources) -> Void = { _ in }) -> XDSSnapshot {
        XDSSnapshot(resources(change))
    }

    // MARK: State-of-the-world messages

    static func request(
        _ type: XDSResourceType,
        names: [String] = [],
        version: String = "",
        nonce: String = "",
        withNode: Bool = false,
        error: String? = nil
    ) -> Envoy_Service_Discovery_V3_DiscoveryRequest {
        var request = Envoy_Service_Discovery_V3_DiscoveryRequest()
        request.typeURL = type.typeURL
        request.resourceNames = names
        request.versionInfo = version
        request.responseNonce = nonce
        if withNode { request.node = node }
        if let error {
            request.errorDetail.code = 13
            request.errorDetail.message = error
        }
        return request
    }

    /// The ACK of `response`, still asking for `names`.
    static func ack(
        _ response: Envoy_Service_Discovery_V3_DiscoveryResponse,
        names: [String] = []
    ) -> Envoy_Service_Discovery_V3_DiscoveryRequest {
        var request = Envoy_Service_Discovery_V3_DiscoveryRequest()
        request.typeURL = response.typeURL
        request.resourceNames = names
        request.versionInfo = response.versionInfo
        request.responseNonce = response.nonce
        return request
    }

    /// The NACK of `response`: the last good version, the rejected nonce and Envoy's error.
    static func nack(
        _ response: Envoy_Service_Discovery_V3_DiscoveryResponse,
        names: [String] = [],
        lastGoodVersion: String = "",
        message: String
    ) -> Envoy_Service_Discovery_V3_DiscoveryRequest {
        var request = ack(response, names: names)
        request.versionInfo = lastGoodVersion
        request.errorDetail.code = 13
        request.errorDetail.message = message
        return request
    }

    // MARK: Delta messages

    static func deltaRequest(
        _ type: XDSResourceType,
        subscribe: [String] = [],
        unsubscribe: [String] = [],
        initialVersions: [String: String] = [:],
        nonce: String = "",
        withNode: Bool = false,
        error: String? = nil
    ) -> Envoy_Service_Discovery_V3_DeltaDiscoveryRequest {
        var request = Envoy_Service_Discovery_V3_DeltaDiscoveryRequest()
        request.typeURL = type.typeURL
        request.resourceNamesSubscribe = subscribe
        request.resourceNamesUnsubscribe = unsubscribe
        request.initialResourceVersions = initialVersions
        request.responseNonce = nonce
        if withNode { request.node = node }
        if let error {
            request.errorDetail.code = 13
            request.errorDetail.message = error
        }
        return request
    }

    static func deltaAck(
        _ response: Envoy_Service_Discovery_V3_DeltaDiscoveryResponse
    ) -> Envoy_Service_Discovery_V3_DeltaDiscoveryRequest {
        var request = Envoy_Service_Discovery_V3_DeltaDiscoveryRequest()
        request.typeURL = response.typeURL
        request.responseNonce = response.nonce
        return request
    }

    // MARK: Reading responses

    /// The name of a packed resource, decoded from its bytes.
    static func name(of resource: Google_Protobuf_Any) throws -> String {
        switch XDSResourceType(typeURL: resource.typeURL) {
        case .secret: try Envoy_Extensions_TransportSockets_Tls_V3_Secret(serializedBytes: resource.value).name
        case .cluster: try Envoy_Config_Cluster_V3_Cluster(serializedBytes: resource.value).name
        case .clusterLoadAssignment:
            try Envoy_Config_Endpoint_V3_ClusterLoadAssignment(serializedBytes: resource.value).clusterName
        case .listener: try Envoy_Config_Listener_V3_Listener(serializedBytes: resource.value).name
        case .routeConfiguration: try Envoy_Config_Route_V3_RouteConfiguration(serializedBytes: resource.value).name
        case nil: "<\(resource.typeURL)>"
        }
    }

    /// The names of the resources a response holds, in order; each must carry the response's type URL.
    static func names(_ response: Envoy_Service_Discovery_V3_DiscoveryResponse) throws -> [String] {
        try response.resources.map { resource in
            #expect(resource.typeURL == response.typeURL)
            return try name(of: resource)
        }
    }

    /// The names of the resources a delta response holds, in order; each must carry the response's type URL
    /// and the name and version it is listed under.
    static func names(_ response: Envoy_Service_Discovery_V3_DeltaDiscoveryResponse) throws -> [String] {
        try response.resources.map { resource in
            #expect(resource.resource.typeURL == response.typeURL)
            #expect(!resource.version.isEmpty)
            let name = try name(of: resource.resource)
            #expect(name == resource.name)
            return name
        }
    }

    /// The type of each response, in order.
    static func types(_ responses: [Envoy_Service_Discovery_V3_DiscoveryResponse]) -> [XDSResourceType?] {
        responses.map { XDSResourceType(typeURL: $0.typeURL) }
    }

    static func types(_ responses: [Envoy_Service_Discovery_V3_DeltaDiscoveryResponse]) -> [XDSResourceType?] {
        responses.map { XDSResourceType(typeURL: $0.typeURL) }
    }
}
