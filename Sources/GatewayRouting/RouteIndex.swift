public import GatewayModel
internal import GatewayRegex

/// The routes of one virtual host, compiled for matching with Envoy's semantics: the answer is the first route,
/// in declaration order, whose conditions all hold.
///
/// Each matcher of a Gloo Edge route is one Envoy route (a route without matchers has `prefix: /`), so a route
/// matches when any of its matchers does, and routes earlier in the list always win.
///
/// Envoy tries every route in turn. The index instead files prefix and exact paths in byte tries (one
/// case-sensitive, one in ASCII lower case) and regexes under their literal prefix, so a lookup walks the path
/// once and checks, in route order, only the routes that path can take; routes nothing can file (regexes without
/// a literal prefix, `connectMatcher`) are checked as well, in order.
public struct RouteIndex: Sendable {
    /// The routes as given.
    public let routes: [Route]
    /// One entry per Envoy route, in order.
    let entries: [Entry]
    private let caseSensitive: PathTrie
    private let caseInsensitive: PathTrie
    /// Routes no trie can file, in order.
    private let unindexed: [PathTrie.Candidate]

    struct Entry: Sendable {
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
        var caseSensitive = PathTrie(foldsCase: false)
        var caseInsensitive = PathTrie(foldsCase: true)
        var unindexed: [PathTrie.Candidate] = []
        for (index, entry) in entries.enumerated() {
            let conditions = entry.conditions
            let onlyPath = conditions.headers.isEmpty && conditions.queryParameters.isEmpty
            let route = Int32(index)
            switch conditions.path {
            case .prefix(let prefix, let ignoringCase):
                let candidate = PathTrie.Candidate(route: route, unconditional: onlyPath)
                if ignoringCase {
                    caseInsensitive.insert(prefix: prefix, candidate)
                } else {
                    caseSensitive.insert(prefix: prefix, candidate)
                }
            case .exact(let path, let ignoringCase):
                let candidate = PathTrie.Candidate(route: route, unconditional: onlyPath)
                if ignoringCase {
                    caseInsensitive.insert(exact: path, candidate)
                } else {
                    caseSensitive.insert(exact: path, candidate)
                }
            case .regex(let regex) where !regex.literalPrefix.isEmpty:
                // Every full match starts with the literal prefix; the regex still has to be run.
                caseSensitive.insert(prefix: regex.literalPrefix, .init(route: route, unconditional: false))
            case .regex, .connect:
                unindexed.append(.init(route: route, unconditional: false))
            }
        }
        caseSensitive.finish()
        caseInsensitive.finish()
        self.caseSensitive = caseSensitive
        self.caseInsensitive = caseInsensitive
        self.unindexed = unindexed
    }

    /// The route `request` takes, if any.
    public func match(_ request: RouteRequest) -> RouteMatch? {
        var path = request.path
        let entry = path.withUTF8 { bytes -> Int? in
            let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
            let forMatching = UnsafeBufferPointer(rebasing: bytes[..<end])
            return firstTaken(
                request,
                among: caseSensitive.candidates(for: forMatching),
                caseInsensitive.isEmpty ? [] : caseInsensitive.candidates(for: forMatching),
                unindexed
            )
        }
        return entry.map { entries[$0] }.map {
            RouteMatch(routeIndex: $0.route, matcherIndex: $0.matcher, route: routes[$0.route])
        }
    }

    /// The first route, in route order over the three candidate lists (each in order), that takes `request`.
    private func firstTaken(
        _ request: RouteRequest,
        among first: [PathTrie.Candidate],
        _ second: [PathTrie.Candidate],
        _ third: [PathTrie.Candidate]
    ) -> Int? {
        var (i, j, k) = (0, 0, 0)
        var query: QueryParameters?
        while true {
            let a = i < first.count ? first[i].route : .max
            let b = j < second.count ? second[j].route : .max
            let c = k < third.count ? third[k].route : .max
            let next = min(a, b, c)
            guard next != .max else { return nil }
            if next == a { i += 1 } else if next == b { j += 1 } else { k += 1 }
            let conditions = entries[Int(next)].conditions
            if conditions.queryParameters.isEmpty {
                if conditions.firstMismatch(request, query: QueryParameters.none) == nil { return Int(next) }
            } else {
                if query == nil { query = QueryParameters(path: request.path) }
                if let query, conditions.firstMismatch(request, query: query) == nil { return Int(next) }
            }
        }
    }

    /// The route `request` takes, found by trying every route in order as Envoy does: the reference the index is
    /// tested against.
    func linearMatch(_ request: RouteRequest) -> RouteMatch? {
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
