import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `gateway` as a control plane on a configuration directory.
@Suite("gateway: watches a directory, serves xDS and admin, exits on SIGTERM")
struct GatewayExecutableTests {
    @Test("ready once configured; /reports is the validate JSON and follows edits; SIGTERM exits 0")
    func controlPlane() async throws {
        let gateway = try await GatewayProcess(files: ["vs.yaml": Self.virtualService(body: "one")])
        defer { gateway.kill() }
        let reports = try #require(Self.get(port: gateway.adminPort, path: "/reports"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(reports.body.utf8)) as? [[String: Any]])
        #expect(parsed.contains { $0["name"] as? String == "demo" && $0["state"] as? String == "Accepted" })

        // An edit that Rejects the VirtualService shows up in /reports within a second or so.
        try gateway.write("vs.yaml", Self.virtualService(body: "two", status: 42))
        let rejected = try await Self.poll("/reports shows the Rejected edit") { () -> Bool? in
            let body = Self.get(port: gateway.adminPort, path: "/reports")?.body ?? ""
            return body.contains("\"Rejected\"") ? true : nil
        }
        #expect(rejected)
        try await gateway.terminate()
    }

    @Test("discovers functions: an inline document's are served; an unreachable document warns on its Upstream")
    func functionDiscovery() async throws {
        let upstreams = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: inline, labels: {discovery.solo.io/function_discovery: enabled}}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: 1}]
                serviceSpec:
                  rest:
                    swaggerInfo:
                      inline: '{"swagger": "2.0", "paths": {"/a": {"get": {}, "post": {}}, "/b": {"put": {}}}}'
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: gone, labels: {discovery.solo.io/function_discovery: enabled}}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: 1}]
                serviceSpec: {rest: {swaggerInfo: {url: "http://127.0.0.1:1/swagger.json"}}}
            """
        let gateway = try await GatewayProcess(files: [
            "vs.yaml": Self.virtualService(body: "one"), "upstreams.yaml": upstreams,
        ])
        defer { gateway.kill() }
        let logged = try await Self.poll("the log counts the inline document's 3 functions") { () -> Bool? in
            gateway.log.contains("3 discovered function(s) on 2 upstream(s)") ? true : nil
        }
        #expect(logged)
        let warning = try await Self.poll("/reports warns on the unreachable one") { () -> String? in
            let body = Self.get(port: gateway.adminPort, path: "/reports")?.body ?? ""
            let parsed = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]
            let gone = parsed?.first { $0["name"] as? String == "gone" }
            return (gone?["warnings"] as? [String])?.first
        }
        #expect(warning.hasPrefix("function discovery failed: GET http://127.0.0.1:1/swagger.json"))
        #expect(warning.hasSuffix("no functions discovered yet"))
        try await gateway.terminate()
    }

    /// The built `gateway` running as a control plane on a temporary configuration directory.
    struct GatewayProcess {
        let directory: URL
        let config: URL
        let logURL: URL
        let process: Process
        let adminPort: Int

        /// Starts the gateway on `files` (name → text) and waits until `/ready` answers 200.
        init(files: [String: String]) async throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("gateway")
            let candidates = [
                binary, Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gateway"),
            ]
            let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString)")
            config = directory.appendingPathComponent("config")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(to: config.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            logURL = directory.appendingPathComponent("gateway.log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            process = Process()
            process.executableURL = executable
            process.arguments = [
                "--config", config.path, "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0",
                "--no-data-plane",
            ]
            let handle = try FileHandle(forWritingTo: logURL)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let logURL = logURL
            adminPort = try await GatewayExecutableTests.poll("the admin address in the log") { () -> Int? in
                let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                guard let range = text.range(of: "admin at http://127.0.0.1:") else { return nil }
                return Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            let adminPort = adminPort
            let ready = try await GatewayExecutableTests.poll("GET /ready == 200") { () -> Bool? in
                GatewayExecutableTests.get(port: adminPort, path: "/ready")?.status == 200 ? true : nil
            }
            #expect(ready)
        }

        var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

        func write(_ name: String, _ text: String) throws {
            try text.write(to: config.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        /// SIGTERM, then expects a clean exit.
        func terminate() async throws {
            Glibc.kill(process.processIdentifier, SIGTERM)
            let exited = try await GatewayExecutableTests.poll("exit after SIGTERM") { () -> Bool? in
                process.isRunning ? nil : true
            }
            #expect(exited)
            #expect(process.terminationStatus == 0)
        }

        /// Kills the gateway if it still runs, and removes its files.
        func kill() {
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func virtualService(body: String, status: Int = 200) -> String {
        """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: demo, namespace: default}
        spec:
          virtualHost:
            domains: ['*']
            routes:
            - matchers: [{prefix: /}]
              directResponseAction: {status: \(status), body: \(body)}
        """
    }

    /// Polls `check` every 50 ms until it returns a value, for at most 10 s.
    static func poll<T>(_ what: String, _ check: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let value = check() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// One HTTP/1.0 GET on 127.0.0.1 with a blocking socket: status and body.
    static func get(port: Int, path: String) -> (status: Int, body: String)? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: localhost\r\n\r\n".utf8)
        guard send(socket, request, request.count, 0) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first,
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }),
            let bodyStart = text.range(of: "\r\n\r\n")
        else { return nil }
        return (status, String(text[bodyStart.upperBound...]))
    }
}
