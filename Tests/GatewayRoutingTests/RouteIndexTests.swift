import GatewayModel
import Testing

@testable import GatewayRouting

/// Envoy's route matching for Gloo Edge routes (`getRouteFromRoutes`, `GlooMatcherToEnvoyMatcher`), one rule per
/// test.
@Suite("Route matching")
struct RouteIndexTests {
    /// Routes decoded from the YAML of a `routes:` list, each answering with its position.
    private func index(_ yaml: String) throws -> RouteIndex {
        let document = try #require(try ConfigSyntax.parseDocuments("routes:\n" + yaml, file: "routes.yaml").first)
        let spec = try ConfigDecoder().decode(RouteTableSpec.self, from: document).value
        return try RouteIndex(routes: spec.routes ?? [])
    }

    private func taken(
        _ index: RouteIndex,
        _ path: String,
        method: String = "GET",
        headers: [(String, String)] = []
    ) -> Int? {
        let request = RouteRequest(
            method: method,
            path: path,
            authority: "example.com",
            headers: headers.map { RouteRequest.Header($0.0, $0.1) }
        )
        return index.match(request)?.routeIndex
    }

    @Test("the first route that matches wins, however specific later ones are")
    func firstMatchWins() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /api}]
              directResponseAction: {status: 200}
            - matchers: [{exact: /api/users}]
              directResponseAction: {status: 201}
            - matchers: [{prefix: /}]
              directResponseAction: {status: 202}
            """
        )
        #expect(taken(routes, "/api/users") == 0)
        #expect(taken(routes, "/apix") == 0, "prefixes are not segment-aware")
        #expect(taken(routes, "/other") == 2)
    }

    @Test("paths are matched without query and fragment, and never decoded")
    func pathForMatching() throws {
        let routes = try index(
            """
            - matchers: [{exact: /a/b}]
              directResponseAction: {status: 200}
            - matchers: [{exact: '/a%2Fb'}]
              directResponseAction: {status: 200}
            - matchers: [{regex: '/x/[0-9]+'}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/a/b?x=1") == 0)
        #expect(taken(routes, "/a/b#frag") == 0)
        #expect(taken(routes, "/a/b;p=1") == nil, "path parameters are part of the path")
        #expect(taken(routes, "/a%2Fb") == 1)
        #expect(taken(routes, "/a%2fb") == nil)
        #expect(taken(routes, "/x/12?y") == 2)
        #expect(taken(routes, "/x/12/z") == nil, "a regex must match the whole path")
    }

    @Test("caseSensitive: false folds ASCII for prefix and exact, and is ignored for regex")
    func caseSensitivity() throws {
        let routes = try index(
            """
            - matchers: [{exact: /Exact, caseSensitive: false}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /Pre, caseSensitive: false}]
              directResponseAction: {status: 200}
            - matchers: [{regex: '/re', caseSensitive: false}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /Case}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/eXACT") == 0)
        #expect(taken(routes, "/PREfix") == 1)
        #expect(taken(routes, "/RE") == nil)
        #expect(taken(routes, "/re") == 2)
        #expect(taken(routes, "/case") == nil, "case-sensitive by default")
        #expect(taken(routes, "/ÉXACT") == nil)
    }

    @Test("no matchers means prefix /; each matcher of a route is tried in order")
    func matchers() throws {
        let routes = try index(
            """
            - matchers: [{exact: /one}, {exact: /two}]
              directResponseAction: {status: 200}
            - directResponseAction: {status: 404}
            """
        )
        let request = RouteRequest(path: "/two")
        #expect(routes.match(request)?.routeIndex == 0)
        #expect(routes.match(request)?.matcherIndex == 1)
        #expect(taken(routes, "/three") == 1)
    }

    @Test("headers: empty value is presence, value is exact, regex is a full match, invertMatch negates")
    func headers() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, headers: [{name: X-Present}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, headers: [{name: x-exact, value: yes}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, headers: [{name: x-regex, value: 'v[0-9]', regex: true}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, headers: [{name: x-not, value: 'no', invertMatch: true}]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/", headers: [("x-present", "")]) == 0, "an empty value is present")
        #expect(taken(routes, "/", headers: [("X-EXACT", "yes")]) == 1, "names ignore case")
        #expect(taken(routes, "/", headers: [("x-exact", "YES")]) == nil, "values do not")
        #expect(taken(routes, "/", headers: [("x-regex", "v1")]) == 2)
        #expect(taken(routes, "/", headers: [("x-regex", "v12")]) == nil)
        #expect(taken(routes, "/", headers: [("x-not", "yes")]) == 3)
        #expect(taken(routes, "/", headers: [("x-not", "no")]) == nil)
        #expect(taken(routes, "/") == nil, "a missing header fails an inverted value matcher (envoyproxy/envoy#21828)")
    }

    @Test("an inverted presence matcher matches a missing header")
    func invertedPresence() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, headers: [{name: x-debug, invertMatch: true}]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/") == 0)
        #expect(taken(routes, "/", headers: [("x-debug", "1")]) == nil)
    }

    @Test("repeated header lines are matched one by one, not joined")
    func repeatedHeaders() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, headers: [{name: x-role, value: admin}]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/", headers: [("x-role", "user"), ("x-role", "admin")]) == 0)
        #expect(taken(routes, "/", headers: [("x-role", "user,admin")]) == nil)
    }

    @Test("pseudo-headers: :authority, :method and :path (with its query) can be matched")
    func pseudoHeaders() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, headers: [{name: ':path', value: '/q?a=1'}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, headers: [{name: ':authority', value: example.com}]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/q?a=1") == 0)
        #expect(taken(routes, "/q") == 1)
    }

    @Test("methods become one :method regex M1|M2")
    func methods() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, methods: [GET, POST]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/", method: "POST") == 0)
        #expect(taken(routes, "/", method: "PUT") == nil)
        #expect(taken(routes, "/", method: "get") == nil, "methods are case-sensitive")
        #expect(taken(routes, "/", method: "GETX") == nil, "the regex must match the whole method")
    }

    @Test("query parameters: first value wins, nothing is decoded, a key without = has an empty value")
    func queryParameters() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /, queryParameters: [{name: q}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, queryParameters: [{name: v, value: '1'}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, queryParameters: [{name: r, value: '[a-z]+', regex: true}]}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "/?q") == 0)
        #expect(taken(routes, "/?x=1&q=") == 0)
        #expect(taken(routes, "/?v=1") == 1)
        #expect(taken(routes, "/?v=2&v=1") == nil, "only the first value counts")
        #expect(taken(routes, "/?v=%31") == nil, "values are not decoded")
        #expect(taken(routes, "/?r=abc") == 2)
        #expect(taken(routes, "/?r=abc#frag") == nil, "the fragment stays in the last value")
        #expect(taken(routes, "/") == nil)
    }

    @Test("connectMatcher takes CONNECT requests only")
    func connect() throws {
        let routes = try index(
            """
            - matchers: [{connectMatcher: {}}]
              directResponseAction: {status: 200}
            """
        )
        #expect(taken(routes, "example.com:443", method: "CONNECT") == 0)
        #expect(taken(routes, "/", method: "GET") == nil)
    }

    @Test("explain names the first failing condition of every earlier route")
    func explain() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /admin}]
              directResponseAction: {status: 403}
            - matchers: [{prefix: /, methods: [POST]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /, headers: [{name: x-canary}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /}]
              directResponseAction: {status: 200}
            """
        )
        let explanation = routes.explain(RouteRequest(path: "/shop"))
        #expect(explanation.map(\.mismatch) == [.path, .method, .header("x-canary"), nil])
    }

    @Test("routes Envoy would reject are errors naming the route")
    func invalidRoutes() throws {
        #expect(throws: RoutingError.self) {
            try index("- matchers: [{regex: '(unclosed'}]\n  directResponseAction: {status: 200}")
        }
        #expect(throws: RoutingError.self) {
            try index("- matchers: [{headers: [{name: x}]}]\n  directResponseAction: {status: 200}")
        }
        #expect(throws: RoutingError.self) {
            try index("- matchers: [{prefix: /, exact: /a}]\n  directResponseAction: {status: 200}")
        }
    }

    @Test("shadowed routes: a route every matcher of which an earlier unconditional route covers")
    func shadowedRoutes() throws {
        let routes = try index(
            """
            - matchers: [{prefix: /api}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /api/v1}]
              directResponseAction: {status: 200}
            - matchers: [{exact: /api/v1/users}, {prefix: /other}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /Docs, caseSensitive: false}]
              directResponseAction: {status: 200}
            - matchers: [{exact: /docs/INDEX}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /beta, headers: [{name: x-beta}]}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /beta/x}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /CASE}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /case, caseSensitive: false}]
              directResponseAction: {status: 200}
            - matchers: [{prefix: /}]
              directResponseAction: {status: 200}
            - matchers: [{exact: /anything}]
              directResponseAction: {status: 200}
            """
        )
        #expect(
            routes.shadowedRoutes == [
                ShadowedRoute(routeIndex: 1, shadowedBy: 0),
                ShadowedRoute(routeIndex: 4, shadowedBy: 3),
                ShadowedRoute(routeIndex: 10, shadowedBy: 9),
            ]
        )
    }
}
