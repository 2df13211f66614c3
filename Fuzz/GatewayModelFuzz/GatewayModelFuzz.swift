import GatewayModel
import GatewayRouting

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: a configuration file (YAML or JSON, any bytes). Each input is loaded, translated into Proxies, and
// every resource that loaded is printed as YAML and JSON and read back: the result must be the same resource.
// Every HTTP listener is then routed: requests made from the routes' own paths and headers must get the same
// answer from the route index as from trying every route in order (`explain`).
// A broken invariant calls `fatalError`, which libFuzzer reports as a crash with the input that caused it.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ModelFuzzCase(bytes: Array(UnsafeBufferPointer(start: data, count: size))).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` this target replays the files given on the command line through the same checks.
@main
enum GatewayModelFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            ModelFuzzCase(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).run()
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

struct ModelFuzzCase {
    let bytes: [UInt8]

    func run() {
        var loader = ResourceLoader()
        do {
            try loader.load(bytes, file: "fuzz.yaml")
        } catch {
            guard error.location.line >= 1, error.location.column >= 1 else {
                fatalError("syntax error without a location: \(error)")
            }
            return
        }
        let result = ProxyBuilder().build(loader.resources, reports: loader.reports)
        for report in result.reports.reports where report.state == .rejected && report.errors.isEmpty {
            fatalError("Rejected without an error: \(report)")
        }
        _ = result.preservingLastValid(from: result.proxies)

        let resources = loader.resources
        roundTrip(resources.gateways)
        roundTrip(resources.virtualServices)
        roundTrip(resources.routeTables)
        roundTrip(resources.upstreams)
        roundTrip(resources.upstreamGroups)
        roundTrip(resources.settings)
        roundTrip(resources.secrets)
        roundTrip(resources.proxies)
        roundTrip(result.proxies)
        route(result.proxies)
    }

    /// The index must agree with the linear scan behind `explain` on requests aimed at every route.
    private func route(_ proxies: [Resource<ProxySpec>]) {
        for listener in proxies.flatMap({ $0.spec.listeners ?? [] }) {
            for httpListener in listener.httpListeners {
                // Configurations Envoy would reject are errors, not crashes.
                guard let router = try? ListenerRouter(httpListener) else { continue }
                for host in router.virtualHosts {
                    for request in requests(aimedAt: host) {
                        check(router, request)
                    }
                }
            }
        }
    }

    private func requests(aimedAt host: VirtualHost) -> [RouteRequest] {
        let authority = host.domains?.first.map { $0.replacing("*", with: "x") } ?? "example.com"
        var requests: [RouteRequest] = []
        for matcher in (host.routes ?? []).flatMap({ $0.matchers ?? [] }) {
            let headers = (matcher.headers ?? []).map { RouteRequest.Header($0.name, $0.value ?? "") }
            for path in [matcher.prefix, matcher.exact].compactMap({ $0 }) {
                for variant in [path, path + "/x", path.uppercased(), path + "?q=1", String(path.dropLast())] {
                    for method in (matcher.methods ?? []) + ["GET"] {
                        requests.append(
                            RouteRequest(method: method, path: variant, authority: authority, headers: headers)
                        )
                        requests.append(RouteRequest(method: method, path: variant, authority: authority))
                    }
                }
            }
        }
        return requests
    }

    private func check(_ router: ListenerRouter, _ request: RouteRequest) {
        let taken = router.route(request)
        guard let explanation = router.explain(request) else {
            if taken != nil { fatalError("a route without a virtual host for \(request)") }
            return
        }
        let scanned = explanation.routes.last.flatMap { $0.mismatch == nil ? $0 : nil }
        if taken?.match?.routeIndex != scanned?.routeIndex || taken?.match?.matcherIndex != scanned?.matcherIndex {
            fatalError(
                "the index and the linear scan disagree on \(request): \(String(describing: taken?.match?.routeIndex)) vs \(String(describing: scanned?.routeIndex))"
            )
        }
        if explanation.routes.dropLast().contains(where: { $0.mismatch == nil }) {
            fatalError("explain went past a route that matches: \(request)")
        }
    }

    private func roundTrip<Spec>(_ resources: [Resource<Spec>]) {
        let encoder = ConfigEncoder()
        for resource in resources {
            guard let value = try? encoder.encode(resource) else { fatalError("cannot encode \(resource)") }
            for text in [value.yamlText(), value.jsonText()] {
                guard let reread = try? ConfigSyntax.parseDocuments(text, file: "out"), reread.count == 1,
                    let decoded = try? ConfigDecoder().decode(Resource<Spec>.self, from: reread[0]).value
                else {
                    fatalError("printed resource does not read back:\n\(text)")
                }
                if decoded != resource {
                    fatalError("round trip changed the resource:\n\(text)")
                }
            }
        }
    }
}
