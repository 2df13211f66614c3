import Dispatch
import Foundation
import GatewayModel
import GatewayStore
import GatewayXDS
import NIOCore
import NIOHTTP1
import Synchronization

/// Wires the libraries together: the watched directory feeds the serving configuration, which the xDS
/// publisher translates into snapshots for the ADS server; the admin server reports on all of it.
final class ControlPlane: Sendable {
    let configuration: String
    let cache = SnapshotCache()
    let publisher: XDSPublisher
    private let status = Mutex(Status())

    struct Status {
        var ready = false
        var reportsJSON = "[]"
    }

    init(configuration: String) {
        self.configuration = configuration
        publisher = XDSPublisher(cache: cache)
    }

    func run(xds: HostAndPort, admin: HostAndPort) async throws {
        let adminChannel = try await AdminServer(host: admin.host, port: admin.port) { [self] path in
            answer(path)
        }.start()
        let adminPort = adminChannel.localAddress?.port ?? admin.port
        log("admin at http://\(admin.host):\(adminPort) (/ready, /reports)")
        defer { adminChannel.close(promise: nil) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await XDSServer(cache: self.cache, host: xds.host, port: xds.port).run { address in
                    log("xDS (ADS, state of the world and delta) at \(address)")
                }
            }
            group.addTask { try await self.watchConfiguration() }
            group.addTask { await Self.terminationSignal() }
            // The first task to finish (a signal, or a failure) ends the gateway.
            try await group.next()
            group.cancelAll()
        }
        log("stopped")
    }

    /// Publishes every new state of the configuration directory.
    private func watchConfiguration() async throws {
        let source = DirectorySource(paths: [configuration])
        for await state in source.servingConfigurations() {
            var reports = state.reports
            reports.merge(publisher.publish(state.proxies, resources: state.resources))
            for message in state.fileErrors { log(message) }
            let json = Self.reportsJSON(reports)
            let states = reports.reports.map(\.state)
            status.withLock {
                $0.ready = true
                $0.reportsJSON = json
            }
            log(
                "configuration revision \(state.revision): \(state.proxies.count) proxy(s); "
                    + "\(states.filter { $0 == .accepted }.count) accepted, "
                    + "\(states.filter { $0 == .warning }.count) warning, "
                    + "\(states.filter { $0 == .rejected }.count) rejected"
            )
        }
    }

    private func answer(_ path: String) -> (status: HTTPResponseStatus, contentType: String, body: String) {
        let current = status.withLock { $0 }
        switch path {
        case "/ready":
            return current.ready ? (.ok, "text/plain", "ready\n") : (.serviceUnavailable, "text/plain", "not ready\n")
        case "/reports":
            return (.ok, "application/json", current.reportsJSON + "\n")
        default:
            return (.notFound, "text/plain", "not found; try /ready or /reports\n")
        }
    }

    /// The reports as `gatewayctl validate --output json` prints them.
    static func reportsJSON(_ reports: ResourceReports) -> String {
        (try? ConfigEncoder().encode(reports.reports).jsonText()) ?? "[]"
    }

    /// Returns on SIGINT or SIGTERM.
    static func terminationSignal() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        for source in sources { source.cancel() }
    }
}

/// A line on standard error, unbuffered.
func log(_ message: String) {
    FileHandle.standardError.write(Data(("gateway: " + message + "\n").utf8))
}
