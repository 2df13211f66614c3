import ArgumentParser

/// `gatewayctl`: offline tools over Gloo Edge-style configuration.
@main
struct GatewayCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatewayctl",
        abstract: "Validate and inspect Gloo Edge-style gateway configuration.",
        subcommands: [
            Validate.self, ProxyCommand.self, RouteCommand.self, TransformCommand.self, XDSCommand.self,
            BootstrapCommand.self, DiscoverCommand.self,
        ]
    )
}

/// Exit statuses shared by the subcommands.
enum ExitStatus {
    /// Something was Rejected.
    static let rejected = ExitCode(1)
    /// An input could not be read or parsed.
    static let unreadable = ExitCode(2)
    /// No route takes the request (`gatewayctl route`).
    static let noRoute = ExitCode(3)
    /// The transformation fails the request as Envoy would (`gatewayctl transform`).
    static let transformFailed = ExitCode(4)
}
