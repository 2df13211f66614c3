import GatewayModel
import NIOHTTP1
import Testing

@testable import GatewayProxy

/// xxHash64 values from the reference implementation (Python's `xxhash`), and the values Envoy's ring hash used for
/// header hashing.
@Suite("xxHash64")
struct XXHash64Tests {
    @Test("reference values")
    func values() {
        #expect(XXHash64.hash(Array("".utf8)) == 17_241_709_254_077_376_921)
        #expect(XXHash64.hash(Array("user0".utf8)) == 7_641_270_430_879_821_858)
        #expect(XXHash64.hash(Array("alice".utf8)) == 8_332_761_332_120_969_289)
        #expect(XXHash64.hash(Array("127.0.0.1:9001_0".utf8)) == 4_534_726_034_343_670_111)
        #expect(XXHash64.hash(Array(repeating: UInt8(ascii: "a"), count: 40), seed: 5) == 3_673_080_956_641_987_563)
    }
}

/// Ring hash as Envoy 1.40 placed these header values on three equal hosts (a model of its ring checked against a
/// running Envoy on 33 values).
@Suite("Ring hash")
struct HashRingTests {
    static let endpoints = (9001...9003).map { UpstreamCluster.Endpoint(host: "127.0.0.1", port: $0) }

    @Test(
        "header values land where Envoy puts them",
        arguments: [
            ("user0", 0), ("user1", 0), ("user2", 0), ("user3", 1), ("user4", 0), ("user5", 1), ("user6", 1),
            ("user7", 2), ("user8", 1), ("user9", 2), ("user10", 1), ("user11", 0), ("alice", 1), ("bob", 0),
        ]
    )
    func placement(value: String, endpoint: Int) {
        let ring = HashRing(Self.endpoints, minimumSize: 1024, maximumSize: 8_388_608)
        let hash = XXHash64.hash(Array(value.utf8))
        #expect(Array(ring.endpoints(from: hash).prefix(1)) == [endpoint])
    }

    @Test("several values of a header are sorted and chained; policies combine by rotation")
    func policies() throws {
        var lbHash = LbHash()
        var header = HashPolicy()
        header.header = "x-user"
        lbHash.hashPolicies = [header]
        let policy = try #require(RequestHash(lbHash))
        let both = policy.hash(headers: ["x-user": "b", "X-User": "a"], clientAddress: nil)
        let a = XXHash64.hash(Array("a".utf8))
        #expect(both == XXHash64.hash(Array("b".utf8), seed: a))
        #expect(policy.hash(headers: [:], clientAddress: "10.0.0.1") == nil)
        var source = HashPolicy()
        source.sourceIp = true
        lbHash.hashPolicies = [header, source]
        let combined = try #require(RequestHash(lbHash)).hash(headers: ["x-user": "a"], clientAddress: "10.0.0.1")
        let ip = XXHash64.hash(Array("10.0.0.1".utf8))
        #expect(combined == ((a << 1) | (a >> 63)) ^ ip)
    }
}
