import GatewayModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: a configuration file (YAML or JSON, any bytes). Each input is loaded, translated into Proxies, and
// every resource that loaded is printed as YAML and JSON and read back: the result must be the same resource.
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
