import Foundation
import Testing

@testable import GatewayModel

/// Each folder under `Fixtures/` holds `input/*.yaml` and the expected `reports.json` and `proxies.yaml`.
/// Run with `GATEWAY_UPDATE_GOLDEN=1` to rewrite the expected files after a reviewed change.
@Suite("Golden fixtures: reports and Proxies for documented Gloo Edge configurations")
struct GoldenFixtureTests {
    static let fixtures: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)

    static var names: [String] {
        guard let fixtures else { return [] }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return entries.sorted()
    }

    private func load(_ name: String) throws -> (ResourceLoader, ProxyBuilder.Result) {
        let directory = try #require(Self.fixtures).appendingPathComponent(name).appendingPathComponent("input")
        var loader = ResourceLoader()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            try loader.load([UInt8](data), file: "\(name)/\(file)")
        }
        return (loader, ProxyBuilder().build(loader.resources, reports: loader.reports))
    }

    @Test("reports and Proxies match the expected files", arguments: names)
    func golden(name: String) throws {
        let (_, result) = try load(name)
        let reports = try ConfigEncoder().encode(result.reports.reports).jsonText() + "\n"
        let proxies = try result.preservingLastValid(from: []).map { try ConfigEncoder().encode($0).yamlText() }
            .joined(separator: "---\n")
        try compare(reports, with: "\(name)/reports.json")
        try compare(proxies, with: "\(name)/proxies.yaml")
    }

    @Test("every resource survives decode → encode → decode", arguments: names)
    func roundTrip(name: String) throws {
        let (loader, result) = try load(name)
        try expectRoundTrip(loader.resources.gateways)
        try expectRoundTrip(loader.resources.virtualServices)
        try expectRoundTrip(loader.resources.routeTables)
        try expectRoundTrip(loader.resources.upstreams)
        try expectRoundTrip(result.proxies)
    }

    private func expectRoundTrip<Spec>(_ resources: [Resource<Spec>]) throws {
        for resource in resources {
            let encoded = try ConfigEncoder().encode(resource)
            for text in [encoded.yamlText(), encoded.jsonText()] {
                let reread = try ConfigSyntax.parseDocuments(text, file: "reread")
                let decoded = try ConfigDecoder().decode(Resource<Spec>.self, from: try #require(reread.first))
                #expect(decoded.value == resource)
                #expect(decoded.unknownFields.isEmpty)
            }
        }
    }

    private func compare(_ actual: String, with relativePath: String) throws {
        let fixtures = try #require(Self.fixtures)
        if ProcessInfo.processInfo.environment["GATEWAY_UPDATE_GOLDEN"] == "1" {
            // Write into the source tree, not the copied bundle.
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            try actual.write(to: source.appendingPathComponent(relativePath), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: fixtures.appendingPathComponent(relativePath), encoding: .utf8)
        #expect(actual == expected, "\(relativePath) differs; review and run with GATEWAY_UPDATE_GOLDEN=1 to accept")
    }
}
