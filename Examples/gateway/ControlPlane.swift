import Foundation
import GatewayDiscovery
import GatewayModel
import GatewayProxy
import GatewayStore
import GatewayXDS
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// Wires the libraries together: the watched directory and function discovery feed the serving configuration,
/// which the xDS publisher translates into snapshots for the ADS server and the embedded data plane serves; the
/// admin server reports on all of it.
final class ControlPlane: Service {
    let configuration: String
    let xdsAddress: HostAndPort
    let adminAddress: HostAndPort
    let functionDiscovery: Bool
    let cache = SnapshotCache()
    let publisher: XDSPublisher
    /// The embedded data plane; nil for a pure control plane.
    let dataPlane: GatewayServer?
    /// The text `GET /metrics` answers.
    let metrics: @Sendable () -> String
    private let status = Mutex(Status())
    private let reloads = Counter(label: "gateway_config_reloads_total")
    private let rejected = Gauge(label: "gateway_resources_rejected")

    struct Status {
        var ready = false
        var reportsJSON = "[]"
        /// The data plane's problems last logged, so that each is logged once.
        var loggedProblems: Set<String> = []
    }

    init(
        configuration: String,
        xds: HostAndPort,
        admin: HostAndPort,
        functionDiscovery: Bool,
        dataPlane: GatewayServer?,
        metrics: @escaping @Sendable () -> String
    ) {
        self.configuration = configuration
        xdsAddress = xds
        adminAddress = admin
        self.functionDiscovery = functionDiscovery
        self.dataPlane = dataPlane
        self.metrics = metrics
        publisher = XDSPublisher(cache: cache)
    }

    /// Serves until the service group shuts down (SIGINT or SIGTERM).
    func run() async throws {
        let xds = xdsAddress
        let admin = adminAddress
        let adminChannel = try await AdminServer(host: admin.host, port: admin.port) { [self] path in
            answer(path)
        }.start()
        let adminPort = adminChannel.localAddress?.port ?? admin.port
        log("admin at http://\(admin.host):\(adminPort) (/ready, /metrics, /reports)")
        defer { adminChannel.close(promise: nil) }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await XDSServer(cache: self.cache, host: xds.host, port: xds.port).run { address in
                    log("xDS (ADS, state of the world and delta) at \(address)")
                }
            }
            group.addTask { try await self.watchConfiguration() }
            group.addTask {
                try? await gracefulShutdown()
                if let dataPlane = self.dataPlane {
                    log("stopping: draining \(dataPlane.connectionCount) connection(s)")
                }
            }
            // The first task to finish (the shutdown, or a failure) ends the control plane.
            defer { group.cancelAll() }
            try await group.next()
        }
        log("control plane stopped")
    }

    /// What changed: the configuration directory, or the functions discovery found.
    private enum Change: Sendable {
        case configuration(ConfigurationSnapshot)
        case functions(DiscoveryResults)
    }

    /// Publishes every new state of the configuration directory, with the discovered functions written into its
    /// Upstreams; a change of the functions alone publishes again.
    private func watchConfiguration() async throws {
        let discovery = FunctionDiscoveryLoop(environment: ProcessInfo.processInfo.environment)
        let (changes, sink) = AsyncStream.makeStream(of: Change.self)
        let forwarders = [
            Task {
                for await snapshot in DirectorySource(paths: [configuration]).updates() {
                    sink.yield(.configuration(snapshot))
                }
                sink.finish()
            },
            Task {
                for await results in discovery.results { sink.yield(.functions(results)) }
            },
        ]
        defer {
            discovery.stop()
            for task in forwarders { task.cancel() }
        }
        var builder = ServingConfigurationBuilder()
        var latest: ConfigurationSnapshot?
        var functions = DiscoveryResults()
        for await change in changes {
            switch change {
            case .configuration(let snapshot):
                latest = snapshot
                if functionDiscovery { discovery.update(snapshot.resources) }
            case .functions(let results):
                functions = results
            }
            guard var snapshot = latest else { continue }
            snapshot.resources = functions.applied(to: snapshot.resources)
            await publish(builder.update(with: snapshot), functions: functions)
        }
    }

    private func publish(_ state: ServingConfiguration, functions: DiscoveryResults) async {
        if let dataPlane {
            let served = DataPlaneConfiguration(proxies: state.proxies, resources: state.resources)
            for failure in await dataPlane.apply(served) { log(failure.description) }
            let problems = Set(served.problems.map(\.description))
            let new = status.withLock { status in
                defer { status.loggedProblems = problems }
                return problems.subtracting(status.loggedProblems)
            }
            for problem in new.sorted() { log("data plane: \(problem)") }
        }
        var reports = state.reports
        functions.addWarnings(to: &reports, for: state.resources)
        reports.merge(publisher.publish(state.proxies, resources: state.resources))
        for message in state.fileErrors { log(message) }
        let json = Self.reportsJSON(reports)
        let states = reports.reports.map(\.state)
        reloads.increment()
        rejected.record(states.filter { $0 == .rejected }.count)
        status.withLock {
            $0.ready = true
            $0.reportsJSON = json
        }
        let discovered = functions.statuses.values.reduce(0) { $0 + ($1.functions?.count ?? 0) }
        log(
            "configuration revision \(state.revision): \(state.proxies.count) proxy(s); "
                + "\(states.filter { $0 == .accepted }.count) accepted, "
                + "\(states.filter { $0 == .warning }.count) warning, "
                + "\(states.filter { $0 == .rejected }.count) rejected; "
                + "\(discovered) discovered function(s) on \(functions.statuses.count) upstream(s)"
        )
    }

    private func answer(_ path: String) -> (status: HTTPResponseStatus, contentType: String, body: String) {
        let current = status.withLock { $0 }
        switch path {
        case "/ready":
            return current.ready ? (.ok, "text/plain", "ready\n") : (.serviceUnavailable, "text/plain", "not ready\n")
        case "/reports":
            return (.ok, "application/json", current.reportsJSON + "\n")
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4", metrics())
        default:
            return (.notFound, "text/plain", "not found; try /ready, /metrics or /reports\n")
        }
    }

    /// The reports as `gatewayctl validate --output json` prints them.
    static func reportsJSON(_ reports: ResourceReports) -> String {
        (try? ConfigEncoder().encode(reports.reports).jsonText()) ?? "[]"
    }
}

/// A line on standard error, unbuffered.
func log(_ message: String) {
    FileHandle.standardError.write(Data(("gateway: " + message + "\n").utf8))
}
