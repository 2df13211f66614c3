import GatewayRegex
import Testing

@testable import GatewayTransform

// Expected answers below were taken from C++ std::regex in libc++ 14 (clang, `-stdlib=libc++`,
// `std::regex::optimize`), the library envoy-gloo's release builds use; the differential tests check the same
// behaviour against a live std::regex.

/// A pattern compiled with every group, for matching checks.
private func compiled(_ pattern: String, nonEmpty: Bool = false) throws -> ECMAScriptRegex {
    try ECMAScriptRegex(ECMAScriptPattern(pattern), nonEmpty: nonEmpty, keepCaptures: true, maxProgramSize: 5_000)
}

/// Runs `body` on `input` as the engine sees it (transcoded when it has bytes above 0x7F) and maps the spans it
/// returns back to offsets in `input`, as `Extractor` does.
private func withEngineInput(
    _ input: [UInt8],
    _ body: (UnsafeBufferPointer<UInt8>) -> ECMAScriptRegex.Spans?
) -> [Range<Int>?]? {
    input.withUnsafeBufferPointer { buffer in
        guard Latin1Transcoding.needed(for: buffer) else { return body(buffer)?.groups }
        let transcoding = Latin1Transcoding(buffer)
        return transcoding.bytes.withUnsafeBufferPointer { transcoded in
            body(transcoded)?.groups.map { span in
                span.map { transcoding.originalOffset($0.lowerBound)..<transcoding.originalOffset($0.upperBound) }
            }
        }
    }
}

/// `std::regex_match`: the groups' texts (nil for a group that did not take part), or nil without a match.
private func wholeMatch(_ pattern: String, _ input: String) throws -> [String?]? {
    let regex = try compiled(pattern)
    let bytes = Array(input.utf8)
    return withEngineInput(bytes) { regex.wholeMatch($0) }.map { groups in
        groups.map { $0.map { String(decoding: bytes[$0], as: UTF8.self) } }
    }
}

/// `std::regex_search` from the start: the groups' spans, or nil without a match.
private func search(_ pattern: String, _ input: String, nonEmpty: Bool = false) throws -> [Range<Int>?]? {
    let regex = try compiled(pattern, nonEmpty: nonEmpty)
    return withEngineInput(Array(input.utf8)) { regex.firstMatch($0, from: 0) }
}

/// The `what()` text `std::regex` gives for `pattern`, as this module reports it.
private func error(_ pattern: String) -> String? {
    do {
        let parsed = try ECMAScriptPattern(pattern)
        _ = try parsed.programs(nonEmpty: false, keepCaptures: true)
        return nil
    } catch {
        return error.message
    }
}

@Suite("ECMAScript patterns: dialect")
struct ECMAScriptDialectTests {
    @Test(". matches any byte but \\n and \\r")
    func dot() throws {
        #expect(try wholeMatch("a.b", "axb") != nil)
        #expect(try wholeMatch("a.b", "a\tb") != nil)
        #expect(try wholeMatch("a.b", "a\u{0}b") != nil)
        #expect(try wholeMatch("a.b", "a\nb") == nil)
        #expect(try wholeMatch("a.b", "a\rb") == nil)
        // One byte, not one UTF-8 character: "é" is two.
        #expect(try wholeMatch("a.b", "aéb") == nil)
        #expect(try wholeMatch("a..b", "aéb") != nil)
        #expect(try wholeMatch("[\\s\\S]*", "a\r\nb") != nil)
    }

    @Test("\\s includes \\v; \\d, \\w and their negations are ASCII classes")
    func classEscapes() throws {
        #expect(try wholeMatch("\\s", "\u{0B}") != nil)
        #expect(try wholeMatch("\\s+", " \t\n\u{0B}\u{0C}\r") != nil)
        #expect(try wholeMatch("\\S", "\u{0B}") == nil)
        #expect(try wholeMatch("\\d+", "0123456789") != nil)
        #expect(try wholeMatch("\\w+", "aZ0_") != nil)
        #expect(try wholeMatch("\\w", "-") == nil)
        #expect(try wholeMatch("\\W\\W", "é") != nil)
        #expect(try wholeMatch("\\D", "\n") != nil)
        #expect(try wholeMatch("[\\D]", "5") == nil)
    }

    @Test("negated class escapes in brackets unite before negating: [\\D\\S] is neither digit nor space")
    func negatedClassesInBrackets() throws {
        #expect(try wholeMatch("[\\D\\S]", "a") != nil)
        #expect(try wholeMatch("[\\D\\S]", "1") == nil)
        #expect(try wholeMatch("[\\D\\S]", " ") == nil)
        #expect(try wholeMatch("[\\W\\d]+", "-1") != nil)
        #expect(try wholeMatch("[\\W\\d]", "a") == nil)
        #expect(try wholeMatch("[\\Wa]+", "-a") != nil)
        #expect(try wholeMatch("[\\w\\W]", "\n") != nil)
        #expect(try wholeMatch("[^\\w\\W]", "a") == nil)
    }

    @Test("\\b and \\B are ASCII word boundaries; inside brackets \\b is backspace")
    func wordBoundaries() throws {
        #expect(try search("\\bfoo\\b", "a foo b")?.first == 2..<5)
        #expect(try search("\\bfoo\\b", "afoo") == nil)
        #expect(try search("\\Bo\\B", "foo")?.first == 1..<2)
        #expect(try search("\\bé", "é") == nil)
        #expect(try wholeMatch("[\\b]", "\u{08}") != nil)
        #expect(error("[\\B]") == escapeError)
    }

    @Test("POSIX bracket classes, in any case, and [:w:], [:d:], [:s:]")
    func posixClasses() throws {
        #expect(try wholeMatch("[[:alnum:]-]+", "ab-c1") != nil)
        #expect(try wholeMatch("/accounts/([\\-._[:alnum:]]+)", "/accounts/764b.0f_0f-7319")?[1] == "764b.0f_0f-7319")
        #expect(try wholeMatch("[[:ALPHA:]]", "q") != nil)
        #expect(try wholeMatch("[[:w:]]+", "_a1") != nil)
        #expect(try wholeMatch("[[:d:]]", "7") != nil)
        #expect(try wholeMatch("[[:s:][:punct:]]+", " !\u{0B}~") != nil)
        #expect(try wholeMatch("[[:xdigit:]]+", "09afAF") != nil)
        #expect(try wholeMatch("[[:blank:]]", "\n") == nil)
        #expect(try wholeMatch("[[:cntrl:]]", "\u{7F}") != nil)
        #expect(try wholeMatch("[^[:print:]]", " ") == nil)
        // A class cannot start a range, so the `-` after it is a literal.
        #expect(try wholeMatch("[[:alpha:]-z]+", "a-Z") != nil)
        #expect(error("[[:foo:]]") == "The expression contained an invalid character class name.")
        #expect(error("[[::]]") == "The expression contained an invalid character class name.")
        #expect(error("[[:alpha:]") == bracketError)
        #expect(error("[[:alpha]") == bracketError)
    }

    @Test("collating elements: libc++'s names or one byte; equivalence classes hold their element alone")
    func collating() throws {
        #expect(try wholeMatch("[[.hyphen.]]", "-") != nil)
        #expect(try wholeMatch("[[.full-stop.][.low-line.]]+", "._") != nil)
        #expect(try wholeMatch("[[.a.]-c]+", "abc") != nil)
        #expect(try wholeMatch("[a-[.c.]]+", "abc") != nil)
        #expect(try wholeMatch("[[.NUL.]]", "\u{0}") != nil)
        #expect(try wholeMatch("[[.-.]]", "-") != nil)
        #expect(try wholeMatch("[[=a=]]+", "aa") != nil)
        #expect(try wholeMatch("[[=a=]]", "A") == nil)
        let collate = "The expression contained an invalid collating element name."
        #expect(error("[[.DEL.]]") == collate)
        #expect(error("[[.ab.]]") == collate)
        #expect(error("[[.é.]]") == collate)
        #expect(error("[[..]]") == collate)
        #expect(error("[[=foo=]]") == collate)
        #expect(error("[[.a") == bracketError)
    }

    @Test("escapes: \\xhh, \\uhhhh (low byte), \\cX (a control character), \\0, identity escapes")
    func escapes() throws {
        #expect(try wholeMatch("\\x41\\x7e", "A~") != nil)
        #expect(try wholeMatch("\\xe9", "é") == nil)
        #expect(try search("\\xe9", "é") == nil)
        #expect(try search("\\xa9", "é")?.first == 1..<2)
        #expect(try wholeMatch("\\u0041", "A") != nil)
        #expect(try wholeMatch("\\u0141", "A") != nil)
        #expect(try wholeMatch("\\cJ", "\n") != nil)
        #expect(try wholeMatch("\\cj\\ci", "\n\t") != nil)
        #expect(try wholeMatch("\\cJ", "J") == nil)
        #expect(try wholeMatch("[\\cJ]", "\n") != nil)
        #expect(try wholeMatch("\\01", "\u{0}1") != nil)
        #expect(try wholeMatch("[\\0]", "\u{0}") != nil)
        #expect(try wholeMatch("\\t\\n\\v\\f\\r", "\t\n\u{0B}\u{0C}\r") != nil)
        #expect(try wholeMatch("\\/\\-\\ \\$\\]\\}", "/- $]}") != nil)
        #expect(try wholeMatch("\\é", "é") != nil)
        for invalid in ["\\a", "\\e", "\\z", "\\_", "\\x4", "\\u12", "\\c", "\\c1", "\\", "[\\", "[\\e]", "[\\c]"] {
            #expect(error(invalid) == escapeError, "\(invalid)")
        }
    }

    @Test("UTF-8 in a pattern is a sequence of bytes; ranges compare bytes unsigned")
    func utf8Bytes() throws {
        #expect(try wholeMatch("é+", "éé") == nil)
        #expect(try wholeMatch("é+", "é") != nil)
        #expect(try wholeMatch("[é]{2}", "é") != nil)
        #expect(try wholeMatch("[^a]", "é") == nil)
        #expect(try wholeMatch("[\\x80-\\xff]+", "éü") != nil)
        #expect(try wholeMatch("[\\x00-\\xff]+", "a\u{0}é") != nil)
        // An inverted range is accepted and holds nothing.
        #expect(try wholeMatch("[\\xff-a]", "a") == nil)
        #expect(try wholeMatch("[z-a]", "m") == nil)
        #expect(try wholeMatch("[z-ab]", "b") != nil)
    }

    @Test("groups, non-capturing groups, alternation and mark count")
    func groups() throws {
        #expect(try ECMAScriptPattern("(a)(?:b)((c)|d)").markCount == 3)
        #expect(try ECMAScriptPattern("").markCount == 0)
        #expect(try ECMAScriptPattern("(?=(a))(b)").markCount == 2)
        #expect(try wholeMatch("(a)(?:b)((c)|d)", "abd") == ["abd", "a", "d", nil])
        #expect(try search("a|ab", "ab")?.first == 0..<1)
        #expect(try wholeMatch("a|ab", "ab") != nil)
        #expect(try wholeMatch("(a|ab)(c|bcd)(d*)", "abcd") == ["abcd", "a", "bcd", ""])
    }

    @Test("quantifiers: greedy, lazy, counted; one per atom")
    func quantifiers() throws {
        #expect(try search("a+?", "aaa")?.first == 0..<1)
        #expect(try search("a*?b", "aab")?.first == 0..<3)
        #expect(try search("a??", "a")?.first == 0..<0)
        #expect(try search("a{2,3}?", "aaaa")?.first == 0..<2)
        #expect(try search("a{2,}", "aaaa")?.first == 0..<4)
        #expect(try wholeMatch("a{2}", "aa") != nil)
        #expect(try wholeMatch("a{2}?", "aa") != nil)
        #expect(try wholeMatch("(?:a{2}){3}", "aaaaaa") != nil)
        #expect(try search("(a+)+?", "aaa")?[1] == 0..<3)
        #expect(try wholeMatch("x{0}y", "y") != nil)
        #expect(try wholeMatch("(a){0}b", "b") == ["b", nil])
        for stacked in ["a**", "a+*", "a?+", "a???", "a{2}{3}", "a*{2}"] {
            #expect(error(stacked) == repeatError, "\(stacked)")
        }
    }

    @Test("^ and $ anchor the input, not lines; assertions take no quantifier")
    func anchors() throws {
        #expect(try search("^b", "a\nb") == nil)
        #expect(try search("a$", "a\nb") == nil)
        #expect(try search("^a|b$", "xb")?.first == 1..<2)
        for quantified in ["^*", "$+", "\\b+", "\\B?", "(?=a)*", "(?!a){2}"] {
            #expect(error(quantified) == repeatError, "\(quantified)")
        }
    }

    @Test("[ ] { } edge cases")
    func bracketsAndBraces() throws {
        #expect(try search("[]", "abc") == nil)
        #expect(try wholeMatch("[^]", "\n") != nil)
        #expect(try wholeMatch("[x[]", "[") != nil)
        #expect(try wholeMatch("[a-]", "-") != nil)
        #expect(try wholeMatch("[-a]", "-") != nil)
        #expect(try wholeMatch("[a-c-e]", "-") != nil)
        #expect(try wholeMatch("[--/]", ".") != nil)
        #expect(try wholeMatch("[\\]]", "]") != nil)
        let parse = "The parser did not consume the entire regular expression."
        for leftover in ["]", "}", "a]", "a}b", "[]a]", "a)", "[a-[:alpha:]]"] {
            #expect(error(leftover) == parse, "\(leftover)")
        }
        for unclosed in ["[", "[^", "[a", "[a-", "[[.a.]"] {
            #expect(error(unclosed) == bracketError, "\(unclosed)")
        }
        let range = "The expression contained an invalid character range, such as [b-a] in most encodings."
        #expect(error("[\\w-a]") == range)
        #expect(error("[a-\\d]") == range)
        let badBrace = "The expression contained an invalid range in a {} expression."
        let brace = "The expression contained mismatched { and }."
        for (pattern, message) in [
            ("a{", badBrace), ("a{x}", badBrace), ("a{,2}", badBrace), ("a{2,1}", badBrace), ("a{2x}", badBrace),
            ("a{2,", badBrace), ("a{2147483640}", badBrace), ("a{1,2147483647}", badBrace), ("a{2", brace),
            ("a{2,x}", brace), ("a{2,3", brace), ("{2}", repeatError),
        ] {
            #expect(error(pattern) == message, "\(pattern)")
        }
        // The first error reading left to right wins.
        #expect(error("a{3,2}\\x") == badBrace)
    }

    @Test("parentheses errors")
    func parentheses() {
        let paren = "The expression contained mismatched ( and )."
        for pattern in ["(a", "(", "(?:", "(?=a", "(a]", "((a)"] {
            #expect(error(pattern) == paren, "\(pattern)")
        }
        for pattern in ["*a", "a|*", "(*)", "(?", "(?x)", "(?<name>a)"] {
            #expect(error(pattern) == repeatError, "\(pattern)")
        }
    }
}

private let escapeError = "The expression contained an invalid escaped character, or a trailing escape."
private let bracketError = "The expression contained mismatched [ and ]."
private let repeatError = "One of *?+{ was not preceded by a valid regular expression."

@Suite("ECMAScript patterns: refused constructs")
struct ECMAScriptRefusalTests {
    @Test("backreferences are refused, after std::regex's own checks")
    func backreferences() {
        #expect(error("(a)\\1")?.hasPrefix("backreference \\1 is not supported") == true)
        // Groups still open count, so this is valid for libc++ and refused here.
        #expect(error("(a\\1)")?.hasPrefix("backreference \\1 is not supported") == true)
        let backref = "The expression contained an invalid back reference."
        #expect(error("\\2") == backref)
        #expect(error("(a)\\2") == backref)
        // Inside a lookahead only its own groups count.
        #expect(error("(a)(?=\\1)") == backref)
        #expect(error("(?=(a))\\1")?.hasPrefix("lookahead (?=...) is not supported") == true)
        // A std::regex error later in the pattern is reported first.
        #expect(error("(a)\\1[") == bracketError)
    }

    @Test("lookahead is refused")
    func lookahead() {
        #expect(error("(?=a)a")?.hasPrefix("lookahead (?=...) is not supported") == true)
        #expect(error("a(?!b)")?.hasPrefix("negative lookahead (?!...) is not supported") == true)
    }

    @Test("counts above 1000 and deep nesting are refused")
    func limits() {
        #expect(error("a{1001}")?.hasPrefix("repetition count 1001 is not supported") == true)
        #expect(error("a{2,5000}")?.hasPrefix("repetition count 5000 is not supported") == true)
        #expect(error("a{1000}") == nil)
        let deep = String(repeating: "(", count: 150) + String(repeating: ")", count: 150)
        #expect(error(deep)?.contains("nested more than 100 deep") == true)
        #expect(error("(?:a*)*") == nil)
    }

    @Test("a rewrite that would grow too large is refused")
    func tooComplex() throws {
        let bounded = "(?:a?|b){0,60}"
        #expect(error(bounded)?.hasPrefix("the pattern is too complex for the linear-time engine") == true)
        let nested = String(repeating: "(", count: 20) + "a*" + String(repeating: ")*", count: 20)
        #expect(error(nested) == nil)
        #expect(try wholeMatch(nested, "aaa")?[1] == "")
    }

    @Test("a greedy loop whose first empty path needs an assertion runs unless it can consume after it")
    func conditionalEmptyLoops() throws {
        #expect(
            error("(?:a|\\b|b)*")?.hasPrefix(
                "a greedy loop whose body can match the empty string first through an assertion"
            ) == true
        )
        #expect(error("(?:a|\\b)*") == nil)
        #expect(try search("(?:a|\\b)*", "ab")?.first == 0..<1)
        #expect(try wholeMatch("(?:(a)|\\b)*c", "ac") == ["ac", "a"])
        #expect(error("(?:a|\\b)*?c") == nil)
        #expect(try search("(?:a|\\b)*?c", "ac")?.first == 0..<2)
        #expect(error("(?:a|\\b|)*") == nil)
        // libc++ stops at "c" where \b holds, so the search finds "" there, but the whole match goes on to "c".
        #expect(error("(?:(b)|a|\\b|c)*")?.hasPrefix("a greedy loop") == true)
    }
}

@Suite("ECMAScript patterns: loops")
struct ECMAScriptLoopTests {
    // libc++ resets the groups inside a loop at the start of each iteration, and ends a loop with the first
    // iteration that matches empty once the mandatory ones are done; RE2 alone would keep stale groups and, for
    // search, find different matches.

    @Test("groups inside a loop hold the last iteration's values, or nothing")
    func groupsReset() throws {
        #expect(try wholeMatch("(?:(a)|b)*", "ab") == ["ab", nil])
        #expect(try wholeMatch("(?:(a)|b)*", "ba") == ["ba", "a"])
        #expect(try wholeMatch("((a)|b)+", "ab") == ["ab", "b", nil])
        #expect(try wholeMatch("(?:(a)|(b))+", "ab") == ["ab", nil, "b"])
        #expect(try wholeMatch("(?:(a)(x)?|b)*", "axab") == ["axab", nil, nil])
        #expect(try wholeMatch("(?:(a)(x)?|b)*", "baxa") == ["baxa", "a", nil])
        #expect(try wholeMatch("(?:(a)|b){3}", "aab") == ["aab", nil])
        #expect(try wholeMatch("(?:(a)|b){2,3}?", "ba") == ["ba", "a"])
        // Nested loops: the inner loop's groups come from the outer loop's last iteration.
        #expect(try wholeMatch("(?:x(?:(a)|b)*)*", "xaxb") == ["xaxb", nil])
        #expect(try wholeMatch("(?:x(?:(a)|b)*)*", "xbxa") == ["xbxa", "a"])
    }

    @Test("a greedy loop ends with its first empty iteration")
    func greedy() throws {
        #expect(try wholeMatch("(a|)*", "aa") == ["aa", ""])
        #expect(try search("(a|)*", "aa")?[1] == 2..<2)
        #expect(try wholeMatch("(?:(a)|)*", "aa") == ["aa", nil])
        #expect(try wholeMatch("(|a)*", "a") == ["a", ""])
        #expect(try search("(|a)*", "a")?.first == 0..<0)
        #expect(try search("(a*)*", "aab")?[1] == 2..<2)
        #expect(try wholeMatch("((a?)b?)*", "ab") == ["ab", "", ""])
        #expect(try wholeMatch("(a|()|b)*", "ab") == ["ab", "", ""])
        #expect(try search("(a*|b)*", "ab")?.first == 0..<1)
        #expect(try wholeMatch("(a*|b)*", "ab") == ["ab", ""])
        #expect(try wholeMatch("(a?){2,3}", "aa") == ["aa", ""])
        #expect(try wholeMatch("(a|){1,3}", "aaa") == ["aaa", "a"])
    }

    @Test("a lazy loop never stops on an empty iteration it could have skipped")
    func lazy() throws {
        #expect(try wholeMatch("(a*?)*?b", "aab") == ["aab", "a"])
        #expect(try search("(a??)+", "a")?[1] == 0..<0)
        #expect(try wholeMatch("(a??)+", "a") == ["a", ""])
        #expect(try search("(a*)+", "b")?[1] == 0..<0)
        #expect(try wholeMatch("(?:(|a)|b)*?c", "abc") == ["abc", nil])
        #expect(try wholeMatch("(?:(|a)|b)*?c", "ac") == ["ac", "a"])
    }

    @Test("a loop whose body has no groups and cannot match empty is written as it is")
    func untouched() throws {
        let pattern = try ECMAScriptPattern("[\\s\\S]*id: ([0-9]{4})[\\s\\S]*")
        let (main, loops) = try pattern.programs(nonEmpty: false, keepCaptures: true)
        let written = try #require(main)
        #expect(written.text == "[\\x{0}-\\x{FF}]*id\\x{3A}\\x{20}([\\x{30}-\\x{39}]{4})[\\x{0}-\\x{FF}]*")
        #expect(written.slots == [.group(0), .group(1)])
        #expect(loops.isEmpty)
    }

    @Test("a loop with groups captures its last iteration and keeps its body to match again")
    func iterations() throws {
        let pattern = try ECMAScriptPattern("(?:(a)|b)*")
        let (main, loops) = try pattern.programs(nonEmpty: false, keepCaptures: true)
        let written = try #require(main)
        #expect(written.text == "(a|b)*")
        #expect(written.slots == [.group(0), .iteration(0)])
        #expect(loops.map(\.text) == ["(a)|b"])
        #expect(loops.map(\.slots) == [[.group(0), .group(1)]])
        let empty = try ECMAScriptPattern("(a|)*").programs(nonEmpty: false, keepCaptures: true)
        #expect(empty.main?.text == "a*((?:))")
        #expect(empty.main?.slots == [.group(0), .iteration(0)])
    }

    @Test("non-empty searches skip empty paths with the same priorities (match_not_null)")
    func nonEmpty() throws {
        #expect(try search("a*?", "aaa", nonEmpty: true)?.first == 0..<1)
        #expect(try search("(|a)*", "a", nonEmpty: true)?.first == 0..<1)
        #expect(try search("(|a)*", "a", nonEmpty: true)?[1] == 1..<1)
        #expect(try search("x*", "abx", nonEmpty: true)?.first == 2..<3)
        #expect(try search("^|$", "ab", nonEmpty: true) == nil)
    }
}

@Suite("ECMAScript patterns: pieces")
struct ECMAScriptPieceTests {
    @Test("byte sets")
    func byteSets() {
        var set = ByteSet()
        #expect(set.isEmpty)
        set.insert(0x41)
        set.insert(0x42)
        set.insert(0xFF)
        #expect(set.count == 3)
        #expect(set.ranges == [0x41...0x42, 0xFF...0xFF])
        #expect(set.inverted.count == 253)
        #expect(ByteSet(0x0A).single == 0x0A)
        #expect(ByteSet.all.ranges == [0...255])
        #expect(CharacterClasses.dot.count == 254)
    }

    @Test("libc++'s collating names map to their bytes; any other single byte stands for itself")
    func collatingNames() {
        #expect(CharacterClasses.collatingElement(Array("NUL".utf8)) == 0)
        #expect(CharacterClasses.collatingElement(Array("space".utf8)) == 0x20)
        #expect(CharacterClasses.collatingElement(Array("hyphen".utf8)) == 0x2D)
        #expect(CharacterClasses.collatingElement(Array("zero".utf8)) == 0x30)
        #expect(CharacterClasses.collatingElement(Array("A".utf8)) == 0x41)
        #expect(CharacterClasses.collatingElement(Array("underscore".utf8)) == 0x5F)
        #expect(CharacterClasses.collatingElement(Array("tilde".utf8)) == 0x7E)
        #expect(CharacterClasses.collatingElement(Array("full-stop".utf8)) == 0x2E)
        #expect(CharacterClasses.collatingElement(Array("reverse-solidus".utf8)) == 0x5C)
        #expect(CharacterClasses.collatingElement(Array("0".utf8)) == 0x30)
        #expect(CharacterClasses.collatingElement([0xE9]) == 0xE9)
        #expect(CharacterClasses.collatingElement(Array("DEL".utf8)) == nil)
        #expect(CharacterClasses.collatingElement(Array("ab".utf8)) == nil)
        #expect(CharacterClasses.collatingElement([]) == nil)
        // libc++ looks names up as C strings.
        #expect(CharacterClasses.collatingElement(Array("space\u{0}x".utf8)) == 0x20)
    }

    @Test("Latin-1 transcoding maps positions back to the original bytes")
    func transcoding() {
        let input: [UInt8] = [0x61, 0xE9, 0x62, 0xC3, 0xA9, 0x63]
        input.withUnsafeBufferPointer { buffer in
            #expect(Latin1Transcoding.needed(for: buffer))
            let transcoding = Latin1Transcoding(buffer)
            #expect(transcoding.bytes == [0x61, 0xC3, 0xA9, 0x62, 0xC3, 0x83, 0xC2, 0xA9, 0x63])
            #expect([0, 1, 3, 4, 6, 8, 9].map(transcoding.originalOffset) == [0, 1, 2, 3, 4, 5, 6])
        }
        let ascii = Array("0123456789abcdef-ascii".utf8)
        ascii.withUnsafeBufferPointer { #expect(!Latin1Transcoding.needed(for: $0)) }
    }

    @Test("replacement formats")
    func formats() {
        #expect(
            ReplacementFormat(Array("a$1b".utf8), markCount: 2).pieces == [.text([0x61]), .group(1), .text([0x62])]
        )
        #expect(
            ReplacementFormat(Array("$$$&$`$'".utf8), markCount: 0).pieces == [
                .text([0x24]), .group(0), .prefix, .suffix,
            ]
        )
        #expect(ReplacementFormat(Array("$10".utf8), markCount: 2).pieces == [])
        #expect(ReplacementFormat(Array("$10".utf8), markCount: 10).pieces == [.group(10)])
        #expect(ReplacementFormat(Array("$01".utf8), markCount: 1).pieces == [.group(1)])
        #expect(ReplacementFormat(Array("$x$".utf8), markCount: 1).pieces == [.text(Array("$x$".utf8))])
        // libc++ reads the text up to its first NUL.
        #expect(ReplacementFormat([0x41, 0x00, 0x42], markCount: 0).pieces == [.text([0x41])])
        #expect(!ReplacementFormat(Array("[$&]".utf8), markCount: 3).needsGroups)
        #expect(ReplacementFormat(Array("[$2]".utf8), markCount: 3).needsGroups)
    }

    @Test("counts wrap like a C int")
    func intValues() {

    }
}
