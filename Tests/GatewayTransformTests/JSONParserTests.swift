import Foundation
import GatewayTransform
import Testing

/// The error `JSONValue.parse` throws for `bytes`, or `nil` if it parses.
private func parseError(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) -> JSONError? {
    do {
        _ = try JSONValue.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String, limits: JSONLimits = JSONLimits()) -> JSONError? {
    parseError(Array(text.utf8), limits: limits)
}

private let prefix = "[json.exception.parse_error.101] parse error at "

@Suite("JSON parser")
struct JSONParserTests {
    // MARK: Values

    @Test("literals, strings, arrays and objects")
    func values() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse(" \t\r\nfalse\n ") == .bool(false))
        #expect(try JSONValue.parse("\"\"") == .string([]))
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse("{}") == .object(JSONObject()))
        #expect(
            try JSONValue.parse(#"[1, "a", [null], {"k": false}]"#)
                == .array([
                    .uint(1), .string("a"), .array([.null]),
                    .object(JSONObject([.init(key: Array("k".utf8), value: .bool(false))])),
                ])
        )
    }

    @Test(
        "integers: .uint when unsigned and within UInt64, .int when negative and within Int64, else a double",
        arguments: [
            ("0", JSONValue.uint(0)),
            ("-0", .int(0)),
            ("-1", .int(-1)),
            ("42", .uint(42)),
            ("9223372036854775807", .uint(9_223_372_036_854_775_807)),
            ("9223372036854775808", .uint(9_223_372_036_854_775_808)),
            ("18446744073709551615", .uint(.max)),
            ("18446744073709551616", .double(18_446_744_073_709_551_616)),
            ("-9223372036854775808", .int(.min)),
            ("-9223372036854775809", .double(-9_223_372_036_854_775_809)),
            ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ]
    )
    func integers(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test(
        "a fraction or an exponent always makes a double, correctly rounded",
        arguments: [
            ("1.0", 1.0),
            ("1e2", 100.0),
            ("1E+2", 100.0),
            ("-2.5e-3", -0.0025),
            ("0.1", 0.1),
            ("1e-400", 0.0),
            ("2.4703282292062327e-324", 0.0),
            ("2.4703282292062328e-324", 5e-324),
            ("9007199254740993.0", 9_007_199_254_740_992.0),
            ("1.00000000000000011102230246251565404236316680908203125", 1.0),
            ("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002),
            ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("0." + String(repeating: "0", count: 300) + "1", 1e-301),
        ]
    )
    func doubles(text: String, expected: Double) throws {
        #expect(try JSONValue.parse(text) == .double(expected))
    }

    @Test("-0.0 keeps its sign and -0 does not")
    func negativeZero() throws {
        guard case .double(let value) = try JSONValue.parse("-0.0") else {
            Issue.record("-0.0 is not a double")
            return
        }
        #expect(value == 0 && value.sign == .minus)
        #expect(try JSONValue.parse("-0") == .int(0))
    }

    @Test("a number too large for a double is nlohmann's out_of_range.406")
    func numberOverflow() {
        #expect(parseError("1e999")?.message == "[json.exception.out_of_range.406] number overflow parsing '1e999'")
        #expect(parseError("[-1e999]")?.message == "[json.exception.out_of_range.406] number overflow parsing '-1e999'")
        #expect(parseError("1" + String(repeating: "0", count: 309))?.code == .numberOverflow)
        // Only where a value is read: elsewhere the number is just an unexpected token.
        #expect(parseError("1 1e999")?.code == .syntax)
    }

    @Test("escapes are decoded, surrogate pairs included; other bytes are kept")
    func strings() throws {
        #expect(
            try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#) == .string([0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09])
        )
        #expect(
            try JSONValue.parse(#""\u0041\u00e9\u20AC\u0000""#) == .string([0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0x00])
        )
        #expect(try JSONValue.parse(#""\ud834\udd1e""#) == .string([0xF0, 0x9D, 0x84, 0x9E]))
        #expect(try JSONValue.parse("\"é😀\u{7F}\"") == .string("é😀\u{7F}"))
        let long = String(repeating: "abcdefgh", count: 100)
        #expect(try JSONValue.parse("\"\(long)\\n\(long)\"") == .string(long + "\n" + long))
    }

    @Test("object members are sorted by key; for a repeated key the last value wins")
    func objects() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"b":3,"é":4,"Z":5,"a":{"x":[]}}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.map { String(decoding: $0.key, as: UTF8.self) } == ["Z", "a", "b", "é"])
        #expect(object["b"] == .uint(3))
        #expect(object["a"] == .object(JSONObject([.init(key: Array("x".utf8), value: .array([]))])))

        var many = "{"
        for index in (0..<100).reversed() {
            many += "\"k\(index % 40)\":\(index),"
        }
        many += "\"end\":true}"
        guard case .object(let large) = try JSONValue.parse(many) else {
            Issue.record("not an object")
            return
        }
        #expect(large.count == 41)
        #expect(large["k7"] == .uint(7))
        #expect(zip(large.dropFirst(), large).allSatisfy { $1.key.lexicographicallyPrecedes($0.key) })
    }

    @Test("a UTF-8 byte order mark at the start is skipped, anywhere else it is an invalid literal")
    func byteOrderMark() throws {
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF, 0x5B, 0x31, 0x5D]) == .array([.uint(1)]))
        #expect(
            parseError([0xEF, 0xBB, 0xBF])?.message
                == prefix + "line 1, column 4: syntax error while parsing value - unexpected end of input; "
                + "expected '[', '{', or a literal"
        )
        #expect(
            parseError([0xEF, 0xBB])?.utf8
                == Array(
                    (prefix
                        + "line 1, column 3: syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF "
                        + "if given; last read: '").utf8
                ) + [0xEF, 0xBB, 0x27]
        )
        #expect(
            parseError([0xEF, 0x78])?.utf8
                == Array(
                    (prefix
                        + "line 1, column 2: syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF "
                        + "if given; last read: '").utf8
                ) + [0xEF, 0x78, 0x27]
        )
        #expect(parseError([0x20, 0xEF, 0xBB, 0xBF, 0x31])?.message.contains("invalid literal") == true)
    }

    @Test("a NUL byte where a token could start ends the input, as in nlohmann")
    func nulEndsInput() throws {
        #expect(try JSONValue.parse(Array("[1]\u{0}garbage".utf8)) == .array([.uint(1)]))
        #expect(try JSONValue.parse(Array("1 \u{0}".utf8)) == .uint(1))
        #expect(
            parseError("[\u{0}]")?.message
                == prefix + "line 1, column 2: syntax error while parsing value - unexpected end of input; "
                + "expected '[', '{', or a literal"
        )
    }

    @Test("String, byte array, buffer and non-contiguous collection inputs agree")
    func inputForms() throws {
        let text = #"{"a":[1,-2,3.5,"\u00e9"]}"#
        let bytes = Array(text.utf8)
        let expected = try JSONValue.parse(text)
        #expect(try JSONValue.parse(bytes) == expected)
        #expect(try bytes.withUnsafeBytes { try JSONValue.parse($0) } == expected)
        #expect(try JSONValue.parse(bytes.lazy.map { $0 }) == expected)
        #expect(try JSONValue.parse(bytes[...]) == expected)
    }

    // MARK: Errors

    @Test(
        "empty and whitespace-only input",
        arguments: [
            ("", "line 1, column 1"),
            ("   ", "line 1, column 4"),
            ("\n", "line 2, column 1"),
            (" \r\n\t", "line 2, column 2"),
        ]
    )
    func emptyInput(text: String, position: String) {
        #expect(
            parseError(text)?.message
                == prefix + position + ": syntax error while parsing value - unexpected end of input; "
                + "expected '[', '{', or a literal"
        )
    }

    @Test(
        "syntax errors carry nlohmann's message, position and last-read text",
        arguments: [
            ("nul", "line 1, column 4: syntax error while parsing value - invalid literal; last read: 'nul'"),
            (
                "[true, nul]",
                "line 1, column 11: syntax error while parsing value - invalid literal; last read: '[true, nul]'"
            ),
            (
                "1 x",
                "line 1, column 3: syntax error while parsing value - invalid literal; last read: '1 x'; expected end of input"
            ),
            (
                "01",
                "line 1, column 2: syntax error while parsing value - unexpected number literal; expected end of input"
            ),
            (
                "-",
                "line 1, column 2: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-'"
            ),
            (
                "-a",
                "line 1, column 2: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-a'"
            ),
            (
                "1.e5",
                "line 1, column 3: syntax error while parsing value - invalid number; expected digit after '.'; last read: '1.e'"
            ),
            (
                "1e",
                "line 1, column 3: syntax error while parsing value - invalid number; expected '+', '-', or digit after exponent; last read: '1e'"
            ),
            (
                "1e+",
                "line 1, column 4: syntax error while parsing value - invalid number; expected digit after exponent sign; last read: '1e+'"
            ),
            (
                "[1,]",
                "line 1, column 4: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal"
            ),
            ("[1 2]", "line 1, column 4: syntax error while parsing array - unexpected number literal; expected ']'"),
            ("[1}", "line 1, column 3: syntax error while parsing array - unexpected '}'; expected ']'"),
            (
                #"{"a" 1}"#,
                "line 1, column 6: syntax error while parsing object separator - unexpected number literal; expected ':'"
            ),
            (
                #"{"a":1,}"#,
                "line 1, column 8: syntax error while parsing object key - unexpected '}'; expected string literal"
            ),
            (
                #"{"a":1 "b":2}"#,
                "line 1, column 10: syntax error while parsing object - unexpected string literal; expected '}'"
            ),
            (#"{"a":1]"#, "line 1, column 7: syntax error while parsing object - unexpected ']'; expected '}'"),
            (
                "{1:2}",
                "line 1, column 2: syntax error while parsing object key - unexpected number literal; expected string literal"
            ),
            (
                #"{"a":[1,{"b":}]}"#,
                "line 1, column 14: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal"
            ),
            (
                #"{"a"#,
                #"line 1, column 4: syntax error while parsing object key - invalid string: missing closing quote; last read: '"a'; expected string literal"#
            ),
            (
                "[1,2\n,3\n",
                "line 3, column 1: syntax error while parsing array - unexpected end of input; expected ']'"
            ),
            // After a number ended by a newline nlohmann reports column 0.
            (
                "{1\n",
                "line 1, column 0: syntax error while parsing object key - unexpected number literal; expected string literal"
            ),
            (
                "\n1\n2\n",
                "line 3, column 0: syntax error while parsing value - unexpected number literal; expected end of input"
            ),
        ]
    )
    func syntaxErrors(text: String, message: String) {
        let error = parseError(text)
        #expect(error?.message == prefix + message)
        #expect(error?.code == .syntax)
    }

    @Test(
        "invalid strings carry nlohmann's message",
        arguments: [
            (
                #""abc"#,
                #"line 1, column 5: syntax error while parsing value - invalid string: missing closing quote; last read: '"abc'"#
            ),
            (
                #""\x""#,
                #"line 1, column 3: syntax error while parsing value - invalid string: forbidden character after backslash; last read: '"\x'"#
            ),
            (
                #""\u12G4""#,
                #"line 1, column 6: syntax error while parsing value - invalid string: '\u' must be followed by 4 hex digits; last read: '"\u12G'"#
            ),
            (
                #""\uD834""#,
                #"line 1, column 8: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '"\uD834"'"#
            ),
            (
                #""\uD834\u0041""#,
                #"line 1, column 13: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '"\uD834\u0041'"#
            ),
            (
                #""\uDD1E""#,
                #"line 1, column 7: syntax error while parsing value - invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF; last read: '"\uDD1E'"#
            ),
            (
                "\"a\tb\"",
                #"line 1, column 3: syntax error while parsing value - invalid string: control character U+0009 (HT) must be escaped to \u0009 or \t; last read: '"a<U+0009>'"#
            ),
            (
                "\"\u{0}\"",
                #"line 1, column 2: syntax error while parsing value - invalid string: control character U+0000 (NUL) must be escaped to \u0000; last read: '"<U+0000>'"#
            ),
            (
                "\"\u{1F}\"",
                #"line 1, column 2: syntax error while parsing value - invalid string: control character U+001F (US) must be escaped to \u001F; last read: '"<U+001F>'"#
            ),
            ("[\u{1}]", "line 1, column 2: syntax error while parsing value - invalid literal; last read: '[<U+0001>'"),
        ]
    )
    func invalidStrings(text: String, message: String) {
        #expect(parseError(text)?.message == prefix + message)
    }

    @Test("ill-formed UTF-8 is rejected at the byte that breaks it, and quoted as it was")
    func illFormedUTF8() {
        let message = Array(
            (prefix
                + "line 1, column 3: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '")
                .utf8
        )
        // Overlong, surrogate and above-U+10FFFF forms stop at their second byte.
        #expect(parseError([0x22, 0xE0, 0x80, 0x80, 0x22])?.utf8 == message + [0x22, 0xE0, 0x80, 0x27])
        #expect(parseError([0x22, 0xED, 0xA0, 0x80, 0x22])?.utf8 == message + [0x22, 0xED, 0xA0, 0x27])
        #expect(parseError([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22])?.utf8 == message + [0x22, 0xF4, 0x90, 0x27])
        #expect(parseError([0x22, 0xC3, 0x28, 0x22])?.utf8 == message + [0x22, 0xC3, 0x28, 0x27])
        let invalidLead = Array(
            (prefix
                + "line 1, column 2: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '")
                .utf8
        )
        #expect(parseError([0x22, 0xFF, 0x22])?.utf8 == invalidLead + [0x22, 0xFF, 0x27])
        // The text form shows the quoted byte as U+FFFD.
        #expect(parseError([0x22, 0xFF, 0x22])?.message.hasSuffix("last read: '\"\u{FFFD}'") == true)
        #expect(parseError([0x22, 0xF0, 0x9F, 0x98, 0x22])?.code == .syntax)
    }

    // MARK: Limits

    @Test("nesting up to the depth limit parses; one level more is an error in this module's words")
    func depthLimit() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue.parse(deepest) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = parseError(tooDeep)
        #expect(error?.code == .depthLimitExceeded)
        #expect(error?.message == "JSON nesting is deeper than the limit of 512 at line 1, column 513")

        let limits = JSONLimits(maximumDepth: 2)
        #expect(throws: Never.self) { try JSONValue.parse(#"{"a":[1]}"#, limits: limits) }
        #expect(
            parseError(#"{"a":[{}]}"#, limits: limits)?.message
                == "JSON nesting is deeper than the limit of 2 at line 1, column 7"
        )
        #expect(throws: Never.self) { try JSONValue.parse("1", limits: JSONLimits(maximumDepth: 0)) }
        #expect(parseError("[]", limits: JSONLimits(maximumDepth: 0))?.code == .depthLimitExceeded)
        // A syntax error before the limit is reached is reported as such.
        #expect(parseError("[[x" + String(repeating: "[", count: 600))?.code == .syntax)
    }

    @Test("the parser keeps nesting off the call stack: a million unclosed brackets only meet the limit")
    func noRecursion() {
        let limits = JSONLimits(maximumDepth: .max)
        let open = [UInt8](repeating: 0x5B, count: 1_000_000)
        #expect(
            parseError(open, limits: limits)?.message
                == prefix + "line 1, column 1000001: syntax error while parsing value - unexpected end of input; "
                + "expected '[', '{', or a literal"
        )
        let objects = Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
        #expect(parseError(objects, limits: limits)?.code == .syntax)
    }

    @Test("a value nested to the default limit is parsed, printed, compared, hashed and released on a 512 KB stack")
    func deepValueOnSmallStack() async {
        let nested =
            String(repeating: #"[{"k":"#, count: 256) + "1" + String(repeating: "}]", count: 256)
        let finished: Bool = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    let first = try JSONValue.parse(nested)
                    let second = try JSONValue.parse(nested)
                    let printed = try first.dump()
                    let hashes = Set([first.hashValue, second.hashValue])
                    continuation.resume(
                        returning: first == second && printed == Array(nested.utf8) && hashes.count == 1
                    )
                } catch {
                    continuation.resume(returning: false)
                }
            }
            thread.stackSize = 512 << 10
            thread.start()
        }
        #expect(finished)
    }

    @Test("printing does not recurse past a fixed depth: a value built 5000 levels deep prints")
    func deepValuePrints() async {
        let printed: [UInt8]? = await withCheckedContinuation { continuation in
            let thread = Thread {
                var value = JSONValue.array([])
                for level in 0..<5000 {
                    value =
                        level % 2 == 0
                        ? .array([value, .null]) : .object(JSONObject([.init(key: [0x6B], value: value)]))
                }
                continuation.resume(returning: try? value.dump())
            }
            // Room for releasing the value, which is recursive.
            thread.stackSize = 4 << 20
            thread.start()
        }
        var expected: [UInt8] = Array("[]".utf8)
        for level in 0..<5000 {
            expected =
                level % 2 == 0 ? [0x5B] + expected + Array(",null]".utf8) : Array(#"{"k":"#.utf8) + expected + [0x7D]
        }
        #expect(printed == expected)
    }

    @Test("the size limit is checked before reading")
    func sizeLimit() throws {
        let limits = JSONLimits(maximumBytes: 4)
        #expect(try JSONValue.parse("[12]", limits: limits) == .array([.uint(12)]))
        let error = parseError("[123]", limits: limits)
        #expect(error?.code == .sizeLimitExceeded)
        #expect(error?.message == "JSON text of 5 bytes is longer than the limit of 4 bytes")
    }

    @Test("JSONError keeps the exact bytes and shows them as text")
    func errorValue() {
        var error = JSONError(.syntax, utf8: [0x61, 0xFF])
        #expect(error.message == "a\u{FFFD}")
        #expect(error.description == "a\u{FFFD}")
        error.message = "b"
        #expect(error.utf8 == [0x62])
        #expect(JSONError(.invalidUTF8, "x") == JSONError(.invalidUTF8, utf8: [0x78]))
        #expect(JSONError.Code.depthLimitExceeded.description == "depthLimitExceeded")
    }
}
