import GatewayModel
import Testing

@testable import GatewayRouting

/// Plain rule lists (``RouteTable``): path-separated prefixes, methods outside the standard names, the request
/// type's value semantics, and the linear-scan option.
@Suite("Route tables of plain rules")
struct RouteTableTests {
    private func rule(_ table: RouteTable, _ path: String) -> Int? {
        rule(table, "GET", path)
    }

    private func rule(_ table: RouteTable, _ method: String, _ path: String) -> Int? {
        table.firstMatch(RouteRequest(method: method, path: path))?.rule
    }

    @Test("path_separated_prefix: the prefix alone or followed by '/', case per caseSensitive")
    func separatedPrefix() throws {
        let table = try RouteTable([
            RouteRule(.pathSeparatedPrefix("/api/v1")),
            RouteRule(.pathSeparatedPrefix("/Docs", caseSensitive: false)),
        ])
        #expect(rule(table, "/api/v1") == 0)
        #expect(rule(table, "/api/v1/users") == 0)
        #expect(rule(table, "/api/v1?x=1") == 0)
        #expect(rule(table, "/api/v1#frag") == 0)
        #expect(rule(table, "/api/v12") == nil)
        #expect(rule(table, "/API/v1") == nil)
        #expect(rule(table, "/docs/intro") == 1)
        #expect(rule(table, "/DOCS") == 1)
        #expect(rule(table, "/docsx") == nil)
    }

    @Test(
        "path_separated_prefix values Envoy rejects",
        arguments: ["", "/", "/api/", "/a?b", "/a#b"]
    )
    func separatedPrefixRejected(prefix: String) {
        #expect(throws: RoutingError.self) { try RouteTable([RouteRule(.pathSeparatedPrefix(prefix))]) }
    }

    @Test("methods compare exactly; names outside the standard ones still work")
    func methods() throws {
        let table = try RouteTable([
            RouteRule(.prefix("/"), methods: ["PURGE"]),
            RouteRule(.prefix("/"), methods: ["get"]),
            RouteRule(.prefix("/"), methods: ["GET", "POST"]),
            RouteRule(.connect),
        ])
        #expect(rule(table, "PURGE", "/x") == 0)
        #expect(rule(table, "get", "/x") == 1)
        #expect(rule(table, "GET", "/x") == 2)
        #expect(rule(table, "POST", "/x") == 2)
        #expect(rule(table, "GETX", "/x") == nil)
        #expect(rule(table, "GET\u{0}", "/x") == nil)
        #expect(rule(table, "CONNECT", "example.com:443") == 3)
    }

    @Test("scansLinearly gives the index's answers")
    func linearOption() throws {
        let rules = [
            RouteRule(.regex("/a/[0-9]+")),
            RouteRule(.template("/a/{id}"), methods: ["GET"]),
            RouteRule(.exact("/A/b", caseSensitive: false)),
            RouteRule(.prefix("/a"), headers: [HeaderMatcher(name: "x-h", value: "1")]),
        ]
        var options = RouteTable.Options()
        options.scansLinearly = true
        let indexed = try RouteTable(rules)
        let scanning = try RouteTable(rules, options: options)
        for (method, path) in [("GET", "/a/12"), ("GET", "/a/x"), ("POST", "/a/b"), ("GET", "/a/b/c"), ("GET", "/b")] {
            let request = RouteRequest(method: method, path: path, headers: [.init("X-H", "1")])
            #expect(indexed.firstMatch(request) == scanning.firstMatch(request), "\(method) \(path)")
        }
    }

    @Test("a request is a value: setting a field leaves copies alone")
    func requestValueSemantics() {
        let original = RouteRequest(method: "GET", path: "/a?b", authority: "example.com")
        var changed = original
        changed.path = "/c"
        changed.headers.append(.init("x", "1"))
        #expect(original.path == "/a?b")
        #expect(original.headers.isEmpty)
        #expect(changed.path == "/c")
        #expect(changed.method == "GET" && changed.authority == "example.com")
        #expect(changed != original)
        changed.path = "/a?b"
        changed.headers = []
        #expect(changed == original)
        #expect(changed.hashValue == original.hashValue)
    }

    @Test("rejected rules are named")
    func rejectedRuleNamed() {
        #expect {
            try RouteTable([RouteRule(.prefix("/")), RouteRule(.regex("(a"))])
        } throws: { error in
            (error as? RoutingError)?.message.hasPrefix("rule 1: invalid regex in path '(a'") == true
        }
    }
}
