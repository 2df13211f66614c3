/// A route that can never take a request, because an earlier route takes every request it could. Envoy does not
/// say so; validation can.
public struct ShadowedRoute: Sendable, Hashable {
    /// The route that can never match.
    public var routeIndex: Int
    /// The earlier route that takes its requests (for its first matcher; other matchers may be shadowed by
    /// other routes).
    public var shadowedBy: Int
}

extension RouteIndex {
    /// The routes every matcher of which is shadowed by an earlier route that needs nothing but its path (no
    /// header, query or method conditions) and whose path condition takes every path the later one could: a
    /// shorter or equal prefix, or an exact path under such a prefix; case-insensitive routes shadow only what they
    /// cover in every case. Regex, template and CONNECT routes are not analysed (they are never reported, nor shadow anything).
    public var shadowedRoutes: [ShadowedRoute] {
        var shadowed: [ShadowedRoute] = []
        let conditions = table.conditions
        var routeStart = 0
        while routeStart < owners.count {
            let route = owners[routeStart].route
            var routeEnd = routeStart
            while routeEnd < owners.count, owners[routeEnd].route == route { routeEnd += 1 }
            var shadowers: [Int] = []
            for later in routeStart..<routeEnd {
                guard
                    let earlier = conditions[..<routeStart].firstIndex(where: { covers($0, conditions[later]) })
                else { break }
                shadowers.append(owners[earlier].route)
            }
            if shadowers.count == routeEnd - routeStart, let first = shadowers.first {
                shadowed.append(ShadowedRoute(routeIndex: route, shadowedBy: first))
            }
            routeStart = routeEnd
        }
        return shadowed
    }

    /// Whether `earlier` takes every request `later` could take.
    private func covers(_ earlier: RouteConditions, _ later: RouteConditions) -> Bool {
        guard earlier.isPathOnly else { return false }
        switch (earlier.path, later.path) {
        case (.prefix(let prefix, false), .prefix(let other, false)),
            (.prefix(let prefix, false), .exact(let other, false)):
            return other.starts(with: prefix)
        case (.prefix(let prefix, true), .prefix(let other, _)), (.prefix(let prefix, true), .exact(let other, _)):
            // A folded prefix takes every spelling of a path that starts with it in lower case.
            return other.map(ASCII.lowercased).starts(with: prefix.map(ASCII.lowercased))
        case (.exact(let path, false), .exact(let other, false)):
            return path == other
        case (.exact(let path, true), .exact(let other, _)):
            return path.map(ASCII.lowercased) == other.map(ASCII.lowercased)
        default:
            return false
        }
    }
}
