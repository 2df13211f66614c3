public import GatewayModel
internal import GatewayRegex

/// The routes of one virtual host, compiled for matching with Envoy's semantics: the answer is the first route,
/// in declaration order, whose conditions all hold.
///
/// Each matcher of a Gloo Edge route is one Envoy route (a route without matchers has `prefix: /`), so a route
/// matches when any of its matchers does, and routes earlier in the list always win.
public struct RouteIndex: Sendable {
    /// The routes as given.
    public let routes: [Route]
    /// One entry per Envoy route, in order.
    private let entries: [Entry]

    private struct Entry: Sendable {
        let route: Int
        let matcher: Int
        let conditions: RouteConditions
    }

    /// Settings that change how routes compile.
    public struct Options: Sendable, Hashable {
        /// The RE2 program size above which a regex is rejected (Gloo's `regexMaxProgramSize`; Envoy's default 100).
        public var regexMaxProgramSize = SafeRegex.Options.envoyMaxProgramSize

        public init() {}
    }

    /// Compiles `routes`. Throws for a route Envoy would reject (an invalid regex, a matcher without a path
    /// specifier), naming the route; `ProxyBuilder` reports the same problems as validation errors.
    public init(routes: [Route], options: Options = Options()) throws(RoutingError) {
        var regexOptions = SafeRegex.Options.envoy
        regexOptions.maxProgramSize = options.regexMaxProgramSize
        var entries: [Entry] = []
        for (routeIndex, route) in routes.enumerated() {
            let matchers = (route.matchers ?? []).isEmpty ? [Matcher.prefix("/")] : route.matchers ?? []
            for (matcherIndex, matcher) in matchers.enumerated() {
                do {
                    let conditions = try RouteConditions(matcher, regexOptions: regexOptions)
                    entries.append(Entry(route: routeIndex, matcher: matcherIndex, conditions: conditions))
                } catch {
                    throw RoutingError(
                        error.code,
                        "route \(routeIndex) (\(route.name ?? "unnamed")) matcher \(matcherIndex): \(error.message)"
                    )
                }
            }
        }
        self.routes = routes
        self.entries = entries
    }

    /// The route `request` takes, if any.
    public func match(_ request: RouteRequest) -> RouteMatch? {
        let query = QueryParameters(path: request.path)
        for entry in entries where entry.conditions.firstMismatch(request, query: query) == nil {
            return RouteMatch(routeIndex: entry.route, matcherIndex: entry.matcher, route: routes[entry.route])
        }
        return nil
    }

    /// Why each Envoy route before the one `request` takes did not take it, in order, followed by the match
    /// (every route, when none matches).
    public func explain(_ request: RouteRequest) -> [RouteExplanation] {
        let query = QueryParameters(path: request.path)
        var explanations: [RouteExplanation] = []
        for entry in entries {
            let mismatch = entry.conditions.firstMismatch(request, query: query)
            explanations.append(
                RouteExplanation(routeIndex: entry.route, matcherIndex: entry.matcher, mismatch: mismatch)
            )
            if mismatch == nil { break }
        }
        return explanations
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
