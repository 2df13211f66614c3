import Testing

@testable import GatewayRegex

@Suite("SafeRegex")
struct SafeRegexTests {
    @Test("full match is Envoy's route semantics")
    func fullMatch() throws {
        let route = try SafeRegex("/api/v[0-9]+/users/[^/]+/orders")
        #expect(route.matches("/api/v2/users/8f3a91c2-44de-4b1e/orders"))
        #expect(!route.matches("/api/v2/users/8f3a91c2/orders/1"))
        #expect(!route.matches("x/api/v2/users/1/orders"))
        #expect(route.matches(Array("/api/v10/users/é/orders".utf8)))
    }

    @Test("search finds the leftmost-first match and its groups")
    func search() throws {
        let regex = try SafeRegex("v([0-9]+)(?:\\.([0-9]+))?")
        let input = "GET /api/v12.3/users"
        let match = try #require(regex.firstMatch(in: input))
        #expect(match.range == 9..<14)
        #expect(match.substring(1, in: input) == "12")
        #expect(match.substring(2, in: input) == "3")
        #expect(try SafeRegex("a|ab").firstMatch(in: "xab")?.range == 1..<2)
    }

    @Test("whole match reports groups")
    func wholeMatch() throws {
        let regex = try SafeRegex("(?P<user>[a-z]+)@(?P<host>[a-z.]+)")
        let match = try #require(regex.wholeMatch(in: "ann@example.com"))
        #expect(match["user"] == 0..<3)
        #expect(match["host"] == 4..<15)
        #expect(regex.wholeMatch(in: "ann@example.com!") == nil)
    }

    @Test("global replace follows RE2")
    func replace() throws {
        let regex = try SafeRegex("a(b*)")
        let substitution = try regex.substitution("[\\1]")
        #expect(regex.replacingAllMatches(in: "abbcab", with: substitution) == "[bb]c[b]")
        let empty = try SafeRegex("a*")
        #expect(empty.replacingAllMatches(in: "baaa", with: try empty.substitution("-")) == "-b-")
    }
}
