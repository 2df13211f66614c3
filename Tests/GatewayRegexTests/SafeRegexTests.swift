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

    @Test("the README's examples hold")
    func readmeExamples() throws {
        let route = try SafeRegex("/api/v[0-9]+/users/[^/]+/orders", options: .envoy)
        #expect(route.matches("/api/v2/users/42/orders"))
        let version = try SafeRegex(#"v(?P<major>[0-9]+)\.(?P<minor>[0-9]+)"#)
        let header = "grpc-go/v1.62 (linux)"
        let match = try #require(version.firstMatch(in: header))
        #expect(match.substring(1, in: header) == "1")
        #expect(match["minor"] == 11..<13)
        let rewrite = try SafeRegex("^/service/([^/]+)(/.*)$")
        let substitution = try rewrite.substitution(#"\2/instance/\1"#)
        #expect(rewrite.replacingAllMatches(in: "/service/foo/v1/api", with: substitution) == "/v1/api/instance/foo")
    }

    @Test("program size limit rejects large programs with Envoy's message")
    func programSizeLimit() throws {
        #expect(throws: RegexError.self) { try SafeRegex("[a-z]{50}[0-9]{50}", options: .envoy) }
        do {
            _ = try SafeRegex("(abc|def){40}", options: .envoy)
            Issue.record("expected the program size limit to reject the pattern")
        } catch {
            #expect(error.code == .programTooLarge)
            #expect(error.message.contains("max program size of 100"))
        }
        #expect(try SafeRegex("(abc|def){40}").programSize > 100)
    }

    @Test("errors carry RE2's text, the fragment and its offset")
    func errors() {
        let cases: [(String, RegexError.Code, String, Int)] = [
            ("ab(c", .missingParen, "missing ): ab(c", 2),
            ("x**", .repeatOp, "bad repetition operator: **", 1),
            ("a(?=b)", .badPerlOp, "invalid perl operator: (?=", 1),
            ("[z-a]", .badCharRange, "invalid character class range: z-a", 1),
            ("\\8\\", .badEscape, "invalid escape sequence: \\8", 0),
        ]
        for (pattern, code, message, offset) in cases {
            do {
                _ = try SafeRegex(pattern)
                Issue.record("\(pattern) should not compile")
            } catch {
                #expect(error.code == code)
                #expect(error.message == message)
                #expect(error.offset == offset)
            }
        }
    }
}
