import GatewayModel
import Testing

@testable import GatewayRouting

/// The index must give exactly the answer of trying every route in order (Envoy's `getRouteFromRoutes`), for
/// random tables of overlapping prefixes, exact paths, regexes, case-insensitive routes, header, query and method
/// conditions, and random requests.
@Suite("Route index agrees with Envoy's linear scan")
struct IndexDifferentialTests {
    /// SplitMix64: small, seedable, the same on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let segments = ["a", "b", "api", "API", "v1", "v22", "x-y", "é", ""]
    private static let regexes = [
        "/api/[^/]+", "/a.*", "(?i)/api.*", ".*", "/v[0-9]+(/.*)?", "/a|/b", "/api/v1/[a-z]+", "/b/?", "[/]api.*",
        "/x-y/.+",
    ]

    private func path(_ random: inout Generator) -> String {
        let count = Int.random(in: 0...4, using: &random)
        var path = (0..<count).map { _ in "/" + Self.segments.randomElement(using: &random)! }.joined()
        if path.isEmpty || Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0 { path += "/" }
        return path
    }

    private func matcher(_ random: inout Generator) -> Matcher {
        var matcher = Matcher()
        switch Int.random(in: 0..<10, using: &random) {
        case 0...3:
            let full = path(&random)
            // Prefixes that end inside a segment too: `/ap` takes `/api`.
            matcher.prefix = String(full.prefix(Int.random(in: 0...full.count, using: &random)))
        case 4...6: matcher.exact = path(&random)
        case 7...8: matcher.regex = Self.regexes.randomElement(using: &random)!
        default:
            if Int.random(in: 0..<3, using: &random) == 0 {
                matcher.connectMatcher = Matcher.ConnectMatcher()
            } else {
                matcher.prefix = "/"
            }
        }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: matcher.caseSensitive = false
        case 1: matcher.caseSensitive = true
        default: break
        }
        if Int.random(in: 0..<4, using: &random) == 0 {
            let value = ["", "1", "[0-9]+"].randomElement(using: &random)!
            matcher.headers = [
                HeaderMatcher(
                    name: "x-h",
                    value: value,
                    regex: value == "[0-9]+",
                    invertMatch: Int.random(in: 0..<3, using: &random) == 0
                )
            ]
        }
        if Int.random(in: 0..<5, using: &random) == 0 {
            matcher.queryParameters = [
                QueryParameterMatcher(name: "q", value: ["", "1"].randomElement(using: &random)!)
            ]
        }
        if Int.random(in: 0..<5, using: &random) == 0 {
            matcher.methods = [["GET"], ["POST"], ["GET", "POST"]].randomElement(using: &random)!
        }
        return matcher
    }

    private func request(_ random: inout Generator) -> RouteRequest {
        var target = path(&random)
        if Int.random(in: 0..<4, using: &random) == 0 {
            target = target.uppercased()
        }
        switch Int.random(in: 0..<6, using: &random) {
        case 0: target += "?q=1"
        case 1: target += "?q"
        case 2: target += "#q=1"
        case 3: target += ";p"
        default: break
        }
        var headers: [RouteRequest.Header] = []
        if Bool.random(using: &random) {
            headers.append(.init("X-H", ["", "1", "12", "x"].randomElement(using: &random)!))
        }
        return RouteRequest(
            method: ["GET", "POST", "CONNECT"].randomElement(using: &random)!,
            path: target,
            authority: "example.com",
            headers: headers
        )
    }

    @Test("random tables and requests", arguments: 0..<40)
    func randomTables(seed: UInt64) throws {
        var random = Generator(state: seed &* 7919)
        let routeCount = Int.random(in: 1...40, using: &random)
        let routes = (0..<routeCount).map { index in
            Route(
                matchers: (0..<Int.random(in: 0...2, using: &random)).map { _ in matcher(&random) },
                action: .directResponse(DirectResponseAction(status: 200, body: "\(index)"))
            )
        }
        let index = try RouteIndex(routes: routes)
        for _ in 0..<300 {
            let request = request(&random)
            let indexed = index.match(request)
            let linear = index.linearMatch(request)
            #expect(
                indexed?.routeIndex == linear?.routeIndex && indexed?.matcherIndex == linear?.matcherIndex,
                "seed \(seed): \(request.method) \(request.path) \(request.headers)"
            )
            if indexed?.routeIndex != linear?.routeIndex { return }
        }
    }
}
