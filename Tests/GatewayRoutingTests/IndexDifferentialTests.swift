import GatewayModel
import TestSupport
import Testing

@testable import GatewayRouting

/// The index must give exactly the answer of trying every route in order (Envoy's `getRouteFromRoutes`), for
/// random tables of overlapping prefixes, exact paths, regexes, case-insensitive routes, header, query and method
/// conditions, and random requests.
@Suite("Route index agrees with Envoy's linear scan")
struct IndexDifferentialTests {
    private static let segments = ["a", "b", "api", "API", "v1", "v22", "x-y", "é", ""]
    private static let regexes = [
        "/api/[^/]+", "/a.*", "(?i)/api.*", ".*", "/v[0-9]+(/.*)?", "/a|/b", "/api/v1/[a-z]+", "/b/?", "[/]api.*",
        "/x-y/.+",
    ]

    private func path(_ random: inout SplitMix64) -> String {
        let count = Int.random(in: 0...4, using: &random)
        var path = (0..<count).map { _ in "/" + Self.segments.randomElement(using: &random)! }.joined()
        if path.isEmpty || Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0 { path += "/" }
        return path
    }

    private func matcher(_ random: inout SplitMix64) -> Matcher {
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

    private func request(_ random: inout SplitMix64) -> RouteRequest {
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
        var random = SplitMix64(seed: seed &* 7919)
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

    // MARK: - Plain rules with URI templates and separated prefixes

    private static let templatePieces = [
        "a", "b", "api", "v1", "x.y", "*", "{id#}", "{name#=*}", "v{version#}", "{file#}.json", "{p#=a/*}", "",
    ]
    private static let templateEnds = ["", "/", "/**", "/{rest=**}", "/**.mpd", "/*.json"]
    private static let requestSegments = ["a", "b", "api", "v1", "v2", "x.y", "12.json", "*", "x.mpd", "A", "é", ""]

    private func template(_ random: inout SplitMix64) -> String {
        // `#` numbers a variable by its segment, so names never repeat.
        var pieces = (0..<Int.random(in: 0...3, using: &random)).map { segment in
            Self.templatePieces.randomElement(using: &random)!.split(separator: "#", omittingEmptySubsequences: false)
                .joined(separator: String(segment))
        }
        // Envoy rejects empty segments but a trailing one.
        pieces.removeAll(where: \.isEmpty)
        let template = "/" + pieces.joined(separator: "/")
        let end = Self.templateEnds.randomElement(using: &random)!
        return template == "/" && !end.isEmpty ? end : template + end
    }

    private func rule(_ random: inout SplitMix64) -> RouteRule {
        let path: PathMatch
        let caseSensitive = Int.random(in: 0..<4, using: &random) != 0
        switch Int.random(in: 0..<10, using: &random) {
        case 0...4: path = .template(template(&random))
        case 5...6:
            let full = templatePath(&random).split(separator: "/").prefix(2).joined(separator: "/")
            path = .pathSeparatedPrefix("/" + (full.isEmpty ? "a" : full), caseSensitive: caseSensitive)
        case 7: path = .prefix(String(templatePath(&random).prefix(4)), caseSensitive: caseSensitive)
        case 8: path = .exact(templatePath(&random), caseSensitive: caseSensitive)
        default: path = .regex(["/api/[^/]+", "/a.*", ".*", "/v[0-9]+(/.*)?"].randomElement(using: &random)!)
        }
        var rule = RouteRule(path)
        if Int.random(in: 0..<4, using: &random) == 0 { rule.methods = ["GET"] }
        if Int.random(in: 0..<6, using: &random) == 0 { rule.headers = [HeaderMatcher(name: "x-h")] }
        return rule
    }

    private func templatePath(_ random: inout SplitMix64) -> String {
        let path = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            "/" + Self.requestSegments.randomElement(using: &random)!
        }.joined()
        return path.isEmpty || Int.random(in: 0..<5, using: &random) == 0 ? path + "/" : path
    }

    @Test("random rules with URI templates and separated prefixes, captures included", arguments: 0..<40)
    func randomRules(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &* 104_729)
        let rules = (0..<Int.random(in: 1...30, using: &random)).map { _ in rule(&random) }
        let table = try RouteTable(rules)
        for _ in 0..<300 {
            var path = templatePath(&random)
            path += ["", "", "?q=/a/b", "#f"].randomElement(using: &random)!
            let request = RouteRequest(
                method: ["GET", "POST"].randomElement(using: &random)!,
                path: path,
                headers: Bool.random(using: &random) ? [.init("x-h", "1")] : []
            )
            let indexed = table.firstMatch(request)
            let linear = table.linearMatch(request)
            #expect(indexed == linear, "seed \(seed): \(request.method) \(request.path) in \(rules.map(\.path))")
            if indexed != linear { return }
        }
    }
}
