public import GatewayModel

/// Routes requests for one HTTP listener of a Proxy as Envoy serves it: the virtual host by `:authority`
/// (``VirtualHostSelector``), then the first of its routes that takes the request (``RouteIndex``).
///
/// ```swift
/// let router = try ListenerRouter(listener.httpListener ?? HttpListener(virtualHosts: []))
/// let taken = router.route(RouteRequest(method: "GET", path: "/api/pets/1", authority: "shop.example.com"))
/// ```
public struct ListenerRouter: Sendable {
    /// The virtual hosts as given.
    public let virtualHosts: [VirtualHost]
    private let selector: VirtualHostSelector
    private let indexes: [RouteIndex]

    /// Compiles every virtual host of `listener`. Throws for a configuration Envoy would reject: a domain in two
    /// virtual hosts, an invalid regex, a matcher without a path.
    public init(
        _ listener: HttpListener,
        hostOptions: VirtualHostSelector.Options = .init(),
        routeOptions: RouteIndex.Options = .init()
    ) throws(RoutingError) {
        let hosts = listener.virtualHosts ?? []
        virtualHosts = hosts
        selector = try VirtualHostSelector(domains: hosts.map { $0.domains ?? [] }, options: hostOptions)
        var indexes: [RouteIndex] = []
        for host in hosts {
            do {
                indexes.append(try RouteIndex(routes: host.routes ?? [], options: routeOptions))
            } catch {
                throw RoutingError(error.code, "virtual host \(host.name): \(error.message)")
            }
        }
        self.indexes = indexes
    }

    /// The virtual host and route `request` reaches. `route` is nil when the host is found but no route takes
    /// the request; the result is nil when no virtual host serves the request's authority.
    public func route(_ request: RouteRequest) -> ListenerRoute? {
        guard let host = selector.virtualHost(for: request.authority) else { return nil }
        return ListenerRoute(
            virtualHostIndex: host,
            virtualHost: virtualHosts[host],
            match: indexes[host].match(request)
        )
    }

    /// Why each route of the request's virtual host before the one it takes did not take it (see
    /// ``RouteIndex/explain(_:)``); nil when no virtual host serves the request's authority.
    public func explain(_ request: RouteRequest) -> (virtualHostIndex: Int, routes: [RouteExplanation])? {
        guard let host = selector.virtualHost(for: request.authority) else { return nil }
        return (host, indexes[host].explain(request))
    }
}

/// Where a request goes on a listener.
public struct ListenerRoute: Sendable, Hashable {
    public var virtualHostIndex: Int
    public var virtualHost: VirtualHost
    /// nil: the virtual host has no route for the request (Envoy answers 404).
    public var match: RouteMatch?
}
