import ArgumentParser
import Foundation
import GatewayModel
import GatewayStore
import GatewayXDS

/// `gateway`: watches a configuration directory and serves it to Envoy fleets over xDS.
///
/// The embedded data plane is not part of this build yet, so the gateway runs as a pure control plane
/// (as with `--no-data-plane`): Envoys started from `gatewayctl bootstrap` serve the traffic.
@main
struct Gateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Serve Gloo Edge-style configuration from a directory to Envoy over xDS.",
        discussion: """
            Watches --config (a change takes effect within 1 s; a Rejected resource keeps its last accepted \
            version serving), serves ADS (state of the world and delta) at --xds-address, and admin endpoints \
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

    @Flag(help: "Serve no traffic, only xDS (the embedded data plane is not in this build, so always so).")
    var noDataPlane = false

    @Flag(help: "Do not discover functions (as fdsMode DISABLED).")
    var noFunctionDiscovery = false

    func run() async throws {
        guard let xds = HostAndPort(xdsAddress), let admin = HostAndPort(adminAddress) else {
            throw ValidationError("addresses are HOST:PORT, e.g. 127.0.0.1:18000")
        }
        let controlPlane = ControlPlane(configuration: config, functionDiscovery: !noFunctionDiscovery)
        try await controlPlane.run(xds: xds, admin: admin)
    }
}
