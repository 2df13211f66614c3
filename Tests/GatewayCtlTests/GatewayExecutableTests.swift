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
        // The unreachable document's first attempt ends at discovery's 10 s request deadline at the latest.
        let logged = try await Self.poll("the log counts the inline document's 3 functions", limit: .seconds(30)) {
            () -> Bool? in
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

    @Test("serves the quickstart: routing, a transformation, direct responses; edits apply, Rejected ones do not")
    func servesTheQuickstart() async throws {
        let front = try Self.freePort()
        let petStore = try Self.freePort()
        let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/quickstart")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: quickstart.path) where name.hasSuffix(".yaml") {
            files[name] = try String(contentsOf: quickstart.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "bindPort: 8080", with: "bindPort: \(front)")
                .replacingOccurrences(of: "8081", with: String(petStore))
                .replacingOccurrences(of: "bindAddress: '::'", with: "bindAddress: 127.0.0.1")
        }
        let gateway = try await GatewayProcess(files: files, dataPlane: true)
        defer { gateway.kill() }
        #expect(Self.get(port: front, path: "/hello")?.body == "Hello from swift-gateway\n")
        let pet = try #require(Self.get(port: front, path: "/api/pets/1"))
        #expect(pet.status == 200)
        #expect(pet.body == "{\"id\": 1, \"name\": \"Rex\", \"kind\": \"dog\"}\n")
        #expect(Self.get(port: front, path: "/pet-names")?.body == "Rex the dog\nTom the cat\n")
        #expect(Self.get(port: front, path: "/api/pets/7")?.status == 404)
        let metrics = try #require(Self.get(port: gateway.adminPort, path: "/metrics")?.body)
        #expect(
            metrics.contains(
                "gateway_requests_total{listener=\"gloo-system.gateway-proxy.listener-127.0.0.1-\(front)\",code_class=\"2xx\"} 3"
            )
        )
        #expect(
            metrics.contains("gateway_upstream_requests_total{upstream=\"default/pet-store\",code_class=\"4xx\"} 1")
        )
        #expect(metrics.contains("gateway_config_reloads_total 1"))

        // A Rejected edit leaves the served version in place.
        let original = try #require(files["virtual-service.yaml"])
        try gateway.write("virtual-service.yaml", original.replacingOccurrences(of: "status: 200", with: "status: 42"))
        _ = try await Self.poll("/reports shows the Rejected edit") { () -> Bool? in
            (Self.get(port: gateway.adminPort, path: "/reports")?.body ?? "").contains("\"Rejected\"") ? true : nil
        }
        #expect(Self.get(port: front, path: "/hello")?.body == "Hello from swift-gateway\n")

        // A valid edit is served within a second or so.
        try gateway.write("virtual-service.yaml", original.replacingOccurrences(of: "Hello from", with: "Edited"))
        let edited = try await Self.poll("the edit is served") { () -> String? in
            let body = Self.get(port: front, path: "/hello")?.body
            return body?.hasPrefix("Edited") == true ? body : nil
        }
        #expect(edited == "Edited swift-gateway\n")
        try await gateway.terminate()
        #expect(Self.get(port: front, path: "/hello") == nil, "SIGTERM closed the listener")
    }

    /// A TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CancellationError() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The built `gateway` running as a control plane on a temporary configuration directory.
    struct GatewayProcess {
        let directory: URL
        let config: URL
        let logURL: URL
        let process: Process
        let adminPort: Int

        /// Starts the gateway on `files` (name → text) and waits until `/ready` answers 200; a pure control plane
        /// unless `dataPlane`.
        init(files: [String: String], dataPlane: Bool = false) async throws {
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
            process.arguments =
                [
                    "--config", config.path, "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0",
                    "--threads", "2",
                ] + (dataPlane ? [] : ["--no-data-plane"])
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

    /// Polls `check` every 50 ms until it returns a value, for at most `limit`.
    static func poll<T>(_ what: String, limit: Duration = .seconds(10), _ check: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let value = check() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// One HTTP/1.1 GET (`connection: close`) on 127.0.0.1 with a blocking socket: status and body.
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
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
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
        let head = text[..<bodyStart.lowerBound].lowercased()
        var body = String(text[bodyStart.upperBound...])
        if head.contains("transfer-encoding: chunked") { body = Self.dechunked(body) }
        return (status, body)
    }

    /// A chunked body's data.
    static func dechunked(_ text: String) -> String {
        var rest = Substring(text)
        var body = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            body += rest[start...].prefix(size)
            rest = rest[start...].dropFirst(size + 2)
        }
        return body
    }
}
