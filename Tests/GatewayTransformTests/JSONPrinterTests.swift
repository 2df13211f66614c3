import GatewayTransform
import Testing

private func dumped(_ value: JSONValue) throws -> String {
    String(decoding: try value.dump(), as: UTF8.self)
}

private func printed(_ number: Double) -> String {
    var output: [UInt8] = []
    JSONValue.appendNumber(number, to: &output)
    return String(decoding: output, as: UTF8.self)
}

private func escaped(_ bytes: [UInt8]) throws -> [UInt8] {
    var output: [UInt8] = []
    try JSONValue.appendEscaped(bytes, to: &output)
    return output
}

private func escapeError(_ bytes: [UInt8]) -> String? {
    var output: [UInt8] = []
    do {
        try JSONValue.appendEscaped(bytes, to: &output)
        return nil
    } catch {
        return error.message
    }
}

@Suite("JSON printer")
struct JSONPrinterTests {
    @Test("compact output with sorted keys, as nlohmann's dump()")
    func compact() throws {
        #expect(try dumped(.null) == "null")
        #expect(try dumped(.bool(true)) == "true")
        #expect(try dumped(.bool(false)) == "false")
        #expect(try dumped(.array([])) == "[]")
        #expect(try dumped(.object(JSONObject())) == "{}")
        let object = JSONObject([
            .init(key: Array("b".utf8), value: .array([.uint(1), .int(-2), .double(2.5), .null, .array([])])),
            .init(key: Array("a\"".utf8), value: .string("x\ny")),
            .init(key: Array("A".utf8), value: .object(JSONObject())),
        ])
        #expect(try dumped(.object(object)) == #"{"A":{},"a\"":"x\ny","b":[1,-2,2.5,null,[]]}"#)
        let text = #"{"a":[1,{"b":null,"c":[true,false]}],"d":"é","e":-0.0,"f":1e+20}"#
        #expect(try dumped(JSONValue.parse(text)) == text)
    }

    @Test(
        "integers print in decimal",
        arguments: [
            (JSONValue.int(0), "0"), (.int(-7), "-7"), (.int(.min), "-9223372036854775808"),
            (.int(.max), "9223372036854775807"), (.uint(0), "0"), (.uint(42), "42"),
            (.uint(.max), "18446744073709551615"),
        ]
    )
    func integers(value: JSONValue, text: String) throws {
        #expect(try dumped(value) == text)
    }

    @Test(
        "floats print as nlohmann's Grisu2 and layout make them",
        arguments: [
            (1.0, "1.0"), (0.1, "0.1"), (-0.0, "-0.0"), (0.0, "0.0"), (2.5, "2.5"), (-1.5, "-1.5"),
            (1e20, "1e+20"), (1e-5, "1e-05"), (1e-4, "0.0001"), (1e15, "1e+15"), (1e14, "100000000000000.0"),
            (123456789.123, "123456789.123"), (1e100, "1e+100"), (5e-324, "5e-324"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (0.30000000000000004, "0.30000000000000004"),
            (1.0 / 3, "0.3333333333333333"), (1e21, "1e+21"), (1.5e-7, "1.5e-07"), (123e-7, "1.23e-05"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
            // Grisu2 is not always shortest (Swift prints these 1e+23, -3.765781948411674e+16, 5.473383995168987e-16
            // and 5.772787778372564e-150); nlohmann prints:
            (1e23, "9.999999999999999e+22"), (-3.765781948411674e+16, "-3.7657819484116736e+16"),
            (5.473383995168987e-16, "5.4733839951689875e-16"), (5.772787778372564e-150, "5.772787778372563e-150"),
        ]
    )
    func floats(value: Double, text: String) throws {
        #expect(printed(value) == text)
        #expect(try dumped(.double(value)) == text)
    }

    @Test("appendNumber prints integers too")
    func integerNumbers() {
        var output: [UInt8] = []
        JSONValue.appendNumber(Int64(-12), to: &output)
        output.append(0x20)
        JSONValue.appendNumber(UInt64(9_000_000_000), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "-12 9000000000")
    }

    @Test("escaping: short escapes, \\u00xx for other control bytes, everything else unchanged")
    func escaping() throws {
        #expect(try escaped(Array("\"\\/\u{8}\u{C}\n\r\t".utf8)) == Array(#"\"\\/\b\f\n\r\t"#.utf8))
        #expect(try escaped([0x00, 0x01, 0x0B, 0x1F]) == Array(#"\u0000\u0001\u000b\u001f"#.utf8))
        #expect(try escaped(Array("\u{7F}é€😀 plain".utf8)) == Array("\u{7F}é€😀 plain".utf8))
        #expect(try escaped([]) == [])
        #expect(try dumped(.string([0x61, 0x0A, 0x1B])) == #""a\n\u001b""#)
    }

    @Test("escaping accepts any collection of bytes and appends to what is there")
    func escapingCollections() throws {
        var output: [UInt8] = Array("x=".utf8)
        try JSONValue.appendEscaped("a\"b".utf8, to: &output)
        try JSONValue.appendEscaped([0x0A].lazy.map { $0 }, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"x=a\"b\n"#)
    }

    @Test(
        "invalid UTF-8 is nlohmann's type_error.316 naming the byte that breaks it",
        arguments: [
            ([0x61, 0xFF] as [UInt8], "invalid UTF-8 byte at index 1: 0xFF"),
            ([0xC3, 0x28], "invalid UTF-8 byte at index 1: 0x28"),
            ([0xED, 0xA0, 0x80], "invalid UTF-8 byte at index 1: 0xA0"),
            ([0xC0, 0xAF], "invalid UTF-8 byte at index 0: 0xC0"),
            ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 byte at index 1: 0x90"),
            ([0x80], "invalid UTF-8 byte at index 0: 0x80"),
            ([0xE2, 0x82], "incomplete UTF-8 string; last byte: 0x82"),
            ([0x61, 0x62, 0xF0, 0x9F, 0x98], "incomplete UTF-8 string; last byte: 0x98"),
        ]
    )
    func invalidUTF8(bytes: [UInt8], message: String) throws {
        #expect(escapeError(bytes) == "[json.exception.type_error.316] " + message)
        let error = #expect(throws: JSONError.self) { try JSONValue.string(bytes).dump() }
        #expect(error?.code == .invalidUTF8)
        #expect(error?.message == "[json.exception.type_error.316] " + message)
    }

    @Test("a failed dump or escape leaves the output as it was")
    func failureLeavesOutput() {
        var output: [UInt8] = Array("kept".utf8)
        let value = JSONValue.array([.string("fine"), .object(JSONObject([.init(key: [0xFF], value: .null)]))])
        #expect(throws: JSONError.self) { try value.dump(into: &output) }
        #expect(throws: JSONError.self) { try JSONValue.appendEscaped([0x61, 0xC3], to: &output) }
        #expect(output == Array("kept".utf8))
    }

    @Test("parsed text prints back as nlohmann prints it")
    func roundTrip() throws {
        let cases: [(String, String)] = [
            (#" { "b" : [ 1 , 2.50 , -0 , 1E2 ] , "a" : "\u00e9\/" } "#, #"{"a":"é/","b":[1,2.5,0,100.0]}"#),
            (
                #"[0.1e1, 12345678901234567890, -12345678901234567890]"#,
                "[1.0,12345678901234567890,-1.2345678901234567e+19]"
            ),
            (#""\ud83d\ude00 \u001F""#, "\"😀 \\u001f\""),
        ]
        for (input, output) in cases {
            #expect(try dumped(JSONValue.parse(input)) == output)
        }
    }
}
