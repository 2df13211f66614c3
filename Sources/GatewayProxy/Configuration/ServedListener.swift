import GatewayModel
import GatewayRouting

/// One HTTP listener of a Proxy as the data plane serves it: its address, its compiled router and, per virtual
/// host and route, what to do with the requests the route takes.
public final class ServedListener: Sendable {
    /// `<proxy namespace>.<proxy name>.<listener name>`.
    public let name: String
    public let bindAddress: String
    public let bindPort: Int
    public let settings: ConnectionSettings
    /// TLS termination, for a listener with `sslConfigurations`.
    let tls: TLSTermination?
    let router: ListenerRouter
    /// `plans[virtual host][route]`.
    let plans: [[RoutePlan]]

    init(
        name: String,
        bindAddress: String,
        bindPort: Int,
        settings: ConnectionSettings,
        tls: TLSTermination?,
        router: ListenerRouter,
        plans: [[RoutePlan]]
    ) {
        self.name = name
        self.bindAddress = bindAddress
        self.bindPort = bindPort
        self.settings = settings
        self.tls = tls
        self.router = router
        self.plans = plans
    }

    /// What to do with `request`: the plan of the route it takes, with the index of the matcher that took it;
    /// nil when no virtual host or route takes it (Envoy answers 404).
    func plan(for request: RouteRequest) -> (plan: RoutePlan, matcher: Int)? {
        guard let found = router.route(request), let match = found.match else { return nil }
        return (plans[found.virtualHostIndex][match.routeIndex], match.matcherIndex)
    }
}
