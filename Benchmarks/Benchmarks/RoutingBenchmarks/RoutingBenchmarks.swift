import Benchmark
import GatewayRouting

// Route lookups. Benchmark names are `<scenario>/<router>`; times are per lookup, measured over 1,000 lookups that
// cycle through the scenario's requests.
//
// - GitHubAPI: the 203 routes of the GitHub API set (`METHOD /path/:param`) as URI templates with methods, against
//   Hummingbird's and RoutingKit's routers on the same set, and GatewayRouting scanning linearly as Envoy does.
// - GitHubAPIRegex: the same routes as Gloo regex routes (`[^/]+` for each parameter).
// - Mixed<N>: N routes of prefix, exact, regex, header and method routes (see MixedRoutes).
// - Build<N>: compiling N mixed routes.
// - ZeroAlloc*: allocations per lookup, checked against Benchmarks/Thresholds (`Scripts/bench --check`).

let benchmarks: @Sendable () -> Void = {
    let routes = GitHubRoutes.load()
    let requests = routes.map { RouteRequest(method: $0.method, path: GitHubRoutes.requestPath($0.path)) }
    let peerRequests = routes.map { (method: $0.method, path: GitHubRoutes.requestPath($0.path)) }
    let templateRules = routes.map { RouteRule(.template(GitHubRoutes.templatePath($0.path)), methods: [$0.method]) }
    let regexRules = routes.map { RouteRule(.regex(GitHubRoutes.regexPath($0.path)), methods: [$0.method]) }
    var linear = RouteTable.Options()
    linear.scansLinearly = true

    let timing = Benchmark.Configuration(metrics: [.wallClock], scalingFactor: .kilo, maxDuration: .seconds(2))

    /// Runs `router` on each request in turn, carrying on where the previous sample stopped. Generic, so that each
    /// router's loop is specialized and the harness adds no indirect call to what is measured.
    func cycling<Router: BenchmarkedRouter>(_ router: Router, _ requests: [Router.Request]) -> (Benchmark) -> Void {
        var next = 0
        return { benchmark in
            var index = next
            requests.withUnsafeBufferPointer { requests in
                for _ in benchmark.scaledIterations {
                    blackHole(router.lookup(requests[index]))
                    index = index + 1 == requests.count ? 0 : index + 1
                }
            }
            next = index
        }
    }

    /// One lookup per iteration, cycling through `requests`; every answer is checked once, at setup.
    func lookups(_ name: String, _ table: RouteTable, _ requests: [RouteRequest], expect: [Int]? = nil) {
        for (index, request) in requests.enumerated() {
            let rule = table.firstMatch(request)?.rule
            if let expect, rule.map({ routes[$0] == routes[expect[index]] }) != true {
                fatalError("\(name): \(request.method) \(request.path) took rule \(rule.map(String.init) ?? "none")")
            }
        }
        Benchmark(name, configuration: timing, closure: cycling(table, requests))
    }

    func table(_ rules: [RouteRule], _ options: RouteTable.Options = .init()) -> RouteTable {
        do {
            return try RouteTable(rules, options: options)
        } catch {
            fatalError("\(error)")
        }
    }

    let own = Array(routes.indices)
    lookups("GitHubAPI/GatewayRouting", table(templateRules), requests, expect: own)
    lookups("GitHubAPI/LinearScan", table(templateRules, linear), requests, expect: own)
    lookups("GitHubAPIRegex/GatewayRouting", table(regexRules), requests, expect: own)
    lookups("GitHubAPIRegex/LinearScan", table(regexRules, linear), requests, expect: own)

    func peerLookups<Router: PeerRouter>(_ name: String, _ router: Router) {
        Benchmark(name, configuration: timing, closure: cycling(PeerLookup(router: router), peerRequests))
    }
    peerLookups("GitHubAPI/Hummingbird", HummingbirdRouter.checked("Hummingbird", routes: routes))
    peerLookups("GitHubAPI/RoutingKit", RoutingKitRouter.checked("RoutingKit", routes: routes))

    for count in [10, 100, 1_000, 10_000] {
        let rules = MixedRoutes.rules(count: count)
        let mixedRequests = MixedRoutes.requests(count: count)
        lookups("Mixed\(count)/GatewayRouting", table(rules), mixedRequests)
        lookups("Mixed\(count)/LinearScan", table(rules, linear), mixedRequests)
    }
    for count in [1_000, 10_000] {
        let rules = MixedRoutes.rules(count: count)
        Benchmark("Build\(count)/GatewayRouting", configuration: .init(metrics: [.wallClock], maxIterations: 20)) {
            benchmark in
            for _ in benchmark.scaledIterations { blackHole(table(rules)) }
        }
    }

    let zeroAllocations = Benchmark.Configuration(
        metrics: [.mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 10_000,
        thresholds: [.mallocCountTotal: .init(absolute: BenchmarkThresholds.Absolute.strict)]
    )
    for (name, table, requests) in [
        ("GitHubAPI", table(templateRules), requests),
        ("Mixed10000", table(MixedRoutes.rules(count: 10_000)), MixedRoutes.requests(count: 10_000)),
    ] {
        Benchmark("ZeroAlloc\(name)", configuration: zeroAllocations) { benchmark in
            for _ in benchmark.scaledIterations {
                for request in requests { blackHole(table.firstMatch(request)) }
            }
        }
    }
}

/// A router under measurement: one lookup of one request.
protocol BenchmarkedRouter {
    associatedtype Request
    associatedtype Result
    func lookup(_ request: Request) -> Result
}

extension RouteTable: BenchmarkedRouter {
    func lookup(_ request: RouteRequest) -> Match? { firstMatch(request) }
}

struct PeerLookup<Router: PeerRouter>: BenchmarkedRouter {
    let router: Router
    func lookup(_ request: (method: String, path: String)) -> Router.Match? {
        router.lookup(method: request.method, path: request.path)
    }
}
