import Foundation

/// A Python peer from `Goldens/peers` that prints `NAME=PORT` lines and `ready` once it listens, and exits when its
/// standard input closes: the spec server, the gRPC reflection server, the Lambda API.
final class PythonPeer: Sendable {
    let ports: [String: Int]
    /// Lines of the form `key=value` that are not ports (such as the Lambda peer's `seeded=...`).
    let values: [String: String]
    private let child: PipedChild

    init(_ script: String, arguments: [String] = [], timeout: Duration = .seconds(60)) async throws {
        guard let python = XDSPeers.executable("python3") else { throw XDSPeers.Failure("python3 is not on the PATH") }
        let path = try XDSPeers.script(script)
        let child = try PipedChild(
            python,
            arguments: [path.path] + arguments,
            directory: try XDSPeers.temporaryDirectory(script)
        )
        let deadline = ContinuousClock.now + timeout
        while !child.stdout.split(separator: "\n").contains("ready") {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.stop(grace: 0)
                throw XDSPeers.Failure("\(script) did not start: \(XDSPeers.tail(child.stderrURL))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        var ports: [String: Int] = [:]
        var values: [String: String] = [:]
        for line in child.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if let port = Int(parts[1]) { ports[parts[0]] = port } else { values[parts[0]] = parts[1] }
        }
        self.ports = ports
        self.values = values
        self.child = child
    }

    /// The port printed as `name=PORT`, or 0.
    func port(_ name: String) -> Int { ports[name] ?? 0 }

    var isRunning: Bool { child.isRunning }

    func stop() { _ = child.stopAndRemoveFiles(grace: 1) }

    /// The folder of the Swagger/OpenAPI documents the spec server serves.
    static var specRoot: String {
        get throws {
            guard let url = Bundle.module.resourceURL?.appendingPathComponent("Goldens/discovery") else {
                throw XDSPeers.Failure("test resource Goldens/discovery is missing")
            }
            return url.path
        }
    }
}
