import ArgumentParser
import GatewayXDS

/// `gatewayctl bootstrap`: an Envoy bootstrap that takes its configuration over ADS from a control plane.
struct BootstrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Print an Envoy bootstrap (JSON) that takes all configuration over ADS from a control plane.",
        discussion: """
            The Envoy identifies itself as the proxy (node metadata role: <namespace>~<proxy>), which selects \
            the configuration `gateway` serves it.
            """
    )

    enum Variant: String, ExpressibleByArgument, CaseIterable {
        case sotw, delta
    }

    @Option(help: "The control plane's ADS address, HOST:PORT.")
    var xdsAddress: String

    @Option(help: "The proxy this Envoy serves.")
    var proxy = "gateway-proxy"

    @Option(help: "The namespace of the proxy.")
    var namespace = "gloo-system"

    @Option(help: "Envoy's admin port on 127.0.0.1 (0 for none).")
    var adminPort: UInt32 = 19000

    @Option(help: "The node id (default <proxy>.<namespace>); give each Envoy of a fleet its own.")
    var nodeID: String?

    @Option(help: "The ADS variant: sotw (state of the world) or delta.")
    var xdsProtocol: Variant = .sotw

    func validate() throws {
        guard address != nil else {
            throw ValidationError("--xds-address must be HOST:PORT, e.g. 127.0.0.1:18000")
        }
    }

    private var address: HostAndPort? {
        HostAndPort(xdsAddress)
    }

    func run() throws {
        guard let address else { throw ExitStatus.unreadable }
        var options = EnvoyBootstrap.AggregatedOptions(xdsHost: address.host, xdsPort: UInt32(address.port))
        options.proxyName = proxy
        options.namespace = namespace
        options.nodeID = nodeID
        options.adminPort = adminPort == 0 ? nil : adminPort
        options.variant = xdsProtocol == .delta ? .delta : .stateOfTheWorld
        print(try EnvoyBootstrap.json(EnvoyBootstrap.aggregated(options)))
    }
}
