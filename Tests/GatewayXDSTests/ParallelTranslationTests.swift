import Foundation
import GatewayModel
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// Translation, validation and encoding share large configurations out between the cores in runs of virtual
/// hosts, clusters and resources. Whatever the split, the output, reports and issues must be those of one pass.
@Suite("Work shared between cores")
struct ParallelTranslationTests {
    static let count = 120

    /// `count` VirtualServices, each with its own Upstream. Some VirtualServices have a bad regex (an error, the
    /// route left out), some an option that is not sent (a warning), some a fault (a filter); two far apart
    /// route to a gRPC Upstream with a broken transcoder (errors on that Upstream, reported once); some
    /// Upstreams have options that are not sent.
    static func yaml() -> String {
        var text = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: catalog, namespace: default}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: 9090}]
                serviceSpec: {grpcJsonTranscoder: {protoDescriptorBin: bm90IGEgZGVzY3JpcHRvcg==, services: [a.B]}}

            """
        for index in 0..<count {
            let regex = index % 7 == 3 ? "'/orders/(['" : "'/orders/[0-9]+'"
            let hostOptions = index % 5 == 1 ? "options: {transformations: {clearRouteCache: true}}" : ""
            let fault = index % 9 == 2 ? "options: {faults: {abort: {percentage: 1, httpStatus: 503}}}" : ""
            let grpc = index == 10 || index == 100 ? "catalog" : "svc-\(index)"
            let failover = index % 13 == 4 ? "failover: {prioritizedLocalities: []}" : ""
            text += """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: svc-\(index), namespace: default}
                spec:
                  static: {hosts: [{addr: 10.0.\(index / 200).\(index % 200 + 1), port: 8080}]}
                  \(failover)
                ---
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: site-\(index), namespace: default}
                spec:
                  virtualHost:
                    domains: [site-\(index).example.com]
                    \(hostOptions)
                    routes:
                    - matchers: [{regex: \(regex)}]
                      routeAction: {single: {upstream: {name: svc-\(index), namespace: default}}}
                    - matchers: [{prefix: /grpc}]
                      routeAction: {single: {upstream: {name: \(grpc), namespace: default}}}
                    - matchers: [{prefix: /}]
                      \(fault)
                      routeAction: {single: {upstream: {name: svc-\(index), namespace: default}}}

                """
        }
        return text
    }

    static func translate(inOneRange: Bool) throws -> ListenerFixture.Result {
        let yaml = yaml()
        return try WorkChunks.$inOneRange.withValue(inOneRange) {
            try ListenerFixture.translate(yaml)
        }
    }

    @Test("Splitting the virtual hosts and Upstreams gives the resources and reports of one pass")
    func translation() throws {
        #expect(WorkChunks.ranges(Self.count, minimum: 8).count > 1)
        let split = try Self.translate(inOneRange: false)
        let whole = try Self.translate(inOneRange: true)
        #expect(split.resources == whole.resources)
        #expect(split.reports == whole.reports)

        let hosts = try split.routeConfiguration("listener-::-8080-routes").virtualHosts
        #expect(hosts.count == Self.count)
        #expect(hosts.map(\.name) == (0..<Self.count).map { "default_site-\($0)" }.sorted())
        let site3 = ResourceID(kind: "VirtualService", namespace: "default", name: "site-3")
        #expect(split.errors(on: site3).count == 1)
        let site1 = ResourceID(kind: "VirtualService", namespace: "default", name: "site-1")
        #expect(split.warnings(on: site1).count == 1)
        let catalog = ResourceID(kind: "Upstream", namespace: "default", name: "catalog")
        #expect(!split.errors(on: catalog).isEmpty)
        #expect(Set(split.errors(on: catalog)).count == split.errors(on: catalog).count, "reported once")
        let svc4 = ResourceID(kind: "Upstream", namespace: "default", name: "svc-4")
        #expect(split.warnings(on: svc4).count == 1)
        let filters = try ListenerFixture.connectionManager(
            try split.listener("listener-::-8080").filterChains[0]
        ).httpFilters.map(\.name)
        #expect(filters.contains("envoy.filters.http.fault"))
    }

    @Test("Splitting validation gives the issues of one pass, in the same order")
    func validation() throws {
        var resources = try Self.translate(inOneRange: false).resources
        // Problems spread over every part a validation is split into.
        for host in [0, 47, 95, Self.count - 1] {
            resources.routeConfigurations[0].virtualHosts[host].routes[0].route.cluster = ""
        }
        resources.routeConfigurations[0].requestHeadersToRemove = [":path"]
        try #require(resources.clusters.count > 100 && resources.clusterLoadAssignments.count > 90)
        for cluster in [2, 70, resources.clusters.count - 1] {
            resources.clusters[cluster].connectTimeout = Google_Protobuf_Duration(seconds: -1)
        }
        resources.clusterLoadAssignments[90].endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.address = ""
        let split = XDSValidator().validate(resources)
        let whole = WorkChunks.$inOneRange.withValue(true) { XDSValidator().validate(resources) }
        #expect(split == whole)
        #expect(split.count >= 9, "\(split)")
    }

    @Test("A change in one of many virtual hosts re-encodes only their route configuration")
    func reuse() throws {
        let resources = try Self.translate(inOneRange: false).resources
        let first = XDSSnapshot(resources)
        #expect(XDSSnapshot(resources, reusing: first).encodedCount == 0)
        var changed = resources
        changed.routeConfigurations[0].virtualHosts[Self.count - 7].routes[0].name = "renamed"
        let second = XDSSnapshot(changed, reusing: first)
        #expect(second.encodedCount == 1)
        #expect(second.version(of: .routeConfiguration) != first.version(of: .routeConfiguration))
        #expect(second.version(of: .cluster) == first.version(of: .cluster))
    }

    @Test("A route configuration encoded host by host has SwiftProtobuf's bytes")
    func encoding() throws {
        let configuration = try #require(try Self.translate(inOneRange: false).resources.routeConfigurations.first)
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let expected: [UInt8] = try configuration.serializedBytes(options: options)
        #expect(configuration.bytesEncodingHostsInParallel() == expected)
        var withTail = configuration
        withTail.requestHeadersToRemove = ["x-internal"]
        withTail.maxDirectResponseBodySizeBytes = Google_Protobuf_UInt32Value(8192)
        #expect(withTail.bytesEncodingHostsInParallel() == (try withTail.serializedBytes(options: options)))
    }
}
