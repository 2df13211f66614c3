import ArgumentParser
import GatewayModel

/// `gatewayctl proxy`: the Proxies the configuration produces.
struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Print the generated Proxy resources (delegation flattened, route order final).",
        discussion: """
            Listeners of Rejected Gateways and virtual hosts of Rejected VirtualServices are left out, as Gloo Edge \
            leaves them out of the Proxies it writes. Exit status: 0, or 1 when something is Rejected (see \
            `gatewayctl validate`), 2 when an input cannot be read or parsed.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    @Option(name: .long, help: "Output format: yaml or json.")
    var output: Format = .yaml

    @OptionGroup var input: InputPaths

    func run() throws {
        let (result, unreadable) = input.build()
        let proxies = result.preservingLastValid(from: [])
        let encoder = ConfigEncoder()
        switch output {
        case .json:
            print(try encoder.encode(proxies).jsonText())
        case .yaml:
            let documents = try proxies.map { try encoder.encode($0).yamlText() }
            print(documents.joined(separator: "---\n"), terminator: "")
        }
        try input.finish(unreadable: unreadable)
        let rejected = result.reports.reports.filter { $0.state == .rejected }
        if !rejected.isEmpty {
            printError("\(rejected.count) resource(s) Rejected and left out; see `gatewayctl validate`")
            throw ExitStatus.rejected
        }
    }
}
