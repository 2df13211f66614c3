import Foundation
import GatewayModel
import Testing

@testable import GatewayTransform

/// An extractor reading the body (or `header`), as configured in a transformation template.
private func extractor(
    _ regex: String?,
    _ mode: Extraction.Mode? = nil,
    subgroup: UInt32? = nil,
    replacement: String? = nil,
    header: String? = nil,
    name: String = "e"
) throws(TransformError) -> Extractor {
    var extraction = Extraction()
    if let header {
        extraction.header = header
    } else {
        extraction.body = Extraction.Body()
    }
    extraction.regex = regex
    extraction.mode = mode
    extraction.subgroup = subgroup
    extraction.replacementText = replacement
    return try Extractor(name: name, extraction)
}

/// The configuration error `body` throws, or nil.
private func failure(_ body: () throws(TransformError) -> Extractor) -> TransformError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Extractor: EXTRACT")
struct ExtractModeTests {
    @Test("the group of a match of the whole input")
    func wholeInput() throws {
        let id = try extractor("[\\s\\S]*id: ([0-9]{4})[\\s\\S]*", subgroup: 1)
        #expect(id.apply(to: "{\n  \"id: 4321\"\n}") == "4321")
        #expect(id.apply(to: "id: 12x") == "")
        let path = try extractor("/accounts/([\\-._[:alnum:]]+)", subgroup: 1, header: ":path")
        #expect(
            path.apply(to: "/accounts/764b.0f_0f-7319-4b29-bbd0-887a39705a70")
                == "764b.0f_0f-7319-4b29-bbd0-887a39705a70"
        )
    }

    @Test("empty when only part of the input matches")
    func partial() throws {
        #expect(try extractor("(body)", subgroup: 1).apply(to: "not json body") == "")
        #expect(try extractor("b.dy").apply(to: "not json body") == "")
        #expect(try extractor(".*").apply(to: "a\nb") == "")
        #expect(try extractor("[\\s\\S]*").apply(to: "a\nb") == "a\nb")
    }

    @Test("groups inside a loop come from its last iteration alone")
    func loopGroups() throws {
        let last = try extractor("(?:(\\d+)|[a-z]+|-)*", subgroup: 1)
        #expect(last.apply(to: "ab-12-cd-34") == "34")
        #expect(last.apply(to: "ab-12-cd") == "")
        #expect(try extractor("((a)|b)+", subgroup: 2).apply(to: "ab") == "")
        #expect(try extractor("((a)|b)+", subgroup: 2).apply(to: "ba") == "a")
    }

    @Test("group 0 is the whole input; a group that did not take part is empty")
    func groups() throws {
        #expect(try extractor("a|(b)", subgroup: 0).apply(to: "a") == "a")
        #expect(try extractor("a|(b)", subgroup: 1).apply(to: "a") == "")
        #expect(try extractor("a|(b)", subgroup: 1).apply(to: "b") == "b")
        #expect(try extractor("(x*)", subgroup: 1).apply(to: "") == "")
    }

    @Test(". stops at \\n and at \\r; [\\s\\S] does not")
    func lineTerminators() throws {
        let dot = try extractor("a(.*)", subgroup: 1)
        #expect(dot.apply(to: "abc") == "bc")
        #expect(dot.apply(to: "ab\nc") == "")
        #expect(dot.apply(to: "ab\rc") == "")
        #expect(try extractor("a([\\s\\S]*)", subgroup: 1).apply(to: "ab\r\nc") == "b\r\nc")
    }

    @Test("bytes above 0x7F are single characters, in the pattern and the input")
    func bytes() throws {
        let two = try extractor("..")
        #expect(two.apply(to: [0xC3, 0xA9]) == [0xC3, 0xA9])
        #expect(two.apply(to: [0xE9]) == [])
        let high = try extractor("a([\\x80-\\xff]+)b", subgroup: 1)
        #expect(high.apply(to: [0x61, 0xFF, 0xE9, 0xC3, 0x62]) == [0xFF, 0xE9, 0xC3])
        #expect(try extractor("é(.)", subgroup: 1).apply(to: [0xC3, 0xA9, 0xA9]) == [0xA9])
    }
}

@Suite("Extractor: SINGLE_REPLACE")
struct SingleReplaceModeTests {
    /// The situations envoy-gloo's `inja_transformer_replace_test.cc` covers, on the body "not json body".
    @Test(
        "envoy-gloo's replace cases",
        arguments: [
            // A group at the end of a whole match.
            (".*(body)", 1, "BAZ", "not json BAZ"),
            // The whole body.
            (".*", 0, "BAZ", "BAZ"),
            // A literal that matches all of it.
            ("not json body", 0, "BAZ", "BAZ"),
            // A match of part of the body only: unchanged.
            ("body", 0, "BAZ", "not json body"),
            ("(body)", 1, "BAZ", "not json body"),
            // No match: unchanged.
            ("(does not match)", 1, "BAZ", "not json body"),
            ("this will not match the input string", 0, "BAZ", "not json body"),
            // Nested groups.
            (".*(not (json) body)", 2, "BAZ", "not BAZ body"),
            (".*(not (json) body)", 0, "BAZ", "BAZ"),
            // A longer replacement.
            (
                ".*(body)", 1, "this is a longer string than the original",
                "not json this is a longer string than the original"
            ),
            // An empty replacement deletes.
            (".*(body)", 1, "", "not json "),
            (".*(body)", 0, "", ""),
            // Replacing with the same text.
            (".*(body)", 1, "body", "not json body"),
        ] as [(String, UInt32, String, String)]
    )
    func envoyGlooCases(regex: String, subgroup: UInt32, replacement: String, expected: String) throws {
        let single = try extractor(regex, .singleReplace, subgroup: subgroup, replacement: replacement)
        #expect(single.apply(to: "not json body") == expected)
    }

    @Test("a header value is replaced the same way")
    func header() throws {
        let single = try extractor("bar", .singleReplace, replacement: "BAZ", header: "Foo")
        #expect(single.source == .header("foo"))
        #expect(single.apply(to: "bar") == "BAZ")
    }

    @Test("the first match decides: a later whole match does not count")
    func firstMatchOnly() throws {
        #expect(try extractor("a|ab", .singleReplace, replacement: "X").apply(to: "ab") == "ab")
        #expect(try extractor("ab|a", .singleReplace, replacement: "X").apply(to: "ab") == "X")
    }

    @Test("the replacement is literal: no $ rules")
    func literal() throws {
        #expect(try extractor("(a)", .singleReplace, subgroup: 1, replacement: "$1$&$$").apply(to: "a") == "$1$&$$")
    }

    @Test("a group that did not take part is empty at the end of the input, where the text goes")
    func unmatchedGroup() throws {
        #expect(try extractor("(a)|b", .singleReplace, subgroup: 1, replacement: "X").apply(to: "b") == "bX")
    }

    @Test("empty input is replaced when the regex matches it")
    func emptyInput() throws {
        #expect(try extractor("x*", .singleReplace, replacement: "X").apply(to: "") == "X")
        #expect(try extractor("x+", .singleReplace, replacement: "X").apply(to: "") == "")
    }
}

@Suite("Extractor: REPLACE_ALL")
struct ReplaceAllModeTests {
    @Test(
        "envoy-gloo's replace-all cases",
        arguments: [
            ("bar", "BAZ", "bar bar bar", "BAZ BAZ BAZ"),
            ("bar", "bar", "bar bar bar", "bar bar bar"),
            ("this will not match the input string", "BAZ", "not json body", "not json body"),
            // `.*` would also match the empty string at the end; match_not_null skips it.
            (".*", "BAZ", "not json body", "BAZ"),
            ("(not) (json) (body)", "$2 $3", "not json body", "json body"),
        ] as [(String, String, String, String)]
    )
    func envoyGlooCases(regex: String, replacement: String, input: String, expected: String) throws {
        #expect(try extractor(regex, .replaceAll, replacement: replacement).apply(to: input) == expected)
    }

    @Test("empty matches are never replaced")
    func nonEmpty() throws {
        #expect(try extractor("x*", .replaceAll, replacement: "-").apply(to: "axxbx") == "a-b-")
        #expect(try extractor("a*?", .replaceAll, replacement: "-").apply(to: "aa") == "--")
        #expect(try extractor("^|$|\\b", .replaceAll, replacement: "-").apply(to: "ab") == "ab")
        #expect(try extractor(".*", .replaceAll, replacement: "<$&>").apply(to: "a\nb") == "<a>\n<b>")
    }

    @Test(
        "ECMAScript format rules ($n, $nn, $&, $`, $', $$)",
        arguments: [
            ("<$1>", "<x><y>"),
            ("$2", "12"),
            ("[$&]", "[x1][y2]"),
            ("$0", "x1y2"),
            ("$$", "$$"),
            ("$", "$$"),
            ("$x", "$x$x"),
            ("$10", ""),
            ("$01", "xy"),
            // `$`` starts where the previous match ended, so here it is always empty.
            ("($`)", "()()"),
            ("($')", "(y2)()"),
            ("$3", ""),
        ] as [(String, String)]
    )
    func formats(format: String, expected: String) throws {
        let replace = try extractor("([a-z])([0-9])", .replaceAll, replacement: format)
        #expect(replace.apply(to: "x1y2") == expected)
    }

    @Test("context before a match counts: ^ matches only at the start, \\b sees the byte before")
    func context() throws {
        #expect(try extractor("^a", .replaceAll, replacement: "-").apply(to: "aaa") == "-aa")
        #expect(try extractor("\\ba", .replaceAll, replacement: "-").apply(to: "aa a") == "-a -")
    }

    @Test("bytes above 0x7F keep their offsets")
    func bytes() throws {
        let replace = try extractor("[\\x80-\\xff]", .replaceAll, replacement: "?")
        #expect(replace.apply(to: [0x61, 0xC3, 0xA9, 0x62, 0xFF]) == Array("a??b?".utf8))
        let word = try extractor("(\\w+)", .replaceAll, replacement: "<$1>")
        #expect(word.apply(to: "née,x") == "<n>\u{00E9}<e>,<x>")
    }
}

@Suite("Extractor: configuration")
struct ExtractorConfigurationTests {
    @Test("Gloo's translator checks each mode's fields first")
    func modeFields() {
        let extract = failure { () throws(TransformError) in try extractor("a", .extract, replacement: "x", name: "id")
        }
        #expect(
            extract
                == TransformError(
                    .invalidConfiguration,
                    "replacement text should not be set for extractor id in mode EXTRACT"
                )
        )
        #expect(failure { () throws(TransformError) in try extractor("a", .extract, replacement: "") } == nil)
        let single = failure { () throws(TransformError) in try extractor("a", .singleReplace, name: "id") }
        #expect(
            single
                == TransformError(
                    .invalidConfiguration,
                    "replacement text must be set for extractor id in mode SINGLE_REPLACE"
                )
        )
        let all = failure { () throws(TransformError) in try extractor("a", .replaceAll, name: "id") }
        #expect(
            all
                == TransformError(
                    .invalidConfiguration,
                    "replacement text must be set for extractor id in mode REPLACE_ALL"
                )
        )
        let subgroup = failure { () throws(TransformError) in
            try extractor("(a)", .replaceAll, subgroup: 1, replacement: "x", name: "id")
        }
        #expect(
            subgroup
                == TransformError(
                    .invalidConfiguration,
                    "subgroup should not be set for extractor id in mode REPLACE_ALL"
                )
        )
        // An empty replacement is set, so it passes.
        #expect(failure { () throws(TransformError) in try extractor("a", .replaceAll, replacement: "") } == nil)
    }

    @Test("an invalid regex fails with envoy-gloo's wording and libc++'s what()")
    func invalidRegex() {
        let error = failure { () throws(TransformError) in try extractor("a{2,1}") }
        #expect(
            error
                == TransformError(
                    .invalidRegex,
                    "Invalid regex 'a{2,1}': The expression contained an invalid range in a {} expression."
                )
        )
        let bracket = failure { () throws(TransformError) in try extractor("[a") }
        #expect(bracket?.message == "Invalid regex '[a': The expression contained mismatched [ and ].")
        let stacked = failure { () throws(TransformError) in try extractor("a**") }
        #expect(
            stacked?.message == "Invalid regex 'a**': One of *?+{ was not preceded by a valid regular expression."
        )
        let stray = failure { () throws(TransformError) in try extractor("a]") }
        #expect(stray?.message == "Invalid regex 'a]': The parser did not consume the entire regular expression.")
        let escape = failure { () throws(TransformError) in try extractor("\\e") }
        #expect(
            escape?.message
                == "Invalid regex '\\e': The expression contained an invalid escaped character, or a trailing escape."
        )
    }

    @Test("a construct that cannot run in linear time names itself and the reason")
    func unsupported() {
        let backreference = failure { () throws(TransformError) in try extractor("(a)\\1") }
        #expect(backreference?.code == .invalidRegex)
        #expect(
            backreference?.message == "Invalid regex '(a)\\1': backreference \\1 is not supported: matching it needs "
                + "backtracking, which is exponential in the worst case"
        )
        let lookahead = failure { () throws(TransformError) in try extractor("(?!a)b") }
        #expect(
            lookahead?.message.hasPrefix("Invalid regex '(?!a)b': negative lookahead (?!...) is not supported") == true
        )
        let large = failure { () throws(TransformError) in try extractor("[a-z]{1000}[0-9]{1000}") }
        #expect(large?.message.contains("exceeds the program size limit of 2000") == true)
    }

    @Test("a group above the group count fails as in envoy-gloo; group checks come before refusals")
    func subgroup() {
        let error = failure { () throws(TransformError) in
            try extractor(".*", .singleReplace, subgroup: 1, replacement: "BAZ")
        }
        #expect(error == TransformError(.invalidRegex, "group 1 requested for regex with only 0 sub groups"))
        let both = failure { () throws(TransformError) in try extractor("(a)\\1", subgroup: 2) }
        #expect(both?.message == "group 2 requested for regex with only 1 sub groups")
        #expect(failure { () throws(TransformError) in try extractor("(a)(b)", subgroup: 2) } == nil)
    }

    @Test("defaults: EXTRACT, group 0, empty regex")
    func defaults() throws {
        let plain = try extractor(nil)
        #expect(plain.mode == .extract)
        #expect(plain.subgroup == 0)
        #expect(plain.regex == "")
        #expect(plain.apply(to: "") == "")
        #expect(plain.apply(to: "a") == "")
    }

    @Test("sources: a lower-cased header, the body, or no source at all")
    func sources() throws {
        #expect(try extractor("a", header: "X-Request-ID").source == .header("x-request-id"))
        #expect(try extractor("a").source == .body)
        var none = Extraction()
        none.regex = "a"
        #expect(try Extractor(name: "e", none).source == .header(""))
        var both = Extraction()
        both.header = "x"
        both.body = Extraction.Body()
        #expect(throws: TransformError.self) { try Extractor(name: "e", both) }
    }

    @Test("every input form gives the same answer")
    func inputForms() throws {
        let replace = try extractor("b", .replaceAll, replacement: "X")
        let bytes = Array("abcb".utf8)
        let viaBuffer = bytes.withUnsafeBytes { replace.apply(to: $0) }
        #expect(viaBuffer == Array("aXcX".utf8))
        #expect(replace.apply(to: bytes) == viaBuffer)
        #expect(replace.apply(to: bytes[...]) == viaBuffer)
        #expect(replace.apply(to: "abcb") == "aXcX")
        #expect(replace.apply(to: AnyCollection(bytes)) == viaBuffer)
    }
}

// MARK: - Linear time

@Suite("Extractor: linear time on large bodies")
struct ExtractorLinearTimeTests {
    /// A body of `size` bytes: text lines, some bytes above 0x7F when `highBytes` is set, and `id: 1234` in the
    /// middle.
    private static func body(size: Int, highBytes: Bool) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(size + 64)
        let line = Array(
            (highBytes ? "  \"name\": \"Zoë Ångström\", \"n\": 42,\n" : "  \"name\": \"value\", \"n\": 42,\n").utf8
        )
        while body.count < size {
            body.append(contentsOf: line)
        }
        body.removeLast(body.count - size)
        body.replaceSubrange(size / 2..<size / 2 + 8, with: Array("id: 1234".utf8))
        return body
    }

    /// The configurations timed: every mode, the documented body pattern, replace-all with many matches and with
    /// groups, and the transcoding path.
    private static let cases:
        [(label: String, extraction: Extraction, highBytes: Bool, check: @Sendable ([UInt8]) -> Bool)] = {
            func make(
                _ regex: String,
                _ mode: Extraction.Mode,
                _ subgroup: UInt32,
                _ replacement: String?
            ) -> Extraction {
                var extraction = Extraction()
                extraction.body = Extraction.Body()
                extraction.regex = regex
                extraction.mode = mode
                extraction.subgroup = subgroup
                extraction.replacementText = replacement
                return extraction
            }
            let documented = "[\\s\\S]*id: ([0-9]{4})[\\s\\S]*"
            return [
                ("EXTRACT documented pattern", make(documented, .extract, 1, nil), false, { $0 == Array("1234".utf8) }),
                (
                    "EXTRACT documented pattern, non-ASCII", make(documented, .extract, 1, nil), true,
                    { $0 == Array("1234".utf8) }
                ),
                (
                    "EXTRACT whole body", make("[\\s\\S]*id: [0-9]{4}[\\s\\S]*", .extract, 0, nil), false,
                    { $0.count > 1000 }
                ),
                (
                    "SINGLE_REPLACE documented pattern", make(documented, .singleReplace, 1, "XXXX"), false,
                    { $0.count > 1000 }
                ),
                (
                    "SINGLE_REPLACE no whole match", make("(id: [0-9]{4})", .singleReplace, 1, "X"), false,
                    { $0.count > 1000 }
                ),
                (
                    "REPLACE_ALL documented pattern", make(documented, .replaceAll, 0, "[$1]"), false,
                    { $0 == Array("[1234]".utf8) }
                ),
                (
                    "REPLACE_ALL many matches", make("\"n\": ([0-9]+)", .replaceAll, 0, "\"n\": \"$1\""), false,
                    { $0.count > 1000 }
                ),
                (
                    "REPLACE_ALL many matches, non-ASCII", make("[^\\x00-\\x7f]+", .replaceAll, 0, "?"), true,
                    { $0.count > 1000 }
                ),
                ("REPLACE_ALL lines", make(".*", .replaceAll, 0, "<$&>"), false, { $0.count > 1000 }),
                (
                    "REPLACE_ALL loop with groups", make("(?:([0-9])|[a-z])+", .replaceAll, 0, "<$1>"), false,
                    { $0.count > 1000 }
                ),
                (
                    "EXTRACT loop with a group over the whole body",
                    make("(?:([a-z]+)|[^a-z])*", .extract, 1, nil), false, { $0.count < 10 }
                ),
            ]
        }()

    @Test("256 KB and 1 MB bodies through every mode take time proportional to their size")
    func linear() throws {
        let clock = ContinuousClock()
        var report: [String] = []
        for entry in Self.cases {
            let extractor = try Extractor(name: "e", entry.extraction)
            // The fastest of two runs per size; a ratio that looks non-linear is measured again (up to three
            // times) before it counts, since other tests share the machine's two cores.
            var timings: [Duration] = []
            var ratio = Double.infinity
            for _ in 0..<3 where ratio >= 9 {
                timings = []
                for size in [256 * 1024, 1024 * 1024] {
                    let body = Self.body(size: size, highBytes: entry.highBytes)
                    var best = Duration.seconds(3600)
                    for _ in 0..<2 {
                        let start = clock.now
                        let result = extractor.apply(to: body)
                        best = min(best, clock.now - start)
                        #expect(entry.check(result), "\(entry.label) at \(size) bytes")
                    }
                    timings.append(best)
                }
                ratio = timings[1] / timings[0]
            }
            report.append("\(entry.label): 256 KB \(timings[0]), 1 MB \(timings[1]), ratio \(ratio)")
            // Linear time gives a ratio near 4, quadratic near 16; the bound leaves room for noise.
            #expect(ratio < 9, "\(entry.label): 1 MB took \(ratio)× as long as 256 KB")
            // Generous for a debug build on a slow, busy 2-core machine; a release build takes milliseconds.
            #expect(timings[1] < .seconds(30), "\(entry.label): 1 MB took \(timings[1])")
        }
        print(report.joined(separator: "\n"))
    }
}
