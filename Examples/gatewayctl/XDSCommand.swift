import ArgumentParser
import GatewayModel
import GatewayXDS

/// `gatewayctl xds`: a static Envoy bootstrap serving one proxy of the configuration.
struct XDSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xds",
        abstract: "Print an Envoy bootstrap (JSON) whose static_resources serve a proxy of the configuration.",
        discussion: """
            The listeners carry their route configurations inline and the clusters their endpoints; TLS secrets \
            are static secrets. `envoy --mode validate -c FILE` accepts the output and `envoy -c FILE` serves the \
            same routing. Translation warnings go to standard error. Exit status: 0; 1 when something is \
            Rejected, the proxy does not exist, or Envoy would reject the result; 2 when an input cannot be read.
            """
    )

    @Option(help: "The proxy to render.")
    var proxy = "gateway-proxy"

    @Option(help: "Envoy's admin port on 127.0.0.1 (0 for none).")
    var adminPort: UInt32 = 19000

    @OptionGroup var input: InputPaths

    func run() throws {
        let (built, resources, unreadable) = input.buildWithResources()
        let proxies = built.preservingLastValid(from: [])
        guard let selected = proxies.first(where: { $0.name == proxy }) else {
            try input.finish(unreadable: unreadable)
            let names = proxies.map(\.name).joined(separator: ", ")
            printError("no proxy named '\(proxy)'" + (names.isEmpty ? "" : "; the configuration builds: \(names)"))
            throw ExitStatus.rejected
        }
        var options = XDSTranslator.Options()
        options.delivery = .embedded
        let translation = XDSTranslator(options: options).translate(selected, in: resources)
        for report in translation.reports.reports {
            for error in report.errors {
                printError("\(report.kind) \(report.namespace).\(report.name): error: \(error)")
            }
            for warning in report.warnings {
                printError("\(report.kind) \(report.namespace).\(report.name): warning: \(warning)")
            }
        }
        let issues = XDSValidator().validate(translation.resources)
        for issue in issues { printError("Envoy would reject: \(issue)") }
        let bootstrap = EnvoyBootstrap.static(
            translation.resources,
            proxyName: selected.name,
            namespace: selected.namespace,
            adminPort: adminPort == 0 ? nil : adminPort
        )
        print(try EnvoyBootstrap.json(bootstrap))
        try input.finish(unreadable: unreadable)
        let rejected = built.reports.reports.contains { $0.state == .rejected }
        if rejected || !issues.isEmpty || translation.reports.reports.contains(where: { $0.state == .rejected }) {
            throw ExitStatus.rejected
        }
    }
}
