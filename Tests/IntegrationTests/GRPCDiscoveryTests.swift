import Foundation
import GatewayDiscovery
import GatewayModel
import GatewayXDS
import SwiftProtobuf
import TestSupport
import Testing

/// gRPC reflection against a real Python gRPC server (`Goldens/peers/grpc_reflection_server.py`); the descriptors
/// it yields must let a real Envoy's gRPC-JSON transcoder start.
@Suite("gRPC reflection discovery against a real grpcio server", .serialized)
struct GRPCDiscoveryTests {
    static func withServer(_ arguments: [String] = [], _ body: (Int) async throws -> Void) async throws {
        let server = try await PythonPeer("grpc_reflection_server.py", arguments: arguments)
        defer { server.stop() }
        try await body(server.port("grpc"))
    }

    static func discover(
        port: Int,
        security: GRPCReflectionDiscovery.Security = .plaintext,
        timeout: Duration = .seconds(10)
    ) async throws(DiscoveryError) -> GRPCReflectionDiscovery.Discovered {
        try await GRPCReflectionDiscovery(limits: DiscoveryLimits(timeout: timeout))
            .discover(host: "127.0.0.1", port: port, security: security)
    }

    /// Every file of the set comes after the files it imports (as Envoy's descriptor pool needs them).
    static func checkOrder(_ discovered: GRPCReflectionDiscovery.Discovered) throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: discovered.descriptorSet)
        var seen: Set<String> = []
        for file in set.file {
            for dependency in file.dependency {
                #expect(seen.contains(dependency), "\(file.name) comes before its import \(dependency)")
            }
            seen.insert(file.name)
        }
        #expect(set.file.map(\.name) == discovered.files)
        #expect(
            Set(discovered.files) == [
                "demo/common/types.proto", "google/protobuf/empty.proto", "google/protobuf/timestamp.proto",
                "demo/shop/shop.proto",
            ]
        )
        let shop = try #require(set.file.first { $0.name == "demo/shop/shop.proto" })
        #expect(shop.service.map(\.name) == ["Catalog", "Orders"])
        let types = try #require(set.file.first { $0.name == "demo/common/types.proto" })
        #expect(types.messageType.first { $0.name == "Money" }?.nestedType.map(\.name) == ["Currency"])
    }

    @Test(
        "services and every imported file, in dependency order; v1 first, v1alpha when v1 is missing",
        arguments: [("both", "v1"), ("v1", "v1"), ("v1alpha", "v1alpha")]
    )
    func reflection(_ reflection: String, expected: String) async throws {
        try await Self.withServer(["--reflection", reflection]) { port in
            let discovered = try await Self.discover(port: port)
            #expect(discovered.protocolVersion == expected)
            #expect(discovered.services == ["demo.shop.Catalog", "demo.shop.Orders"])
            try Self.checkOrder(discovered)
            let transcoder = discovered.transcoder
            #expect(transcoder.services == ["demo.shop.Catalog", "demo.shop.Orders"])
            #expect(transcoder.matchIncomingRequestRoute == true)
            #expect(transcoder.protoDescriptorBin.flatMap { Data(base64Encoded: $0) } == Data(discovered.descriptorSet))
        }
    }

    @Test("TLS: verified against the server's certificate; refused without it; accepted unverified when asked")
    func tls() async throws {
        let certificates = try XDSPeers.temporaryDirectory("grpc-tls")
        defer { try? FileManager.default.removeItem(at: certificates) }
        try await Self.withServer(["--tls", certificates.path]) { port in
            let roots = certificates.appendingPathComponent("server.crt").path
            let verified = try await Self.discover(port: port, security: .tls(trustRoots: roots, verify: true))
            #expect(verified.services == ["demo.shop.Catalog", "demo.shop.Orders"])
            let unverified = try await Self.discover(port: port, security: .tls(trustRoots: nil, verify: false))
            #expect(unverified.descriptorSet == verified.descriptorSet)
            await #expect(throws: DiscoveryError.self) {
                try await Self.discover(port: port, security: .tls(trustRoots: nil, verify: true), timeout: .seconds(3))
            }
            await #expect(throws: DiscoveryError.self) {
                try await Self.discover(port: port, security: .plaintext, timeout: .seconds(3))
            }
        }
    }

    @Test("a server that closes the stream mid-way, and one that is not there, give clear errors")
    func badServers() async throws {
        try await Self.withServer(["--close-mid-stream"]) { port in
            await #expect {
                try await Self.discover(port: port)
            } throws: { error in
                guard let error = error as? DiscoveryError else { return false }
                return error.message.hasPrefix("gRPC reflection at 127.0.0.1:\(port)") && error.code == .unreachable
            }
        }
        await #expect {
            try await Self.discover(port: 1, timeout: .seconds(3))
        } throws: { error in
            (error as? DiscoveryError)?.code == .unreachable
        }
    }

    /// A gateway configuration whose one route sends to the discovered gRPC Upstream, as a static Envoy bootstrap.
    static func bootstrap(_ transcoder: GrpcJsonTranscoder, port: Int) throws -> String {
        var resources = ResourceSet()
        var spec = UpstreamSpec()
        spec.static = StaticUpstream(hosts: [.init(addr: "127.0.0.1", port: UInt32(port))])
        spec = DiscoveredFunctions.grpc(transcoder).applied(to: spec)
        resources.insert(Resource(name: "shop", spec: spec))
        let text = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: shop}
            spec:
              virtualHost:
                domains: ["*"]
                routes:
                - matchers: [{prefix: /}]
                  routeAction: {single: {upstream: {name: shop}}}
            """
        var loader = ResourceLoader()
        try loader.load(text, file: "vs.yaml")
        resources.insert(try #require(loader.resources.virtualServices.first))
        let built = ProxyBuilder().build(resources)
        let proxy = try #require(built.preservingLastValid(from: []).first)
        var options = XDSTranslator.Options()
        options.delivery = .embedded
        let translation = XDSTranslator(options: options).translate(proxy, in: resources)
        #expect(translation.reports.reports.allSatisfy { $0.errors.isEmpty }, "\(translation.reports.reports)")
        return try EnvoyBootstrap.json(EnvoyBootstrap.static(translation.resources))
    }

    static func envoyAccepts(_ json: String) async throws -> (accepted: Bool, output: String) {
        let envoy = try #require(XDSPeers.executable("envoy"), "envoy is not on the PATH; Scripts/test installs it")
        let file = try XDSPeers.temporaryDirectory("grpc-transcoder").appendingPathComponent("envoy.json")
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let output = try await PeerProcess.run(
            envoy,
            arguments: ["--mode", "validate", "-c", file.path, "-l", "error"],
            input: [],
            timeout: .seconds(60)
        )
        return (output.status == 0, String(decoding: output.stdout, as: UTF8.self) + output.stderr)
    }

    @Test("Envoy's gRPC-JSON transcoder starts with the discovered descriptors, and not without the imports")
    func envoyValidates() async throws {
        try await Self.withServer { port in
            let discovered = try await Self.discover(port: port)
            let accepted = try await Self.envoyAccepts(try Self.bootstrap(discovered.transcoder, port: port))
            #expect(accepted.accepted, "envoy --mode validate: \(accepted.output)")

            // The control: the service's file alone, without what it imports, is refused by Envoy.
            let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: discovered.descriptorSet)
            var alone = Google_Protobuf_FileDescriptorSet()
            alone.file = set.file.filter { $0.name == "demo/shop/shop.proto" }
            let broken = GrpcJsonTranscoder(
                protoDescriptorBin: try alone.serializedData().base64EncodedString(),
                services: discovered.services
            )
            let refused = try await Self.envoyAccepts(try Self.bootstrap(broken, port: port))
            #expect(!refused.accepted, "Envoy accepted descriptors without their imports")
        }
    }
}
