import Foundation
import GatewayModel
import GatewayRouting
import TestSupport
import Testing

/// GatewayRouting against a real Envoy 1.40: random Gloo route tables, and random rule lists with URI templates and
/// separated prefixes, are written by this test, independently of the library, as Envoy routes that answer with
/// their route's position; Envoy serves them, and every request's answer must equal the library's.
@Suite("Routing agrees with a running Envoy", .serialized)
struct EnvoyRoutingTests {
    /// ASCII only: Envoy's HTTP/1 codec answers 400 to raw non-ASCII bytes and to fragments.
    private static let segments = ["a", "b", "api", "API", "v1", "v22", "x-y", "x.y", "%2F", ""]
    private static let regexes = [
        "/api/[^/]+", "/a.*", "(?i)/api.*", ".*", "/v[0-9]+(/.*)?", "/a|/b", "/api/v1/[a-z]+", "/b/?", "/x-y/.+",
    ]

    private static func pick<T>(_ choices: [T], _ random: inout SplitMix64) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    private static func path(_ random: inout SplitMix64) -> String {
        let segmentCount = Int.random(in: 0...4, using: &random)
        let path = (0..<segmentCount).map { _ in "/" + pick(segments, &random) }.joined()
        return path.isEmpty || Int.random(in: 0..<6, using: &random) == 0 ? path + "/" : path
    }

    /// A Gloo matcher and the Envoy `match` Gloo Edge writes for it (`GlooMatcherToEnvoyMatcher`).
    private static func matcher(_ random: inout SplitMix64) -> (Matcher, [String: Any]) {
        var matcher = Matcher()
        var envoy: [String: Any] = [:]
        switch Int.random(in: 0..<9, using: &random) {
        case 0...3:
            let full = path(&random)
            let prefix = String(full.prefix(Int.random(in: 0...full.count, using: &random)))
            matcher.prefix = prefix
            envoy["prefix"] = prefix
        case 4...5:
            let exact = path(&random)
            matcher.exact = exact
            envoy["path"] = exact
        default:
            let regex = pick(regexes, &random)
            matcher.regex = regex
            envoy["safe_regex"] = ["regex": regex]
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let sensitive = Bool.random(using: &random)
            matcher.caseSensitive = sensitive
            envoy["case_sensitive"] = sensitive
        }
        var headers: [[String: Any]] = []
        if Int.random(in: 0..<4, using: &random) == 0 {
            let value = pick(["", "1", "[0-9]+"], &random)
            let invert = Int.random(in: 0..<3, using: &random) == 0
            matcher.headers = [HeaderMatcher(name: "x-h", value: value, regex: value == "[0-9]+", invertMatch: invert)]
            var header: [String: Any] = ["name": "x-h", "invert_match": invert]
            switch value {
            case "": header["present_match"] = true
            case "1": header["string_match"] = ["exact": value]
            default: header["safe_regex_match"] = ["regex": value]
            }
            headers.append(header)
        }
        if Int.random(in: 0..<5, using: &random) == 0 {
            let methods = pick([["GET"], ["POST"], ["GET", "POST"]], &random)
            matcher.methods = methods
            headers.append(["name": ":method", "safe_regex_match": ["regex": methods.joined(separator: "|")]])
        }
        if !headers.isEmpty { envoy["headers"] = headers }
        if Int.random(in: 0..<5, using: &random) == 0 {
            let value = pick(["", "1", "[0-9]"], &random)
            matcher.queryParameters = [QueryParameterMatcher(name: "q", value: value, regex: value == "[0-9]")]
            var parameter: [String: Any] = ["name": "q"]
            switch value {
            case "": parameter["present_match"] = true
            case "1": parameter["string_match"] = ["exact": value]
            default: parameter["string_match"] = ["safe_regex": ["regex": value]]
            }
            envoy["query_parameters"] = [parameter]
        }
        return (matcher, envoy)
    }

    /// A random route table: the Gloo routes, and the Envoy routes answering with their Gloo route's position.
    private static func table(_ random: inout SplitMix64) -> (routes: [Route], envoy: [[String: Any]]) {
        var routes: [Route] = []
        var envoyRoutes: [[String: Any]] = []
        for index in 0..<Int.random(in: 1...30, using: &random) {
            var matchers: [Matcher] = []
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let (matcher, envoy) = matcher(&random)
                matchers.append(matcher)
                envoyRoutes.append(["match": envoy, "direct_response": respond(index)])
            }
            if matchers.isEmpty {
                envoyRoutes.append(["match": ["prefix": "/"], "direct_response": respond(index)])
            }
            routes.append(Route(matchers: matchers, action: .directResponse(DirectResponseAction(status: 200))))
        }
        return (routes, envoyRoutes)
    }

    // MARK: - Plain rules: URI templates and separated prefixes

    private static let templatePieces = [
        "a", "b", "api", "v1", "x.y", "*", "{id#}", "{name#=*}", "v{version#}", "{file#}.json", "{p#=a/*}",
    ]
    private static let templateEnds = ["", "/", "/**", "/{rest=**}", "/**.mpd", "/*.json"]
    private static let requestSegments = ["a", "b", "api", "API", "v1", "v2", "x.y", "12.json", "x.mpd", "*", ""]

    private static func template(_ random: inout SplitMix64) -> String {
        // `#` numbers a variable by its segment, so names never repeat.
        let pieces = (0..<Int.random(in: 0...3, using: &random)).map { segment in
            pick(templatePieces, &random).split(separator: "#", omittingEmptySubsequences: false)
                .joined(separator: String(segment))
        }
        let template = "/" + pieces.joined(separator: "/")
        let end = pick(templateEnds, &random)
        return template == "/" && !end.isEmpty ? end : template + end
    }

    private static func rulePath(_ random: inout SplitMix64) -> String {
        let path = (0..<Int.random(in: 0...4, using: &random)).map { _ in "/" + pick(requestSegments, &random) }
            .joined()
        return path.isEmpty || Int.random(in: 0..<5, using: &random) == 0 ? path + "/" : path
    }

    /// A rule and the Envoy `match` for it.
    private static func rule(_ random: inout SplitMix64) -> (RouteRule, [String: Any]) {
        let caseSensitive = Int.random(in: 0..<3, using: &random) != 0
        switch Int.random(in: 0..<10, using: &random) {
        case 0...5:
            let template = template(&random)
            let policy: [String: Any] = [
                "name": "envoy.path.match.uri_template.uri_template_matcher",
                "typed_config": [
                    "@type": "type.googleapis.com/envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig",
                    "path_template": template,
                ],
            ]
            return (RouteRule(.template(template)), ["path_match_policy": policy])
        case 6...8:
            let segments = rulePath(&random).split(separator: "/").prefix(2)
            let prefix = "/" + (segments.isEmpty ? "a" : segments.joined(separator: "/"))
            return (
                RouteRule(.pathSeparatedPrefix(prefix, caseSensitive: caseSensitive)),
                ["path_separated_prefix": prefix, "case_sensitive": caseSensitive]
            )
        default:
            let exact = rulePath(&random)
            return (RouteRule(.exact(exact)), ["path": exact])
        }
    }

    private static func rules(_ random: inout SplitMix64) -> (rules: [RouteRule], envoy: [[String: Any]]) {
        var rules: [RouteRule] = []
        var envoyRoutes: [[String: Any]] = []
        for index in 0..<Int.random(in: 1...30, using: &random) {
            var (rule, envoy) = rule(&random)
            if Int.random(in: 0..<5, using: &random) == 0 {
                rule.methods = ["POST"]
                envoy["headers"] = [["name": ":method", "safe_regex_match": ["regex": "POST"]]]
            }
            rules.append(rule)
            envoyRoutes.append(["match": envoy, "direct_response": respond(index)])
        }
        return (rules, envoyRoutes)
    }

    private static func respond(_ index: Int) -> [String: Any] {
        ["status": 200, "body": ["inline_string": String(index)]]
    }

    private static func request(_ random: inout SplitMix64, host: String) -> RouteRequest {
        var target = path(&random)
        if Int.random(in: 0..<4, using: &random) == 0 { target = target.uppercased() }
        target += pick(["", "", "?q=1", "?q", "?q=2&q=1", "?x=1&q=7", ";p"], &random)
        var headers: [RouteRequest.Header] = []
        // Up to two `x-h` lines: Envoy 1.39+ matches repeated lines one by one, also under `invert_match`.
        for _ in 0..<pick([0, 1, 1, 2], &random) {
            headers.append(.init(pick(["X-H", "x-h"], &random), pick(["", "1", "12", "x"], &random)))
        }
        return RouteRequest(method: pick(["GET", "POST"], &random), path: target, authority: host, headers: headers)
    }

    private static func configuration(hosts: [[[String: Any]]], port: UInt16, admin: UInt16) throws -> Data {
        let virtualHosts = hosts.enumerated().map { index, routes in
            ["name": "table-\(index)", "domains": ["table-\(index)"], "routes": routes] as [String: Any]
        }
        let manager: [String: Any] = [
            "@type":
                "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            "stat_prefix": "differential",
            "http_filters": [
                [
                    "name": "envoy.filters.http.router",
                    "typed_config": ["@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"],
                ]
            ],
            "route_config": ["name": "routes", "virtual_hosts": virtualHosts],
        ]
        let bootstrap: [String: Any] = [
            "admin": ["address": ["socket_address": ["address": "127.0.0.1", "port_value": Int(admin)]]],
            "static_resources": [
                "listeners": [
                    [
                        "name": "differential",
                        "address": ["socket_address": ["address": "127.0.0.1", "port_value": Int(port)]],
                        "filter_chains": [
                            [
                                "filters": [
                                    ["name": "envoy.filters.network.http_connection_manager", "typed_config": manager]
                                ]
                            ]
                        ],
                    ]
                ]
            ],
        ]
        return try JSONSerialization.data(withJSONObject: bootstrap)
    }

    @Test("random route tables and requests give Envoy's answers")
    func randomTables() throws {
        let seeds: [UInt64] = Array(1...24)
        var tables: [(seed: UInt64, routes: [Route], envoy: [[String: Any]])] = []
        var ruleTables: [(seed: UInt64, rules: [RouteRule], envoy: [[String: Any]])] = []
        for seed in seeds {
            var random = SplitMix64(seed: seed &* 104_729)
            let (routes, envoy) = Self.table(&random)
            tables.append((seed, routes, envoy))
            let (rules, envoyRules) = Self.rules(&random)
            ruleTables.append((seed, rules, envoyRules))
        }
        let envoy = try EnvoyProcess { port, admin in
            try Self.configuration(hosts: tables.map(\.envoy) + ruleTables.map(\.envoy), port: port, admin: admin)
        }
        var connection = try HTTPConnection(port: envoy.port)
        /// Envoy's answer: the position of the route that took the request, nil for 404.
        func ask(_ request: RouteRequest, host: String, seed: UInt64) throws -> Int? {
            let headers = [("Host", host)] + request.headers.map { ($0.name, $0.value) }
            let answer: (status: Int, body: String)
            do {
                answer = try connection.send(method: request.method, target: request.path, headers: headers)
            } catch {
                // Envoy closes the connection after some errors; one retry on a new one.
                connection = try HTTPConnection(port: envoy.port)
                answer = try connection.send(method: request.method, target: request.path, headers: headers)
            }
            #expect(
                answer.status == 200 || answer.status == 404,
                "seed \(seed): Envoy answered \(answer.status) to \(request.method) \(request.path)"
            )
            return answer.status == 200 ? Int(answer.body) : nil
        }
        var compared = 0
        for (index, table) in tables.enumerated() {
            let routeIndex = try RouteIndex(routes: table.routes)
            var random = SplitMix64(seed: table.seed &* 7_919)
            for _ in 0..<300 {
                let request = Self.request(&random, host: "table-\(index)")
                let envoyRoute = try ask(request, host: "table-\(index)", seed: table.seed)
                let ours = routeIndex.match(request)?.routeIndex
                #expect(
                    ours == envoyRoute,
                    "seed \(table.seed): \(request.method) \(request.path) \(request.headers): Envoy \(envoyRoute.map(String.init) ?? "none"), ours \(ours.map(String.init) ?? "none")"
                )
                compared += 1
            }
        }
        var matchedTemplates = 0
        for (index, table) in ruleTables.enumerated() {
            let host = "table-\(tables.count + index)"
            let ruleTable = try RouteTable(table.rules)
            var random = SplitMix64(seed: table.seed &* 6_421)
            for _ in 0..<200 {
                let path = Self.rulePath(&random) + Self.pick(["", "", "?q=/a/b"], &random)
                let request = RouteRequest(method: Self.pick(["GET", "POST"], &random), path: path, authority: host)
                let envoyRule = try ask(request, host: host, seed: table.seed)
                let ours = ruleTable.firstMatch(request)?.rule
                #expect(
                    ours == envoyRule,
                    "seed \(table.seed): \(request.method) \(request.path) in \(table.rules.map(\.path)): Envoy \(envoyRule.map(String.init) ?? "none"), ours \(ours.map(String.init) ?? "none")"
                )
                if let ours, case .template = table.rules[ours].path { matchedTemplates += 1 }
                compared += 1
            }
        }
        #expect(compared == seeds.count * 500)
        #expect(matchedTemplates > 500, "the requests must exercise the templates")
    }
}
