import Foundation
import GatewayDiscovery
import GatewayModel
import Testing

/// The discovery loop with the real discoveries, against all three kinds of peer at once.
@Suite("The discovery loop against real peers", .serialized)
struct DiscoveryLoopTests {
    static func upstream(
        _ name: String,
        label: String? = "enabled",
        _ configure: (inout UpstreamSpec) -> Void
    )
        -> Resource<UpstreamSpec>
    {
        var spec = UpstreamSpec()
        configure(&spec)
        return Resource(name: name, labels: label.map { [DiscoverySelection.label: $0] }, spec: spec)
    }

    static func id(_ name: String) -> ResourceID { ResourceID(kind: "Upstream", namespace: "default", name: name) }

    @Test("Swagger, gRPC (detected), Lambda: found, written into the Upstreams; a peer gone keeps its functions")
    func allKinds() async throws {
        let specs = try await PythonPeer("spec_server.py", arguments: ["--root", try PythonPeer.specRoot])
        defer { specs.stop() }
        let grpc = try await PythonPeer("grpc_reflection_server.py")
        defer { grpc.stop() }
        let lambda = try await PythonPeer("lambda_peer.py", arguments: ["--functions", "2"])
        defer { lambda.stop() }

        var resources = ResourceSet()
        resources.insert(
            Self.upstream("pets") { spec in
                var rest = RestServiceSpec()
                rest.swaggerInfo = .init(url: "http://127.0.0.1:\(specs.port("spec"))/swagger2/petstore.json")
                spec.static = StaticUpstream(hosts: [.init(addr: "127.0.0.1", port: UInt32(specs.port("spec")))])
                spec.static?.serviceSpec = ServiceSpec(.rest(rest))
            }
        )
        resources.insert(
            Self.upstream("shop") { spec in
                spec.static = StaticUpstream(hosts: [.init(addr: "127.0.0.1", port: UInt32(grpc.port("grpc")))])
            }
        )
        resources.insert(
            Self.upstream("not-selected", label: nil) { spec in
                spec.static = StaticUpstream(hosts: [.init(addr: "127.0.0.1", port: UInt32(grpc.port("grpc")))])
            }
        )
        resources.insert(
            Self.upstream("functions", label: nil) { spec in
                spec.aws = AwsLambdaUpstream(region: "us-east-1", secretRef: ResourceRef(name: "aws"))
            }
        )
        resources.insert(Resource(name: "aws", spec: SecretSpec(.aws(.init(accessKey: "AKID", secretKey: "SECRET")))))

        var timing = FunctionDiscoveryLoop.Timing()
        timing.swaggerInterval = .milliseconds(200)
        timing.grpcInterval = .milliseconds(200)
        timing.lambdaInterval = .milliseconds(200)
        timing.initialBackoff = .milliseconds(100)
        timing.maximumBackoff = .milliseconds(400)
        let loop = FunctionDiscoveryLoop(
            limits: DiscoveryLimits(timeout: .seconds(5)),
            timing: timing,
            environment: ["AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:\(lambda.port("lambda"))"]
        )
        defer { loop.stop() }
        var iterator = loop.results.makeAsyncIterator()
        loop.update(resources)

        let names = ["pets", "shop", "functions"]
        let found = try await Self.next(&iterator) { results in
            names.allSatisfy { results.statuses[Self.id($0)]?.state == .discovered }
        }
        #expect(found.statuses[Self.id("not-selected")] == nil)
        let served = found.applied(to: resources)
        #expect(served.upstream(ResourceRef(name: "pets"))?.spec.static?.serviceSpec?.rest?.transformations?.count == 7)
        let transcoder = served.upstream(ResourceRef(name: "shop"))?.spec.static?.serviceSpec?.grpcJsonTranscoder
        #expect(transcoder?.services == ["demo.shop.Catalog", "demo.shop.Orders"])
        #expect(served.upstream(ResourceRef(name: "shop"))?.spec.usesHttp2 == true)
        #expect(
            served.upstream(ResourceRef(name: "functions"))?.spec.aws?.lambdaFunctions?.compactMap(\.logicalName)
                == ["fn-0000", "fn-0001"]
        )

        // The spec server goes away: the Upstream reports it and keeps serving its functions.
        specs.stop()
        let failed = try await Self.next(&iterator) { $0.statuses[Self.id("pets")]?.state == .failed }
        let status = try #require(failed.statuses[Self.id("pets")])
        #expect(status.functions?.count == 7)
        #expect(status.error?.code == .unreachable)
        var reports = ResourceReports()
        failed.addWarnings(to: &reports, for: resources)
        let warning = try #require(reports.warnings(for: Self.id("pets")).first)
        #expect(
            warning.hasPrefix(
                "function discovery failed: GET http://127.0.0.1:\(specs.port("spec"))/swagger2/petstore.json"
            )
        )
        #expect(warning.hasSuffix("serving the 7 function(s) discovered before"))
        #expect(
            failed.applied(to: resources).upstream(ResourceRef(name: "pets"))?.spec.static?.serviceSpec?.rest?
                .transformations?.count == 7
        )
    }

    static func next(
        _ iterator: inout AsyncStream<DiscoveryResults>.Iterator,
        _ condition: (DiscoveryResults) -> Bool
    ) async throws -> DiscoveryResults {
        let deadline = ContinuousClock.now + .seconds(30)
        var last: DiscoveryResults?
        while ContinuousClock.now < deadline {
            guard let results = await iterator.next() else { break }
            if condition(results) { return results }
            last = results
        }
        throw XDSPeers.Failure("the loop never got there; last results: \(String(describing: last))")
    }
}
