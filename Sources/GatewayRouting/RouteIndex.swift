public import GatewayModel

/// The routes of one virtual host, compiled for matching with Envoy's semantics: the answer is the first route,
/// in declaration order, whose conditions all hold.
///
/// Each matcher of a Gloo Edge route is one Envoy route (a route without matchers has `prefix: /`), so a route
/// matches when any of its matchers does, and routes earlier in the list always win. The matchers are compiled
/// into a ``RouteTable``, one rule per matcher.
public struct RouteIndex: Sendable {
    /// The routes as given.
    public let routes: [Route]
    /// One rule per Envoy route, in order.
    public let table: RouteTable
    /// The route and matcher of each rule.
    let owners: [Owner]

    struct Owner: Sendable {
        let route: Int
        let matcher: Int
    }

    public typealias Options = RouteTable.Options

    /// Compiles `routes`. Throws for a route Envoy would reject (an invalid regex, a matcher without a path
    /// specifier), naming the route; `ProxyBuilder` reports the same problems as validation errors.
    public init(routes: [Route], options: Options = Options()) throws(RoutingError) {
        var rules: [RouteRule] = []
        var owners: [Owner] = []
        func describe(_ owner: Owner) -> String {
            "route \(owner.route) (\(routes[owner.route].name ?? "unnamed")) matcher \(owner.matcher)"
        }
        for (routeIndex, route) in routes.enumerated() {
            let matchers = (route.matchers ?? []).isEmpty ? [Matcher.prefix("/")] : route.matchers ?? []
            for (matcherIndex, matcher) in matchers.enumerated() {
                let owner = Owner(route: routeIndex, matcher: matcherIndex)
                do {
                    rules.append(try RouteRule(matcher: matcher))
                } catch {
                    throw RoutingError(error.code, "\(describe(owner)): \(error.message)")
                }
                owners.append(owner)
            }
        }
        self.routes = routes
        self.owners = owners
        table = try RouteTable(rules, options: options) { describe(owners[$0]) }
    }

    /// The route `request` takes, if any.
    public func match(_ request: RouteRequest) -> RouteMatch? {
        table.firstMatch(request).map(routeMatch)
    }

    /// The route `request` takes, found by trying every route in order as Envoy does.
    func linearMatch(_ request: RouteRequest) -> RouteMatch? {
        table.linearMatch(request).map(routeMatch)
    }

    private func routeMatch(_ match: RouteTable.Match) -> RouteMatch {
        let owner = owners[match.rule]
        return RouteMatch(routeIndex: owner.route, matcherIndex: owner.matcher, route: routes[owner.route])
    }

    /// Why each Envoy route before the one `request` takes did not take it, in order, followed by the match
    /// (every route, when none matches).
    public func explain(_ request: RouteRequest) -> [RouteExplanation] {
        zip(owners, table.explain(request)).map { owner, mismatch in
            RouteExplanation(routeIndex: owner.route, matcherIndex: owner.matcher, mismatch: mismatch)
        }
    }
}

/// The route a request takes.
public struct RouteMatch: Sendable, Hashable {
    /// The position of the route in its virtual host.
    public var routeIndex: Int
    /// Which of the route's matchers matched.
    public var matcherIndex: Int
    public var route: Route
}

/// Whether one Envoy route (a route's matcher) takes a request, and if not, the first condition that fails.
public struct RouteExplanation: Sendable, Hashable {
    public var routeIndex: Int
    public var matcherIndex: Int
    /// nil when the route takes the request.
    public var mismatch: Mismatch?
}
