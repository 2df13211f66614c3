public import GatewayModel

/// Routes requests with a whole configuration, as the gateway serving it would: the Proxies are built
/// (``ProxyBuilder``), one HTTP listener of one Proxy is chosen, and requests go through ``ListenerRouter``.
///
/// Made for an application's own tests of its gateway configuration:
///
/// ```swift
/// let routes = try ConfigurationRouter(yaml: String(contentsOfFile: "deploy/gateway.yaml", encoding: .utf8))
/// #expect(routes.upstream("GET", "/api/pets/1", host: "shop.example.com") == "apps/pets")
/// ```
public struct ConfigurationRouter: Sendable {
    /// The Proxies and reports the configuration produced.
    public let result: ProxyBuilder.Result
    /// The resources routed with (upstream groups are resolved from them).
    public let resources: ResourceSet
    /// The listener requests are routed on.
    public let router: ListenerRouter

    /// Builds the Proxies of `resources` and routes on the HTTP listener of `proxy` (on `port`, when the Proxy
    /// has several). Throws when the listener does not exist or cannot be served.
    public init(
        resources: ResourceSet,
        reports: ResourceReports = ResourceReports(),
        proxy: String = "gateway-proxy",
        port: UInt32? = nil
    ) throws(RoutingError) {
        let options = ProxyBuilder.Options(settings: resources.settings.first?.spec)
        result = ProxyBuilder(options: options).build(resources, reports: reports)
        self.resources = resources
        let proxies = result.preservingLastValid(from: [])
        guard let found = proxies.first(where: { $0.name == proxy }) else {
            throw RoutingError(
                .noProxy,
                "no Proxy named \(proxy); Proxies: \(proxies.map(\.name).joined(separator: ", "))"
            )
        }
        var routeOptions = RouteIndex.Options()
        routeOptions.regexMaxProgramSize = options.regexMaxProgramSize
        router = try ListenerRouter(try Self.httpListener(of: found, port: port), routeOptions: routeOptions)
    }

    /// Loads `yaml` (one or more documents) and routes with it; a text that cannot be read is an error, as is a
    /// configuration with Rejected resources (a test should not pass on half a configuration).
    public init(
        yaml: String,
        file: String = "gateway.yaml",
        proxy: String = "gateway-proxy",
        port: UInt32? = nil
    )
        throws
    {
        var loader = ResourceLoader()
        try loader.load(yaml, file: file)
        try self.init(resources: loader.resources, reports: loader.reports, proxy: proxy, port: port)
        let rejected = result.reports.reports.filter { $0.state == .rejected }
        guard rejected.isEmpty else {
            throw RoutingError(
                .rejectedConfiguration,
                rejected.map { "\($0.kind) \($0.namespace).\($0.name): \($0.errors.joined(separator: "; "))" }
                    .joined(separator: "\n")
            )
        }
    }

    /// Where `request` goes (see ``ListenerRouter/route(_:)``).
    public func route(_ request: RouteRequest) -> ListenerRoute? {
        router.route(request)
    }

    /// The destinations of the route a request takes, with weights and upstream groups resolved; empty when no
    /// route takes it or the route does not forward (a redirect or a direct response).
    public func targets(of request: RouteRequest) -> [WeightedTarget] {
        route(request)?.match?.route.routeAction?.weightedTargets { resources.upstreamGroup($0) } ?? []
    }

    /// `<namespace>/<name>` of the Upstream a request reaches, when its route forwards to exactly one Upstream.
    public func upstream(
        _ method: String = "GET",
        _ path: String,
        host: String,
        headers: [RouteRequest.Header] = []
    ) -> String? {
        let targets = targets(of: RouteRequest(method: method, path: path, authority: host, headers: headers))
        guard targets.count == 1, let upstream = targets[0].destination.upstream else { return nil }
        return "\(upstream.namespace ?? "default")/\(upstream.name)"
    }

    /// The HTTP listener of `proxy` on `port`, or its only one (hybrid listeners' HTTP listeners included).
    static func httpListener(of proxy: Resource<ProxySpec>, port: UInt32?) throws(RoutingError) -> HttpListener {
        var listeners: [(port: UInt32, listener: HttpListener)] = []
        for listener in proxy.spec.listeners ?? [] {
            listeners += listener.httpListeners.map { (listener.bindPort ?? 0, $0) }
        }
        let candidates = port.map { port in listeners.filter { $0.port == port } } ?? listeners
        guard candidates.count == 1, let only = candidates.first else {
            let ports = listeners.map { String($0.port) }.joined(separator: ", ")
            throw RoutingError(
                .noListener,
                candidates.isEmpty
                    ? "Proxy \(proxy.name) has no HTTP listener\(port.map { " on port \($0)" } ?? "") (ports: \(ports))"
                    : "Proxy \(proxy.name) has several HTTP listeners (ports: \(ports)); choose one with a port"
            )
        }
        return only.listener
    }
}
