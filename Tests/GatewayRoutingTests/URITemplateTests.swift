import Testing

@testable import GatewayRouting

/// Envoy 1.40's URI template matcher (`envoy.path.match.uri_template.uri_template_matcher`). Every expectation
/// here was observed on a running Envoy 1.40.
@Suite("URI templates")
struct URITemplateTests {
    /// The rule a lone template takes, through the index and through the reference scan.
    private func matches(_ template: String, _ path: String) throws -> Bool {
        let table = try RouteTable([RouteRule(.template(template))])
        let request = RouteRequest(path: path)
        let indexed = table.firstMatch(request)
        #expect(indexed == table.linearMatch(request), "index and scan differ for \(template) on \(path)")
        return indexed != nil
    }

    @Test(
        "matching, as Envoy 1.40 answers",
        arguments: [
            ("/a/{x}", ["/a/b", "/a/*", "/a/b?q=/x/y"], ["/a/b/", "/a/", "/a", "/a/b/c", "/a/b|c", "/A/b"]),
            ("/a/**", ["/a/", "/a/b/c/", "/a//b"], ["/a", "/ab"]),
            ("/a/*", ["/a/b"], ["/a/", "/a/b/"]),
            ("/a/", ["/a/"], ["/a"]),
            ("/", ["/"], ["//", "/a"]),
            ("/**", ["/", "//", "/a/b"], []),
            ("/**/a", ["//a", "/x/a"], ["/a"]),
            ("/{x=**}/a", ["//a", "/x/a"], ["/a"]),
            ("/v/{x=**}", ["/v/"], ["/v"]),
            ("/v/{x=a/*/b}", ["/v/a/z/b"], ["/v/a/b", "/v/a/z/z/b"]),
            ("/v/{x=a/**}", ["/v/a/"], ["/v/a"]),
            ("/**.mpd", ["/.mpd", "/a/b/c.mpd"], ["/a/b.mpd/"]),
            ("/*.mpd", ["/a.mpd"], ["/.mpd", "/a/b.mpd"]),
            ("/*a", ["/ba"], ["/a"]),
            ("/{x}.json", ["/a.b.json"], ["/.json", "/a/b.json"]),
            (
                "/api/v{version}/users/{id}.json", ["/api/v2/users/456.json", "/api/vv2/users/1.json"],
                ["/api/v/users/456.json", "/api/v2/users/.json"]
            ),
            ("/a{x}b", ["/abb"], ["/ab"]),
            ("/a{x=**}b", ["/ab", "/a/c/b"], []),
            ("/v1/{name=*}:get", ["/v1/foo:bar:get"], ["/v1/:get"]),
            // A `*` in a literal is a regex repetition in Envoy.
            ("/a*b", ["/b", "/ab", "/aaab"], ["/a*b"]),
            ("/{x}*", ["/", "/a"], []),
            ("/{x}.*", ["/a", "/a..."], []),
            ("/a+b", ["/a+b"], ["/aab"]),
            ("/a%62", ["/a%62"], ["/ab"]),
            ("/{x}", ["/a%2Fb"], ["/a/b"]),
        ] as [(String, [String], [String])]
    )
    func matching(template: String, matching: [String], notMatching: [String]) throws {
        for path in matching { #expect(try matches(template, path), "\(template) should match \(path)") }
        for path in notMatching { #expect(try !matches(template, path), "\(template) should not match \(path)") }
    }

    @Test(
        "templates Envoy rejects are rejected",
        arguments: [
            "a/b", "/a b", "/é", "/a//b", "//", "/a//", "/*a/b", "/**.mpd/x", "/*{x}", "/{x=}", "/{x=*a}", "/{x=***}",
            "/{x=/a}", "/{x=a/}", "/a{x=b/c}d", "/a{x}b{y}c", "/{x}{y}", "/{x}-{y}", "/{a}/{b}/{c}/{d}/{e}/{f}",
            "/{abcdefghijklmnopq}", "/{a}/{a}", "/{1x}", "/{_x}", "/{x-y}", "/{}", "/**/*", "/**/**", "/{x=**}/{y}",
            "/a{x=**}/{y}", "/{x=**/*}", "/{x", "/a{x", "/x**", "/***", "/" + String(repeating: "a", count: 256),
        ]
    )
    func rejected(template: String) {
        #expect(throws: RoutingError.self, "\(template)") { try RouteTable([RouteRule(.template(template))]) }
    }

    @Test(
        "templates Envoy accepts are accepted",
        arguments: [
            "/{a}/{b}/{c}/{d}/{e}/*/**", "/**/a", "/{x=**}/a", "/a{x=**}/b", "/**/{y=a}/b", "/{x}.json/a",
            "/{x=a/*}.json/b", "/{x=b*}", "/{x=b=c}", "/a%zz", "/{abcdefghijklmnop}",
            "/" + String(repeating: "a", count: 255),
        ]
    )
    func accepted(template: String) throws {
        _ = try RouteTable([RouteRule(.template(template))])
    }

    @Test("named variables are captured, in template order")
    func captures() throws {
        let table = try RouteTable([
            RouteRule(.template("/repos/{owner}/{repo}/issues/{number}")),
            RouteRule(.template("/files/{path=**}")),
            RouteRule(.template("/api/v{version}/users/{id}.json")),
            RouteRule(.template("/v/{x=a/*/b}/*")),
        ])
        func variables(_ path: String) -> [String] {
            let request = RouteRequest(path: path)
            guard let match = table.firstMatch(request) else { return [] }
            #expect(match == table.linearMatch(request))
            return table.variables(of: match, in: request).map { "\($0.name)=\($0.value)" }
        }
        #expect(variables("/repos/apple/swift/issues/42?x=1") == ["owner=apple", "repo=swift", "number=42"])
        #expect(variables("/files/a/b/c.txt") == ["path=a/b/c.txt"])
        #expect(variables("/files/") == ["path="])
        #expect(variables("/api/v2/users/456.json") == ["version=2", "id=456"])
        #expect(variables("/v/a/z/b/q") == ["x=a/z/b"])
    }

    @Test("templates are case-sensitive and leave the query and fragment out")
    func caseAndQuery() throws {
        #expect(try matches("/a/{x}", "/a/b#frag"))
        #expect(try !matches("/a/{x}", "/A/b"))
    }
}

extension URITemplateTests {
    @Test("the glob bit masks hold exactly the template literal characters")
    func globMasks() {
        for byte in UInt8.min...UInt8.max {
            #expect(URITemplate.isPathGlobByte(byte) == ParsedTemplate.isLiteralByte(byte), "byte \(byte)")
        }
    }
}
