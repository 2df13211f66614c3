/// Gloo Edge's route ordering for RouteTables of equal weight (`SortRoutesByPath`).
///
/// Each route is ranked by its most specific matcher: more methods first; then path kind (none, exact, regex,
/// prefix); then the lexicographically greater path string first. The sort is stable. Gloo's documentation
/// describes a different order (exact, prefix, regex; longest prefix first); this follows the code.
enum RouteOrdering {
    static func sorted(_ routes: [Route]) -> [Route] {
        let keys = routes.map(smallestMatcher)
        return routes.indices.sorted { lhs, rhs in
            if isLess(keys[lhs], keys[rhs]) { return true }
            if isLess(keys[rhs], keys[lhs]) { return false }
            return lhs < rhs
        }.map { routes[$0] }
    }

    private static func smallestMatcher(_ route: Route) -> Matcher {
        let matchers = route.matchers ?? []
        var smallest = matchers.first ?? .prefix("/")
        for matcher in matchers where isLess(matcher, smallest) {
            smallest = matcher
        }
        return smallest
    }

    private static func isLess(_ lhs: Matcher, _ rhs: Matcher) -> Bool {
        let lhsMethods = lhs.methods?.count ?? 0
        let rhsMethods = rhs.methods?.count ?? 0
        if lhsMethods != rhsMethods { return lhsMethods > rhsMethods }
        if priority(lhs) != priority(rhs) { return priority(lhs) < priority(rhs) }
        // Byte order, as Go compares strings.
        return (rhs.pathString ?? "").utf8.lexicographicallyPrecedes((lhs.pathString ?? "").utf8)
    }

    private static func priority(_ matcher: Matcher) -> Int {
        if matcher.exact != nil { return 1 }
        if matcher.regex != nil { return 2 }
        if matcher.prefix != nil { return 3 }
        return 0
    }
}
