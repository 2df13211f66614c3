import Foundation
import GatewayModel
import Testing

@testable import GatewayStore

@Suite("ServingConfigurationBuilder: a Rejected edit never takes away what is serving")
struct ServingConfigurationBuilderTests {
    /// The routes of the served virtual host built from VirtualService `name`.
    private func routes(_ serving: ServingConfiguration, virtualService name: String) -> [Route]? {
        let hosts = serving.proxies.flatMap { $0.spec.listeners ?? [] }.flatMap { $0.httpListener?.virtualHosts ?? [] }
        return hosts.first { $0.name.hasSuffix(name) }?.routes
    }

    @Test("a Rejected VirtualService edit keeps the old virtual host in the served Proxy")
    func rejectedVirtualService() async throws {
        let directory = try TemporaryDirectory([
            "upstream.yaml": upstreamYAML("echo"),
            "vs.yaml": virtualServiceYAML("shop", prefix: "/shop"),
        ])
        let recorder = SnapshotRecorder(DirectorySource(paths: [directory.path]))
        var builder = ServingConfigurationBuilder()
        let first = builder.update(with: try await recorder.first().snapshot)
        let before = try #require(routes(first, virtualService: "shop"))
        #expect(before.first?.matchers?.first?.prefix == "/shop")

        // A route without an action: the VirtualService is Rejected.
        try directory.write(
            "vs.yaml",
            """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: shop, namespace: default}
            spec: {virtualHost: {domains: ['*'], routes: [{matchers: [{prefix: /new}]}]}}
            """
        )
        let snapshot = try await recorder.first(after: 1) {
            $0.resources.virtualServices.first?.spec.virtualHost?.routes?.first?.matchers?.first?.prefix == "/new"
        }
        let served = builder.update(with: snapshot.snapshot)
        #expect(served.reports.reports.first { $0.name == "shop" }?.state == .rejected)
        #expect(routes(served, virtualService: "shop") == before)
        #expect(served.revision == snapshot.snapshot.revision)

        // Fixed: the new version serves.
        try directory.write("vs.yaml", virtualServiceYAML("shop", prefix: "/fixed"))
        let fixed = builder.update(
            with: try await recorder.first(after: 2) {
                $0.resources.virtualServices.first?.spec.virtualHost?.routes?.first?.matchers?.first?.prefix == "/fixed"
            }.snapshot
        )
        #expect(routes(fixed, virtualService: "shop")?.first?.matchers?.first?.prefix == "/fixed")
    }

    @Test("a Rejected Upstream edit keeps the old Upstream; a new Rejected one is left out")
    func rejectedUpstream() async throws {
        let directory = try TemporaryDirectory([
            "upstream.yaml": upstreamYAML("echo"), "vs.yaml": virtualServiceYAML("vs"),
        ])
        let recorder = SnapshotRecorder(DirectorySource(paths: [directory.path]))
        var builder = ServingConfigurationBuilder()
        let first = builder.update(with: try await recorder.first().snapshot)
        let accepted = try #require(first.resources.upstream(ResourceRef(name: "echo", namespace: "default")))

        let invalid = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: echo, namespace: default}
            spec: {static: {hosts: 5}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: fresh, namespace: default}
            spec: {static: {hosts: nope}}
            """
        try directory.write("upstream.yaml", invalid)
        let snapshot = try await recorder.first(after: 1) { $0.report("Upstream", "echo")?.state == .rejected }
        let served = builder.update(with: snapshot.snapshot)
        #expect(served.resources.upstream(ResourceRef(name: "echo", namespace: "default")) == accepted)
        #expect(served.resources.upstream(ResourceRef(name: "fresh", namespace: "default")) == nil)
        #expect(served.reports.reports.first { $0.name == "echo" }?.state == .rejected)
        #expect(routes(served, virtualService: "vs") == routes(first, virtualService: "vs"))

        // Removing the file removes the Upstream.
        try directory.remove("upstream.yaml")
        let removed = builder.update(
            with: try await recorder.first(after: 2) { $0.report("Upstream", "echo") == nil }.snapshot
        )
        #expect(removed.resources.upstream(ResourceRef(name: "echo", namespace: "default")) == nil)
    }

    @Test("servingConfigurations() passes a source's snapshots through a builder")
    func servingStream() async throws {
        let directory = try TemporaryDirectory([
            "upstream.yaml": upstreamYAML("echo"), "vs.yaml": virtualServiceYAML("vs"),
        ])
        let source = DirectorySource(paths: [directory.path])
        var iterator = source.servingConfigurations().makeAsyncIterator()
        let first = try #require(await iterator.next())
        #expect(first.revision == 1)
        #expect(first.proxies.map(\.name) == ["gateway-proxy"])
        #expect(routes(first, virtualService: "vs")?.count == 1)
        #expect(first.reports.reports.allSatisfy { $0.state == .accepted })
    }

    @Test("an UpstreamGroup Rejected for a missing Upstream keeps its previous version")
    func rejectedUpstreamGroup() {
        func snapshot(_ yaml: String, revision: Int) throws -> ConfigurationSnapshot {
            var loader = ResourceLoader()
            try loader.load(yaml, file: "config.yaml")
            return ConfigurationSnapshot(resources: loader.resources, reports: loader.reports, revision: revision)
        }
        func group(_ upstream: String) -> String {
            """
            apiVersion: gloo.solo.io/v1
            kind: UpstreamGroup
            metadata: {name: group, namespace: default}
            spec: {destinations: [{weight: 1, destination: {upstream: {name: \(upstream)}}}]}

            """
        }
        var builder = ServingConfigurationBuilder()
        let ref = ResourceRef(name: "group", namespace: "default")
        do {
            let first = builder.update(with: try snapshot(upstreamYAML("echo") + "---\n" + group("echo"), revision: 1))
            let accepted = try #require(first.resources.upstreamGroup(ref))
            let second = builder.update(with: try snapshot(upstreamYAML("echo") + "---\n" + group("gone"), revision: 2))
            #expect(second.reports.reports.first { $0.name == "group" }?.state == .rejected)
            #expect(second.resources.upstreamGroup(ref) == accepted)
            #expect(builder.serving == second)
        } catch {
            Issue.record(error)
        }
    }
}
