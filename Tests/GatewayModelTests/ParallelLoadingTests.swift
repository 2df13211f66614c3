import Testing

@testable import GatewayModel

/// Files above ``ResourceLoader/parallelThreshold`` are split at document markers and read on all cores; the
/// outcome must be exactly that of reading the documents one by one.
@Suite("Parallel loading of large files")
struct ParallelLoadingTests {
    /// About 600 KB: upstreams and virtual services, a duplicate, an unknown field, an unknown kind and an
    /// invalid resource spread through the file, and a block scalar holding text that looks like a marker.
    private static let largeFile: String = {
        var text = ""
        for index in 0..<1500 {
            text += upstream("us-\(index)")
            switch index {
            case 200: text += upstream("us-7")
            case 500: text += "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n---\n"
            case 900:
                text += virtualService("odd", routes: "- directResponseAction: {status: nope}")
            case 1200:
                text += virtualService(
                    "literal",
                    routes: "- directResponseAction:\n    status: 200\n    body: |\n      ---\n      --- not a marker\n"
                )
            default: break
            }
            text += virtualService("vs-\(index)", routes: "- routeAction: {single: {upstream: {name: us-\(index)}}}")
        }
        return text
            + "apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: late}\nspec: {static: {}, extra: 1}\n"
    }()

    @Test("a large file gives the same resources and reports as reading its documents one by one")
    func sameOutcome() throws {
        let bytes = Array(Self.largeFile.utf8)
        #expect(bytes.count > ResourceLoader.parallelThreshold)
        #expect(ConfigSyntax.pieces(of: bytes[...], count: 2).count == 2)

        var parallel = ResourceLoader()
        try parallel.load(bytes, file: "big.yaml")
        var sequential = ResourceLoader()
        for document in try ConfigSyntax.parseDocuments(bytes, file: "big.yaml") {
            try sequential.load(document: document, file: "big.yaml")
        }
        #expect(parallel.resources == sequential.resources)
        #expect(parallel.reports == sequential.reports)
        #expect(parallel.resources.locations == sequential.resources.locations)
        #expect(parallel.resources.upstreams.count == 1501)
        let literal = parallel.resources.virtualServices.first { $0.name == "literal" }
        #expect(literal?.spec.virtualHost?.routes?.first?.directResponseAction?.body == "---\n--- not a marker\n")
        let states = Dictionary(grouping: parallel.reports.reports, by: \.state).mapValues(\.count)
        #expect(states[.rejected] == 2)  // the duplicate and the invalid VirtualService
        #expect(states[.warning] == 2)  // the unknown kind and the unknown field
    }

    @Test("a syntax error far into a large file is located as in the whole file")
    func syntaxErrorInLaterPiece() throws {
        let broken = Self.largeFile + "apiVersion: v1\nkind: [Upstream\n"
        let lines = broken.split(separator: "\n", omittingEmptySubsequences: false).count
        var loader = ResourceLoader()
        let error = try #require(throws: ConfigSyntaxError.self) { try loader.load(broken, file: "big.yaml") }
        let whole = try #require(throws: ConfigSyntaxError.self) {
            _ = try ConfigSyntax.parseDocuments(Array(broken.utf8), file: "big.yaml")
        }
        #expect(error == whole)
        #expect(error.location.line >= lines - 2)
        // As for any file that is not well-formed, nothing of it is used.
        #expect(loader.resources == ResourceSet())
        #expect(loader.reports.reports.isEmpty)
    }

    @Test("directives keep a file in one piece")
    func directives() {
        let text = Array(("%YAML 1.2\n---\n" + Self.largeFile).utf8)
        #expect(ConfigSyntax.pieces(of: text[...], count: 2).count == 1)
    }

    @Test("many VirtualServices are translated in parallel; hosts and reports keep their order")
    func parallelTranslation() throws {
        var text =
            upstream("us")
            + routeTable(
                "shared",
                routes: "- matchers: [{prefix: /a/b}]\n  routeAction: {single: {upstream: {name: us}}}"
            )
        for index in 0..<200 {
            let name = "vs-\(String(index + 1000))"
            let routes =
                index % 10 == 3
                ? "- matchers: [{prefix: /a}]"  // no action: rejected
                : "- matchers: [{prefix: /a}]\n  delegateAction: {ref: {name: shared}}"
            text += virtualService(name, domains: ["host-\(index).example.com"], routes: routes)
        }
        let result = try buildProxies(text)
        let hosts = result.proxies.flatMap { $0.spec.listeners ?? [] }.flatMap { $0.httpListener?.virtualHosts ?? [] }
        #expect(hosts.map(\.name) == (0..<200).map { "default.vs-\(String($0 + 1000))" })
        let rejected = result.reports.reports.filter { $0.state == .rejected }.map(\.name)
        #expect(rejected == (0..<200).filter { $0 % 10 == 3 }.map { "vs-\(String($0 + 1000))" })
        for (index, host) in hosts.enumerated() where index % 10 != 3 {
            #expect(host.routes?.map(\.firstPath) == ["/a/b"])
        }
    }
}
