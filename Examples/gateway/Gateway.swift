import ArgumentParser
import Foundation
import GatewayModel
import GatewayProxy
import GatewayStore
import GatewayXDS
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `gateway`: watches a configuration directory, serves its traffic with the embedded data plane and serves it
/// to Envoy fleets over xDS.
@main
struct Gateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Serve Gloo Edge-style configuration from a directory, itself and to Envoy over xDS.",
        discussion: """
            Watches --config (a change takes effect within 1 s; a Rejected resource keeps its last accepted \
            version serving), serves HTTP on each Gateway's bindAddress:bindPort (unless --no-data-plane), \
            serves ADS (state of the world and delta) at --xds-address, and admin endpoints \
            GET /ready and GET /reports at --admin-address. Discovers the functions of the selected Upstreams \
            (Swagger/OpenAPI, gRPC reflection, AWS Lambda; settings.discovery.fdsMode) and serves them with the \
            Upstreams. Exits on SIGINT or SIGTERM.
            """
    )

    @Option(help: "The configuration directory to watch.")
    var config = "Examples/quickstart"

    @Option(help: "Where to serve xDS (ADS), HOST:PORT.")
    var xdsAddress = "127.0.0.1:18000"

    @Option(help: "Where to serve the admin endpoints, HOST:PORT.")
    var adminAddress = "127.0.0.1:19000"

    @Flag(help: "Serve no traffic, only xDS (e.g. when Envoys on this host take the Gateways' ports).")
    var noDataPlane = false

    @Option(help: "Event loops of the data plane (default: one per core).")
    var threads: Int?

    @Option(help: "Write an access log line per request (Envoy's default format) to this file, or - for stdout.")
    var accessLog: String?

    @Flag(help: "Do not discover functions (as fdsMode DISABLED).")
    var noFunctionDiscovery = false

    func run() async throws {
        guard let xds = HostAndPort(xdsAddress), let admin = HostAndPort(adminAddress) else {
            throw ValidationError("addresses are HOST:PORT, e.g. 127.0.0.1:18000")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var observers: [any RequestObserver] = [DataPlaneMetrics()]
        if let accessLog {
            let sink = try AccessLogSink(path: accessLog)
            observers.append(AccessLog(logger: Logger(label: "gateway.access") { _ in sink }))
        }
        let dataPlane =
            noDataPlane
            ? nil : GatewayServer(threads: threads ?? System.coreCount, observer: RequestObservers(observers))
        let controlPlane = ControlPlane(
            configuration: config,
            xds: xds,
            admin: admin,
            functionDiscovery: !noFunctionDiscovery,
            dataPlane: dataPlane,
            metrics: {
                var text: [UInt8] = []
                registry.emit(into: &text)
                return String(decoding: text, as: UTF8.self)
            }
        )
        // SIGINT and SIGTERM shut down gracefully: the data plane drains first, then the control plane stops.
        var services = [ServiceGroupConfiguration.ServiceConfiguration(service: controlPlane)]
        if let dataPlane { services.append(.init(service: dataPlane)) }
        var logger = Logger(label: "gateway")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        log("stopped")
    }
}
