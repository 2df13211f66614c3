import ArgumentParser
import GatewayModel
import GatewayStore

/// The configuration paths every subcommand reads: files, and directories searched recursively as
/// ``ConfigurationFiles`` searches them.
struct InputPaths: ParsableArguments {
    @Argument(help: "Files or directories (searched for *.yaml, *.yml, *.json).")
    var paths: [String]

    /// Reads every configuration file. Files that cannot be read or parsed are in `fileErrors`; when a path
    /// does not exist nothing is read.
    func load() -> ConfigurationSnapshot {
        ConfigurationFiles(paths: paths).load()
    }

    /// Loads the paths and builds Proxies. Files that cannot be read or parsed are returned as messages.
    func build() -> (result: ProxyBuilder.Result, unreadable: [String]) {
        let (result, _, unreadable) = buildWithResources()
        return (result, unreadable)
    }

    /// Loads the paths and builds Proxies, also returning the resources read (to translate the Proxies
    /// against). Files that cannot be read or parsed are returned as messages.
    func buildWithResources() -> (result: ProxyBuilder.Result, resources: ResourceSet, unreadable: [String]) {
        let configuration = load()
        let options = ProxyBuilder.Options(settings: configuration.resources.settings.first?.spec)
        let result = ProxyBuilder(options: options).build(configuration.resources, reports: configuration.reports)
        return (result, configuration.resources, configuration.fileErrors)
    }

    /// Prints the messages of unreadable inputs and exits with status 2 when there are any.
    func finish(unreadable: [String]) throws {
        for message in unreadable {
            printError(message)
        }
        if !unreadable.isEmpty { throw ExitStatus.unreadable }
    }
}
