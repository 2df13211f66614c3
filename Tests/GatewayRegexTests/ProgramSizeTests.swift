// RE2's program size (the figure Envoy's `max_program_size` limits), checked against values taken from RE2 itself
// (the google-re2 Python package, `re2.compile(pattern).programsize`).

import Testing

@testable import GatewayRegex

@Suite("RE2 program size")
struct ProgramSizeTests {
    /// A pattern and the program size RE2 reports for it.
    struct Case: Sendable, CustomTestStringConvertible {
        var pattern: String
        var size: Int
        /// Compile with RE2's `case_sensitive = false` option (our `.foldCase` parse flag).
        var foldCase: Bool

        init(_ pattern: String, _ size: Int, foldCase: Bool = false) {
            self.pattern = pattern
            self.size = size
            self.foldCase = foldCase
        }

        var testDescription: String { foldCase ? "(fold) \(pattern)" : pattern }
    }

    static let cases: [Case] = [
        Case(#"/api/v[0-9]+/users/[^/]+/orders"#, 35),
        Case(#"/api/v1/users"#, 17),
        Case(#"^/api/v[0-9]+/users$"#, 12),
        Case(#"/static/.*"#, 20),
        Case(#"/users/[0-9]+"#, 13),
        Case(#"/users/[^/]+/profile/?"#, 30),
        Case(#"/api/(v1|v2)/items"#, 19),
        Case(#"/api/(?:users|orders|items)/[0-9a-f]{8}-[0-9a-f]{4}"#, 51),
        Case(#"/health|/ready|/live"#, 20),
        Case(#"/api/v1/users|/api/v1/orders|/api/v2/users"#, 30),
        Case(#"^/(admin|login)(/.*)?$"#, 28),
        Case(#"/img/[a-z0-9-]+\.(png|jpg|gif)"#, 25),
        Case(#"(?i)/api/users"#, 18),
        Case(#"/search\?q=.*"#, 22),
        Case(#"/v[0-9]+/(?P<resource>[a-z]+)/(?P<id>[0-9]+)"#, 18),
        Case(#"foo|foobar|fob"#, 12),
        Case(#"abc|abd|aef|bcx|bcy"#, 12),
        Case(#"a|b|c"#, 5),
        Case(#"a|b|[0-9]"#, 6),
        Case(#"foo|bar|baz"#, 11),
        Case(#"x|xy|xyz"#, 9),
        Case(#"GET|POST|PUT|DELETE"#, 19),
        Case(#"."#, 12),
        Case(#"(?s)."#, 11),
        Case(#"[^/]"#, 12),
        Case(#"\pL"#, 1200),
        Case(#"\p{Greek}"#, 66),
        Case(#"\d+"#, 6),
        Case(#"\w+"#, 8),
        Case(#"\s"#, 7),
        Case(#"[^a-z]"#, 12),
        Case(#"[à-ÿ]+"#, 7),
        Case(#"[\x{100}-\x{2FF}]"#, 6),
        Case(#"\C"#, 5),
        Case(#"[^\x00-\x{10FFFF}]"#, 1),
        Case(#"(?i)abc"#, 7),
        Case(#"(?i)k"#, 8),
        Case(#"[Kk]"#, 5),
        Case(#"(?i)straße"#, 16),
        Case(#"(?i)[a-z]+"#, 11),
        Case(#"(?i)é"#, 7),
        Case(#"a{2,5}"#, 12),
        Case(#"[0-9]{3}"#, 7),
        Case(#"(ab){2,}"#, 13),
        Case(#"x{0}"#, 4),
        Case(#"a{1}"#, 5),
        Case(#"(?:a|b){0,3}"#, 10),
        Case(#"\b{3}"#, 5),
        Case(#"[a-z]{3,}"#, 8),
        Case(#"^"#, 2),
        Case(#"^abc$"#, 4),
        Case(#"\Aabc\z"#, 4),
        Case(#"(?m)^foo$"#, 9),
        Case(#"\bfoo\b"#, 9),
        Case(#"^[0-9]+"#, 4),
        Case(#"^$"#, 2),
        Case(#"(a|b)*c"#, 8),
        Case(#"((a)(b))"#, 12),
        Case(#"(foo|bar)+baz"#, 16),
        Case(#"((a|b)(c|d))+"#, 13),
        Case(#"(?:(?:a*)*)"#, 5),
        Case(#"(|a)"#, 8),
        Case(#"a*a+"#, 6),
        Case(#"a*ab"#, 7),
        Case(#"x+?"#, 6),
        Case(#"(?U)a*b"#, 6),
        Case(#"a\C*"#, 7),
        Case(#"\C*"#, 6),
        Case(#""#, 4),
        Case(#"é"#, 6),
        Case(#"😀+"#, 9),
        Case(#"[^\n]*"#, 12),
        Case(#".*foo.*"#, 23),
        Case(#"(?s).*"#, 11),
        Case(#"[[:alpha:]]+"#, 6),
        Case(#"hello"#, 9, foldCase: true),
        Case(#"/api/users"#, 18, foldCase: true),
        Case(#"k+"#, 9, foldCase: true),
        Case(#"[a-z]x"#, 11, foldCase: true),
        Case(#"foo|FOO|fob"#, 9, foldCase: true),
    ]

    private static func size(of pattern: String, foldCase: Bool = false) throws -> Int {
        let parsed = try Parser.parse(pattern, flags: foldCase ? [.foldCase] : [])
        return RE2ProgramSize.of(parsed.root)
    }

    @Test("Matches RE2's ProgramSize", arguments: cases)
    func matchesRE2(_ testCase: Case) throws {
        #expect(try Self.size(of: testCase.pattern, foldCase: testCase.foldCase) == testCase.size)
    }

    @Test("Deeply nested groups are handled without deep recursion")
    func deepNesting() throws {
        let captures = String(repeating: "(", count: 400) + "a" + String(repeating: ")", count: 400)
        #expect(try Self.size(of: captures) == 805)
        let stars = String(repeating: "(?:", count: 500) + "a*" + String(repeating: ")", count: 500)
        #expect(try Self.size(of: stars) == 5)
        let alternations = String(repeating: "(?:a|", count: 300) + "b" + String(repeating: ")", count: 300)
        #expect(try Self.size(of: alternations) == 5)
    }

    @Test("Envoy's default limit of 100 separates these patterns as RE2 does")
    func envoyLimit() throws {
        #expect(try Self.size(of: "/api/v[0-9]+/users/[^/]+/orders") <= 100)
        #expect(try Self.size(of: #"\pL"#) > 100)
        #expect(try Self.size(of: "[a-z]{96}") <= 100)
        #expect(try Self.size(of: "[a-z]{97}") > 100)
    }
}
