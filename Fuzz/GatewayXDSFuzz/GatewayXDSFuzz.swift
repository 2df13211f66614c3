import SwiftProtobuf

@testable import GatewayXDS

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input format: byte 0 picks the protocol (even: state of the world, odd: delta); then operations, each one
// byte of kind and, for requests, a two-byte little-endian length and that many bytes of a protobuf-encoded
// discovery request, as an Envoy (or anything else) could send it:
//   kind % 4 == 0   a request          kind % 4 == 1   snapshot A (two clusters, a listener, ...)
//   kind % 4 == 2   snapshot B (one cluster removed, a route changed)     kind % 4 == 3   an empty snapshot
// Every sequence must be handled without crashing, and the responses must keep the protocol's invariants:
// nonces unique and increasing, every resource of the response's type, no name twice in a response, delta
// no name both sent and removed. A broken invariant calls `fatalError`, which libFuzzer reports.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    XDSFuzzCase(Array(UnsafeBufferPointer(start: data, count: size))).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` (a plain `swift build`) this target replays the files given on the command line
/// through the same checks. `Scripts/fuzz --target xds` builds the libFuzzer entry point instead.
@main
enum GatewayXDSFuzzReplay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            for (index, seed) in XDSFuzzSeeds.all.enumerated() {
                let path = arguments[1] + "/seed-\(index + 1)"
                try Data(seed).write(to: URL(fileURLWithPath: path))
            }
            print("wrote \(XDSFuzzSeeds.all.count) seed(s)")
            return
        }
        let paths = arguments
        for path in paths {
            XDSFuzzCase([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).run()
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

/// One fuzz input and the checks run on it.
struct XDSFuzzCase {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func run() {
        guard let first = bytes.first else { return }
        var checker = ResponseChecker()
        var sotw = SotWStreamState()
        var delta = DeltaStreamState()
        let isDelta = first % 2 == 1
        var snapshot: XDSSnapshot?
        let snapshots = FuzzSnapshots.make()
        var offset = 1
        while offset < bytes.count {
            let kind = bytes[offset] % 4
            offset += 1
            switch kind {
            case 0:
                guard offset + 2 <= bytes.count else { return }
                let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
                offset += 2
                let payload = Array(bytes[offset..<min(bytes.count, offset + length)])
                offset += payload.count
                if isDelta {
                    guard let request = try? Envoy_Service_Discovery_V3_DeltaDiscoveryRequest(serializedBytes: payload),
                        let outcome = try? delta.receive(request, snapshot: snapshot)
                    else { continue }
                    for response in outcome.responses { checker.check(response) }
                } else {
                    guard let request = try? Envoy_Service_Discovery_V3_DiscoveryRequest(serializedBytes: payload),
                        let outcome = try? sotw.receive(request, snapshot: snapshot)
                    else { continue }
                    for response in outcome.responses { checker.check(response) }
                }
            default:
                let next = snapshots[Int(kind) - 1]
                snapshot = next
                if isDelta {
                    for response in delta.update(to: next) { checker.check(response) }
                } else {
                    for response in sotw.update(to: next) { checker.check(response) }
                }
            }
        }
    }
}

/// The invariants every response must keep.
struct ResponseChecker {
    private var lastNonce = 0

    mutating func check(nonce: String) {
        guard let value = Int(nonce), value > lastNonce else { fatalError("nonce \(nonce) after \(lastNonce)") }
        lastNonce = value
    }

    mutating func check(_ response: Envoy_Service_Discovery_V3_DiscoveryResponse) {
        check(nonce: response.nonce)
        guard XDSResourceType(typeURL: response.typeURL) != nil else { fatalError("type \(response.typeURL)") }
        var names: Set<Data> = []
        for resource in response.resources {
            guard resource.typeURL == response.typeURL else { fatalError("\(resource.typeURL) in \(response.typeURL)") }
            guard names.insert(resource.value).inserted else { fatalError("a resource twice in one response") }
        }
    }

    mutating func check(_ response: Envoy_Service_Discovery_V3_DeltaDiscoveryResponse) {
        check(nonce: response.nonce)
        guard XDSResourceType(typeURL: response.typeURL) != nil else { fatalError("type \(response.typeURL)") }
        var names: Set<String> = []
        for resource in response.resources {
            guard resource.resource.typeURL == response.typeURL else { fatalError("type mismatch") }
            guard names.insert(resource.name).inserted else { fatalError("\(resource.name) twice in one response") }
        }
        for name in response.removedResources {
            guard names.insert(name).inserted else { fatalError("\(name) both sent and removed") }
        }
    }
}

/// Three snapshots to move between. Built for each input rather than kept in a global, so every allocation of
/// an input is freed by its end (LeakSanitizer checks that after each input).
enum FuzzSnapshots {
    static func make() -> [XDSSnapshot] {
        [XDSSnapshot(resources(variant: 0)), XDSSnapshot(resources(variant: 1)), XDSSnapshot(XDSResources())]
    }

    static func resources(variant: Int) -> XDSResources {
        var resources = XDSResources()
        for name in variant == 0 ? ["a", "b"] : ["a"] {
            var cluster = Envoy_Config_Cluster_V3_Cluster()
            cluster.name = name
            cluster.type = .eds
            cluster.edsClusterConfig.edsConfig = .aggregated
            resources.clusters.append(cluster)
            var assignment = Envoy_Config_Endpoint_V3_ClusterLoadAssignment()
            assignment.clusterName = name
            resources.clusterLoadAssignments.append(assignment)
        }
        var listener = Envoy_Config_Listener_V3_Listener()
        listener.name = "listener"
        resources.listeners = [listener]
        var routes = Envoy_Config_Route_V3_RouteConfiguration()
        routes.name = "routes"
        var host = Envoy_Config_Route_V3_VirtualHost()
        host.name = "host"
        host.domains = [variant == 0 ? "*" : "example.com"]
        routes.virtualHosts = [host]
        resources.routeConfigurations = [routes]
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = "secret"
        resources.secrets = [secret]
        return resources
    }
}

/// Seed inputs in the format above: what Envoy sends on a new stream, ACKs and NACKs among snapshot changes
/// (`GatewayXDSFuzz --write-seeds Fuzz/XDSCorpus` writes them).
enum XDSFuzzSeeds {
    static var all: [[UInt8]] {
        [stateOfTheWorld(nack: false), stateOfTheWorld(nack: true), delta(reconnect: false), delta(reconnect: true)]
    }

    private static func operation(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        return [0, UInt8(bytes.count & 0xFF), UInt8(bytes.count >> 8)] + bytes
    }

    private static func sotw(
        _ type: XDSResourceType,
        names: [String] = [],
        nonce: String = "",
        nack: Bool = false
    )
        -> [UInt8]
    {
        var request = Envoy_Service_Discovery_V3_DiscoveryRequest()
        request.node.id = "envoy-1"
        request.typeURL = type.typeURL
        request.resourceNames = names
        request.responseNonce = nonce
        if nack { request.errorDetail.message = "rejected" }
        return operation(request)
    }

    private static func stateOfTheWorld(nack: Bool) -> [UInt8] {
        [0, 1] + sotw(.cluster) + sotw(.clusterLoadAssignment, names: ["a", "b"]) + sotw(.cluster, nonce: "1")
            + sotw(.listener) + sotw(.routeConfiguration, names: ["routes"]) + [2]
            + sotw(.routeConfiguration, names: ["routes"], nonce: "6", nack: nack) + [3, 1]
    }

    private static func deltaRequest(
        _ type: XDSResourceType,
        subscribe: [String] = [],
        unsubscribe: [String] = [],
        known: [String: String] = [:],
        nonce: String = ""
    ) -> [UInt8] {
        var request = Envoy_Service_Discovery_V3_DeltaDiscoveryRequest()
        request.node.id = "envoy-1"
        request.typeURL = type.typeURL
        request.resourceNamesSubscribe = subscribe
        request.resourceNamesUnsubscribe = unsubscribe
        request.initialResourceVersions = known
        request.responseNonce = nonce
        return operation(request)
    }

    private static func delta(reconnect: Bool) -> [UInt8] {
        [1, 1] + deltaRequest(.cluster, known: reconnect ? ["a": "0", "gone": "1"] : [:])
            + deltaRequest(.clusterLoadAssignment, subscribe: ["a", "b"]) + deltaRequest(.listener, subscribe: ["*"])
            + deltaRequest(.clusterLoadAssignment, unsubscribe: ["b"], nonce: "2") + [2]
            + deltaRequest(.routeConfiguration, subscribe: ["routes"]) + [3]
    }
}
