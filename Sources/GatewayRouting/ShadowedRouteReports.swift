public import GatewayModel

extension ProxyBuilder.Result {
    /// The result with a warning on every VirtualService whose virtual host has routes that can never match
    /// (``RouteIndex/shadowedRoutes``). Envoy and Gloo Edge say nothing about such routes; a configuration that
    /// has them usually lists a route after a broader one by mistake. Virtual hosts that do not compile are left
    /// to the errors validation reports for them.
    public func reportingShadowedRoutes() -> ProxyBuilder.Result {
        var result = self
        for proxy in proxies {
            for listener in proxy.spec.listeners ?? [] {
                for host in listener.httpListeners.flatMap({ $0.virtualHosts ?? [] }) {
                    guard let index = try? RouteIndex(routes: host.routes ?? []) else { continue }
                    let routes = host.routes ?? []
                    for shadowed in index.shadowedRoutes {
                        result.reports.addWarning(
                            Self.virtualService(of: host),
                            "route \(shadowed.routeIndex) (\(Self.describe(routes[shadowed.routeIndex]))) can never match: route \(shadowed.shadowedBy) (\(Self.describe(routes[shadowed.shadowedBy]))) comes first and takes every request it would"
                        )
                    }
                }
            }
        }
        return result
    }

    /// Virtual hosts are named `<namespace>.<virtualService>`; namespaces have no dots.
    private static func virtualService(of host: VirtualHost) -> ResourceID {
        let parts = host.name.split(separator: ".", maxSplits: 1)
        return ResourceID(
            kind: ResourceKind.virtualService.rawValue,
            namespace: parts.first.map(String.init) ?? "",
            name: parts.count > 1 ? String(parts[1]) : host.name
        )
    }

    /// `prefix /api`, `exact /x`, for the first matcher; `prefix /` for a route without matchers.
    private static func describe(_ route: Route) -> String {
        guard let matcher = route.matchers?.first else { return "prefix /" }
        if let prefix = matcher.prefix { return "prefix \(prefix)" }
        if let exact = matcher.exact { return "exact \(exact)" }
        if let regex = matcher.regex { return "regex \(regex)" }
        return "connect"
    }
}
