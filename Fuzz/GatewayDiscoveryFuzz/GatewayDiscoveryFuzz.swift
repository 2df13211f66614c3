import GatewayDiscovery
import GatewayModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: a Swagger 2.0 / OpenAPI 3 document (JSON or YAML, any bytes), as a discovered service would serve it.
//
// Each input is read as a document and turned into REST functions. Reading may only fail as malformed or
// unsupported, generating only as unsupported; generating twice gives the same functions; every function sets
// `:method` (one of the methods Gloo Edge reads) and `:path`, drops the body of GET and HEAD and sends JSON
// otherwise. A broken invariant calls `fatalError`, which libFuzzer reports as a crash with the input that caused it.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    DiscoveryFuzzCase(bytes: Array(UnsafeBufferPointer(start: data, count: size))).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` this target replays the files given on the command line through the same checks.
@main
enum GatewayDiscoveryFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            DiscoveryFuzzCase(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).run()
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

/// One fuzz input and the checks run on it.
struct DiscoveryFuzzCase {
    let bytes: [UInt8]

    static let methods: Set<String> = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"]

    func run() {
        let document: APIDocument
        do {
            document = try APIDocument(bytes: bytes, location: "http://fuzz.local/spec/doc.yaml")
        } catch {
            check(
                error.code == .malformedDocument || error.code == .unsupportedDocument,
                "reading failed as \(error.code)"
            )
            return
        }
        _ = document.missingDocuments
        let first: RESTFunctionGenerator.Result
        do {
            first = try RESTFunctionGenerator().functions(of: document)
        } catch {
            check(error.code == .unsupportedDocument, "generating failed as \(error.code)")
            return
        }
        let second = try? RESTFunctionGenerator().functions(of: document)
        check(second == first, "generating twice gave different functions")
        for (name, template) in first.functions {
            let headers = template.headers ?? [:]
            guard let method = headers[":method"]?.text, Self.methods.contains(method) else {
                fatalError("function \(name) has no valid :method")
            }
            check(headers[":path"]?.text != nil, "function \(name) has no :path")
            if method == "GET" || method == "HEAD" {
                check(template.body?.text == "" && headers["content-length"]?.text == "0", "\(name) keeps a body")
            } else {
                check(headers["content-type"]?.text == "application/json", "\(name) does not send JSON")
            }
        }
    }

    private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }
}
