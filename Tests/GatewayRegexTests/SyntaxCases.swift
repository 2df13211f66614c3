// RE2 syntax tables for GatewayRegex, grouped by feature.
//
// Every expectation below is what Google RE2 itself reports for the same pattern and input (checked with the
// google-re2 Python bindings on bytes patterns and inputs). All spans and offsets are UTF-8 byte offsets.

import Testing

@testable import GatewayRegex

/// Namespace for the case tables; `SyntaxTableTests` runs one parameterized test per table.
enum SyntaxCases {}

/// One pattern applied to one input.
///
/// `full` holds the spans of a full match (RE2 `ANCHOR_BOTH`), `search` those of the leftmost-first unanchored
/// match. Each array lists group 0 and then every capture group, with `nil` for a group that did not participate;
/// a `nil` array means there is no match at all.
struct MatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let input: [UInt8]
    let options: SafeRegex.Options
    let full: [Range<Int>?]?
    let search: [Range<Int>?]?

    init(
        _ pattern: String,
        _ input: String,
        options: SafeRegex.Options = .init(),
        full: [Range<Int>?]?,
        search: [Range<Int>?]?
    ) {
        self.init(pattern, bytes: Array(input.utf8), options: options, full: full, search: search)
    }

    /// An input given as raw bytes, for inputs that are not valid UTF-8.
    init(
        _ pattern: String,
        bytes: [UInt8],
        options: SafeRegex.Options = .init(),
        full: [Range<Int>?]?,
        search: [Range<Int>?]?
    ) {
        self.pattern = pattern
        self.input = bytes
        self.options = options
        self.full = full
        self.search = search
    }

    var testDescription: String {
        var text = "/\(pattern)/ on " + describeBytes(input)
        if options.caseInsensitive { text += " [caseInsensitive]" }
        if options.dotMatchesNewline { text += " [dotMatchesNewline]" }
        return text
    }
}

/// A pattern that RE2 rejects.
///
/// `message` is RE2's error text verbatim (`RE2::error()`, i.e. "<code text>: <error arg>" or just the code text
/// when the arg is empty). RE2 reports no position, so `offset` is ours: the byte offset in the pattern where the
/// offending construct starts, defined as follows.
///
/// - In general: where RE2's error arg (the text after ": ") begins in the pattern. When that text occurs more than
///   once, it is the occurrence at the construct RE2 complained about (the first error in parse order).
/// - `missing ]`: the `[` that is never closed (RE2's arg runs from it to the end of the pattern).
/// - `missing )`: the innermost `(` still open at the end of the pattern (RE2's arg is the whole pattern).
/// - `unexpected )`: the `)` that has no matching `(` (RE2's arg is the whole pattern).
/// - `trailing \`: the final backslash (RE2's arg is empty).
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let code: RegexError.Code
    let message: String
    let offset: Int

    init(_ pattern: String, _ code: RegexError.Code, _ message: String, offset: Int) {
        self.pattern = pattern
        self.code = code
        self.message = message
        self.offset = offset
    }

    var testDescription: String { "/\(pattern)/ -> \(message) @\(offset)" }
}

/// The capture groups a pattern declares (RE2 `NumberOfCapturingGroups` and `NamedCapturingGroups`; with duplicate
/// names RE2 maps the name to its leftmost group).
struct CaptureNamesCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let captureCount: Int
    let names: [String: Int]

    init(_ pattern: String, count: Int, names: [String: Int] = [:]) {
        self.pattern = pattern
        self.captureCount = count
        self.names = names
    }

    var testDescription: String { "/\(pattern)/" }
}

/// The spans of every match `allMatches` must return, in order.
struct AllMatchesCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let input: String
    let matches: [Range<Int>]

    init(_ pattern: String, _ input: String, matches: [Range<Int>]) {
        self.pattern = pattern
        self.input = input
        self.matches = matches
    }

    var testDescription: String { "/\(pattern)/ on \(input.debugDescription)" }
}

/// A large pattern: `rejected` ones must fail with `patternTooLarge` and RE2's message; the others must compile.
struct ProgramSizeCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let rejected: Bool

    init(_ pattern: String, rejected: Bool) {
        self.pattern = pattern
        self.rejected = rejected
    }

    var testDescription: String { "/\(pattern)/" }
}

/// Template syntax of a replacement case (mirrors `SafeRegex.Substitution.Syntax`).
enum TemplateSyntax: Sendable {
    /// RE2 rewrite strings: `\0`...`\9` and `\\`.
    case backslash
    /// ECMAScript replacement strings: `$1`...`$99`, `$&` and `$$`.
    case dollar
}

/// A replacement of the first or of every match (RE2 `Replace` / `GlobalReplace`, including its rule that an
/// empty match right after the previous match is skipped).
struct ReplaceCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let input: String
    let template: String
    let syntax: TemplateSyntax
    let expected: String

    init(
        _ pattern: String,
        _ input: String,
        _ template: String,
        _ syntax: TemplateSyntax = .backslash,
        expected: String
    ) {
        self.pattern = pattern
        self.input = input
        self.template = template
        self.syntax = syntax
        self.expected = expected
    }

    var testDescription: String { "/\(pattern)/ on \(input.debugDescription) with \(template.debugDescription)" }
}

/// A template that the regex must refuse (RE2 `Replace` returns false for it); only the code is checked.
struct SubstitutionErrorCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let template: String
    let syntax: TemplateSyntax

    init(_ pattern: String, _ template: String, _ syntax: TemplateSyntax = .backslash) {
        self.pattern = pattern
        self.template = template
        self.syntax = syntax
    }

    var testDescription: String { "/\(pattern)/ with \(template.debugDescription)" }
}

/// What literal-prefix analysis must find. `literal` is the single string the pattern matches, `.absent` when there is
/// none; cases whose `literal` is a matter of interpretation (anchored patterns) leave it unchecked.
struct PrefixCase: Sendable, CustomTestStringConvertible {
    enum Literal: Sendable {
        case exactly(String)
        case absent
        case unchecked
    }

    let pattern: String
    let prefix: String
    let literal: Literal
    let anchoredAtStart: Bool
    let anchoredAtEnd: Bool

    init(_ pattern: String, prefix: String, literal: Literal, anchoredAtStart: Bool, anchoredAtEnd: Bool) {
        self.pattern = pattern
        self.prefix = prefix
        self.literal = literal
        self.anchoredAtStart = anchoredAtStart
        self.anchoredAtEnd = anchoredAtEnd
    }

    var testDescription: String { "/\(pattern)/" }
}

/// Shows bytes as a Swift string literal when they are UTF-8, else as hex.
private func describeBytes(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) {
        return text.debugDescription
    }
    return "bytes " + bytes.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
}

// MARK: - Tables

extension SyntaxCases {
    /// Literals and escapes.
    static let literals: [MatchCase] = [
        .init("abc", "abc", full: [0..<3], search: [0..<3]),
        .init("abc", "xabcx", full: nil, search: [1..<4]),
        // prefix of the pattern only
        .init("abc", "ab", full: nil, search: nil),
        // case-sensitive by default
        .init("abc", "ABC", full: nil, search: nil),
        .init(#"a\nb"#, "a\nb", full: [0..<3], search: [0..<3]),
        .init(#"\t"#, "\t", full: [0..<1], search: [0..<1]),
        // bell
        .init(#"\a"#, "\u{7}", full: [0..<1], search: [0..<1]),
        // form feed
        .init(#"\f"#, "\u{C}", full: [0..<1], search: [0..<1]),
        // vertical tab
        .init(#"\v"#, "\u{B}", full: [0..<1], search: [0..<1]),
        .init(#"\r"#, "\r", full: [0..<1], search: [0..<1]),
        .init(#"\r\n"#, "x\r\n", full: nil, search: [1..<3]),
        // two-digit hex
        .init(#"\x41"#, "A", full: [0..<1], search: [0..<1]),
        .init(#"\x41"#, "a", full: nil, search: nil),
        // hex digits in either case
        .init(#"\x6a\x6B"#, "jk", full: [0..<2], search: [0..<2]),
        // braced hex
        .init(#"\x{41}"#, "A", full: [0..<1], search: [0..<1]),
        // braced hex, three-byte character
        .init(#"\x{263a}"#, "\u{263A}", full: [0..<3], search: [0..<3]),
        .init(#"\x{263A}"#, "x\u{263A}y", full: nil, search: [1..<4]),
        // braced hex, four-byte character
        .init(#"\x{1F600}"#, "\u{1F600}", full: [0..<4], search: [0..<4]),
        // largest code point
        .init(#"\x{10FFFF}"#, "\u{10FFFF}", full: [0..<4], search: [0..<4]),
        // \xe9 is U+00E9, two bytes in UTF-8
        .init(#"\xe9"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        // three-digit octal
        .init(#"\101"#, "A", full: [0..<1], search: [0..<1]),
        // octal zero
        .init(#"\0"#, "\0", full: [0..<1], search: [0..<1]),
        .init(#"\012"#, "\n", full: [0..<1], search: [0..<1]),
        // octal stops at a non-octal digit
        .init(#"\08"#, "\08", full: [0..<2], search: [0..<2]),
        // octal takes at most three digits
        .init(#"\1234"#, "S4", full: [0..<2], search: [0..<2]),
        // two-digit octal
        .init(#"\12"#, "\n", full: [0..<1], search: [0..<1]),
        // quoted metacharacters
        .init(#"\Q.*+\E"#, ".*+", full: [0..<3], search: [0..<3]),
        .init(#"\Q.*+\E"#, "aaa", full: nil, search: nil),
        // \Q without \E runs to the end
        .init(#"\Qa.b"#, "a.b", full: [0..<3], search: [0..<3]),
        // repetition after \E applies to c only
        .init(#"\Qab\Ec*"#, "abccc", full: [0..<5], search: [0..<5]),
        // repetition after \E binds to the last quoted character
        .init(#"\Qab\E+"#, "abbb", full: [0..<4], search: [0..<4]),
        // empty \Q\E is ignored
        .init(#"x\Q\E*"#, "xxx", full: [0..<3], search: [0..<3]),
        // a backslash inside \Q...\E
        .init(#"\Q\\E"#, #"\"#, full: [0..<1], search: [0..<1]),
        .init(#"\."#, ".", full: [0..<1], search: [0..<1]),
        .init(#"\."#, "a", full: nil, search: nil),
        .init(#"\*\+\?"#, "*+?", full: [0..<3], search: [0..<3]),
        .init(#"\(\)\[\]\{\}"#, "()[]{}", full: [0..<6], search: [0..<6]),
        .init(#"\|\^\$"#, "|^$", full: [0..<3], search: [0..<3]),
        .init(#"\\"#, #"\"#, full: [0..<1], search: [0..<1]),
        // any punctuation may be escaped
        .init(##"\-\/\#\&\~"##, "-/#&~", full: [0..<5], search: [0..<5]),
        // escaped space
        .init(#"\ "#, " ", full: [0..<1], search: [0..<1]),
        // escaped underscore
        .init(#"\_"#, "_", full: [0..<1], search: [0..<1]),
        .init(#"\@\!\%"#, "@!%", full: [0..<3], search: [0..<3]),
        // non-ASCII literal
        .init("\u{E9}t\u{E9}", "\u{E9}t\u{E9}", full: [0..<5], search: [0..<5]),
        .init("a\u{263A}b", "xa\u{263A}bx", full: nil, search: [1..<6]),
    ]

    /// Dot, newline and the s flag.
    static let dot: [MatchCase] = [
        .init(".", "a", full: [0..<1], search: [0..<1]),
        .init(".", "", full: nil, search: nil),
        // dot excludes newline by default
        .init(".", "\n", full: nil, search: nil),
        .init("(?s).", "\n", full: [0..<1], search: [0..<1]),
        // only \n is excluded
        .init(".", "\r", full: [0..<1], search: [0..<1]),
        .init("a.c", "abc", full: [0..<3], search: [0..<3]),
        .init("a.c", "a\nc", full: nil, search: nil),
        .init("(?s)a.c", "a\nc", full: [0..<3], search: [0..<3]),
        // search stops at the newline
        .init(".+", "ab\ncd", full: nil, search: [0..<2]),
        .init("(?s).+", "ab\ncd", full: [0..<5], search: [0..<5]),
        // empty match before the newline
        .init(".*", "\n", full: nil, search: [0..<0]),
        .init("a.*b", "a\nb", full: nil, search: nil),
        // scoped s flag
        .init("(?s:a.)b", "a\nb", full: [0..<3], search: [0..<3]),
        // s flag ends with the group
        .init("(?s:.).", "\n\n", full: nil, search: nil),
        // dot with the dot-matches-newline option
        .init(".", "\n", options: .init(dotMatchesNewline: true), full: [0..<1], search: [0..<1]),
        // option turned off inline
        .init("(?-s).", "\n", options: .init(dotMatchesNewline: true), full: nil, search: nil),
        // dot consumes a whole two-byte character
        .init(".", "\u{E9}", full: [0..<2], search: [0..<2]),
        // three-byte character
        .init(".", "\u{20AC}", full: [0..<3], search: [0..<3]),
        // four-byte character
        .init(".", "\u{1F600}", full: [0..<4], search: [0..<4]),
        .init("..", "\u{1F600}", full: nil, search: nil),
        .init("^.$", "\u{1F600}", full: [0..<4], search: [0..<4]),
        .init("a.b", "a\u{263A}b", full: [0..<5], search: [0..<5]),
        .init("...", "a\u{E9}\u{20AC}", full: [0..<6], search: [0..<6]),
        // negated classes match newline
        .init("[^a]", "\n", full: [0..<1], search: [0..<1]),
        .init("[^a]", "\u{E9}", full: [0..<2], search: [0..<2]),
    ]

    /// Bracketed character classes.
    static let classes: [MatchCase] = [
        .init("[abc]", "b", full: [0..<1], search: [0..<1]),
        .init("[abc]", "d", full: nil, search: nil),
        .init("[abc]+", "xcabx", full: nil, search: [1..<4]),
        .init("[a-c]", "b", full: [0..<1], search: [0..<1]),
        .init("[a-c]", "d", full: nil, search: nil),
        .init("[a-cx-z]", "y", full: [0..<1], search: [0..<1]),
        .init("[a-cx-z]", "m", full: nil, search: nil),
        .init("[^abc]", "d", full: [0..<1], search: [0..<1]),
        .init("[^abc]", "a", full: nil, search: nil),
        .init("[^a-z]+", "abc123def", full: nil, search: [3..<6]),
        // ] first is literal
        .init("[]a]", "]", full: [0..<1], search: [0..<1]),
        .init("[]a]+", "a]a", full: [0..<3], search: [0..<3]),
        // ] first after ^ is literal
        .init("[^]a]", "b", full: [0..<1], search: [0..<1]),
        .init("[^]a]", "]", full: nil, search: nil),
        // trailing - is literal
        .init("[a-]", "-", full: [0..<1], search: [0..<1]),
        // leading - is literal
        .init("[-a]", "-", full: [0..<1], search: [0..<1]),
        .init("[^-a]", "-", full: nil, search: nil),
        // escaped - is literal
        .init(#"[a\-z]"#, "-", full: [0..<1], search: [0..<1]),
        // not a range
        .init(#"[a\-z]"#, "b", full: nil, search: nil),
        // - after a range is literal
        .init("[a-c-e]", "-", full: [0..<1], search: [0..<1]),
        .init("[a-c-e]", "d", full: nil, search: nil),
        .init(#"[\]]"#, "]", full: [0..<1], search: [0..<1]),
        .init(#"[\\]"#, #"\"#, full: [0..<1], search: [0..<1]),
        .init(#"[\[]"#, "[", full: [0..<1], search: [0..<1]),
        // [ alone inside a class is literal
        .init("[[]", "[", full: [0..<1], search: [0..<1]),
        // ^ not first is literal
        .init("[a^]", "^", full: [0..<1], search: [0..<1]),
        .init(#"[\^]"#, "^", full: [0..<1], search: [0..<1]),
        // metacharacters are literal in classes
        .init("[.*+?(){}|$]+", ".*+?(){}|$", full: [0..<10], search: [0..<10]),
        .init(#"[\n]"#, "\n", full: [0..<1], search: [0..<1]),
        .init(#"[\t\r]+"#, "\t\r", full: [0..<2], search: [0..<2]),
        // hex escapes as range ends
        .init(#"[\x41-\x43]"#, "B", full: [0..<1], search: [0..<1]),
        .init(#"[\x{263a}]"#, "\u{263A}", full: [0..<3], search: [0..<3]),
        // octal range ends
        .init(#"[\101-\103]+"#, "ABCD", full: nil, search: [0..<3]),
        // single-character range
        .init("[a-a]", "a", full: [0..<1], search: [0..<1]),
        .init(#"[\d]"#, "5", full: [0..<1], search: [0..<1]),
        .init(#"[\d]"#, "a", full: nil, search: nil),
        .init(#"[\D]"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"[^\d]"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"[^\d]"#, "5", full: nil, search: nil),
        // not not digits
        .init(#"[^\D]"#, "5", full: [0..<1], search: [0..<1]),
        .init(#"[\w-]+"#, "a-b_c", full: [0..<5], search: [0..<5]),
        // - after a Perl class is literal
        .init(#"[\d-z]+"#, "5-z", full: [0..<3], search: [0..<3]),
        .init(#"[\s]"#, " ", full: [0..<1], search: [0..<1]),
        .init(#"[^\S]"#, "\t", full: [0..<1], search: [0..<1]),
        .init(#"[\dA-F]+"#, "09AFG", full: nil, search: [0..<4]),
        // multibyte range
        .init("[\u{3B1}-\u{3C9}]", "\u{3BB}", full: [0..<2], search: [0..<2]),
        .init("[\u{3B1}-\u{3C9}]", "a", full: nil, search: nil),
        .init("[\u{3B1}-\u{3C9}]+", "x\u{3B1}\u{3B2}\u{3B3}x", full: nil, search: [1..<7]),
        .init("[\u{E9}]", "\u{E9}", full: [0..<2], search: [0..<2]),
        .init("[^\u{E9}]", "\u{E9}", full: nil, search: nil),
        .init("[^\u{E9}]", "e", full: [0..<1], search: [0..<1]),
        .init("[a\u{E9}]+", "\u{E9}a\u{E9}", full: [0..<5], search: [0..<5]),
        .init(#"[\x{100}-\x{10FFFF}]"#, "\u{1F600}", full: [0..<4], search: [0..<4]),
        .init(#"[\x{100}-\x{10FFFF}]"#, "\u{FF}", full: nil, search: nil),
        .init(#"[\x00-\x{7F}]+"#, "ab\u{E9}", full: nil, search: [0..<2]),
        // range from three-byte to four-byte characters
        .init("[\u{20AC}-\u{1F600}]", "\u{263A}", full: [0..<3], search: [0..<3]),
        // POSIX syntax outside brackets is a plain class
        .init("[:alpha:]", "p", full: [0..<1], search: [0..<1]),
        .init("[:alpha:]", ":", full: [0..<1], search: [0..<1]),
        .init("[:alpha:]", "b", full: nil, search: nil),
        // a class that excludes everything
        .init(#"[^\x00-\x{10FFFF}]"#, "a", full: nil, search: nil),
        .init(#"[^\D\d]"#, "a", full: nil, search: nil),
        .init(#"[\s\S]"#, "\n", full: [0..<1], search: [0..<1]),
        .init("(?s)[^a]", "\n", full: [0..<1], search: [0..<1]),
        // overlapping ranges
        .init("[a-fb-z]+", "Abz", full: nil, search: [1..<3]),
        // no class intersection: & is literal
        .init("[a&&b]+", "&ab", full: [0..<3], search: [0..<3]),
        .init(#"[\01-\07]+"#, "\u{1}\u{7}", full: [0..<2], search: [0..<2]),
        // - after a POSIX class is literal
        .init("[[:word:]-a]+", "-a_", full: [0..<3], search: [0..<3]),
    ]

    /// POSIX classes (every name, positive and negative).
    static let posix: [MatchCase] = [
        .init("[[:alnum:]]", "a", full: [0..<1], search: [0..<1]),
        .init("[[:alnum:]]", "_", full: nil, search: nil),
        .init("[[:alnum:]]", "7", full: [0..<1], search: [0..<1]),
        .init("[[:alnum:]]", "-", full: nil, search: nil),
        .init("[[:alpha:]]", "Z", full: [0..<1], search: [0..<1]),
        .init("[[:alpha:]]", "1", full: nil, search: nil),
        .init("[[:ascii:]]", "\u{7F}", full: [0..<1], search: [0..<1]),
        .init("[[:ascii:]]", "\u{E9}", full: nil, search: nil),
        .init("[[:blank:]]", "\t", full: [0..<1], search: [0..<1]),
        .init("[[:blank:]]", "\n", full: nil, search: nil),
        .init("[[:blank:]]", " ", full: [0..<1], search: [0..<1]),
        .init("[[:blank:]]", "a", full: nil, search: nil),
        .init("[[:cntrl:]]", "\u{1F}", full: [0..<1], search: [0..<1]),
        .init("[[:cntrl:]]", " ", full: nil, search: nil),
        .init("[[:cntrl:]]", "\u{7F}", full: [0..<1], search: [0..<1]),
        .init("[[:cntrl:]]", "a", full: nil, search: nil),
        .init("[[:digit:]]", "0", full: [0..<1], search: [0..<1]),
        .init("[[:digit:]]", "a", full: nil, search: nil),
        .init("[[:graph:]]", "!", full: [0..<1], search: [0..<1]),
        .init("[[:graph:]]", " ", full: nil, search: nil),
        .init("[[:graph:]]", "~", full: [0..<1], search: [0..<1]),
        .init("[[:graph:]]", "\u{7F}", full: nil, search: nil),
        .init("[[:lower:]]", "q", full: [0..<1], search: [0..<1]),
        .init("[[:lower:]]", "Q", full: nil, search: nil),
        .init("[[:print:]]", " ", full: [0..<1], search: [0..<1]),
        .init("[[:print:]]", "\t", full: nil, search: nil),
        .init("[[:punct:]]", "!", full: [0..<1], search: [0..<1]),
        .init("[[:punct:]]", "a", full: nil, search: nil),
        .init("[[:punct:]]", "`", full: [0..<1], search: [0..<1]),
        .init("[[:punct:]]", " ", full: nil, search: nil),
        .init("[[:punct:]]", "~", full: [0..<1], search: [0..<1]),
        .init("[[:punct:]]", "\u{E9}", full: nil, search: nil),
        .init("[[:space:]]", "\u{B}", full: [0..<1], search: [0..<1]),
        .init("[[:space:]]", "a", full: nil, search: nil),
        .init("[[:space:]]", "\r", full: [0..<1], search: [0..<1]),
        .init("[[:space:]]", "\u{8}", full: nil, search: nil),
        .init("[[:upper:]]", "Q", full: [0..<1], search: [0..<1]),
        .init("[[:upper:]]", "q", full: nil, search: nil),
        .init("[[:word:]]", "_", full: [0..<1], search: [0..<1]),
        .init("[[:word:]]", "-", full: nil, search: nil),
        .init("[[:xdigit:]]", "f", full: [0..<1], search: [0..<1]),
        .init("[[:xdigit:]]", "g", full: nil, search: nil),
        .init("[[:xdigit:]]", "F", full: [0..<1], search: [0..<1]),
        .init("[[:xdigit:]]", "G", full: nil, search: nil),
        // negated POSIX class
        .init("[[:^digit:]]", "a", full: [0..<1], search: [0..<1]),
        .init("[[:^digit:]]", "5", full: nil, search: nil),
        .init("[[:^alpha:]]+", "ab12cd", full: nil, search: [2..<4]),
        .init("[^[:digit:]]", "5", full: nil, search: nil),
        .init("[^[:digit:]]", "x", full: [0..<1], search: [0..<1]),
        // double negation
        .init("[^[:^digit:]]", "5", full: [0..<1], search: [0..<1]),
        .init("[[:alpha:][:digit:]]+", "a1-", full: nil, search: [0..<2]),
        .init("[[:upper:]x]+", "AxBy", full: nil, search: [0..<3]),
        .init("[[:digit:]-]+", "1-2", full: [0..<3], search: [0..<3]),
        .init("[[:^ascii:]]", "\u{E9}", full: [0..<2], search: [0..<2]),
        // case folding widens POSIX classes
        .init("(?i)[[:upper:]]", "a", full: [0..<1], search: [0..<1]),
        .init("(?i)[[:lower:]]", "Z", full: [0..<1], search: [0..<1]),
        // POSIX class word
        .init("[[:word:]]+", "ab_1 ", full: nil, search: [0..<4]),
    ]

    /// Perl classes (ASCII-only).
    static let perl: [MatchCase] = [
        .init(#"\d"#, "5", full: [0..<1], search: [0..<1]),
        .init(#"\d"#, "x", full: nil, search: nil),
        .init(#"\d+"#, "ab123cd", full: nil, search: [2..<5]),
        // \d is ASCII-only
        .init(#"\d"#, "\u{663}", full: nil, search: nil),
        .init(#"\D"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\D"#, "5", full: nil, search: nil),
        .init(#"\D"#, "\u{663}", full: [0..<2], search: [0..<2]),
        .init(#"\w"#, "_", full: [0..<1], search: [0..<1]),
        .init(#"\w+"#, "foo_bar9!", full: nil, search: [0..<8]),
        // \w is ASCII-only
        .init(#"\w"#, "\u{E9}", full: nil, search: nil),
        .init(#"\W"#, "-", full: [0..<1], search: [0..<1]),
        .init(#"\W"#, "a", full: nil, search: nil),
        .init(#"\W"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        .init(#"\s"#, " ", full: [0..<1], search: [0..<1]),
        .init(#"\s"#, "\t", full: [0..<1], search: [0..<1]),
        .init(#"\s"#, "\n", full: [0..<1], search: [0..<1]),
        .init(#"\s"#, "\u{C}", full: [0..<1], search: [0..<1]),
        .init(#"\s"#, "\r", full: [0..<1], search: [0..<1]),
        // \s excludes vertical tab
        .init(#"\s"#, "\u{B}", full: nil, search: nil),
        .init(#"\s"#, "\u{A0}", full: nil, search: nil),
        .init(#"\S"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\S"#, " ", full: nil, search: nil),
        .init(#"\S"#, "\u{B}", full: [0..<1], search: [0..<1]),
        .init(#"\d\s\w"#, "1 a", full: [0..<3], search: [0..<3]),
        // Kelvin sign is not an ASCII word character
        .init(#"\w"#, "\u{212A}", full: nil, search: nil),
        .init(#"\W"#, "\u{212A}", full: [0..<3], search: [0..<3]),
        // with i, \w also takes the folds of k and s
        .init(#"(?i)\w"#, "\u{212A}", full: [0..<3], search: [0..<3]),
        .init(#"(?i)\w"#, "\u{17F}", full: [0..<2], search: [0..<2]),
        .init(#"(?i)\W"#, "k", full: nil, search: nil),
        // with i, \W excludes the Kelvin sign
        .init(#"(?i)\W"#, "\u{212A}", full: nil, search: nil),
    ]

    /// Unicode classes.
    static let unicode: [MatchCase] = [
        .init(#"\pL"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\pL"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        .init(#"\pL"#, "1", full: nil, search: nil),
        .init(#"\p{L}"#, "\u{4E2D}", full: [0..<3], search: [0..<3]),
        .init(#"\p{Greek}"#, "\u{3B1}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Greek}"#, "a", full: nil, search: nil),
        .init(#"\p{Greek}+"#, "x\u{3B1}\u{3B2}\u{3B3}y", full: nil, search: [1..<7]),
        .init(#"\PN"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\PN"#, "5", full: nil, search: nil),
        // Arabic-Indic digit is a number
        .init(#"\pN"#, "\u{663}", full: [0..<2], search: [0..<2]),
        // vulgar fraction is a number
        .init(#"\pN"#, "\u{BD}", full: [0..<2], search: [0..<2]),
        // negation with ^ inside braces
        .init(#"\p{^Greek}"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\p{^Greek}"#, "\u{3B1}", full: nil, search: nil),
        // double negation
        .init(#"\P{^Greek}"#, "\u{3B1}", full: [0..<2], search: [0..<2]),
        .init(#"\P{Greek}"#, "\u{3B1}", full: nil, search: nil),
        .init(#"[\p{Lu}]"#, "A", full: [0..<1], search: [0..<1]),
        .init(#"[\p{Lu}]"#, "a", full: nil, search: nil),
        .init(#"[^\p{Lu}]"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"[^\p{Lu}]"#, "A", full: nil, search: nil),
        .init(#"[\P{Lu}]"#, "A", full: nil, search: nil),
        .init(#"\p{Lu}"#, "\u{C9}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Ll}"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Lu}"#, "\u{E9}", full: nil, search: nil),
        .init(#"\p{Han}+"#, "\u{4E2D}\u{6587}", full: [0..<6], search: [0..<6]),
        .init(#"\p{Cyrillic}"#, "\u{436}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Latin}"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Latin}"#, "\u{3B1}", full: nil, search: nil),
        .init(#"\p{Nd}"#, "\u{663}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Nd}"#, "\u{BD}", full: nil, search: nil),
        // currency symbol
        .init(#"\p{Sc}"#, "\u{20AC}", full: [0..<3], search: [0..<3]),
        .init(#"\p{Sm}"#, "+", full: [0..<1], search: [0..<1]),
        .init(#"\p{Zs}"#, " ", full: [0..<1], search: [0..<1]),
        // line separator is in Z
        .init(#"\pZ"#, "\u{2028}", full: [0..<3], search: [0..<3]),
        .init(#"\p{P}+"#, "!?.", full: [0..<3], search: [0..<3]),
        .init(#"\p{Cc}"#, "\0", full: [0..<1], search: [0..<1]),
        .init(#"\p{Any}"#, "\u{1F600}", full: [0..<4], search: [0..<4]),
        // \p{Any} matches newline
        .init(#"\p{Any}"#, "\n", full: [0..<1], search: [0..<1]),
        .init(#"\p{Common}"#, "1", full: [0..<1], search: [0..<1]),
        .init(#"[\pL\pN]+"#, "a1\u{E9}\u{663}-", full: nil, search: [0..<6]),
        .init(#"[^\pL]"#, "\u{E9}", full: nil, search: nil),
        // case folding widens Unicode classes
        .init(#"(?i)\p{Lu}"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"(?i)\p{Greek}"#, "\u{3A3}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Braille}"#, "\u{2800}", full: [0..<3], search: [0..<3]),
        .init(#"[^\P{Greek}]"#, "\u{3B1}", full: [0..<2], search: [0..<2]),
        .init(#"\p{Lo}"#, "\u{4E2D}", full: [0..<3], search: [0..<3]),
        // combining acute accent
        .init(#"\pM"#, "e\u{301}", full: nil, search: [1..<3]),
        .init(#"\p{Co}"#, "\u{E000}", full: [0..<3], search: [0..<3]),
        .init(#"\p{Zl}"#, "\u{2028}", full: [0..<3], search: [0..<3]),
        .init(#"\p{Nl}"#, "\u{2160}", full: [0..<3], search: [0..<3]),
        .init(#"\P{L}+"#, "12ab", full: nil, search: [0..<2]),
        .init(#"[^\pL\pN]+"#, "ab-- 12", full: nil, search: [2..<5]),
        .init(#"\pN{2}"#, "12", full: [0..<2], search: [0..<2]),
        // counted repeat of a Unicode class
        .init(#"\p{Greek}{30}"#, String(repeating: "\u{3B1}", count: 30), full: [0..<60], search: [0..<60]),
    ]

    /// Anchors and boundaries.
    static let anchors: [MatchCase] = [
        .init("^abc", "abc", full: [0..<3], search: [0..<3]),
        .init("^abc", "xabc", full: nil, search: nil),
        .init("abc$", "xabc", full: nil, search: [1..<4]),
        // $ does not match before a trailing newline
        .init("abc$", "abc\n", full: nil, search: nil),
        .init("^abc$", "abc\n", full: nil, search: nil),
        // multi-line $ matches before a newline
        .init("(?m)abc$", "abc\n", full: nil, search: [0..<3]),
        .init("(?m)^b", "a\nb", full: nil, search: [2..<3]),
        .init("^b", "a\nb", full: nil, search: nil),
        // first line start wins
        .init("(?m)^a", "b\na\na", full: nil, search: [2..<3]),
        .init("(?m)a$", "a\nb", full: nil, search: [0..<1]),
        .init("(?m)^$", "", full: [0..<0], search: [0..<0]),
        .init("(?m)^$", "\n", full: nil, search: [0..<0]),
        // empty line in the middle
        .init("(?m)^$", "a\n\nb", full: nil, search: [2..<2]),
        .init("(?m)$", "a\nb", full: nil, search: [1..<1]),
        .init("(?m)^", "\na", full: nil, search: [0..<0]),
        .init(#"\Ab"#, "a\nb", full: nil, search: nil),
        // \A ignores the m flag
        .init(#"(?m)\Ab"#, "a\nb", full: nil, search: nil),
        .init(#"\Aab"#, "ab", full: [0..<2], search: [0..<2]),
        .init(#"a\z"#, "a\n", full: nil, search: nil),
        // \z ignores the m flag
        .init(#"(?m)a\z"#, "a\n", full: nil, search: nil),
        .init(#"a\z"#, "ba", full: nil, search: [1..<2]),
        .init("^$", "", full: [0..<0], search: [0..<0]),
        .init("^$", "\n", full: nil, search: nil),
        .init("^", "abc", full: nil, search: [0..<0]),
        .init("$", "abc", full: nil, search: [3..<3]),
        // ^ is an anchor even in the middle
        .init("a^b", "a^b", full: nil, search: nil),
        .init("a$b", "a$b", full: nil, search: nil),
        .init("^^a$$", "a", full: [0..<1], search: [0..<1]),
        // a repeated anchor is allowed
        .init("^*a", "a", full: [0..<1], search: [0..<1]),
        .init("(?m)(^a\n)+", "a\na\n", full: [0..<4, 2..<4], search: [0..<4, 2..<4]),
        .init(#"\bfoo\b"#, "a foo b", full: nil, search: [2..<5]),
        .init(#"\bfoo\b"#, "afoo", full: nil, search: nil),
        .init(#"\bfoo\b"#, "foo", full: [0..<3], search: [0..<3]),
        .init(#"\Bfoo"#, "afoo", full: nil, search: [1..<4]),
        .init(#"\Bfoo"#, "foo", full: nil, search: nil),
        .init(#"\b"#, "", full: nil, search: nil),
        .init(#"\B"#, "", full: [0..<0], search: [0..<0]),
        .init(#"\b"#, "ab", full: nil, search: [0..<0]),
        .init(#"\B"#, "ab", full: nil, search: [1..<1]),
        .init(#"\b\w+\b"#, "  hi  ", full: nil, search: [2..<4]),
        // \b is ASCII-only
        .init(#"x\b"#, "x\u{E9}", full: nil, search: [0..<1]),
        .init("\\b\u{E9}", "\u{E9}", full: nil, search: nil),
        .init("\\B\u{E9}", "a\u{E9}", full: nil, search: nil),
        .init(#"\b_"#, "-_", full: nil, search: [1..<2]),
        .init(#"\b."#, "-a", full: nil, search: [1..<2]),
        // only \n ends a line
        .init("(?m)a$", "a\r\n", full: nil, search: nil),
        .init("(?m)^b", "a\r\nb", full: nil, search: [3..<4]),
        .init(#"(?m)a\n^b"#, "a\nb", full: [0..<3], search: [0..<3]),
        .init(#"(?:\z)+"#, "a", full: nil, search: [1..<1]),
        .init(#"(?m)^\w+$"#, "ab\ncd", full: nil, search: [0..<2]),
    ]

    /// Capturing and non-capturing groups.
    static let groups: [MatchCase] = [
        .init("(a)(b)", "ab", full: [0..<2, 0..<1, 1..<2], search: [0..<2, 0..<1, 1..<2]),
        .init("(a)(b)", "xaby", full: nil, search: [1..<3, 1..<2, 2..<3]),
        // group 1 unset
        .init("(a)|(b)", "b", full: [0..<1, nil, 0..<1], search: [0..<1, nil, 0..<1]),
        // group 2 unset
        .init("(a)|(b)", "a", full: [0..<1, 0..<1, nil], search: [0..<1, 0..<1, nil]),
        .init("(?:a)(b)", "ab", full: [0..<2, 1..<2], search: [0..<2, 1..<2]),
        .init("(?:ab)+", "ababx", full: nil, search: [0..<4]),
        // named groups are numbered too
        .init("(?P<first>a)(?<second>b)", "ab", full: [0..<2, 0..<1, 1..<2], search: [0..<2, 0..<1, 1..<2]),
        // nested groups
        .init("((a)(b))", "ab", full: [0..<2, 0..<2, 0..<1, 1..<2], search: [0..<2, 0..<2, 0..<1, 1..<2]),
        .init("(a(b(c)))", "abc", full: [0..<3, 0..<3, 1..<3, 2..<3], search: [0..<3, 0..<3, 1..<3, 2..<3]),
        // last iteration wins
        .init("(a)*", "aaa", full: [0..<3, 2..<3], search: [0..<3, 2..<3]),
        .init("(a|b)+", "abab", full: [0..<4, 3..<4], search: [0..<4, 3..<4]),
        .init("(a|b)+", "xbaay", full: nil, search: [1..<4, 3..<4]),
        .init(#"(\w)+"#, "hello", full: [0..<5, 4..<5], search: [0..<5, 4..<5]),
        // group of an unused star is unset
        .init("(a)*", "", full: [0..<0, nil], search: [0..<0, nil]),
        .init("(a)*b", "b", full: [0..<1, nil], search: [0..<1, nil]),
        .init("(a)?b", "b", full: [0..<1, nil], search: [0..<1, nil]),
        // empty but set
        .init("(a?)b", "b", full: [0..<1, 0..<0], search: [0..<1, 0..<0]),
        // inner group keeps its earlier value
        .init("((a)|b)+", "ab", full: [0..<2, 1..<2, 0..<1], search: [0..<2, 1..<2, 0..<1]),
        .init("((a)|(b))+", "ab", full: [0..<2, 1..<2, 0..<1, 1..<2], search: [0..<2, 1..<2, 0..<1, 1..<2]),
        .init("(a*)+", "b", full: nil, search: [0..<0, 0..<0]),
        .init("(a*)*", "b", full: nil, search: [0..<0, 0..<0]),
        .init("(a*)+", "aa", full: [0..<2, 0..<2], search: [0..<2, 0..<2]),
        .init("(a+|b+)*c", "aabbc", full: [0..<5, 2..<4], search: [0..<5, 2..<4]),
        .init("()", "", full: [0..<0, 0..<0], search: [0..<0, 0..<0]),
        .init("()", "a", full: nil, search: [0..<0, 0..<0]),
        // empty alternative first
        .init("(|a)", "a", full: [0..<1, 0..<1], search: [0..<0, 0..<0]),
        .init("(a|)", "a", full: [0..<1, 0..<1], search: [0..<1, 0..<1]),
        .init("(a|)", "b", full: nil, search: [0..<0, 0..<0]),
        .init("(a)(?:b|(c))", "ab", full: [0..<2, 0..<1, nil], search: [0..<2, 0..<1, nil]),
        .init("(a)(?:b|(c))", "ac", full: [0..<2, 0..<1, 1..<2], search: [0..<2, 0..<1, 1..<2]),
        .init("(?:(a)|b)(?:(c)|d)", "bc", full: [0..<2, nil, 1..<2], search: [0..<2, nil, 1..<2]),
        .init("(a)|b", "b", full: [0..<1, nil], search: [0..<1, nil]),
        .init(#"(?P<year>\d{4})-(?P<month>\d{2})"#, "on 2024-05-06", full: nil, search: [3..<10, 3..<7, 8..<10]),
        // duplicate names are accepted
        .init("(?P<x>a)(?P<x>b)", "ab", full: [0..<2, 0..<1, 1..<2], search: [0..<2, 0..<1, 1..<2]),
        .init("(?P<n1>a)(?:(?P<n2>b)|c)", "ac", full: [0..<2, 0..<1, nil], search: [0..<2, 0..<1, nil]),
        // eleven nested groups
        .init(
            "(((((((((((a)))))))))))",
            "a",
            full: [0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1],
            search: [0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1, 0..<1]
        ),
        .init("(?:(?:(?:a)))", "a", full: [0..<1], search: [0..<1]),
        .init(
            "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)",
            "abcdefghij",
            full: [0..<10, 0..<1, 1..<2, 2..<3, 3..<4, 4..<5, 5..<6, 6..<7, 7..<8, 8..<9, 9..<10],
            search: [0..<10, 0..<1, 1..<2, 2..<3, 3..<4, 4..<5, 5..<6, 6..<7, 7..<8, 8..<9, 9..<10]
        ),
        // every alternative keeps its last value
        .init("(?:(a)|(b)|(c))+", "abc", full: [0..<3, 0..<1, 1..<2, 2..<3], search: [0..<3, 0..<1, 1..<2, 2..<3]),
        .init("((a)|(b))*", "ab", full: [0..<2, 1..<2, 0..<1, 1..<2], search: [0..<2, 1..<2, 0..<1, 1..<2]),
        .init("(a*)*", "aa", full: [0..<2, 0..<2], search: [0..<2, 0..<2]),
        .init("(a?)*", "aa", full: [0..<2, 1..<2], search: [0..<2, 1..<2]),
        .init("(a?)+?", "aa", full: [0..<2, 1..<2], search: [0..<1, 0..<1]),
        .init("(|a)*", "aa", full: [0..<2, 1..<2], search: [0..<0, 0..<0]),
        .init("(|a)+", "aa", full: [0..<2, 1..<2], search: [0..<0, 0..<0]),
        .init("(a|)+", "aa", full: [0..<2, 1..<2], search: [0..<2, 1..<2]),
        .init("(a+)|(b+)", "bb", full: [0..<2, nil, 0..<2], search: [0..<2, nil, 0..<2]),
        .init("(a|b){3,5}", "ababab", full: nil, search: [0..<5, 4..<5]),
        // a group repeated zero times is unset
        .init("(a){0}b", "b", full: [0..<1, nil], search: [0..<1, nil]),
    ]

    /// Flags: i m s U, global and scoped, negation.
    static let flags: [MatchCase] = [
        .init("(?i)abc", "ABC", full: [0..<3], search: [0..<3]),
        .init("(?i)abc", "aBc", full: [0..<3], search: [0..<3]),
        // i cleared for b
        .init("(?i)a(?-i)b", "AB", full: nil, search: nil),
        .init("(?i)a(?-i)b", "Ab", full: [0..<2], search: [0..<2]),
        .init("(?i:a)b", "Ab", full: [0..<2], search: [0..<2]),
        .init("(?i:a)b", "AB", full: nil, search: nil),
        .init("a(?i)b", "aB", full: [0..<2], search: [0..<2]),
        .init("a(?i)b", "AB", full: nil, search: nil),
        // flag set inside a group ends with the group
        .init("(a(?i)b)c", "aBc", full: [0..<3, 0..<2], search: [0..<3, 0..<2]),
        .init("(a(?i)b)c", "aBC", full: nil, search: nil),
        .init("(?i)[a-c]+", "BcA", full: [0..<3], search: [0..<3]),
        .init("(?i)[^a]", "A", full: nil, search: nil),
        .init("(?i)(?-i:a)", "A", full: nil, search: nil),
        .init("(?i)(?-i:a)", "a", full: [0..<1], search: [0..<1]),
        .init(#"(?i)\x41"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"(?i)\Qab\E"#, "AB", full: [0..<2], search: [0..<2]),
        .init("(?s)a.b", "a\nb", full: [0..<3], search: [0..<3]),
        .init("(?s).(?-s).", "\n\n", full: nil, search: nil),
        .init("(?s).(?-s).", "\nx", full: [0..<2], search: [0..<2]),
        .init("(?m:^a)b", "x\nab", full: nil, search: [2..<4]),
        .init("(?m:$)\nb", "a\nb", full: nil, search: [1..<3]),
        // U makes + lazy
        .init("(?U)a+", "aaa", full: [0..<3], search: [0..<1]),
        // U makes +? greedy
        .init("(?U)a+?", "aaa", full: [0..<3], search: [0..<3]),
        .init("(?U)a*", "aaa", full: [0..<3], search: [0..<0]),
        .init("(?U)a*?", "aaa", full: [0..<3], search: [0..<3]),
        .init("(?U)a?", "a", full: [0..<1], search: [0..<0]),
        .init("(?U)a??", "a", full: [0..<1], search: [0..<1]),
        .init("(?U)a{2,4}", "aaaa", full: [0..<4], search: [0..<2]),
        .init("(?U)a{2,4}?", "aaaa", full: [0..<4], search: [0..<4]),
        .init("(?U)(a+)(a*)", "aaa", full: [0..<3, 0..<1, 1..<3], search: [0..<1, 0..<1, 1..<1]),
        .init("(?U:a+)a+", "aaaa", full: [0..<4], search: [0..<4]),
        .init("(?U)(?-U)a+", "aaa", full: [0..<3], search: [0..<3]),
        .init("(?is)a.", "A\n", full: [0..<2], search: [0..<2]),
        .init("(?i-s)a.", "A\n", full: nil, search: nil),
        .init("(?im)^b$", "a\nB\nc", full: nil, search: [2..<3]),
        .init("(?imsU)a.+", "A\nbb", full: [0..<4], search: [0..<2]),
        .init("(?i)", "", full: [0..<0], search: [0..<0]),
        // empty flag group
        .init("(?)a", "a", full: [0..<1], search: [0..<1]),
        .init("(?i:)", "", full: [0..<0], search: [0..<0]),
        .init("(?i)(?P<x>a)", "A", full: [0..<1, 0..<1], search: [0..<1, 0..<1]),
        // case-insensitive option
        .init("abc", "ABC", options: .init(caseInsensitive: true), full: [0..<3], search: [0..<3]),
        // option cleared inline
        .init("(?-i)abc", "ABC", options: .init(caseInsensitive: true), full: nil, search: nil),
        .init("(?-i:a)b", "aB", options: .init(caseInsensitive: true), full: [0..<2], search: [0..<2]),
        .init("\u{E9}", "\u{C9}", options: .init(caseInsensitive: true), full: [0..<2], search: [0..<2]),
    ]

    /// Case folding beyond ASCII.
    static let folding: [MatchCase] = [
        .init("(?i)\u{E9}", "\u{C9}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{C9}", "\u{E9}", full: [0..<2], search: [0..<2]),
        // no folding without i
        .init("\u{E9}", "\u{C9}", full: nil, search: nil),
        // Kelvin sign folds with k
        .init("(?i)k", "\u{212A}", full: [0..<3], search: [0..<3]),
        .init("(?i)K", "\u{212A}", full: [0..<3], search: [0..<3]),
        .init("(?i)\u{212A}", "k", full: [0..<1], search: [0..<1]),
        .init(#"(?i)\x{212A}"#, "K", full: [0..<1], search: [0..<1]),
        .init("k", "\u{212A}", full: nil, search: nil),
        .init("(?i)[k]", "\u{212A}", full: [0..<3], search: [0..<3]),
        // folding applies to ranges
        .init("(?i)[a-z]", "\u{212A}", full: [0..<3], search: [0..<3]),
        .init("(?i)[^k]", "\u{212A}", full: nil, search: nil),
        // long s folds with s
        .init("(?i)s", "\u{17F}", full: [0..<2], search: [0..<2]),
        .init("(?i)S", "\u{17F}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{17F}", "S", full: [0..<1], search: [0..<1]),
        .init("(?i)[a-z]+", "\u{17F}\u{212A}", full: [0..<5], search: [0..<5]),
        // sigma forms fold together
        .init("(?i)\u{3C3}", "\u{3A3}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{3C3}", "\u{3C2}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{3A3}", "\u{3C2}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{3C2}", "\u{3C3}", full: [0..<2], search: [0..<2]),
        .init("\u{3C3}", "\u{3C2}", full: nil, search: nil),
        // sharp s folds with capital sharp s
        .init("(?i)\u{DF}", "\u{1E9E}", full: [0..<3], search: [0..<3]),
        // no multi-character folding
        .init("(?i)\u{DF}", "SS", full: nil, search: nil),
        // titlecase digraph
        .init("(?i)\u{1C6}", "\u{1C5}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{1C4}", "\u{1C6}", full: [0..<2], search: [0..<2]),
        // Ohm sign folds with omega
        .init("(?i)\u{3C9}", "\u{2126}", full: [0..<3], search: [0..<3]),
        // micro sign folds with Greek mu
        .init("(?i)\u{B5}", "\u{39C}", full: [0..<2], search: [0..<2]),
        // no Turkish dotted I
        .init("(?i)i", "\u{130}", full: nil, search: nil),
        // no Turkish dotless i
        .init("(?i)\u{131}", "I", full: nil, search: nil),
        // Cyrillic
        .init("(?i)\u{436}", "\u{416}", full: [0..<2], search: [0..<2]),
        .init("(?i)\u{3B1}\u{3B2}\u{3B3}", "\u{391}\u{392}\u{393}", full: [0..<6], search: [0..<6]),
        .init("(?i)[\u{3B1}-\u{3C9}]+", "\u{391}\u{3A9}", full: [0..<4], search: [0..<4]),
        // Deseret, four-byte characters
        .init("(?i)\u{10428}", "\u{10400}", full: [0..<4], search: [0..<4]),
        // a range picks up the folds of its members
        .init("(?i)[k-l]", "\u{212A}", full: [0..<3], search: [0..<3]),
        // negation happens after folding
        .init("(?i)[^a-z]", "\u{212A}", full: nil, search: nil),
        .init(#"(?i)[^\x{212A}]"#, "k", full: nil, search: nil),
        // negated POSIX class under i excludes both cases
        .init("(?i)[[:^lower:]]", "A", full: nil, search: nil),
        .init("(?i)[[:^lower:]]", "a", full: nil, search: nil),
        .init("(?i)[[:^lower:]]", "1", full: [0..<1], search: [0..<1]),
        .init(#"(?i)[^\p{Lu}]"#, "a", full: nil, search: nil),
        .init(#"(?i)\x{3a3}+"#, "\u{3C3}\u{3C2}\u{3A3}", full: [0..<6], search: [0..<6]),
        .init("(?i)\u{17F}+", "sS\u{17F}", full: [0..<4], search: [0..<4]),
        // \b stays ASCII under i
        .init(#"(?i)\bk\b"#, "\u{212A}", full: nil, search: nil),
        .init(#"(?i)\Bk"#, "\u{212A}", full: [0..<3], search: [0..<3]),
    ]

    /// Alternation (leftmost-first).
    static let alternation: [MatchCase] = [
        // search prefers the first alternative
        .init("a|ab", "ab", full: [0..<2], search: [0..<1]),
        .init("ab|a", "ab", full: [0..<2], search: [0..<2]),
        .init("a|b|c", "c", full: [0..<1], search: [0..<1]),
        .init("a|b|c", "d", full: nil, search: nil),
        .init("foo|foobar", "foobar", full: [0..<6], search: [0..<3]),
        .init("foobar|foo", "foobar", full: [0..<6], search: [0..<6]),
        // empty first alternative
        .init("|a", "a", full: [0..<1], search: [0..<0]),
        .init("a|", "a", full: [0..<1], search: [0..<1]),
        .init("a|", "b", full: nil, search: [0..<0]),
        .init("a||b", "b", full: [0..<1], search: [0..<0]),
        .init("|", "", full: [0..<0], search: [0..<0]),
        .init("(a|ab)(c|bcd)", "abcd", full: [0..<4, 0..<1, 1..<4], search: [0..<4, 0..<1, 1..<4]),
        .init("(a|ab)(c|bcd)(d*)", "abcd", full: [0..<4, 0..<1, 1..<4, 4..<4], search: [0..<4, 0..<1, 1..<4, 4..<4]),
        .init("(a|ab)(b*)", "abb", full: [0..<3, 0..<1, 1..<3], search: [0..<3, 0..<1, 1..<3]),
        .init("x*|b", "b", full: [0..<1], search: [0..<0]),
        .init("b|x*", "b", full: [0..<1], search: [0..<1]),
        .init("(?:a|b)*c", "abbac", full: [0..<5], search: [0..<5]),
        .init("(a|b)*?c", "abc", full: [0..<3, 1..<2], search: [0..<3, 1..<2]),
        .init("cat|dog|bird", "hotdog", full: nil, search: [3..<6]),
        .init("(cat|category)s?", "categorys", full: [0..<9, 0..<8], search: [0..<3, 0..<3]),
        .init("a(b|c|d)e", "ade", full: [0..<3, 1..<2], search: [0..<3, 1..<2]),
        .init("\u{E9}|e", "\u{E9}", full: [0..<2], search: [0..<2]),
    ]

    /// Repetition operators.
    static let repetition: [MatchCase] = [
        .init("a*", "", full: [0..<0], search: [0..<0]),
        .init("a*", "aaa", full: [0..<3], search: [0..<3]),
        // star matches empty at 0
        .init("a*", "baaa", full: nil, search: [0..<0]),
        .init("a+", "baaa", full: nil, search: [1..<4]),
        .init("a+", "", full: nil, search: nil),
        .init("a?", "a", full: [0..<1], search: [0..<1]),
        .init("a?", "aa", full: nil, search: [0..<1]),
        .init("ab*c", "ac", full: [0..<2], search: [0..<2]),
        .init("ab+c", "ac", full: nil, search: nil),
        .init("ab?c", "abbc", full: nil, search: nil),
        .init("a{2}", "aa", full: [0..<2], search: [0..<2]),
        .init("a{2}", "aaa", full: nil, search: [0..<2]),
        .init("a{2}", "a", full: nil, search: nil),
        .init("a{2,}", "aaaa", full: [0..<4], search: [0..<4]),
        .init("a{2,}", "a", full: nil, search: nil),
        .init("a{2,3}", "aaaa", full: nil, search: [0..<3]),
        .init("a{2,3}", "aa", full: [0..<2], search: [0..<2]),
        .init("a{0}", "a", full: nil, search: [0..<0]),
        .init("a{0}", "", full: [0..<0], search: [0..<0]),
        .init("a{0,0}", "", full: [0..<0], search: [0..<0]),
        .init("ba{0}c", "bc", full: [0..<2], search: [0..<2]),
        .init("a{0,1}", "a", full: [0..<1], search: [0..<1]),
        .init("a{1}", "a", full: [0..<1], search: [0..<1]),
        .init("(ab){2}", "abab", full: [0..<4, 2..<4], search: [0..<4, 2..<4]),
        .init("(ab){2}", "ababab", full: nil, search: [0..<4, 2..<4]),
        // nested counted repeats
        .init("(a{2}){3}", "aaaaaa", full: [0..<6, 4..<6], search: [0..<6, 4..<6]),
        .init("(a{2}){3}", "aaaaa", full: nil, search: nil),
        .init("(?:a{1,2}){2}", "aaa", full: [0..<3], search: [0..<3]),
        // nested repeats totalling 1000
        .init(
            "((a{10}){10}){10}",
            String(repeating: "a", count: 1000),
            full: [0..<1000, 900..<1000, 990..<1000],
            search: [0..<1000, 900..<1000, 990..<1000]
        ),
        // largest allowed count
        .init("a{1000}", String(repeating: "a", count: 1000), full: [0..<1000], search: [0..<1000]),
        .init("a{1000,}", String(repeating: "a", count: 1001), full: [0..<1001], search: [0..<1001]),
        // { not starting a repeat is literal
        .init("a{", "a{", full: [0..<2], search: [0..<2]),
        // no minimum means literal
        .init("a{,2}", "a{,2}", full: [0..<5], search: [0..<5]),
        .init("a{,2}", "aa", full: nil, search: nil),
        .init("a{x}", "a{x}", full: [0..<4], search: [0..<4]),
        .init("a{1", "a{1", full: [0..<3], search: [0..<3]),
        .init("a{1,", "a{1,", full: [0..<4], search: [0..<4]),
        .init("a{1,2", "a{1,2", full: [0..<5], search: [0..<5]),
        .init("{", "{", full: [0..<1], search: [0..<1]),
        .init("}", "}", full: [0..<1], search: [0..<1]),
        .init("a}", "a}", full: [0..<2], search: [0..<2]),
        .init("a{ 1}", "a{ 1}", full: [0..<5], search: [0..<5]),
        .init("a{1 }", "a{1 }", full: [0..<5], search: [0..<5]),
        // a literal brace can follow a repeat
        .init("x{2}{,3}", "xx{,3}", full: [0..<6], search: [0..<6]),
        // lazy star
        .init("a*?", "aaa", full: [0..<3], search: [0..<0]),
        .init("a+?", "aaa", full: [0..<3], search: [0..<1]),
        .init("a??", "a", full: [0..<1], search: [0..<0]),
        .init("a{2,3}?", "aaa", full: [0..<3], search: [0..<2]),
        .init("a{2,}?", "aaaa", full: [0..<4], search: [0..<2]),
        .init("a{2}?", "aa", full: [0..<2], search: [0..<2]),
        .init("a*?b", "aab", full: [0..<3], search: [0..<3]),
        .init("(a+?)(a*)", "aaa", full: [0..<3, 0..<1, 1..<3], search: [0..<3, 0..<1, 1..<3]),
        .init("(a*?)(a*)", "aa", full: [0..<2, 0..<0, 0..<2], search: [0..<2, 0..<0, 0..<2]),
        .init("(a*)(a*)", "aa", full: [0..<2, 0..<2, 2..<2], search: [0..<2, 0..<2, 2..<2]),
        .init("(a+)(a+)", "aaa", full: [0..<3, 0..<2, 2..<3], search: [0..<3, 0..<2, 2..<3]),
        .init("<.*>", "<a><b>", full: [0..<6], search: [0..<6]),
        .init("<.*?>", "<a><b>", full: [0..<6], search: [0..<3]),
        .init("(?:a*)*", "aa", full: [0..<2], search: [0..<2]),
        .init("(?:a*)+", "aa", full: [0..<2], search: [0..<2]),
        .init("(?:a+)?", "aa", full: [0..<2], search: [0..<2]),
        .init("(a+|b*)*", "ab", full: [0..<2, 1..<2], search: [0..<2, 1..<2]),
        // repeat applies to the whole character
        .init("\u{E9}+", "\u{E9}\u{E9}\u{E9}", full: [0..<6], search: [0..<6]),
        .init("\u{E9}{2}", "\u{E9}\u{E9}", full: [0..<4], search: [0..<4]),
        .init(#"\x{263a}+"#, "\u{263A}\u{263A}", full: [0..<6], search: [0..<6]),
        .init("[ab]{3}", "abba", full: nil, search: [0..<3]),
        .init("(?:ab|cd){2,}", "abcdab", full: [0..<6], search: [0..<6]),
        .init(#"\d{3}-\d{4}"#, "tel 555-1234", full: nil, search: [4..<12]),
        // no catastrophic backtracking
        .init("a*a*a*a*a*b", String(repeating: "a", count: 30), full: nil, search: nil),
        .init("(a|aa)*b", String(repeating: "a", count: 40), full: nil, search: nil),
        .init("(x+x+)+y", String(repeating: "x", count: 50), full: nil, search: nil),
        .init("(?:a{1000}){1}", String(repeating: "a", count: 1000), full: [0..<1000], search: [0..<1000]),
    ]

    /// Leftmost-first choice versus full match.
    static let leftmost: [MatchCase] = [
        .init("a*(b|bc)", "abc", full: [0..<3, 1..<3], search: [0..<2, 1..<2]),
        .init("(a|ab)c?", "abc", full: [0..<3, 0..<2], search: [0..<1, 0..<1]),
        .init("(a*)(ab)*(b*)", "abb", full: [0..<3, 0..<1, nil, 1..<3], search: [0..<3, 0..<1, nil, 1..<3]),
        .init("(a*)+$", "aab", full: nil, search: [3..<3, 3..<3]),
        .init("(a|ab)(bc|c)", "abc", full: [0..<3, 0..<1, 1..<3], search: [0..<3, 0..<1, 1..<3]),
        .init("(ab|a)(bc|c)", "abc", full: [0..<3, 0..<2, 2..<3], search: [0..<3, 0..<2, 2..<3]),
        .init(#"(.*)(\d+)"#, "abc123", full: [0..<6, 0..<5, 5..<6], search: [0..<6, 0..<5, 5..<6]),
        .init(#"(.*?)(\d+)"#, "abc123", full: [0..<6, 0..<3, 3..<6], search: [0..<6, 0..<3, 3..<6]),
        .init("(.+)(.+)", "abcd", full: [0..<4, 0..<3, 3..<4], search: [0..<4, 0..<3, 3..<4]),
        .init("(.+?)(.+)", "abcd", full: [0..<4, 0..<1, 1..<4], search: [0..<4, 0..<1, 1..<4]),
        .init("a*", "baa", full: nil, search: [0..<0]),
        .init("(a?)(a?)(a?)", "aa", full: [0..<2, 0..<1, 1..<2, 2..<2], search: [0..<2, 0..<1, 1..<2, 2..<2]),
        .init("(a??)(a??)", "aa", full: [0..<2, 0..<1, 1..<2], search: [0..<0, 0..<0, 0..<0]),
        .init("x*y*z*", "xxyyzzq", full: nil, search: [0..<6]),
        // the leftmost match, not the longest
        .init("b+", "abbcbbb", full: nil, search: [1..<3]),
        .init("(?:a|abc)(?:d|bcde)?", "abcde", full: [0..<5], search: [0..<5]),
    ]

    /// Empty patterns and empty matches.
    static let empty: [MatchCase] = [
        .init("", "", full: [0..<0], search: [0..<0]),
        .init("", "abc", full: nil, search: [0..<0]),
        .init("(?:)", "", full: [0..<0], search: [0..<0]),
        .init("(?:)*", "a", full: nil, search: [0..<0]),
        .init("()*", "", full: [0..<0, 0..<0], search: [0..<0, 0..<0]),
        .init("(?:a|)*", "aa", full: [0..<2], search: [0..<2]),
        .init("x*", "abc", full: nil, search: [0..<0]),
        .init("x?", "", full: [0..<0], search: [0..<0]),
        .init("(x*)(y*)", "z", full: nil, search: [0..<0, 0..<0, 0..<0]),
        .init("^", "", full: [0..<0], search: [0..<0]),
        .init("$", "", full: [0..<0], search: [0..<0]),
        .init(#"\b|a"#, "a", full: [0..<1], search: [0..<0]),
        .init("a{0}b{0}", "c", full: nil, search: [0..<0]),
        .init("(a{0})", "a", full: nil, search: [0..<0, 0..<0]),
        .init("(?:|a)*", "aa", full: [0..<2], search: [0..<0]),
        .init("(?:a|)*?", "aa", full: [0..<2], search: [0..<0]),
    ]

    /// UTF-8 and byte offsets.
    static let utf8: [MatchCase] = [
        // offsets are in bytes
        .init("\u{E9}", "caf\u{E9}", full: nil, search: [3..<5]),
        .init("f.", "caf\u{E9}", full: nil, search: [2..<5]),
        .init(".\u{E9}", "a\u{E9}", full: [0..<3], search: [0..<3]),
        .init("\u{E9}.", "\u{E9}\u{20AC}", full: [0..<5], search: [0..<5]),
        .init("a.b", "a\u{1F600}b", full: [0..<6], search: [0..<6]),
        .init("[^a]b", "\u{1F600}b", full: [0..<5], search: [0..<5]),
        .init("[^a]+", "a\u{E9}\u{20AC}\u{1F600}a", full: nil, search: [1..<10]),
        .init(#"\x{1F600}+"#, "\u{1F600}\u{1F600}", full: [0..<8], search: [0..<8]),
        .init("(.)(.)", "\u{E9}\u{20AC}", full: [0..<5, 0..<2, 2..<5], search: [0..<5, 0..<2, 2..<5]),
        .init("\u{20AC}(\\d+)", "cost \u{20AC}42", full: nil, search: [5..<10, 8..<10]),
        // \C is one byte
        .init(#"\C"#, "a", full: [0..<1], search: [0..<1]),
        .init(#"\C"#, "\u{E9}", full: nil, search: [0..<1]),
        .init(#"a\Cb"#, "a\u{E9}b", full: nil, search: nil),
        .init(#"a\C\Cb"#, "a\u{E9}b", full: [0..<4], search: [0..<4]),
        // invalid UTF-8 byte is not a character
        .init(".", bytes: [0xFF], full: nil, search: nil),
        .init("(?s).", bytes: [0xFF], full: nil, search: nil),
        .init("a", bytes: [0xFF, 0x61], full: nil, search: [1..<2]),
        .init("a.c", bytes: [0x61, 0xFF, 0x63], full: nil, search: nil),
        .init("[^a]", bytes: [0xFF], full: nil, search: nil),
        .init(#"\C"#, bytes: [0xFF], full: [0..<1], search: [0..<1]),
        .init(#"a\C+"#, bytes: [0x61, 0xFF, 0xFE], full: [0..<3], search: [0..<3]),
        // truncated two-byte sequence
        .init(".", bytes: [0xC3], full: nil, search: nil),
        .init(".+", bytes: [0x61, 0x62, 0xC3, 0xA9, 0xC3], full: nil, search: [0..<4]),
        // \xff is U+00FF, not the byte FF
        .init(#"\xff"#, bytes: [0xFF], full: nil, search: nil),
        .init(#"\xff"#, "\u{FF}", full: [0..<2], search: [0..<2]),
        .init(#"[\x80-\xff]"#, "\u{E9}", full: [0..<2], search: [0..<2]),
        // an encoded surrogate counts as one character
        .init(".", bytes: [0xED, 0xA0, 0x80], full: [0..<3], search: [0..<3]),
        .init(#"\x{D800}"#, bytes: [0xED, 0xA0, 0x80], full: [0..<3], search: [0..<3]),
        // overlong encoding is invalid
        .init(".", bytes: [0xC0, 0x80], full: nil, search: nil),
        // no canonical equivalence
        .init("\u{E9}", bytes: [0x65, 0xCC, 0x81], full: nil, search: nil),
    ]

    // MARK: - Errors

    // RE2 message text and code per case; the offset rule is documented on ErrorCase.

    /// Parentheses; also which error wins when there are several.
    static let parensErrors: [ErrorCase] = [
        .init("(abc", .missingParen, "missing ): (abc", offset: 0),
        // the first error in the pattern wins
        .init("(a**", .repeatOp, "bad repetition operator: **", offset: 2),
        // first error wins
        .init("[z-a](", .badCharRange, "invalid character class range: z-a", offset: 1),
        // first error wins
        .init(#"\8("#, .badEscape, #"invalid escape sequence: \8"#, offset: 0),
        .init("a(b", .missingParen, "missing ): a(b", offset: 1),
        .init("(a(b)", .missingParen, "missing ): (a(b)", offset: 0),
        .init("((a)", .missingParen, "missing ): ((a)", offset: 0),
        .init("(a)(b", .missingParen, "missing ): (a)(b", offset: 3),
        .init("((", .missingParen, "missing ): ((", offset: 1),
        .init("(?:a", .missingParen, "missing ): (?:a", offset: 0),
        .init("(?P<n>a", .missingParen, "missing ): (?P<n>a", offset: 0),
        .init("x(?i:a", .missingParen, "missing ): x(?i:a", offset: 1),
        .init("a)", .unexpectedParen, "unexpected ): a)", offset: 1),
        .init(")", .unexpectedParen, "unexpected ): )", offset: 0),
        .init("(a))", .unexpectedParen, "unexpected ): (a))", offset: 3),
        .init("a|)", .unexpectedParen, "unexpected ): a|)", offset: 2),
        .init("(a)b)c", .unexpectedParen, "unexpected ): (a)b)c", offset: 4),
    ]

    /// Brackets and classes.
    static let bracketsErrors: [ErrorCase] = [
        .init("[a", .missingBracket, "missing ]: [a", offset: 0),
        .init("a[b", .missingBracket, "missing ]: [b", offset: 1),
        .init("[a-", .missingBracket, "missing ]: [a-", offset: 0),
        .init("[]", .missingBracket, "missing ]: []", offset: 0),
        .init("[^]", .missingBracket, "missing ]: [^]", offset: 0),
        .init("[[:alpha:]", .missingBracket, "missing ]: [[:alpha:]", offset: 0),
        .init(#"[\d"#, .missingBracket, #"missing ]: [\d"#, offset: 0),
        .init("x[^", .missingBracket, "missing ]: [^", offset: 1),
        .init(#"[a\]"#, .missingBracket, #"missing ]: [a\]"#, offset: 0),
        .init("[z-a]", .badCharRange, "invalid character class range: z-a", offset: 1),
        .init("a[b-a]", .badCharRange, "invalid character class range: b-a", offset: 2),
        .init("[\u{3C9}-\u{3B1}]", .badCharRange, "invalid character class range: \u{3C9}-\u{3B1}", offset: 1),
        .init(#"[\x{10}-\x{5}]"#, .badCharRange, #"invalid character class range: \x{10}-\x{5}"#, offset: 1),
        .init("[[:foo:]]", .badCharRange, "invalid character class range: [:foo:]", offset: 1),
        .init("[[:^foo:]]", .badCharRange, "invalid character class range: [:^foo:]", offset: 1),
        .init("[[:ALPHA:]]", .badCharRange, "invalid character class range: [:ALPHA:]", offset: 1),
        .init(#"[a-\d]"#, .badEscape, #"invalid escape sequence: \d"#, offset: 3),
        .init(#"[\b]"#, .badEscape, #"invalid escape sequence: \b"#, offset: 1),
        .init(#"[\8]"#, .badEscape, #"invalid escape sequence: \8"#, offset: 1),
        .init(#"[\p{Foo}]"#, .badCharRange, #"invalid character class range: \p{Foo}"#, offset: 1),
    ]

    /// Repetition.
    static let repeatsErrors: [ErrorCase] = [
        .init("*", .repeatArgument, "no argument for repetition operator: *", offset: 0),
        .init("+a", .repeatArgument, "no argument for repetition operator: +", offset: 0),
        .init("?", .repeatArgument, "no argument for repetition operator: ?", offset: 0),
        .init("a|*", .repeatArgument, "no argument for repetition operator: *", offset: 2),
        .init("(*)", .repeatArgument, "no argument for repetition operator: *", offset: 1),
        .init("(?:+)", .repeatArgument, "no argument for repetition operator: +", offset: 3),
        .init("(*FAIL)", .repeatArgument, "no argument for repetition operator: *", offset: 1),
        .init(#"\Q\E*"#, .repeatArgument, "no argument for repetition operator: *", offset: 4),
        .init("^|+", .repeatArgument, "no argument for repetition operator: +", offset: 2),
        .init("{2}", .repeatArgument, "no argument for repetition operator: {2}", offset: 0),
        .init("a**", .repeatOp, "bad repetition operator: **", offset: 1),
        // possessive
        .init("a*+", .repeatOp, "bad repetition operator: *+", offset: 1),
        .init("a++", .repeatOp, "bad repetition operator: ++", offset: 1),
        .init("a?+", .repeatOp, "bad repetition operator: ?+", offset: 1),
        .init("a{2}+", .repeatOp, "bad repetition operator: {2}+", offset: 1),
        .init("a*?*", .repeatOp, "bad repetition operator: *?*", offset: 1),
        .init("a???", .repeatOp, "bad repetition operator: ???", offset: 1),
        .init("a{2}*", .repeatOp, "bad repetition operator: {2}*", offset: 1),
        .init("a{2}{3}", .repeatOp, "bad repetition operator: {2}{3}", offset: 1),
        .init("ab**", .repeatOp, "bad repetition operator: **", offset: 2),
        .init("a{1001}", .repeatSize, "invalid repetition size: {1001}", offset: 1),
        .init("a{1001,}", .repeatSize, "invalid repetition size: {1001,}", offset: 1),
        .init("a{0,1001}", .repeatSize, "invalid repetition size: {0,1001}", offset: 1),
        .init("a{2,1}", .repeatSize, "invalid repetition size: {2,1}", offset: 1),
        .init("(a{2}){1001}", .repeatSize, "invalid repetition size: {1001}", offset: 6),
        // nested counts multiply past 1000
        .init("(?:(a{10}){10}){11}", .repeatSize, "invalid repetition size: {11}", offset: 15),
        .init("a{100000}", .repeatSize, "invalid repetition size: {100000}", offset: 1),
        .init("a{1001,1002}", .repeatSize, "invalid repetition size: {1001,1002}", offset: 1),
        .init("(?:a{1000}){2}", .repeatSize, "invalid repetition size: {2}", offset: 11),
        .init("a{0}*", .repeatOp, "bad repetition operator: {0}*", offset: 1),
        // ten nested doublings make 1024
        .init(
            "((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            .repeatSize,
            "invalid repetition size: {2}",
            offset: 47
        ),
    ]

    /// Escapes.
    static let escapesErrors: [ErrorCase] = [
        .init(#"\8"#, .badEscape, #"invalid escape sequence: \8"#, offset: 0),
        .init(#"\9"#, .badEscape, #"invalid escape sequence: \9"#, offset: 0),
        // backreference
        .init(#"\1"#, .badEscape, #"invalid escape sequence: \1"#, offset: 0),
        .init(#"(a)\1"#, .badEscape, #"invalid escape sequence: \1"#, offset: 3),
        .init(#"\18"#, .badEscape, #"invalid escape sequence: \1"#, offset: 0),
        // single non-zero digit is a backreference
        .init(#"\7"#, .badEscape, #"invalid escape sequence: \7"#, offset: 0),
        .init(#"\Z"#, .badEscape, #"invalid escape sequence: \Z"#, offset: 0),
        .init(#"\e"#, .badEscape, #"invalid escape sequence: \e"#, offset: 0),
        .init(#"\cK"#, .badEscape, #"invalid escape sequence: \c"#, offset: 0),
        .init(#"\g1"#, .badEscape, #"invalid escape sequence: \g"#, offset: 0),
        .init(#"\k<n>"#, .badEscape, #"invalid escape sequence: \k"#, offset: 0),
        .init(#"\N{DIGIT ONE}"#, .badEscape, #"invalid escape sequence: \N"#, offset: 0),
        .init(#"\u0041"#, .badEscape, #"invalid escape sequence: \u"#, offset: 0),
        .init(#"\L"#, .badEscape, #"invalid escape sequence: \L"#, offset: 0),
        .init(#"\U"#, .badEscape, #"invalid escape sequence: \U"#, offset: 0),
        .init(#"\K"#, .badEscape, #"invalid escape sequence: \K"#, offset: 0),
        .init(#"\G"#, .badEscape, #"invalid escape sequence: \G"#, offset: 0),
        .init(#"\h"#, .badEscape, #"invalid escape sequence: \h"#, offset: 0),
        .init(#"\H"#, .badEscape, #"invalid escape sequence: \H"#, offset: 0),
        .init(#"\V"#, .badEscape, #"invalid escape sequence: \V"#, offset: 0),
        .init(#"\R"#, .badEscape, #"invalid escape sequence: \R"#, offset: 0),
        .init(#"\X"#, .badEscape, #"invalid escape sequence: \X"#, offset: 0),
        .init(#"\i"#, .badEscape, #"invalid escape sequence: \i"#, offset: 0),
        .init(#"\o"#, .badEscape, #"invalid escape sequence: \o"#, offset: 0),
        // non-ASCII escape
        .init("\\\u{E9}", .badEscape, "invalid escape sequence: \\\u{E9}", offset: 0),
        .init(#"\x4"#, .badEscape, #"invalid escape sequence: \x4"#, offset: 0),
        .init(#"\xg1"#, .badEscape, #"invalid escape sequence: \xg1"#, offset: 0),
        .init(#"\x{}"#, .badEscape, #"invalid escape sequence: \x{}"#, offset: 0),
        .init(#"\x{zz}"#, .badEscape, #"invalid escape sequence: \x{z"#, offset: 0),
        .init(#"\x{110000}"#, .badEscape, #"invalid escape sequence: \x{110000"#, offset: 0),
        .init(#"\x{41"#, .badEscape, #"invalid escape sequence: \x{41"#, offset: 0),
        .init(#"ab\p{Foo}"#, .badCharRange, #"invalid character class range: \p{Foo}"#, offset: 2),
        .init(#"\pX"#, .badCharRange, #"invalid character class range: \pX"#, offset: 0),
        .init(#"\p{"#, .badCharRange, #"invalid character class range: \p{"#, offset: 0),
        .init(#"\p{L"#, .badCharRange, #"invalid character class range: \p{L"#, offset: 0),
        .init(#"\p{IsGreek}"#, .badCharRange, #"invalid character class range: \p{IsGreek}"#, offset: 0),
        .init(#"\p{greek}"#, .badCharRange, #"invalid character class range: \p{greek}"#, offset: 0),
        // only the short general-category names
        .init(#"\p{Letter}"#, .badCharRange, #"invalid character class range: \p{Letter}"#, offset: 0),
        // \Q is not allowed inside a class
        .init(#"[\Q]\E]"#, .badEscape, #"invalid escape sequence: \Q"#, offset: 1),
        .init(#"a\"#, .trailingBackslash, #"trailing \"#, offset: 1),
        .init(#"\"#, .trailingBackslash, #"trailing \"#, offset: 0),
        .init(#"[a\"#, .trailingBackslash, #"trailing \"#, offset: 2),
        .init(#"\Qab\E\"#, .trailingBackslash, #"trailing \"#, offset: 6),
    ]

    /// Perl operators and named groups.
    static let perlErrors: [ErrorCase] = [
        // lookahead
        .init("(?=a)", .badPerlOp, "invalid perl operator: (?=", offset: 0),
        .init("(?!a)", .badPerlOp, "invalid perl operator: (?!", offset: 0),
        // lookbehind
        .init("(?<=a)", .badPerlOp, "invalid perl operator: (?<=", offset: 0),
        .init("(?<!a)", .badPerlOp, "invalid perl operator: (?<!", offset: 0),
        // atomic group
        .init("(?>a)", .badPerlOp, "invalid perl operator: (?>", offset: 0),
        // named backreference
        .init("(?P=n)", .badPerlOp, "invalid perl operator: (?P", offset: 0),
        .init("(?P>n)", .badPerlOp, "invalid perl operator: (?P", offset: 0),
        // conditional
        .init("(?(1)a|b)", .badPerlOp, "invalid perl operator: (?(", offset: 0),
        // comment
        .init("(?#c)", .badPerlOp, "invalid perl operator: (?#", offset: 0),
        .init("(?|a)", .badPerlOp, "invalid perl operator: (?|", offset: 0),
        .init("(?R)", .badPerlOp, "invalid perl operator: (?R", offset: 0),
        .init("(?1)", .badPerlOp, "invalid perl operator: (?1", offset: 0),
        .init("(?&n)", .badPerlOp, "invalid perl operator: (?&", offset: 0),
        .init("(?C)", .badPerlOp, "invalid perl operator: (?C", offset: 0),
        .init("(?'n'a)", .badPerlOp, "invalid perl operator: (?'", offset: 0),
        .init("(?x)", .badPerlOp, "invalid perl operator: (?x", offset: 0),
        .init("(?i", .badPerlOp, "invalid perl operator: (?i", offset: 0),
        .init("(?i-)", .badPerlOp, "invalid perl operator: (?i-)", offset: 0),
        .init("(?-)", .badPerlOp, "invalid perl operator: (?-)", offset: 0),
        .init("(?--i)", .badPerlOp, "invalid perl operator: (?--", offset: 0),
        .init("(?i-i-s)", .badPerlOp, "invalid perl operator: (?i-i-", offset: 0),
        .init("a(?z)", .badPerlOp, "invalid perl operator: (?z", offset: 1),
        .init("(?P<>a)", .badNamedCapture, "invalid named capture group: (?P<>", offset: 0),
        .init("(?<>a)", .badNamedCapture, "invalid named capture group: (?<>", offset: 0),
        .init("(?P<n", .badNamedCapture, "invalid named capture group: (?P<n", offset: 0),
        .init("(?P<n!>a)", .badNamedCapture, "invalid named capture group: (?P<n!>", offset: 0),
        .init("(?P<a b>c)", .badNamedCapture, "invalid named capture group: (?P<a b>", offset: 0),
        .init("(?Px)", .badPerlOp, "invalid perl operator: (?P", offset: 0),
    ]

    // MARK: - Capture names

    /// Capture counts and names.
    static let captureNames: [CaptureNamesCase] = [
        .init("abc", count: 0),
        .init("(a)(b)", count: 2),
        .init("(?:a)(b)", count: 1),
        .init("(?P<first>a)(?<second>b)", count: 2, names: ["first": 1, "second": 2]),
        .init("(a(?P<inner>b))", count: 2, names: ["inner": 2]),
        .init("(?P<x>a)(?P<x>b)", count: 2, names: ["x": 1]),
        .init("(?P<n1>a)|(?P<n2>b)", count: 2, names: ["n1": 1, "n2": 2]),
        .init("(?P<_u9>a)", count: 1, names: ["_u9": 1]),
        .init("(?P<1>a)", count: 1, names: ["1": 1]),
        .init("(?P<\u{E9}t\u{E9}>a)", count: 1, names: ["\u{E9}t\u{E9}": 1]),
        .init("((((a))))", count: 4),
        .init("(?i)(?P<x>a)(?:b)(c)", count: 2, names: ["x": 1]),
        .init(#"\(a\)"#, count: 0),
        .init("[(]a[)]", count: 0),
        .init(#"\Q(a)\E"#, count: 0),
    ]

    // MARK: - Replacement

    /// Every match replaced (RE2 `GlobalReplace` for `\1` templates, ECMAScript rules for `$1` templates).
    static let replaceAll: [ReplaceCase] = [
        .init("a(b*)", "abbcab", #"[\1]"#, expected: "[bb]c[b]"),
        .init("b*", "abc", "-", expected: "-a-c-"),
        .init("", "abc", "-", expected: "-a-b-c-"),
        .init("", "\u{E9}t\u{E9}", "-", expected: "-\u{E9}-t-\u{E9}-"),
        .init("x*", "\u{E9}x\u{20AC}", "-", expected: "-\u{E9}-\u{20AC}-"),
        .init(#"(\w+)@(\w+)"#, "me@host you@there", #"\2 at \1"#, expected: "host at me there at you"),
        .init(#"\d"#, "a1b22", #"<\0>"#, expected: "a<1>b<2><2>"),
        .init("/", "a/b/c", #"\\"#, expected: #"a\b\c"#),
        .init("(a)|b", "ab", #"[\1]"#, expected: "[a][]"),
        .init("a", "bbb", "X", expected: "bbb"),
        .init("^", "abc", ">", expected: ">abc"),
        .init("$", "abc", "<", expected: "abc<"),
        .init("(?m)^", "a\nb", "> ", expected: "> a\n> b"),
        .init(#"\b"#, "hi you", "|", expected: "|hi| |you|"),
        .init(#"(\w+) (\w+)"#, "hello world", "$2 $1", .dollar, expected: "world hello"),
        .init("o", "foo", "[$&]", .dollar, expected: "f[o][o]"),
        .init("a", "banana", "$$", .dollar, expected: "b$n$n$"),
        .init("(a)(n)", "banana", "$2$1$1", .dollar, expected: "bnaanaaa"),
        .init(#"(?P<v>\d+)"#, "v1 v22", "<$1>", .dollar, expected: "v<1> v<22>"),
        .init("(x)?y", "y", "[$1]", .dollar, expected: "[]"),
    ]

    /// Only the first match replaced (RE2 `Replace`).
    static let replaceFirst: [ReplaceCase] = [
        .init("b+", "abbcbb", "-", expected: "a-cbb"),
        .init(#"(\d+)-(\d+)"#, "10-20 30-40", #"\2-\1"#, expected: "20-10 30-40"),
        .init("x*", "abc", "-", expected: "-abc"),
        .init("z", "abc", "-", expected: "abc"),
        .init("(o)", "foo", "$1$1", .dollar, expected: "fooo"),
    ]

    /// Templates RE2 refuses: a group the regex does not have, or a backslash not followed by a digit or `\`.
    static let substitutionErrors: [SubstitutionErrorCase] = [
        // group 2 does not exist
        .init("a(b)", #"\2"#),
        .init("a", #"\1"#),
        // only digits and backslash may follow a backslash
        .init("a", #"\x"#),
        // trailing backslash
        .init("a", #"x\"#),
    ]

    /// Every match, left to right; an empty match right after the previous match is skipped (RE2
    /// `GlobalReplace`).
    static let allMatches: [AllMatchesCase] = [
        .init("a*", "baaa", matches: [0..<0, 1..<4]),
        .init("b*", "abc", matches: [0..<0, 1..<2, 3..<3]),
        .init("", "ab", matches: [0..<0, 1..<1, 2..<2]),
        .init("", "\u{E9}\u{20AC}", matches: [0..<0, 2..<2, 5..<5]),
        .init(#"\d+"#, "a1b22c333", matches: [1..<2, 3..<5, 6..<9]),
        .init("a|ab", "abab", matches: [0..<1, 2..<3]),
        .init("x*", "xax", matches: [0..<1, 2..<3]),
        .init(#"\b"#, "ab cd", matches: [0..<0, 2..<2, 3..<3, 5..<5]),
        .init("(?m)^.", "ab\ncd\n", matches: [0..<1, 3..<4]),
        .init("^a", "aaa", matches: [0..<1]),
        .init("a$", "aaa", matches: [2..<3]),
        .init(".", "\u{E9}a\u{1F600}", matches: [0..<2, 2..<3, 3..<7]),
        .init("z", "abc", matches: []),
        .init("a??", "aa", matches: [0..<0, 1..<1, 2..<2]),
    ]

    // MARK: - Program size

    /// Patterns RE2 rejects as too large for its default 8 MiB budget, and big ones it still accepts.
    static let programSize: [ProgramSizeCase] = [
        .init(#"\pL{1000}"#, rejected: true),
        .init(#"(\pL|\pN){500}"#, rejected: true),
        .init(#"(?i)\pL{500}"#, rejected: true),
        .init(".{200}", rejected: false),
        .init("[a-z]{1000}", rejected: false),
    ]

    // MARK: - Literal prefix analysis

    /// Prefix, literal and anchoring facts (ours: RE2 has no direct equivalent of these properties).
    static let prefixes: [PrefixCase] = [
        .init("/api/v[0-9]+", prefix: "/api/v", literal: .absent, anchoredAtStart: false, anchoredAtEnd: false),
        .init("abc", prefix: "abc", literal: .exactly("abc"), anchoredAtStart: false, anchoredAtEnd: false),
        .init("(?i)abc", prefix: "", literal: .absent, anchoredAtStart: false, anchoredAtEnd: false),
        .init("^abc", prefix: "abc", literal: .unchecked, anchoredAtStart: true, anchoredAtEnd: false),
        .init("abc$", prefix: "abc", literal: .unchecked, anchoredAtStart: false, anchoredAtEnd: true),
        .init(#"\Aabc\z"#, prefix: "abc", literal: .unchecked, anchoredAtStart: true, anchoredAtEnd: true),
        .init(#"a\.b"#, prefix: "a.b", literal: .exactly("a.b"), anchoredAtStart: false, anchoredAtEnd: false),
        .init(#"\Qa+b\E"#, prefix: "a+b", literal: .exactly("a+b"), anchoredAtStart: false, anchoredAtEnd: false),
        .init("/users/[^/]+/posts", prefix: "/users/", literal: .absent, anchoredAtStart: false, anchoredAtEnd: false),
        .init("a|b", prefix: "", literal: .absent, anchoredAtStart: false, anchoredAtEnd: false),
        .init("[a-z]+", prefix: "", literal: .absent, anchoredAtStart: false, anchoredAtEnd: false),
        .init("(?m)^abc", prefix: "abc", literal: .unchecked, anchoredAtStart: false, anchoredAtEnd: false),
    ]
}
