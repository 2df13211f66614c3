import Foundation
import GatewayModel
import Testing

/// Runs the built `gatewayctl` as users and scripts do.
@Suite("gatewayctl validate and proxy: the command-line contract")
struct GatewayCtlTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GatewayModelTests/Fixtures")
    }

    private func gatewayctl(_ arguments: [String]) throws -> Run {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gatewayctl")
        let candidates = [
            binary, Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gatewayctl"),
        ]
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    private func temporaryDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewayctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test("validate: exit 0 and an Accepted report when nothing is Rejected")
    func validateAccepted() throws {
        let run = try gatewayctl(["validate", Self.fixtures.appendingPathComponent("basic/input").path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Accepted VirtualService gloo-system.petstore"))
    }

    @Test("validate --output json: an array of {kind, namespace, name, state, errors, warnings}; exit 1 on Rejected")
    func validateJSON() throws {
        let run = try gatewayctl([
            "validate", "--output", "json", Self.fixtures.appendingPathComponent("validation-messages/input").path,
        ])
        #expect(run.status == 1)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(reports.allSatisfy { Set($0.keys) == ["kind", "namespace", "name", "state", "errors", "warnings"] })
        let shop = try #require(reports.first { $0["name"] as? String == "shop" })
        #expect(shop["state"] as? String == "Rejected")
        #expect((shop["errors"] as? [String])?.contains("invalid route: route must specify an action") == true)
        #expect(Set(reports.compactMap { $0["state"] as? String }).isSubset(of: ["Accepted", "Warning", "Rejected"]))
    }

    @Test("validate: exit 2 with file:line:column on stderr when an input cannot be parsed")
    func validateUnreadable() throws {
        let directory = try temporaryDirectory(["bad.yaml": "kind: Gateway\nspec: {bindPort: [1\n"])
        let run = try gatewayctl(["validate", directory.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:3:1:"))
        #expect(try gatewayctl(["validate", "/no/such/path"]).status == 2)
    }

    @Test("proxy: YAML Proxies that load back; JSON as an array")
    func proxy() throws {
        let input = Self.fixtures.appendingPathComponent("delegation-by-selector/input").path
        let yaml = try gatewayctl(["proxy", input])
        #expect(yaml.status == 0)
        var loader = ResourceLoader()
        try loader.load(yaml.stdout, file: "proxies.yaml")
        #expect(loader.resources.proxies.map(\.name) == ["gateway-proxy"])
        #expect(loader.reports.reports.allSatisfy { $0.state == .accepted })

        let json = try gatewayctl(["proxy", "--output", "json", input])
        let proxies = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(proxies.first?["kind"] as? String == "Proxy")
    }
}
