import ArgumentParser
import Foundation
import GatewayDiscovery
import GatewayModel
import GatewayXDS

/// `gatewayctl discover`: the functions of one service, as the Upstream document discovery would write.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Discover a service's functions and print them as an Upstream (YAML).",
        discussion: """
            swagger URL reads the Swagger 2.0 / OpenAPI 3 document at URL, or, when URL serves none, probes it as \
            a service root at /swagger.json, /swagger/docs/v1, /swagger/docs/v2, /v1/swagger, /v2/swagger, \
            /openapi.json, /openapi.yaml and /v3/api-docs. grpc HOST:PORT asks a gRPC server over server \
            reflection (v1, then v1alpha). lambda lists the functions, versions and aliases of a region with the \
            credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Exit status: 0, or 1 \
            when discovery fails (the reason is on standard error).
            """,
        subcommands: [Swagger.self, GRPC.self, Lambda.self]
    )

    /// Options every kind of discovery takes.
    struct Common: ParsableArguments {
        @Option(help: "The Upstream's name (default: derived from the address).")
        var name: String?

        @Option(help: "The Upstream's namespace.")
        var namespace = "default"

        @Option(help: "Seconds each request may take.")
        var timeout: Double = 10

        @Option(help: "The largest response read, in bytes.")
        var maxResponseBytes = 16 << 20

        var limits: DiscoveryLimits {
            DiscoveryLimits(
                timeout: .milliseconds(Int64(max(0.001, timeout) * 1000)),
                maxResponseBytes: maxResponseBytes
            )
        }
    }

    struct Swagger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "REST functions from a Swagger/OpenAPI document.")

        @Argument(help: "A document URL or a service root, http:// or https://.")
        var url: String

        @OptionGroup var common: Common

        func run() async throws {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
                components.scheme == "http" || components.scheme == "https"
            else { throw ValidationError("\(url) is not an http:// or https:// URL") }
            let tls = components.scheme == "https"
            let port = components.port ?? (tls ? 443 : 80)
            let discovery = SwaggerDiscovery(http: DiscoveryHTTPClient(limits: common.limits))
            let discovered = try await DiscoverCommand.run { () throws(DiscoveryError) in
                try await discovery.discover(.urlOrServiceRoot(url))
            }
            for note in discovered.notes { printError("note: \(note)") }
            var spec = UpstreamSpec()
            spec.static = DiscoverCommand.staticUpstream(host: host, port: port, tls: tls)
            spec = DiscoveredFunctions.rest(discovered.spec).applied(to: spec)
            try DiscoverCommand.print(spec, name: common.name ?? DiscoverCommand.name(host: host, port: port), common)
        }
    }

    struct GRPC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grpc",
            abstract: "gRPC services from server reflection."
        )

        @Argument(help: "The server, HOST:PORT.")
        var address: String

        @Flag(help: "Connect with TLS.")
        var tls = false

        @Option(help: "A PEM file of the certificates that may sign the server's (with --tls).")
        var caFile: String?

        @Flag(help: "Do not verify the server's certificate (with --tls).")
        var insecure = false

        @OptionGroup var common: Common

        func run() async throws {
            guard let target = HostAndPort(address) else { throw ValidationError("\(address) is not HOST:PORT") }
            let security: GRPCReflectionDiscovery.Security =
                tls || caFile != nil || insecure ? .tls(trustRoots: caFile, verify: !insecure) : .plaintext
            let discovery = GRPCReflectionDiscovery(limits: common.limits)
            let discovered = try await DiscoverCommand.run { () throws(DiscoveryError) in
                try await discovery.discover(host: target.host, port: target.port, security: security)
            }
            var spec = UpstreamSpec()
            spec.static = DiscoverCommand.staticUpstream(
                host: target.host,
                port: target.port,
                tls: security != .plaintext
            )
            spec = DiscoveredFunctions.grpc(discovered.transcoder).applied(to: spec)
            let name = common.name ?? DiscoverCommand.name(host: target.host, port: target.port)
            try DiscoverCommand.print(spec, name: name, common)
        }
    }

    struct Lambda: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lambda functions, versions and aliases of a region.")

        @Option(help: "The AWS region.")
        var region: String

        @Option(
            help:
                "A Lambda-compatible API to ask instead of AWS (default: AWS_ENDPOINT_URL_LAMBDA or AWS_ENDPOINT_URL, else AWS)."
        )
        var endpoint: String?

        @Option(help: "The secret (NAMESPACE.NAME or NAME) the printed Upstream names for its credentials.")
        var secretRef: String?

        @Flag(help: "Do not list aliases (as Gloo Edge).")
        var noAliases = false

        @OptionGroup var common: Common

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let credentials = AWSCredentials.fromEnvironment(environment) else {
                printError("error: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                throw ExitCode.failure
            }
            let endpoint =
                endpoint
                ?? [environment["AWS_ENDPOINT_URL_LAMBDA"], environment["AWS_ENDPOINT_URL"]].compactMap { $0 }
                .first { !$0.isEmpty }
            var discovery = LambdaDiscovery(http: DiscoveryHTTPClient(limits: common.limits))
            discovery.includeAliases = !noAliases
            let functions = try await DiscoverCommand.run { () throws(DiscoveryError) in
                try await discovery.discover(region: region, credentials: credentials, endpoint: endpoint)
            }
            var aws = AwsLambdaUpstream()
            aws.region = region
            if let secretRef {
                let parts = secretRef.split(separator: ".", maxSplits: 1).map(String.init)
                aws.secretRef =
                    parts.count == 2 ? ResourceRef(name: parts[1], namespace: parts[0]) : ResourceRef(name: secretRef)
            }
            var spec = UpstreamSpec()
            spec.aws = aws
            spec = DiscoveredFunctions.lambda(functions).applied(to: spec)
            try DiscoverCommand.print(spec, name: common.name ?? "lambda-\(region)", common)
        }
    }

    /// Runs a discovery; a failure is printed and exits 1.
    static func run<Value>(_ body: () async throws(DiscoveryError) -> Value) async throws -> Value {
        do {
            return try await body()
        } catch {
            printError("error: \(error.message)")
            throw ExitCode.failure
        }
    }

    static func staticUpstream(host: String, port: Int, tls: Bool) -> StaticUpstream {
        var upstream = StaticUpstream()
        upstream.hosts = [StaticUpstream.Host(addr: host, port: UInt32(clamping: port))]
        if tls { upstream.useTls = true }
        return upstream
    }

    /// A resource name from an address: lower-case letters, digits and dashes, as Kubernetes names go.
    static func name(host: String, port: Int) -> String {
        let cleaned = "\(host)-\(port)".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(cleaned).split(separator: "-").joined(separator: "-")
    }

    static func print(_ spec: UpstreamSpec, name: String, _ common: Common) throws {
        let upstream = Resource(name: name, namespace: common.namespace, spec: spec)
        Swift.print(try ConfigEncoder().encode(upstream).yamlText(), terminator: "")
    }
}
