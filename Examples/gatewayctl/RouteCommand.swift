import ArgumentParser
import GatewayModel
import GatewayRouting
import GatewayStore

/// `gatewayctl route`: which route the gateway picks for one request.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Say which route the gateway picks for one request, with Envoy's matching semantics.",
        discussion: """
            Prints {"virtualHost", "route", "routeIndex", "action"}. Exit status: 0 when a route takes the request; \
            3 when none does (then only "virtualHost", or null, and "route": null are printed); 1 when the \
            configuration holds routes Envoy would reject; 2 when an input cannot be read or parsed.
            """
    )

    @Option(name: .long, help: "The Proxy to route with.")
    var proxy = "gateway-proxy"

    @Option(name: .long, help: "The port of the HTTP listener (needed when the Proxy has several).")
    var port: UInt32?

    @Option(name: .long, help: "The request method.")
    var method = "GET"

    @Option(name: .long, help: "The request's host (:authority).")
    var host = "localhost"

    @Option(name: .customShort("H"), help: "A header line 'name: value' (repeatable; 'name:' sends an empty value).")
    var headers: [String] = []

    @Option(name: .long, help: "The request path, with its query string if any.")
    var path: String

    @Flag(name: .long, help: "Add \"explain\": for each route tried before the one taken, why it did not match.")
    var explain = false

    @OptionGroup var input: InputPaths

    func validate() throws {
        for header in headers where !header.contains(":") || header.hasPrefix(":") {
            throw ValidationError("-H '\(header)': expected 'name: value'")
        }
    }

    func run() throws {
        let configuration = input.load()
        try input.finish(unreadable: configuration.fileErrors)
        let routes: ConfigurationRouter
        do {
            routes = try ConfigurationRouter(
                resources: configuration.resources,
                reports: configuration.reports,
                proxy: proxy,
                port: port
            )
        } catch {
            printError(error.message)
            if error.code == .noProxy { try noRoute(virtualHost: nil) }
            throw error.code == .noListener ? ExitStatus.unreadable : ExitStatus.rejected
        }
        let router = routes.router
        let request = RouteRequest(
            method: method,
            path: path,
            authority: host,
            headers: headers.map(Self.header)
        )
        let explanation = explain ? router.explain(request).map { Self.explanation($0.routes) } : nil
        guard let taken = router.route(request) else { try noRoute(virtualHost: nil, explanation: explanation) }
        guard let match = taken.match else {
            try noRoute(virtualHost: taken.virtualHost.name, explanation: explanation)
        }
        var members: [ConfigValue.Member] = [
            .init(key: "virtualHost", value: .string(taken.virtualHost.name)),
            .init(key: "route", value: match.route.name.map(ConfigValue.string) ?? .null),
            .init(key: "routeIndex", value: .number(match.routeIndex)),
            .init(key: "action", value: Self.action(of: match.route) { routes.resources.upstreamGroup($0) }),
        ]
        if let explanation { members.append(.init(key: "explain", value: explanation)) }
        print(ConfigValue(.object(members)).jsonText())
    }

    /// `[{"routeIndex", "matcherIndex", "mismatch"}]`, the mismatch being `path`, `method`, `header <name>`,
    /// `query parameter <name>`, or null for the route taken.
    private static func explanation(_ routes: [RouteExplanation]) -> ConfigValue {
        .array(
            routes.map { route in
                let mismatch: ConfigValue =
                    switch route.mismatch {
                    case nil: .null
                    case .path: .string("path")
                    case .method: .string("method")
                    case .header(let name): .string("header \(name)")
                    case .queryParameter(let name): .string("query parameter \(name)")
                    }
                return .object([
                    "routeIndex": .number(route.routeIndex), "matcherIndex": .number(route.matcherIndex),
                    "mismatch": mismatch,
                ])
            }
        )
    }

    private func noRoute(virtualHost: String?, explanation: ConfigValue? = nil) throws -> Never {
        var members: [ConfigValue.Member] = [
            .init(key: "virtualHost", value: virtualHost.map(ConfigValue.string) ?? .null),
            .init(key: "route", value: .null),
        ]
        if let explanation { members.append(.init(key: "explain", value: explanation)) }
        print(ConfigValue(.object(members)).jsonText())
        throw ExitStatus.noRoute
    }

    /// `name: value`, with the spaces after the colon removed.
    private static func header(_ line: String) -> RouteRequest.Header {
        guard let colon = line.firstIndex(of: ":") else { return RouteRequest.Header(line, "") }
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        return RouteRequest.Header(String(line[..<colon]), String(value))
    }

    private static func action(
        of route: Route,
        upstreamGroup: (ResourceRef) -> Resource<UpstreamGroupSpec>?
    ) -> ConfigValue {
        if let response = route.directResponseAction {
            return .object([
                "directResponse": .object([
                    "status": .number(response.status ?? 0), "body": .string(response.body ?? ""),
                ])
            ])
        }
        if let redirect = route.redirectAction {
            return .object(["redirect": (try? ConfigEncoder().encode(redirect)) ?? .object([:])])
        }
        guard let action = route.routeAction else {
            return .object(["graphqlApiRef": route.graphqlApiRef ?? .null])
        }
        let targets = action.weightedTargets(upstreamGroup: upstreamGroup)
        let destinations = targets.map { target in
            let (key, value) = Self.destinationKey(target.destination)
            return ConfigValue(
                .object([.init(key: key, value: value), .init(key: "weight", value: .number(target.weight))])
            )
        }
        var members: [ConfigValue.Member] = [.init(key: "destinations", value: .array(destinations))]
        if let group = action.upstreamGroup {
            members.append(.init(key: "upstreamGroup", value: .string(Self.text(group))))
        }
        if let header = action.clusterHeader {
            members.append(.init(key: "clusterHeader", value: .string(header)))
        }
        return .object(["route": ConfigValue(.object(members))])
    }

    /// `"upstream": "<ns>/<name>"`, or the Kubernetes service or Consul service a destination names.
    private static func destinationKey(_ destination: Destination) -> (String, ConfigValue) {
        if let upstream = destination.upstream { return ("upstream", .string(text(upstream))) }
        if let kube = destination.kube, let ref = kube.ref {
            return ("kube", .string("\(text(ref)):\(kube.port ?? 0)"))
        }
        return ("consul", .string(destination.consul?.serviceName ?? ""))
    }

    private static func text(_ ref: ResourceRef) -> String { "\(ref.namespace ?? "default")/\(ref.name)" }
}
