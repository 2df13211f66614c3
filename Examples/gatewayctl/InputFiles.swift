import ArgumentParser
import Foundation
import GatewayModel

/// Reads the configuration files and directories given on the command line.
struct InputFiles {
    /// Files (directories searched recursively for `*.yaml`, `*.yml`, `*.json`), in a stable order.
    static func files(in paths: [String]) throws(InputError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(message: "\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw InputError(message: "\(path): cannot list the directory")
            }
            var found: [String] = []
            while let entry = enumerator.nextObject() as? String {
                let lower = entry.lowercased()
                if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") {
                    found.append(path.hasSuffix("/") ? path + entry : path + "/" + entry)
                }
            }
            files += found.sorted()
        }
        return files
    }

    /// Loads every file. Files that cannot be read or parsed are reported in `errors`; the rest still load.
    static func load(_ paths: [String]) -> (loader: ResourceLoader, errors: [String]) {
        var loader = ResourceLoader()
        var errors: [String] = []
        let files: [String]
        do {
            files = try Self.files(in: paths)
        } catch {
            return (loader, [error.message])
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                errors.append("\(file): cannot read the file")
                continue
            }
            var attempt = loader
            do {
                try attempt.load([UInt8](data), file: file)
                loader = attempt
            } catch {
                errors.append(error.description)
            }
        }
        return (loader, errors)
    }
}

/// The configuration paths every subcommand reads.
struct InputPaths: ParsableArguments {
    @Argument(help: "Files or directories (searched for *.yaml, *.yml, *.json).")
    var paths: [String]

    /// Loads the paths and builds Proxies. Files that cannot be read or parsed are returned as messages.
    func build() -> (result: ProxyBuilder.Result, unreadable: [String]) {
        let (loader, errors) = InputFiles.load(paths)
        let options = ProxyBuilder.Options(settings: loader.resources.settings.first?.spec)
        return (ProxyBuilder(options: options).build(loader.resources, reports: loader.reports), errors)
    }

    /// Prints the messages of unreadable inputs and exits with status 2 when there are any.
    func finish(unreadable: [String]) throws {
        for message in unreadable {
            printError(message)
        }
        if !unreadable.isEmpty { throw ExitStatus.unreadable }
    }
}

struct InputError: Error {
    var message: String
}
