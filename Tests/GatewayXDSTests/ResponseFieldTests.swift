import SwiftProtobuf
import Testing

@testable import GatewayXDS

@Suite("Shared response encoding")
struct ResponseFieldTests {
    static func snapshot(clusters: [String]) -> XDSSnapshot {
        var resources = XDSResources()
        for name in clusters {
            var cluster = Envoy_Config_Cluster_V3_Cluster()
            cluster.name = name
            cluster.type = .eds
            cluster.edsClusterConfig.edsConfig = .aggregated
            resources.clusters.append(cluster)
        }
        return XDSSnapshot(resources)
    }

    static func response(
        _ snapshot: XDSSnapshot,
        names: [String]? = nil
    ) -> Envoy_Service_Discovery_V3_DiscoveryResponse {
        var response = Envoy_Service_Discovery_V3_DiscoveryResponse()
        response.typeURL = XDSResourceType.cluster.typeURL
        response.versionInfo = snapshot.version(of: .cluster)
        response.nonce = "7"
        let resources =
            names.map { $0.compactMap { snapshot.encoded(.cluster, named: $0) } } ?? snapshot.encoded(.cluster)
        response.resources = resources.map(\.packed)
        return response
    }

    @Test("a response with every resource of its type carries the shared bytes and decodes to the same message")
    func fullResponse() throws {
        let snapshot = Self.snapshot(clusters: ["b", "a", "c"])
        let plain = Self.response(snapshot)
        let shared = SotWStreamState.prepared(plain, from: snapshot)
        #expect(shared.resources.isEmpty)
        #expect(!shared.unknownFields.data.isEmpty)
        let bytes: [UInt8] = try shared.serializedBytes()
        let decoded = try Envoy_Service_Discovery_V3_DiscoveryResponse(serializedBytes: bytes)
        #expect(decoded == plain)
    }

    @Test("a subset, another version or a make-before-break response is left as it is")
    func partialResponses() throws {
        let snapshot = Self.snapshot(clusters: ["a", "b"])
        let subset = Self.response(snapshot, names: ["a"])
        #expect(SotWStreamState.prepared(subset, from: snapshot) == subset)
        var lingering = Self.response(snapshot)
        lingering.versionInfo += "+1"
        #expect(SotWStreamState.prepared(lingering, from: snapshot) == lingering)
        let other = Self.snapshot(clusters: ["a", "c"])
        let stale = Self.response(snapshot)
        #expect(SotWStreamState.prepared(stale, from: other) == stale)
    }
}
