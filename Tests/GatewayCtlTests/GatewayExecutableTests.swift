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
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gateway")
        let candidates = [
            binary, Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gateway"),
        ]
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Self.virtualService(body: "one").write(
            to: config.appendingPathComponent("vs.yaml"),
            atomically: true,
            encoding: .utf8
        )
        let log = directory.appendingPathComponent("gateway.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--config", config.path, "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0",
            "--no-data-plane",
        ]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        let adminPort = try await Self.poll("the admin address in the log") { () -> Int? in
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            guard let range = text.range(of: "admin at http://127.0.0.1:") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        let ready = try await Self.poll("GET /ready == 200") { () -> Bool? in
            Self.get(port: adminPort, path: "/ready")?.status == 200 ? true : nil
        }
        #expect(ready)
        let reports = try #require(Self.get(port: adminPort, path: "/reports"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(reports.body.utf8)) as? [[String: Any]])
        #expect(parsed.contains { $0["name"] as? String == "demo" && $0["state"] as? String == "Accepted" })

        // An edit that Rejects the VirtualService shows up in /reports within a second or so.
        try Self.virtualService(body: "two", status: 42).write(
            to: config.appendingPathComponent("vs.yaml"),
            atomically: true,
            encoding: .utf8
        )
        let rejected = try await Self.poll("/reports shows the Rejected edit") { () -> Bool? in
            let body = Self.get(port: adminPort, path: "/reports")?.body ?? ""
            return body.contains("\"Rejected\"") ? true : nil
        }
        #expect(rejected)

        kill(process.processIdentifier, SIGTERM)
        let exited = try await Self.poll("exit after SIGTERM") { () -> Bool? in process.isRunning ? nil : true }
        #expect(exited)
        #expect(process.terminationStatus == 0)
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
