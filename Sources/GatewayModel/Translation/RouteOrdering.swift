/// Gloo Edge's route ordering for RouteTables of equal weight (`SortRoutesByPath`).
///
/// Each route is ranked by its most specific matcher: more methods first; then path kind (none, exact, regex,
/// prefix); then the lexicographically greater path string first. The sort is stable. Gloo's documentation
/// describes a different order (exact, prefix, regex; longest prefix first); this follows the code.
enum RouteOrdering {
    static func sorted<Element>(_ elements: [Element], route: (Element) -> Route) -> [Element] {
        let keyed = elements.enumerated().map {
            (index: $0.offset, key: smallestMatcher(route($0.element)), element: $0.element)
        }
        return keyed.sorted { lhs, rhs in
            if isLess(lhs.key, rhs.key) { return true }
            if isLess(rhs.key, lhs.key) { return false }
            return lhs.index < rhs.index
        }.map(\.element)
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
