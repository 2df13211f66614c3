import Foundation
import GatewayModel
import TestSupport
import Testing

/// `gatewayctl discover` against the real peers: one Upstream document each, in Gloo Edge's fields.
@Suite("gatewayctl discover against real peers", .serialized)
struct DiscoverCommandTests {
    /// Runs the built `gatewayctl`; nil (with an issue recorded) when it was not built.
    static func gatewayctl(
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> PeerProcess.Output? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            directory.appendingPathComponent("gatewayctl"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gatewayctl"),
        ]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("gatewayctl is not built beside the tests")
            return nil
        }
        var arguments = arguments
        if !environment.isEmpty {
            arguments = ["-i"] + environment.map { "\($0.key)=\($0.value)" } + [executable.path] + arguments
            return try await PeerProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                arguments: arguments,
                input: [],
                timeout: .seconds(60)
            )
        }
        return try await PeerProcess.run(executable, arguments: arguments, input: [], timeout: .seconds(60))
    }

    /// The one Upstream of a YAML document.
    static func upstream(_ output: PeerProcess.Output) throws -> Resource<UpstreamSpec> {
        #expect(output.status == 0, "\(output.stderr)")
        var loader = ResourceLoader()
        try loader.load(output.stdout, file: "discovered.yaml")
        #expect(loader.reports.reports.allSatisfy { $0.state == .accepted }, "\(loader.reports.reports)")
        #expect(loader.resources.count == 1)
        return try #require(loader.resources.upstreams.first)
    }

    @Test("swagger, grpc and lambda each print an Upstream that loads back, Accepted")
    func allKinds() async throws {
        let specs = try await PythonPeer("spec_server.py", arguments: ["--root", try PythonPeer.specRoot])
        defer { specs.stop() }
        let grpc = try await PythonPeer("grpc_reflection_server.py", arguments: ["--reflection", "v1alpha"])
        defer { grpc.stop() }
        let lambda = try await PythonPeer(
            "lambda_peer.py",
            arguments: ["--functions", "2", "--versions", "1", "--aliases"]
        )
        defer { lambda.stop() }

        let root = "http://127.0.0.1:\(specs.port("spec"))/probe/openapi"
        guard let swaggerRun = try await Self.gatewayctl(["discover", "swagger", root, "--name", "pets"]) else {
            return
        }
        let pets = try Self.upstream(swaggerRun)
        #expect(pets.name == "pets")
        #expect(pets.spec.static?.hosts?.first?.port == UInt32(specs.port("spec")))
        #expect(pets.spec.static?.serviceSpec?.rest?.swaggerInfo?.url == root + "/openapi.yaml")
        #expect(pets.spec.static?.serviceSpec?.rest?.transformations?.count == 6)

        guard let grpcRun = try await Self.gatewayctl(["discover", "grpc", "127.0.0.1:\(grpc.port("grpc"))"]) else {
            return
        }
        let shop = try Self.upstream(grpcRun)
        #expect(shop.name == "127-0-0-1-\(grpc.port("grpc"))")
        #expect(
            shop.spec.static?.serviceSpec?.grpcJsonTranscoder?.services == ["demo.shop.Catalog", "demo.shop.Orders"]
        )

        let environment = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "PATH": "/usr/bin:/bin"]
        let endpoint = "http://127.0.0.1:\(lambda.port("lambda"))"
        guard
            let lambdaRun = try await Self.gatewayctl(
                [
                    "discover", "lambda", "--region", "us-east-1", "--endpoint", endpoint, "--secret-ref",
                    "gloo-system.aws",
                ],
                environment: environment
            )
        else { return }
        let functions = try Self.upstream(lambdaRun)
        #expect(functions.spec.aws?.secretRef == ResourceRef(name: "aws", namespace: "gloo-system"))
        #expect(
            functions.spec.aws?.lambdaFunctions?.compactMap(\.logicalName)
                == ["fn-0000", "fn-0000:1", "fn-0000:beta", "fn-0000:live", "fn-0001", "fn-0001:1"]
        )

        guard
            let noCredentials = try await Self.gatewayctl(
                ["discover", "lambda", "--region", "us-east-1", "--endpoint", endpoint],
                environment: ["PATH": "/usr/bin:/bin"]
            )
        else { return }
        #expect(noCredentials.status == 1)
        #expect(noCredentials.stderr.contains("no AWS credentials"))
    }
}
