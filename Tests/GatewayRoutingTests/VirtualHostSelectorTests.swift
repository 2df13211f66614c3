import Testing

@testable import GatewayRouting

/// Envoy's virtual host selection (`RouteMatcher::findVirtualHost`), one rule per test.
@Suite("Virtual host selection")
struct VirtualHostSelectorTests {
    private func select(
        _ authority: String?,
        among domains: [[String]],
        ignorePort: Bool = false
    ) throws -> Int? {
        let selector = try VirtualHostSelector(
            domains: domains,
            options: .init(ignorePortInHostMatching: ignorePort)
        )
        return selector.virtualHost(for: authority)
    }

    @Test("exact beats every wildcard; suffix wildcards beat prefix wildcards; * comes last")
    func precedence() throws {
        let domains = [["*"], ["api.*"], ["*.example.com"], ["api.example.com"], ["*.com"]]
        #expect(try select("api.example.com", among: domains) == 3)
        #expect(try select("www.example.com", among: domains) == 2, "the longest suffix wildcard")
        #expect(try select("api.example.org", among: domains) == 1)
        #expect(try select("shop.com", among: domains) == 4)
        #expect(try select("other.org", among: domains) == 0)
    }

    @Test("a suffix wildcard beats a longer prefix wildcard")
    func suffixBeatsPrefix() throws {
        #expect(try select("api.internal.example.com", among: [["api.internal.*"], ["*.com"]]) == 1)
    }

    @Test("a wildcard stands for at least one character")
    func wildcardNeedsACharacter() throws {
        let domains = [["*.foo.com"], ["*-bar.foo.com"], ["*"]]
        #expect(try select(".foo.com", among: domains) == 2)
        #expect(try select("-bar.foo.com", among: domains) == 0, "matched by *.foo.com's wildcard, not *-bar's")
        #expect(try select("x-bar.foo.com", among: domains) == 1)
        #expect(try select("foo.", among: [["foo.*"], ["*"]]) == 1)
    }

    @Test("domains and hosts compare in ASCII lower case only")
    func caseFolding() throws {
        #expect(try select("API.Example.COM", among: [["api.example.com"]]) == 0)
        #expect(try select("api.example.com", among: [["API.EXAMPLE.COM"]]) == 0)
        // `ß` and `ẞ` are equal only under Unicode folding, which Envoy does not do.
        #expect(try select("ẞ.example.com", among: [["ß.example.com"]]) == nil)
    }

    @Test("wildcards only at the ends; *foo* is a suffix wildcard on foo*")
    func wildcardPositions() throws {
        #expect(try select("fooxbar", among: [["foo*bar"]]) == nil)
        #expect(try select("foo*bar", among: [["foo*bar"]]) == 0)
        #expect(try select("afoo*", among: [["*foo*"]]) == 0)
        #expect(try select("afoob", among: [["*foo*"]]) == nil)
    }

    @Test("ports are part of the host unless ignored; configured ports are kept")
    func ports() throws {
        #expect(try select("example.com:8080", among: [["example.com"]]) == nil)
        #expect(try select("example.com:8080", among: [["example.com:8080"]]) == 0)
        #expect(try select("example.com:8080", among: [["example.com"]], ignorePort: true) == 0)
        #expect(try select("[::1]:8080", among: [["[::1]"]], ignorePort: true) == 0)
        #expect(try select("[::1]", among: [["[::1]"]], ignorePort: true) == 0, "the colons of an IPv6 literal stay")
        #expect(try select("example.com:8080", among: [["example.com:8080"]], ignorePort: true) == nil)
    }

    @Test("a lone default host serves every request, even without a host; otherwise no host means no match")
    func missingHost() throws {
        #expect(try select(nil, among: [["*"]]) == 0)
        #expect(try select(nil, among: [["*"], ["a.com"]]) == nil)
        #expect(try select(nil, among: [[]]) == 0, "no domains means *")
    }

    @Test("a domain in two virtual hosts, or twice in one, is an error")
    func duplicates() {
        #expect(throws: RoutingError.self) { try VirtualHostSelector(domains: [["a.com"], ["A.com"]]) }
        #expect(throws: RoutingError.self) { try VirtualHostSelector(domains: [["*"], []]) }
        #expect(throws: RoutingError.self) { try VirtualHostSelector(domains: [["x.*", "X.*"]]) }
    }
}
