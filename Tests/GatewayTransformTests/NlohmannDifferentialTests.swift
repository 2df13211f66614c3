import Foundation
import GatewayTransform
import TestSupport
import Testing

// Every input is parsed by `JSONValue.parse` and by the real nlohmann::json 3.11.2 (envoy-gloo's JSON library),
// compiled from `Peers/nlohmann_peer.cpp` with g++ once per test run, and both must agree byte for byte: on the
// `dump()` of a valid document, or on the exception text of an invalid one. Floats and strings are also printed by
// both. `Scripts/test` installs g++ and nlohmann-json3-dev; set `GATEWAY_SKIP_PEER_TESTS=1` to skip these tests
// without them. `GATEWAY_DIFF_SEED` changes the random inputs (every failure names its seed) and
// `GATEWAY_JSON_DIFF_SCALE` multiplies their number (for example 30 to print a few million doubles).

/// Compares the JSON parser and printer with nlohmann::json on generated, mutated, random and hand-picked inputs.
@Suite("Differential against nlohmann::json 3.11.2", .disabled(if: skipPeerTests, "GATEWAY_SKIP_PEER_TESTS=1"))
struct NlohmannDifferentialTests {
    @Test("generated documents parse and print as nlohmann's")
    func generatedDocuments() async throws {
        let seed = baseSeed ^ 0xD0C5
        var generator = JSONTextGenerator(seed: seed)
        var inputs = (0..<scaled(3000)).map { _ in generator.document() }
        // Texts of 1 KB and more, where the parser shares arrays between repeated strings.
        inputs += (0..<scaled(300)).map { _ in generator.largeDocument() }
        try await compareParsing(inputs, label: "generated documents (seed \(seed))", expectSomeValid: true)
    }

    @Test("broken documents fail with nlohmann's messages")
    func mutatedDocuments() async throws {
        let seed = baseSeed ^ 0x3A7E
        var generator = JSONTextGenerator(seed: seed)
        var inputs = (0..<scaled(6000)).map { _ in generator.mutated(generator.document()) }
        inputs += (0..<scaled(300)).map { _ in generator.mutated(generator.largeDocument()) }
        try await compareParsing(inputs, label: "mutated documents (seed \(seed))", expectSomeValid: true)
    }

    @Test("random bytes fail (or parse) as in nlohmann")
    func randomBytes() async throws {
        let seed = baseSeed ^ 0xB17E
        var generator = JSONTextGenerator(seed: seed)
        let inputs = (0..<scaled(4000)).map { _ in generator.randomBytes() }
        try await compareParsing(inputs, label: "random bytes (seed \(seed))", expectSomeValid: false)
    }

    @Test("numbers of every shape and size parse as in nlohmann")
    func numbers() async throws {
        let seed = baseSeed ^ 0x2B3B
        var generator = JSONTextGenerator(seed: seed)
        var inputs = edgeNumbers.map { Array($0.utf8) }
        for _ in 0..<scaled(6000) {
            let number = generator.numberText()
            inputs.append(number)
            inputs.append(Array("[".utf8) + number + Array(",\n".utf8) + generator.numberText() + Array("]".utf8))
        }
        try await compareParsing(inputs, label: "numbers (seed \(seed))", expectSomeValid: true)
    }

    @Test("deep nesting within the limit parses as in nlohmann")
    func deepNesting() async throws {
        let seed = baseSeed ^ 0xDEE9
        var generator = JSONTextGenerator(seed: seed)
        // Exactly at the limit (511 levels around `[]`), and below it by enough that edits cannot cross it.
        var inputs = [generator.nested(depth: 511, innermost: "[]"), generator.nested(depth: 511, innermost: "{}")]
        for _ in 0..<scaled(200) {
            let nested = generator.nested(depth: Int.random(in: 1...480, using: &generator.random))
            inputs.append(nested)
            inputs.append(generator.mutated(nested))
            inputs.append(Array(nested.prefix(Int.random(in: 0...nested.count, using: &generator.random))))
        }
        try await compareParsing(inputs, label: "deep nesting (seed \(seed))", expectSomeValid: true)
    }

    @Test("hand-picked inputs parse or fail as in nlohmann")
    func handPicked() async throws {
        try await compareParsing(handPickedInputs, label: "hand-picked", expectSomeValid: true)
    }

    @Test("doubles print as nlohmann's Grisu2 prints them")
    func doubles() async throws {
        let seed = baseSeed ^ 0xF10A
        var random = SplitMix64(seed: seed)
        var values: [Double] = edgeDoubles
        for _ in 0..<scaled(150_000) {
            // Random bit patterns cover every exponent; random short decimals are what documents hold.
            values.append(Double(bitPattern: random.next()))
            let digits = Double(Int.random(in: 1...999_999_999, using: &random))
            let scale = Int.random(in: -25...25, using: &random)
            values.append(Double("\(Int(digits))e\(scale)") ?? 0)
            values.append(Double(Int.random(in: 1...99_999, using: &random)) / 100)
        }
        let chunks = stride(from: 0, to: values.count, by: 10_000).map {
            Array(values[$0..<min($0 + 10_000, values.count)])
        }
        let requests = chunks.map { chunk in
            PeerRequest(operation: .doubles, payload: chunk.flatMap { $0.bitPattern.littleEndianBytes })
        }
        let answers = try await NlohmannPeer.run(requests)
        var mismatches: [String] = []
        for (chunk, answer) in zip(chunks, answers) {
            let printed = answer.text.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard answer.succeeded, printed.count == chunk.count else {
                Issue.record("the peer answered \(printed.count) of \(chunk.count) doubles: \(answer.description)")
                return
            }
            for (value, theirs) in zip(chunk, printed) {
                var ours: [UInt8] = []
                JSONValue.appendNumber(value, to: &ours)
                if ours != Array(theirs) {
                    mismatches.append(
                        "bits 0x\(String(value.bitPattern, radix: 16)) (\(value)): ours \(text(ours)), nlohmann's \(text(Array(theirs)))"
                    )
                }
            }
        }
        print("[doubles (seed \(seed))] \(values.count) doubles printed, \(mismatches.count) differ")
        report(mismatches, label: "doubles (seed \(seed))")
    }

    @Test("strings escape as nlohmann's, and invalid UTF-8 fails with its type_error.316")
    func strings() async throws {
        let seed = baseSeed ^ 0x5791
        var generator = JSONTextGenerator(seed: seed)
        var strings: [[UInt8]] = [
            [], [0x7F], [0xC3], [0xE2, 0x82], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0x61, 0xC3, 0x28], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x80], Array(0...0x7F), Array(0x80...0xFF),
        ]
        for _ in 0..<scaled(5000) {
            strings.append(generator.rawString())
        }
        let answers = try await NlohmannPeer.run(strings.map { PeerRequest(operation: .string, payload: $0) })
        var mismatches: [String] = []
        var failures = 0
        for (string, answer) in zip(strings, answers) {
            let ours = Result { () throws(JSONError) in try JSONValue.string(string).dump() }
            var escaped = Array("\"".utf8)
            let appended = Result { () throws(JSONError) in try JSONValue.appendEscaped(string, to: &escaped) }
            switch (ours, answer.succeeded) {
            case (.success(let dumped), true):
                if dumped != answer.text {
                    mismatches.append("\(text(string)): ours \(text(dumped)), nlohmann's \(text(answer.text))")
                }
                if case .failure = appended {
                    mismatches.append("\(text(string)): appendEscaped failed where dump() did not")
                } else if escaped + [0x22] != dumped {
                    mismatches.append("\(text(string)): appendEscaped differs from dump()")
                }
            case (.failure(let error), false):
                failures += 1
                if error.utf8 != answer.text {
                    mismatches.append("\(text(string)): ours \(error.message), nlohmann's \(answer.description)")
                }
                if case .failure(let appendError) = appended, appendError == error, escaped == Array("\"".utf8) {
                    break
                }
                mismatches.append("\(text(string)): appendEscaped did not fail the same way, or wrote output")
            case (.success(let dumped), false):
                mismatches.append(
                    "\(text(string)): ours printed \(text(dumped)), nlohmann failed: \(answer.description)"
                )
            case (.failure(let error), true):
                mismatches.append("\(text(string)): ours failed (\(error)), nlohmann printed \(text(answer.text))")
            }
        }
        print(
            "[strings (seed \(seed))] \(strings.count) strings, \(failures) invalid UTF-8, \(mismatches.count) differ"
        )
        report(mismatches, label: "strings (seed \(seed))")
    }
}

// MARK: - Comparing parses

/// True when the environment asks to skip tests that need the C++ peer.
private let skipPeerTests = ProcessInfo.processInfo.environment["GATEWAY_SKIP_PEER_TESTS"] == "1"

private let baseSeed = ProcessInfo.processInfo.environment["GATEWAY_DIFF_SEED"].flatMap { UInt64($0) } ?? 0x150_2E2D

/// `count` times `GATEWAY_JSON_DIFF_SCALE` (default 1).
private func scaled(_ count: Int) -> Int {
    let scale = ProcessInfo.processInfo.environment["GATEWAY_JSON_DIFF_SCALE"].flatMap { Double($0) } ?? 1
    return max(1, Int(Double(count) * scale))
}

/// Parses every input with both parsers; for valid input the dumps must be equal, otherwise the error texts.
private func compareParsing(_ inputs: [[UInt8]], label: String, expectSomeValid: Bool) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    let answers = try await NlohmannPeer.run(inputs.map { PeerRequest(operation: .parse, payload: $0) })
    let peerTime = clock.now - start
    var mismatches: [String] = []
    var valid = 0
    for (input, answer) in zip(inputs, answers) {
        let ours = Result { () throws(JSONError) in try JSONValue.parse(input).dump() }
        switch (ours, answer.succeeded) {
        case (.success(let dumped), true):
            valid += 1
            if dumped != answer.text {
                mismatches.append("input \(text(input)): ours dumps \(text(dumped)), nlohmann's \(text(answer.text))")
            }
        case (.failure(let error), false):
            if error.utf8 != answer.text {
                mismatches.append(
                    "input \(text(input)):\n  ours      \(text(error.utf8))\n  nlohmann  \(text(answer.text))"
                )
            }
        case (.success(let dumped), false):
            mismatches.append("input \(text(input)): ours parsed (\(text(dumped))), nlohmann: \(text(answer.text))")
        case (.failure(let error), true):
            mismatches.append("input \(text(input)): ours failed (\(text(error.utf8))), nlohmann: \(text(answer.text))")
        }
    }
    print(
        "[\(label)] \(inputs.count) inputs, \(valid) valid, \(inputs.count - valid) invalid, \(mismatches.count) "
            + "differ; peer \(peerTime), total \(clock.now - start)"
    )
    if expectSomeValid {
        #expect(valid > 0, "no input of \(label) was valid JSON: the generator is broken")
    }
    report(mismatches, label: label)
}

private func report(_ mismatches: [String], label: String) {
    guard !mismatches.isEmpty else {
        return
    }
    let shown = mismatches.prefix(25).joined(separator: "\n")
    Issue.record(
        Comment(rawValue: "[\(label)] \(mismatches.count) differences from nlohmann::json; the first ones:\n\(shown)")
    )
}

/// Bytes as a Swift-like literal: printable ASCII as is, everything else escaped.
private func text(_ bytes: [UInt8]) -> String {
    var result = "\""
    for byte in bytes.prefix(400) {
        switch byte {
        case 0x22: result += "\\\""
        case 0x5C: result += "\\\\"
        case 0x0A: result += "\\n"
        case 0x20..<0x7F: result.append(Character(Unicode.Scalar(byte)))
        default: result += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        }
    }
    return result + (bytes.count > 400 ? "...\" (\(bytes.count) bytes)" : "\"")
}

extension UInt64 {
    fileprivate var littleEndianBytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}

// MARK: - Fixed inputs

private let edgeNumbers = [
    "0", "-0", "0.0", "-0.0", "1", "-1", "0e0", "0E+0", "-0e-0", "1e0", "1E2", "1e+2", "1e-2", "0.5", "-0.5",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
    "99999999999999999999", "100000000000000000000", "123456789012345678901234567890",
    "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309",
    "2e308", "1e400", "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
    "2.2250738585072011e-308", "2.2250738585072014e-308", "9007199254740993", "9007199254740992.5",
    "0.1", "0.2", "0.30000000000000004", "1.5", "3.141592653589793", "123.456e-7", "100e-2", "1e22", "1e23",
    "8.98846567431158e307", "0.000001", "0.0000001", "1234567890123456789.0", "12345678901234567890.5e-10",
    "1" + String(repeating: "0", count: 308), "1" + String(repeating: "0", count: 309),
    "0." + String(repeating: "0", count: 400) + "1", "1" + String(repeating: "9", count: 40) + "e-20",
    "7.2057594037927933e16", "9.5e-5", "1e-5", "1e15", "1e16", "123456789012345.0", "1234567890123456.0",
    "-", "--1", "+1", ".5", "5.", "5.e1", "1e", "1e+", "1e-", "1E", "01", "-01", "00", "0x10", "1.0.0", "1e1e1",
    "1-", "1+1", "NaN", "Infinity", "-Infinity", "1_000", "١",
]

private let edgeDoubles: [Double] = {
    let decimals: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1e15, 1e16, 1e20, 1e21, 1e22, 1e23, 1e-4, 1e-5, 1e-7, 123e-7, 4.35,
        9007199254740992, 1.7976931348623157e308, 0.000123456789, 100000000000000.0, 999999999999999.9, 1.5e300, 0.5,
    ]
    let denormals = (1..<20).map { Double(bitPattern: UInt64($0) * 0x1_2345_6789) }
    let special: [Double] = [
        1.0 / 3, 2.0 / 3, .pi, .ulpOfOne, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNormalMagnitude, .leastNonzeroMagnitude, .nan, .infinity, -.infinity,
    ]
    let powersOfTwo = (0..<64).map { Double(sign: .plus, exponent: $0 * 32 - 1074, significand: 1) }
    return decimals + special + denormals + powersOfTwo
}()

/// Inputs that exercise every message of nlohmann's lexer and parser.
private let handPickedInputs: [[UInt8]] = {
    var inputs: [String] = [
        "", " ", "\n", "\t\r\n ", "null", "true", "false", "nul", "tru", "fals", "no", "nulll", "True", "n\u{0}ll",
        "[]", "{}", "[ ]", "{ }", "[,]", "[1,]", "[1 2]", "[1,,2]", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}",
        "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{1:2}", "{\"a\":1]", "[1}", "]", "}", ":", ",", "[\"a\":1]",
        "{\"a\":1,\"a\":2}", "{\"b\":1,\"a\":2,\"b\":3,\"a\":4}", "[1]\u{0}garbage", "1\u{0}", "[\u{0}", "\u{0}",
        "1 2", "1 x", "[1]]", "{}{}", "\"a\" \"b\"", "[1\n,2\n,\n", "\n\n[1\n2", "{1\n", "1 2\n", "\n1\n2\n",
        "\"abc", "\"\\\"", "\"\\", "\"\\x\"", "\"\\u\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\uD834\"", "\"\\uD834x\"",
        "\"\\uD834\\\"", "\"\\uD834\\u\"", "\"\\uD834\\u0041\"", "\"\\uDD1E\"", "\"\\uD834\\uDD1E\"",
        "\"\\ud834\\udd1e\"", "\"\\u0000\"", "\"\\u00e9\\u20AC\"", "\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"", "\"\u{7F}\"",
        "\"é€😀\"", "[\"a\", \"b\"", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}", "[1.5e3, -1e-7, 1e20, 0.1]",
        "\u{FEFF}[1]", "\u{FEFF}", "\u{FEFF}\u{FEFF}[1]", " \u{FEFF}[1]",
    ]
    for control in 0..<0x20 {
        inputs.append("\"" + String(Character(Unicode.Scalar(UInt8(control)))) + "\"")
        inputs.append("[1, " + String(Character(Unicode.Scalar(UInt8(control)))) + "]")
    }
    var bytes = inputs.map { Array($0.utf8) }
    bytes += [
        [0xEF], [0xEF, 0xBB], [0xEF, 0xBB, 0xBF], [0xEF, 0x41], [0xEF, 0xBB, 0x41], [0xEF, 0xBB, 0xBF, 0x20, 0x31],
        [0xFF], [0x80], [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x28, 0x22], [0x22, 0xC3], [0x22, 0xE0, 0x80, 0x80, 0x22],
        [0x22, 0xE0, 0xA0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xED, 0x9F, 0xBF, 0x22],
        [0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xF5, 0x22],
        [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xC1, 0xBF, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x22],
        [0x5B, 0xC3, 0xA9, 0x5D], [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x01, 0x7D], [0x22, 0x61, 0x0A, 0x62, 0x22],
    ]
    bytes += edgeNumbers.map { Array($0.utf8) }
    return bytes
}()

// MARK: - The peer

/// One request to the peer: parse a text, print a string, or print doubles.
private struct PeerRequest {
    enum Operation: UInt8 {
        case parse = 0x50  // P
        case string = 0x53  // S
        case doubles = 0x44  // D
        case version = 0x56  // V
    }

    var operation: Operation
    var payload: [UInt8]
}

/// The peer's answer: `dump()`'s output, or an exception's `what()`.
private struct PeerAnswer: CustomStringConvertible {
    var succeeded: Bool
    var text: [UInt8]

    var description: String { (succeeded ? "printed " : "failed: ") + String(decoding: text, as: UTF8.self) }
}

private struct PeerError: Error, CustomStringConvertible {
    var description: String
}

/// Builds `Peers/nlohmann_peer.cpp` once per test run and runs batches of requests through it.
private enum NlohmannPeer {
    static let build = PeerBuild()

    /// Runs all requests through one peer process. Requests and answers go through temporary files, so a large
    /// batch cannot deadlock on pipe buffers, and the wait does not block a concurrency thread.
    static func run(_ requests: [PeerRequest]) async throws -> [PeerAnswer] {
        let binary: URL
        do {
            binary = try await build.binary()
        } catch {
            Issue.record(
                """
                The nlohmann::json peer could not be built: \(error). Run `Scripts/test`, which installs g++ and \
                nlohmann-json3-dev (nlohmann::json 3.11.2), or set GATEWAY_SKIP_PEER_TESTS=1 to skip the JSON \
                differential tests.
                """
            )
            throw error
        }
        var input: [UInt8] = []
        for request in requests {
            input.append(request.operation.rawValue)
            input += UInt32(request.payload.count).littleEndianBytes
            input += request.payload
        }
        let output = try await runProcess(binary, arguments: [], stdin: input)
        var answers: [PeerAnswer] = []
        answers.reserveCapacity(requests.count)
        var offset = 0
        while offset + 5 <= output.count {
            let length = (1...4).reduce(0) { $0 | Int(output[offset + $1]) << (8 * ($1 - 1)) }
            guard offset + 5 + length <= output.count else {
                break
            }
            answers.append(
                PeerAnswer(succeeded: output[offset] == 0x2B, text: Array(output[offset + 5..<offset + 5 + length]))
            )
            offset += 5 + length
        }
        guard answers.count == requests.count else {
            throw PeerError(description: "the peer answered \(answers.count) of \(requests.count) requests")
        }
        return answers
    }

    /// Runs `executable` with `stdin` as its input and returns its output; fails on a non-zero exit.
    static func runProcess(_ executable: URL, arguments: [String], stdin: [UInt8]) async throws -> [UInt8] {
        let output = try await PeerProcess.run(executable, arguments: arguments, input: stdin)
        guard output.status == 0 else {
            throw PeerError(
                description: "\(executable.lastPathComponent) exited with status \(output.status): \(output.stderr)"
            )
        }
        return output.stdout
    }
}

/// Compiles the peer on first use; later calls get the same binary (or the same failure).
private actor PeerBuild {
    private var task: Task<URL, any Error>?

    func binary() async throws -> URL {
        if let task {
            return try await task.value
        }
        let task = Task { try await Self.compile() }
        self.task = task
        return try await task.value
    }

    private static func compile() async throws -> URL {
        guard let source = Bundle.module.url(forResource: "nlohmann_peer", withExtension: "cpp", subdirectory: "Peers")
        else {
            throw PeerError(description: "Peers/nlohmann_peer.cpp is missing from the test bundle")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gateway-nlohmann-peer-\(ProcessInfo.processInfo.processIdentifier)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = directory.appendingPathComponent("nlohmann_peer")
        do {
            _ = try await NlohmannPeer.runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                arguments: ["g++", "-O2", "-std=c++17", source.path, "-o", binary.path],
                stdin: []
            )
        } catch {
            throw PeerError(description: "`g++ -O2 -std=c++17 nlohmann_peer.cpp` failed (\(error))")
        }
        let version = try await NlohmannPeer.runProcess(
            binary,
            arguments: [],
            stdin: [PeerRequest.Operation.version.rawValue, 0, 0, 0, 0]
        )
        guard version.count > 5, String(decoding: version[5...], as: UTF8.self) == "3.11.2" else {
            throw PeerError(
                description:
                    "the installed nlohmann/json.hpp is version \(String(decoding: version.dropFirst(5), as: UTF8.self)), not 3.11.2"
            )
        }
        return binary
    }
}

extension UInt32 {
    fileprivate var littleEndianBytes: [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}

// MARK: - Generating inputs

/// Random JSON texts: valid documents in every formatting, numbers of every shape, strings with every escape and
/// UTF-8 length, and ways to break them.
private struct JSONTextGenerator {
    var random: SplitMix64
    /// Whether ``numberText()`` keeps to numbers a double can hold.
    private var finiteNumbers = false

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int {
        Int.random(in: 0..<bound, using: &random)
    }

    private mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// A valid document (apart from numbers too large for a double), with whitespace around it.
    mutating func document() -> [UInt8] {
        var output: [UInt8] = []
        whitespace(&output)
        value(&output, depth: 0)
        whitespace(&output)
        return output
    }

    /// An array of 10 to 60 documents: usually several kilobytes, with many repeated keys and values, and
    /// without numbers too large for a double, so that most of them are valid.
    mutating func largeDocument() -> [UInt8] {
        finiteNumbers = true
        defer { finiteNumbers = false }
        var output: [UInt8] = [0x5B]
        for index in 0..<(10 + below(51)) {
            if index > 0 {
                output.append(0x2C)
            }
            output += document()
        }
        output.append(0x5D)
        return output
    }

    private mutating func value(_ output: inout [UInt8], depth: Int) {
        let roll = below(100)
        switch roll {
        case 0..<18 where depth < 6: array(&output, depth: depth)
        case 18..<40 where depth < 6: object(&output, depth: depth)
        case 0..<60: string(&output)
        case 60..<88: output += numberText()
        default: output += Array(pick(["null", "true", "false"]).utf8)
        }
    }

    private mutating func array(_ output: inout [UInt8], depth: Int) {
        output.append(0x5B)
        whitespace(&output)
        let count = below(6)
        for index in 0..<count {
            if index > 0 {
                whitespace(&output)
                output.append(0x2C)
                whitespace(&output)
            }
            value(&output, depth: depth + 1)
        }
        whitespace(&output)
        output.append(0x5D)
    }

    private mutating func object(_ output: inout [UInt8], depth: Int) {
        output.append(0x7B)
        whitespace(&output)
        let count = below(6)
        for index in 0..<count {
            if index > 0 {
                whitespace(&output)
                output.append(0x2C)
                whitespace(&output)
            }
            if below(3) == 0 {
                string(&output)
            } else {
                // A small pool of keys, so that keys repeat and sort in interesting ways.
                output += Array(
                    pick(["\"a\"", "\"b\"", "\"B\"", "\"\"", "\"a b\"", "\"é\"", "\"\\u0061\"", "\"Z\""]).utf8
                )
            }
            whitespace(&output)
            output.append(0x3A)
            whitespace(&output)
            value(&output, depth: depth + 1)
        }
        whitespace(&output)
        output.append(0x7D)
    }

    private mutating func whitespace(_ output: inout [UInt8]) {
        output += Array(pick(["", "", "", "", " ", "\n", "\t", "\r\n", "  ", " \n "]).utf8)
    }

    /// A valid string literal with escapes, control characters escaped, and UTF-8 of every length.
    private mutating func string(_ output: inout [UInt8]) {
        output.append(0x22)
        for _ in 0..<below(12) {
            switch below(10) {
            case 0..<4:
                let byte = UInt8(0x20 + below(0x5F))
                output += byte == 0x22 ? [0x5C, 0x22] : byte == 0x5C ? [0x5C, 0x5C] : [byte]
            case 4:
                output += Array(pick(["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"]).utf8)
            case 5:
                let scalar = pick([below(0x80), below(0x800), 0xE000 + below(0x2000), below(0xD800)])
                output += Array(String(format: "\\u%04x", scalar).utf8)
            case 6:
                let high = 0xD800 + below(0x400)
                let low = 0xDC00 + below(0x400)
                output += Array(String(format: "\\u%04X\\u%04x", high, low).utf8)
            case 7:
                output.append(0x7F)
            default:
                let scalar = pick([
                    0x80 + below(0x780), 0x800 + below(0xD000), 0xE000 + below(0x2000), 0x10000 + below(0x100000),
                ])
                output += Array(String(Character(Unicode.Scalar(UInt32(scalar)) ?? "?")).utf8)
            }
        }
        output.append(0x22)
    }

    /// The text of a number: small and huge integers, 64-bit boundaries, decimals with and without exponents,
    /// long digit strings, and values near the limits of doubles.
    mutating func numberText() -> [UInt8] {
        func digits(_ count: Int, _ generator: inout JSONTextGenerator) -> String {
            String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(0x30 + generator.below(10)))) })
        }
        let sign = below(3) == 0 ? "-" : ""
        let text: String
        switch below(12) {
        case 0: text = String(below(2001) - 1000)
        case 1: text = String(Int64.random(in: .min ... .max, using: &random))
        case 2: text = String(UInt64.random(in: .min ... .max, using: &random))
        case 3:
            let boundary = pick([
                "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
            ])
            text = sign + boundary
        case 4: text = sign + String(1 + below(9)) + digits(below(40), &self)
        case 5: text = sign + String(below(1000)) + "." + digits(1 + below(20), &self)
        case 6:
            let mantissa = String(1 + below(9)) + "." + digits(below(19), &self)
            text = sign + mantissa + pick(["e", "E"]) + pick(["", "+", "-"]) + String(below(330))
        case 7: text = sign + "0." + String(repeating: "0", count: below(12)) + digits(1 + below(17), &self)
        case 8: text = "\(Double(bitPattern: random.next()).magnitude)".replacingOccurrences(of: "inf", with: "1e999")
        case 9: text = sign + digits(1 + below(3), &self) + "e" + pick(["-", "+", ""]) + String(280 + below(60))
        case 10:
            // Long decimals near halfway between doubles, the hardest to round.
            text = sign + String(1 + below(9)) + "." + digits(15 + below(30), &self) + "e" + String(below(620) - 320)
        default: text = sign + pick(["0", "0.0", "0e5", "1", "1.0", "100", "1e2", "0.1", "2.5e-3"])
        }
        if finiteNumbers, Double(text).map({ !$0.isFinite }) ?? true {
            return Array("12.5".utf8)
        }
        return Array(text.replacingOccurrences(of: "nan", with: "0").utf8)
    }

    /// Mostly bytes JSON gives meaning to, some arbitrary.
    mutating func randomBytes() -> [UInt8] {
        let alphabet =
            Array("{}[],:\"\\ \n\t0123456789-+.eEtruefalsnu/bfnrtu".utf8) + [
                0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0xFF,
            ]
        return (0..<below(40)).map { _ in below(5) == 0 ? UInt8(below(256)) : pick(alphabet) }
    }

    /// String content that is sometimes not valid UTF-8: truncated, overlong and surrogate sequences, stray
    /// continuation bytes, control characters.
    mutating func rawString() -> [UInt8] {
        var output: [UInt8] = []
        for _ in 0..<below(16) {
            switch below(10) {
            case 0..<4: output.append(UInt8(below(0x80)))
            case 4..<7:
                let scalar = pick([0x80 + below(0x780), 0x800 + below(0xD000), 0x10000 + below(0x100000)])
                output += Array(String(Character(Unicode.Scalar(UInt32(scalar)) ?? "?")).utf8)
            case 7:
                output += pick([
                    [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8],
                ])
            case 8:
                let valid = Array(String(Character(Unicode.Scalar(UInt32(0x10000 + below(0x1000))) ?? "?")).utf8)
                output += valid.prefix(1 + below(3))
            default: output.append(UInt8(0x80 + below(0x80)))
            }
        }
        // Most strings stay valid, so that escaping is compared too.
        if below(3) > 0 {
            output = Array(String(decoding: output, as: UTF8.self).utf8)
        }
        return output
    }

    /// `depth` nested arrays and objects around a scalar, with siblings at some levels.
    mutating func nested(depth: Int, innermost: String? = nil) -> [UInt8] {
        var output: [UInt8] = []
        var closers: [UInt8] = []
        for _ in 0..<depth {
            if below(2) == 0 {
                output += Array((below(4) == 0 ? "[1," : "[").utf8)
                closers.append(0x5D)
            } else {
                output += Array((below(4) == 0 ? "{\"x\":0,\"k\":" : "{\"k\":").utf8)
                closers.append(0x7D)
            }
            if below(8) == 0 {
                output.append(0x20)
            }
        }
        output += Array((innermost ?? pick(["0", "[]", "{}", "\"s\"", "null", "-1.5"])).utf8)
        for closer in closers.reversed() {
            output.append(closer)
        }
        return output
    }

    /// `input` with one to three random edits: bytes deleted, inserted, replaced or repeated, or the end cut off.
    mutating func mutated(_ input: [UInt8]) -> [UInt8] {
        var output = input
        let interesting =
            Array("{}[],:\"\\ \n0-.eE1tfnu".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xEF, 0xF4, 0xFF]
        for _ in 0...below(3) {
            let position = below(output.count + 1)
            switch below(6) {
            case 0 where position < output.count:
                output.removeSubrange(position..<min(output.count, position + 1 + below(3)))
            case 1: output.insert(pick(interesting), at: position)
            case 2 where position < output.count: output[position] = pick(interesting)
            case 3: output.removeSubrange(position...)
            case 4 where position < output.count:
                let end = min(output.count, position + 1 + below(8))
                output.insert(contentsOf: output[position..<end], at: end)
            default: output.insert(UInt8(below(256)), at: position)
            }
        }
        return output
    }
}
