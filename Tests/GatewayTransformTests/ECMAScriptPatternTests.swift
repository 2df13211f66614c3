import GatewayRegex
import Testing

@testable import GatewayTransform

// Expected answers below were taken from C++ std::regex (g++ 12, libstdc++, `std::regex::optimize`); the
// differential tests check the same behaviour against a live std::regex.

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
        _ = try parsed.re2Pattern(nonEmpty: false, keepCaptures: true)
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

    @Test("\\b and \\B are ASCII word boundaries; inside brackets \\b is backspace")
    func wordBoundaries() throws {
        #expect(try search("\\bfoo\\b", "a foo b")?.first == 2..<5)
        #expect(try search("\\bfoo\\b", "afoo") == nil)
        #expect(try search("\\Bo\\B", "foo")?.first == 1..<2)
        #expect(try search("\\bé", "é") == nil)
        #expect(try wholeMatch("[\\b]", "\u{08}") != nil)
        #expect(error("[\\B]") == "Unexpected character within '[...]' in regular expression")
    }

    @Test("POSIX bracket classes, in any case, and [:w:], [:d:], [:s:]")
    func posixClasses() throws {
        #expect(try wholeMatch("[[:alnum:]-]+", "ab-c1") != nil)
        #expect(try wholeMatch("/accounts/([\\-._[:alnum:]]+)", "/accounts/764b.0f_0f-7319")?[1] == "764b.0f_0f-7319")
        #expect(try wholeMatch("[[:ALPHA:]]", "q") != nil)
        #expect(try wholeMatch("[[:w:]]", "_") != nil)
        #expect(try wholeMatch("[[:d:]]", "7") != nil)
        #expect(try wholeMatch("[[:s:][:punct:]]+", " !\u{0B}~") != nil)
        #expect(try wholeMatch("[[:xdigit:]]+", "09afAF") != nil)
        #expect(try wholeMatch("[[:blank:]]", "\n") == nil)
        #expect(try wholeMatch("[[:cntrl:]]", "\u{7F}") != nil)
        #expect(try wholeMatch("[^[:print:]]", " ") == nil)
        #expect(error("[[:foo:]]") == "Invalid character class.")
        #expect(error("[[:alpha:]") == "Unexpected character within '[...]' in regular expression")
    }

    @Test("collating elements and equivalence classes")
    func collating() throws {
        #expect(try wholeMatch("[[.hyphen.]]", "-") != nil)
        #expect(try wholeMatch("[[.a.]-c]+", "abc") != nil)
        #expect(try wholeMatch("[[.NUL.]]", "\u{0}") != nil)
        #expect(try wholeMatch("[[.DEL.]]", "\u{7F}") != nil)
        #expect(error("[[.-.]]") == "Invalid collate element.")
        #expect(try wholeMatch("[[=a=]]+", "aA") != nil)
        #expect(error("[[=foo=]]") == "Invalid equivalence class.")
    }

    @Test("escapes: \\xhh, \\uhhhh (low byte), \\cX (X itself), \\0, identity escapes")
    func escapes() throws {
        #expect(try wholeMatch("\\x41\\x7e", "A~") != nil)
        #expect(try wholeMatch("\\xe9", "é") == nil)
        #expect(try search("\\xe9", "é") == nil)
        #expect(try search("\\xa9", "é")?.first == 1..<2)
        #expect(try wholeMatch("\\u0041", "A") != nil)
        #expect(try wholeMatch("\\u0141", "A") != nil)
        #expect(try wholeMatch("\\cJ", "J") != nil)
        #expect(try wholeMatch("\\cJ", "\n") == nil)
        #expect(try wholeMatch("\\01", "\u{0}1") != nil)
        #expect(try wholeMatch("\\t\\n\\v\\f\\r", "\t\n\u{0B}\u{0C}\r") != nil)
        #expect(try wholeMatch("\\a\\e\\/\\-\\z", "ae/-z") != nil)
        #expect(error("\\x4") == "Invalid '\\xNN' control character in regular expression")
        #expect(error("\\u12") == "Invalid '\\uNNNN' control character in regular expression")
        #expect(error("\\c") == "invalid '\\cX' control character in regular expression")
        #expect(error("\\") == "Invalid escape at end of regular expression")
        #expect(error("[\\") == "Invalid escape in regular expression")
    }

    @Test("UTF-8 in a pattern is a sequence of bytes")
    func utf8Bytes() throws {
        #expect(try wholeMatch("é+", "éé") == nil)
        #expect(try wholeMatch("é+", "é") != nil)
        #expect(try wholeMatch("[é]{2}", "é") != nil)
        #expect(try wholeMatch("[^a]", "é") == nil)
        #expect(try wholeMatch("[\\x80-\\xff]+", "éü") != nil)
        #expect(error("[\\x00-\\xff]") == "Invalid range in bracket expression.")
        // Ranges compare signed bytes: \xff (-1) through 'a'.
        #expect(try wholeMatch("[\\xff-a]+", "\u{0}a") != nil)
    }

    @Test("groups, non-capturing groups, alternation and mark count")
    func groups() throws {
        #expect(try ECMAScriptPattern("(a)(?:b)((c)|d)").markCount == 3)
        #expect(try ECMAScriptPattern("").markCount == 0)
        #expect(try wholeMatch("(a)(?:b)((c)|d)", "abd") == ["abd", "a", "d", nil])
        #expect(try search("a|ab", "ab")?.first == 0..<1)
        #expect(try wholeMatch("a|ab", "ab") != nil)
        #expect(try wholeMatch("(a|ab)(c|bcd)(d*)", "abcd") == ["abcd", "a", "bcd", ""])
    }

    @Test("quantifiers: greedy, lazy, counted, stacked")
    func quantifiers() throws {
        #expect(try search("a+?", "aaa")?.first == 0..<1)
        #expect(try search("a*?b", "aab")?.first == 0..<3)
        #expect(try search("a??", "a")?.first == 0..<0)
        #expect(try search("a{2,3}?", "aaaa")?.first == 0..<2)
        #expect(try search("a{2,}", "aaaa")?.first == 0..<4)
        #expect(try wholeMatch("a{2}", "aa") != nil)
        #expect(try wholeMatch("a**", "aaa") != nil)
        #expect(try wholeMatch("a{2}{3}", "aaaaaa") != nil)
        #expect(try wholeMatch("a{2}{3}", "aaaa") == nil)
        #expect(try search("(a+)+?", "aaa")?[1] == 0..<3)
        // Counts are C `int`s: 4294967297 wraps to 1, 2147483648 to a negative number, which means none.
        #expect(try wholeMatch("a{4294967297}", "a") != nil)
        #expect(try wholeMatch("a{2147483648}", "") != nil)
    }

    @Test("^ and $ anchor the input, not lines")
    func anchors() throws {
        #expect(try search("^b", "a\nb") == nil)
        #expect(try search("a$", "a\nb") == nil)
        #expect(try search("^a|b$", "xb")?.first == 1..<2)
        #expect(error("^*") == "Mismatched '(' and ')' in regular expression")
        #expect(error("\\b+") == "Mismatched '(' and ')' in regular expression")
    }

    @Test("[ ] { } edge cases")
    func bracketsAndBraces() throws {
        #expect(try wholeMatch("]", "]") != nil)
        #expect(try wholeMatch("}", "}") != nil)
        #expect(try wholeMatch("[]a]", "]") == nil)
        #expect(try search("[]", "abc") == nil)
        #expect(try wholeMatch("[^]", "\n") != nil)
        #expect(try wholeMatch("[x[]", "[") != nil)
        #expect(try wholeMatch("[a-]", "-") != nil)
        #expect(try wholeMatch("[-a]", "-") != nil)
        #expect(try wholeMatch("[a-c-e]", "-") != nil)
        #expect(try wholeMatch("[--/]", ".") != nil)
        #expect(try wholeMatch("[\\]]", "]") != nil)
        #expect(error("[a") == "Unexpected character within '[...]' in regular expression")
        #expect(error("[[") == "Incomplete '[[' character class in regular expression")
        #expect(error("[b-a]") == "Invalid range in bracket expression.")
        #expect(error("[\\w-a]") == "Invalid start of '[x-x]' range in regular expression")
        #expect(error("[a-\\w]") == "Invalid end of '[x-x]' range in regular expression")
        #expect(error("a{") == "Invalid range in '{}' in regular expression")
        #expect(error("a{x}") == "Invalid range in '{}' in regular expression")
        #expect(error("a{,2}") == "Invalid range in '{}' in regular expression")
        #expect(error("a{2,1}") == "Invalid range in '{}' in regular expression")
        #expect(error("a{2") == "Mismatched '{' and '}' in regular expression")
        #expect(error("{2}") == "Mismatched '(' and ')' in regular expression")
        // The scanner reads one token ahead, so a bad escape after `}` wins over the bad range before it.
        #expect(error("a{3,2}\\x") == "Invalid '\\xNN' control character in regular expression")
    }

    @Test("parentheses errors")
    func parentheses() {
        #expect(error("(a") == "Mismatched '(' and ')' in regular expression")
        #expect(error("a)") == "Mismatched '(' and ')' in regular expression")
        #expect(error("*a") == "Mismatched '(' and ')' in regular expression")
        #expect(error("a|*") == "Mismatched '(' and ')' in regular expression")
        #expect(error("(?") == "Mismatched '(' and ')' in regular expression")
        #expect(error("(?x)") == "Invalid '(?...)' zero-width assertion in regular expression")
        #expect(error("(?<name>a)") == "Invalid '(?...)' zero-width assertion in regular expression")
    }
}

@Suite("ECMAScript patterns: refused constructs")
struct ECMAScriptRefusalTests {
    @Test("backreferences are refused, after std::regex's own checks")
    func backreferences() {
        #expect(error("(a)\\1")?.hasPrefix("backreference \\1 is not supported") == true)
        #expect(error("\\2") == "Back-reference index exceeds current sub-expression count.")
        #expect(error("(a\\1)") == "Back-reference referred to an opened sub-expression.")
        // A std::regex error later in the pattern is reported first.
        #expect(error("(a)\\1[") == "Unexpected character within '[...]' in regular expression")
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
        #expect(error(String(repeating: "(?:a*)*", count: 1)) == nil)
    }

    @Test("a rewrite that would grow too large is refused")
    func tooComplex() throws {
        let optional = "(?:" + String(repeating: "c?", count: 400) + ")*"
        #expect(error(optional)?.hasPrefix("the pattern is too complex for the linear-time engine") == true)
        let nested = String(repeating: "(", count: 20) + "a*" + String(repeating: ")*", count: 20)
        #expect(error(nested) == nil)
        #expect(try wholeMatch(nested, "aaa")?[1] == "")
    }

    @Test("a greedy loop whose empty path needs an assertion is refused; the lazy one runs")
    func conditionalEmptyLoops() throws {
        #expect(error("(?:a|\\b)*")?.hasPrefix("a greedy loop whose body can match the empty string only") == true)
        #expect(error("(?:a|\\b)*?c") == nil)
        #expect(try search("(?:a|\\b)*?c", "ac")?.first == 0..<2)
        #expect(error("(?:a|\\b|)*") == nil)
    }
}

@Suite("ECMAScript patterns: loops that can match empty")
struct ECMAScriptEmptyLoopTests {
    // libstdc++ enters a loop body at most twice at one position, so a greedy loop whose body can match empty
    // ends with an empty iteration; RE2 alone would give different groups and, for search, different matches.

    @Test("a greedy loop ends with an empty iteration that sets its groups")
    func greedy() throws {
        #expect(try wholeMatch("(a|)*", "aa") == ["aa", ""])
        #expect(try search("(a|)*", "aa")?[1] == 2..<2)
        #expect(try wholeMatch("(|a)*", "a") == ["a", ""])
        #expect(try search("(|a)*", "a")?.first == 0..<0)
        #expect(try search("(a*)*", "aab")?[1] == 2..<2)
        #expect(try wholeMatch("(a|b?)*", "ab") == ["ab", ""])
        #expect(try wholeMatch("((a?)b?)*", "ab") == ["ab", "", ""])
        #expect(try wholeMatch("(a|()|b)*", "ab") == ["ab", "", ""])
    }

    @Test("a greedy loop stops at the empty path before trying later alternatives")
    func stopsBeforeLaterAlternatives() throws {
        #expect(try search("(a*|b)*", "ab")?.first == 0..<1)
        #expect(try search("(?:|a)*", "a")?.first == 0..<0)
        #expect(try wholeMatch("(a*|b)*", "ab") == ["ab", ""])
    }

    @Test("lazy loops and + over bodies that can match empty")
    func lazyAndPlus() throws {
        #expect(try wholeMatch("(a*?)*?b", "aab") == ["aab", "a"])
        #expect(try search("(a??)+", "a")?[1] == 0..<0)
        #expect(try wholeMatch("(a??)+", "a") == ["a", ""])
        #expect(try search("(a*)+", "b")?[1] == 0..<0)
    }

    @Test("groups inside loops keep the last iteration that set them (not reset per iteration)")
    func groupsInLoops() throws {
        #expect(try wholeMatch("(?:(a)|b)*", "ab") == ["ab", "a"])
        #expect(try wholeMatch("((a)|b)*", "ab") == ["ab", "b", "a"])
        #expect(try wholeMatch("(?:(a)|(b))*", "ab") == ["ab", "a", "b"])
    }

    @Test("a loop whose body cannot match empty is written as it is")
    func untouched() throws {
        let pattern = try ECMAScriptPattern("[\\s\\S]*id: ([0-9]{4})[\\s\\S]*")
        let written = try #require(try pattern.re2Pattern(nonEmpty: false, keepCaptures: true))
        #expect(written.text == "[\\x{0}-\\x{FF}]*id\\x{3A}\\x{20}([\\x{30}-\\x{39}]{4})[\\x{0}-\\x{FF}]*")
        #expect(written.groups == [0, 1])
    }

    @Test("a rewritten loop copies its groups; the copy that matched last wins")
    func copies() throws {
        let pattern = try ECMAScriptPattern("(a|)*")
        let written = try #require(try pattern.re2Pattern(nonEmpty: false, keepCaptures: true))
        #expect(written.text == "(a)*((?:))")
        #expect(written.groups == [0, 1, 1])
    }

    @Test("non-empty searches skip empty paths with the same priorities (match_not_null)")
    func nonEmpty() throws {
        #expect(try search("a*?", "aaa", nonEmpty: true)?.first == 0..<1)
        #expect(try search("(|a)*", "a", nonEmpty: true)?.first == 0..<1)
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

    @Test("every POSIX collating name maps to its byte")
    func collatingNames() {
        #expect(CharacterClasses.collatingElement(Array("NUL".utf8)) == 0)
        #expect(CharacterClasses.collatingElement(Array("space".utf8)) == 0x20)
        #expect(CharacterClasses.collatingElement(Array("hyphen".utf8)) == 0x2D)
        #expect(CharacterClasses.collatingElement(Array("zero".utf8)) == 0x30)
        #expect(CharacterClasses.collatingElement(Array("A".utf8)) == 0x41)
        #expect(CharacterClasses.collatingElement(Array("underscore".utf8)) == 0x5F)
        #expect(CharacterClasses.collatingElement(Array("tilde".utf8)) == 0x7E)
        #expect(CharacterClasses.collatingElement(Array("DEL".utf8)) == 0x7F)
        #expect(CharacterClasses.collatingElement(Array("0".utf8)) == nil)
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
        #expect(!ReplacementFormat(Array("[$&]".utf8), markCount: 3).needsGroups)
        #expect(ReplacementFormat(Array("[$2]".utf8), markCount: 3).needsGroups)
    }

    @Test("counts wrap like a C int")
    func intValues() {
        #expect(PatternParser.intValue(Array("4294967297".utf8), radix: 10) == 1)
        #expect(PatternParser.intValue(Array("2147483648".utf8), radix: 10) == Int32.min)
        #expect(PatternParser.intValue(Array("0141".utf8), radix: 16) == 0x141)
    }
}
