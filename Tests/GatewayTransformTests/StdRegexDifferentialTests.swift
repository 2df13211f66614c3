import Foundation
import GatewayModel
import GatewayTransform
import TestSupport
import Testing

// Every pattern goes through `Extractor` and through C++ std::regex in libc++, the library envoy-gloo's release
// binaries use (compiled from `Peers/std_regex_peer.cpp` with `clang++ -std=c++17 -O2 -stdlib=libc++` once per test
// run), which runs envoy-gloo's three extractor modes. Both must agree on whether the pattern compiles, on the error
// text, on the group count and on the output of every mode. `Scripts/test` installs libc++ (and clang if the Swift
// toolchain's is not on the PATH); `GATEWAY_STD_REGEX_CXX` names another compiler; set `GATEWAY_SKIP_PEER_TESTS=1`
// to skip these tests. `GATEWAY_DIFF_SEED` and `GATEWAY_STD_REGEX_DIFF_COUNT` change the random corpus, and
// `GATEWAY_STD_REGEX_PEER_SCRIPT=/path/prefix` writes the peer's requests to `prefix.<label>`, so a failure can be
// replayed with the peer alone.

@Suite("Differential against std::regex", .disabled(if: skipPeerTests, "GATEWAY_SKIP_PEER_TESTS=1"))
struct StdRegexDifferentialTests {
    @Test("random patterns and inputs agree with std::regex in every mode")
    func randomPatterns() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["GATEWAY_DIFF_SEED"].flatMap { UInt64($0) } ?? 0x57D_2E6E
        let count = environment["GATEWAY_STD_REGEX_DIFF_COUNT"].flatMap { Int($0) } ?? 4000
        var rng = SplitMix64(seed: seed)
        var cases: [PatternCase] = []
        for _ in 0..<count {
            cases.append(PatternCase.random(using: &rng))
        }
        try await runDifferential(cases, label: "random (seed \(seed))")
    }

    @Test("hand-picked patterns agree with std::regex in every mode")
    func handPicked() async throws {
        var rng = SplitMix64(seed: 0x4A_4D)
        let cases = handPickedPatterns.map { entry in
            PatternCase.fixed(pattern: entry.pattern, inputs: entry.inputs, using: &rng)
        }
        try await runDifferential(cases, label: "hand-picked")
    }
}

// MARK: - Cases

/// One pattern and the extractor configurations and inputs it is tried with.
private struct PatternCase: Sendable {
    var pattern: String
    var inputs: [[UInt8]]
    /// (group, text) pairs for SINGLE_REPLACE.
    var singleReplacements: [(group: Int, text: String)]
    /// Format strings for REPLACE_ALL.
    var formats: [String]

    static let texts = ["X", "", "<$1>", "é", "--"]
    static let formats = [
        "[$&]", "<$1>", "$2-$1", "$$", "$", "$`|$'", "x$10y", "$0", "$&$&", "", "a$3b", "$x", "$01", "$'", "$`",
    ]

    static func random(using rng: inout SplitMix64) -> PatternCase {
        var generator = PatternGenerator()
        var (pattern, sample) = generator.expression(depth: 0, using: &rng)
        if rng.chance(6) { pattern = PatternGenerator.mutate(pattern, using: &rng) }
        var inputs: [[UInt8]] = [sample, []]
        for _ in 0..<4 {
            inputs.append(PatternGenerator.input(around: sample, using: &rng))
        }
        return PatternCase(
            pattern: pattern,
            inputs: inputs,
            singleReplacements: (0..<2).map { _ in (rng.below(4), rng.pick(texts)) },
            formats: [rng.pick(formats), rng.pick(formats)]
        )
    }

    static func fixed(pattern: String, inputs: [String], using rng: inout SplitMix64) -> PatternCase {
        var bytes = inputs.map { Array($0.utf8) }
        for _ in 0..<3 {
            bytes.append(PatternGenerator.input(around: bytes.first ?? [], using: &rng))
        }
        return PatternCase(
            pattern: pattern,
            inputs: bytes,
            singleReplacements: [(0, "X"), (1, "<>"), (2, "")],
            formats: ["[$&]", "<$1>", "$2-$1|$`|$'", "$$$"]
        )
    }
}

private let handPickedPatterns: [(pattern: String, inputs: [String])] = [
    ("[\\s\\S]*id: ([0-9]{4})[\\s\\S]*", ["x\nid: 1234\ny", "id: 12345", "id: 123"]),
    ("(.*)", ["a\nb", "a\rb", "ab"]),
    ("[[:alnum:]-]+", ["ab-c1", "a b", "-"]),
    ("([[:alnum:]-]+)\\.example\\.com", ["my-host.example.com", "x.example.com"]),
    ("(a|)*", ["aa", ""]),
    ("(|a)*", ["a", "aa"]),
    ("(a*|b)*", ["ab", "ba"]),
    ("(a*)*", ["aab", "b"]),
    ("(a*)+", ["b", "aa"]),
    ("((a?)b?)*", ["ab", "abab"]),
    ("(a|()|b)*", ["ab", "ba"]),
    ("(a*?)*?b", ["aab"]),
    ("(a??)+", ["a", "aa"]),
    ("(?:(a)|b)*", ["ab", "ba"]),
    ("(a|ab)(c|bcd)(d*)", ["abcd"]),
    ("a|ab", ["ab", "a"]),
    ("(a)|b", ["b", "a"]),
    ("\\bfoo\\b", ["foo bar", "foobar", "a foo"]),
    ("\\Bo\\B", ["foo", "oo"]),
    ("^a|b$", ["ab", "ba", "a"]),
    ("\\cJ", ["J", "\n"]),
    ("\\cj\\c@", ["\n@"]),
    ("\\e", ["e"]),
    ("\\_", ["_"]),
    ("]", ["]"]),
    ("a}", ["a}"]),
    ("a???", ["a"]),
    ("(?x)", ["x"]),
    ("[a-\\w]", ["a"]),
    ("[z-a]b|c", ["b", "c"]),
    ("[\\D\\S]+", ["a1 b", " 1"]),
    ("[\\W\\d]+", ["a1-b"]),
    ("[[=a=]]", ["a", "A"]),
    ("[[.-.][.full-stop.]]+", ["-.", "a"]),
    ("[[:alpha:]-z]+", ["a-z", "-"]),
    ("[[:W:]]", ["a"]),
    ("(a\\1)", ["aa"]),
    ("(a)(?=\\1)", ["aa"]),
    ("a{2147483640}", ["a"]),
    ("(?:(a)|b)*", ["ab", "ba", "aa"]),
    ("((a)|b)+", ["ab", "ba"]),
    ("(?:(a)|(b))+", ["ab", "ba"]),
    ("(?:(a)|)*", ["aa", ""]),
    ("(?:(a*)|b)+", ["aab", "baa"]),
    ("(?:a?|b)*", ["ab", "ba"]),
    ("(?:(a?)|(b))*", ["ab", "ba"]),
    ("(a|){1,3}", ["aa", "aaaa"]),
    ("(a?){2,3}", ["a", "aaa"]),
    ("(|a){2,}", ["aa"]),
    ("(a|ab)*c", ["abac", "ababc"]),
    ("((a)|(b))*?c", ["abc", "bac"]),
    ("(a?)+?b", ["aab", "b"]),
    ("(a??){2}?b", ["ab", "aab"]),
    ("(?:a|\\b)*", ["ab", "aa b"]),
    ("(?:(a)|\\b)*c", ["ac", "c"]),
    ("(?:a|(\\b)|b)*", ["ab"]),
    ("(?:(b)|a|\\b|c)*", ["c", "abc"]),
    ("(a){0}b", ["b"]),
    ("x{0,0}y", ["y"]),
    ("\\u0141", ["A", "Ł"]),
    ("\\xe9", ["é", "e"]),
    ("é+", ["éé", "é"]),
    ("[é]+", ["é", "ée"]),
    ("a.b", ["a\nb", "a\rb", "aéb", "axb"]),
    ("[^a]", ["\n", "é", "b"]),
    ("[]a]", ["]", "a"]),
    ("[^]", ["\n"]),
    ("a**", ["aa"]),
    ("a{2}{3}", ["aaaaaa", "aaaa"]),
    ("a{4294967297}", ["a", "aa"]),
    ("a{,2}", ["a"]),
    ("(?:a|\\b)*?c", ["ac", "c"]),
    ("(?=a)a", ["a"]),
    ("(a)\\1", ["aa"]),
    ("x*", ["", "xx", "axxb"]),
    ("", ["", "a"]),
    ("$", ["a", ""]),
    ("\\d+(?:\\.\\d+)?", ["12.5", "1.", "a1.2b3"]),
    ("[\\w.-]+@[\\w-]+\\.[a-z]{2,}", ["john.doe@example.com", "x@y"]),
    ("/api/v([0-9]+)/(.*)", ["/api/v2/users/42", "/api/vx/"]),
    ("([^&]*)&?", ["a=1&b=2", ""]),
]

// MARK: - Driver

private let skipPeerTests = ProcessInfo.processInfo.environment["GATEWAY_SKIP_PEER_TESTS"] == "1"

/// What one request asks, and what our side answers.
private enum RequestKind: Sendable {
    case extract(group: Int)
    case single(group: Int, text: String)
    case replaceAll(format: String)
}

private struct Request: Sendable {
    var caseIndex: Int
    var input: [UInt8]
    var kind: RequestKind
}

private func runDifferential(_ cases: [PatternCase], label: String) async throws {
    let clock = ContinuousClock()
    let started = clock.now
    let binary: URL
    do {
        binary = try await StdRegexPeer.shared.binary()
    } catch {
        Issue.record(
            """
            The std::regex peer could not be built with clang++ and libc++: \(error). Run `Scripts/test`, which \
            installs libc++ (libc++-dev, libc++abi-dev) and clang when they are missing, or set \
            GATEWAY_SKIP_PEER_TESTS=1 to skip the differential tests.
            """
        )
        return
    }

    // One line per compile and per request, in order; answers come back in the same order.
    var script = ""
    var requests: [[Request]] = []
    for (index, patternCase) in cases.enumerated() {
        script += "P \(hex(Array(patternCase.pattern.utf8)))\n"
        var list: [Request] = []
        for input in patternCase.inputs {
            list.append(Request(caseIndex: index, input: input, kind: .extract(group: 0)))
            list.append(Request(caseIndex: index, input: input, kind: .extract(group: 1)))
            list.append(Request(caseIndex: index, input: input, kind: .extract(group: 2)))
            for (group, text) in patternCase.singleReplacements {
                list.append(Request(caseIndex: index, input: input, kind: .single(group: group, text: text)))
            }
            for format in patternCase.formats {
                list.append(Request(caseIndex: index, input: input, kind: .replaceAll(format: format)))
            }
        }
        for request in list {
            switch request.kind {
            case .extract(let group): script += "E \(group) \(hex(request.input))\n"
            case .single(let group, let text): script += "S \(group) \(hex(Array(text.utf8))) \(hex(request.input))\n"
            case .replaceAll(let format): script += "R \(hex(Array(format.utf8))) \(hex(request.input))\n"
            }
        }
        for input in patternCase.inputs {
            script += "M \(hex(input))\n"
        }
        requests.append(list)
    }
    if let path = ProcessInfo.processInfo.environment["GATEWAY_STD_REGEX_PEER_SCRIPT"] {
        try Data(script.utf8).write(to: URL(fileURLWithPath: path + "." + label.prefix(while: { $0 != " " })))
    }
    let output = try await StdRegexPeer.run(binary, input: Array(script.utf8), timeout: .seconds(300))
    var lines = output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
    let peerTime = clock.now - started

    // Split the answers per case, then compare the cases on all processors.
    var answered: [PeerAnswers] = []
    for (index, patternCase) in cases.enumerated() {
        guard let compileLine = lines.popFirst() else {
            Issue.record("the peer stopped answering at case \(index)")
            return
        }
        let answers = Array(lines.prefix(requests[index].count))
        lines = lines.dropFirst(requests[index].count)
        let spans = lines.prefix(patternCase.inputs.count).map {
            String(decoding: unhex(parse($0).1), as: UTF8.self)
        }
        lines = lines.dropFirst(patternCase.inputs.count)
        answered.append(PeerAnswers(compileLine: Array(compileLine), answers: answers.map { Array($0) }, spans: spans))
    }
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    let allRequests = requests
    let allAnswers = answered
    var statistics = Statistics()
    await withTaskGroup(of: Statistics.self) { group in
        for worker in 0..<workers {
            group.addTask {
                var partial = Statistics()
                for index in stride(from: worker, to: cases.count, by: workers) {
                    compare(cases[index], allRequests[index], allAnswers[index], into: &partial)
                }
                return partial
            }
        }
        for await partial in group {
            statistics.add(partial)
        }
    }
    let mismatches = statistics.mismatches
    let refusals = statistics.refusals
    let total = clock.now - started
    print(
        """
        [\(label)] \(cases.count) patterns: \(statistics.compiled) compiled, \(statistics.rejected) rejected by \
        std::regex with the same message, \(statistics.refused) refused as documented, \(statistics.timedOut) \
        skipped (std::regex took over 1 s); \(statistics.requests) mode runs compared (\(statistics.nonEmpty) with \
        non-empty output), \(statistics.peerFailures) not (std::regex threw while matching); peer \(peerTime), \
        total \(total)
        """
    )
    if !refusals.isEmpty {
        print(
            "[\(label)] refused: "
                + refusals.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: "; ")
        )
    }
    if !mismatches.isEmpty {
        Issue.record(
            Comment(
                rawValue: "[\(label)] \(mismatches.count) mismatches; first ones:\n"
                    + mismatches.prefix(25).joined(separator: "\n")
            )
        )
    }
}

/// The peer's answers for one case: its compile line, one line per request, and the match spans per input.
private struct PeerAnswers: Sendable {
    var compileLine: [UInt8]
    var answers: [[UInt8]]
    var spans: [String]
}

/// Counts and disagreements gathered while comparing.
private struct Statistics: Sendable {
    var compiled = 0
    var rejected = 0
    var refused = 0
    var timedOut = 0
    var requests = 0
    var nonEmpty = 0
    var peerFailures = 0
    var refusals: [String: Int] = [:]
    var mismatches: [String] = []

    mutating func add(_ other: Statistics) {
        compiled += other.compiled
        rejected += other.rejected
        refused += other.refused
        timedOut += other.timedOut
        requests += other.requests
        nonEmpty += other.nonEmpty
        peerFailures += other.peerFailures
        refusals.merge(other.refusals, uniquingKeysWith: +)
        mismatches += other.mismatches
    }
}

/// Compares one pattern's compilation and every mode run with the peer's answers.
private func compare(
    _ patternCase: PatternCase,
    _ list: [Request],
    _ peer: PeerAnswers,
    into statistics: inout Statistics
) {
    let (tag, payload) = parse(peer.compileLine[...])
    let context = "pattern \(quoted(Array(patternCase.pattern.utf8)))"
    if tag == "F" {
        statistics.timedOut += 1
        return
    }
    if tag == "X" {
        statistics.rejected += 1
        let expected = "Invalid regex '\(patternCase.pattern)': \(String(decoding: unhex(payload), as: UTF8.self))"
        do {
            _ = try Extractor(name: "x", extraction(patternCase.pattern, .extract, group: 0, text: nil))
            statistics.mismatches.append("\(context): std::regex rejects it (\(expected)) but Extractor accepts it")
        } catch {
            if error.code != .invalidRegex || error.message != expected {
                statistics.mismatches.append(
                    "\(context): error \(error.message) [\(error.code)], std::regex: \(expected)"
                )
            }
        }
        return
    }
    guard tag == "C", let markCount = Int(String(decoding: payload, as: UTF8.self)) else {
        statistics.mismatches.append(
            "\(context): unexpected peer answer \(String(decoding: peer.compileLine, as: UTF8.self))"
        )
        return
    }
    // Our side refuses only what it documents; those patterns are counted, not compared.
    do {
        _ = try Extractor(name: "x", extraction(patternCase.pattern, .extract, group: markCount, text: nil))
    } catch {
        if error.message.contains("not supported") || error.message.contains("too complex")
            || error.message.contains("too large")
        {
            statistics.refused += 1
            let reason = error.message.dropFirst("Invalid regex '\(patternCase.pattern)': ".count)
            statistics.refusals[String(reason.prefix(while: { $0 != ":" })), default: 0] += 1
        } else {
            statistics.mismatches.append(
                "\(context): std::regex accepts it (\(markCount) groups) but Extractor: \(error)"
            )
        }
        return
    }
    statistics.compiled += 1
    let tooMany = "group \(markCount + 1) requested for regex with only \(markCount) sub groups"
    do {
        _ = try Extractor(name: "x", extraction(patternCase.pattern, .extract, group: markCount + 1, text: nil))
        statistics.mismatches.append("\(context): group \(markCount + 1) accepted; std::regex has \(markCount) groups")
    } catch {
        if error.message != tooMany {
            statistics.mismatches.append("\(context): \(error.message), expected \(tooMany)")
        }
    }

    var extractors: [String: Extractor] = [:]
    for (request, answer) in zip(list, peer.answers) {
        let (answerTag, answerPayload) = parse(answer[...])
        guard answerTag == "O" else {
            statistics.peerFailures += 1
            continue
        }
        let key: String
        let config: Extraction
        switch request.kind {
        case .extract(let group):
            guard group <= markCount else { continue }
            key = "E\(group)"
            config = extraction(patternCase.pattern, .extract, group: group, text: nil)
        case .single(let group, let text):
            guard group <= markCount else { continue }
            key = "S\(group) text \(text)"
            config = extraction(patternCase.pattern, .singleReplace, group: group, text: text)
        case .replaceAll(let format):
            key = "R\(format)"
            config = extraction(patternCase.pattern, .replaceAll, group: 0, text: format)
        }
        let extractor: Extractor
        if let cached = extractors[key] {
            extractor = cached
        } else {
            do {
                extractor = try Extractor(name: "x", config)
            } catch {
                statistics.mismatches.append("\(context): \(key) does not compile: \(error)")
                continue
            }
            extractors[key] = extractor
        }
        statistics.requests += 1
        let expected = unhex(answerPayload)
        if !expected.isEmpty { statistics.nonEmpty += 1 }
        let actual = extractor.apply(to: request.input)
        if actual != expected {
            let inputIndex = patternCase.inputs.firstIndex(of: request.input) ?? 0
            statistics.mismatches.append(
                "\(context) [\(key)] input \(quoted(request.input)): got \(quoted(actual)), std::regex "
                    + "\(quoted(expected)) (std::regex match|search spans: \(peer.spans[inputIndex]))"
            )
        }
    }
}

private func extraction(_ pattern: String, _ mode: Extraction.Mode, group: Int, text: String?) -> Extraction {
    var extraction = Extraction()
    extraction.body = Extraction.Body()
    extraction.regex = pattern
    extraction.mode = mode
    extraction.subgroup = UInt32(group)
    extraction.replacementText = text
    return extraction
}

private func parse(_ line: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>) {
    guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return (String(decoding: line, as: UTF8.self), []) }
    return (String(decoding: line[..<space], as: UTF8.self), line[(space + 1)...])
}

private func hex(_ bytes: [UInt8]) -> String {
    bytes.isEmpty ? "-" : bytes.map { String(format: "%02x", $0) }.joined()
}

private func unhex(_ text: ArraySlice<UInt8>) -> [UInt8] {
    guard text != [UInt8(ascii: "-")][...] else { return [] }
    func value(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit - UInt8(ascii: "0") : (digit | 0x20) - UInt8(ascii: "a") + 10
    }
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index + 1 < text.endIndex {
        bytes.append(value(text[index]) << 4 | value(text[index + 1]))
        index += 2
    }
    return bytes
}

/// Bytes as a Swift-like literal with escapes, for failure messages.
private func quoted(_ bytes: [UInt8]) -> String {
    var text = "\""
    for byte in bytes {
        switch byte {
        case UInt8(ascii: "\n"): text += "\\n"
        case UInt8(ascii: "\r"): text += "\\r"
        case UInt8(ascii: "\t"): text += "\\t"
        case UInt8(ascii: "\""): text += "\\\""
        case UInt8(ascii: "\\"): text += "\\\\"
        case 0x20..<0x7F: text += String(UnicodeScalar(byte))
        default: text += String(format: "\\x%02X", byte)
        }
    }
    return text + "\""
}

// MARK: - Peer

private struct PeerError: Error, CustomStringConvertible {
    var description: String
}

/// Builds `Peers/std_regex_peer.cpp` once per test process and runs it.
private actor StdRegexPeer {
    static let shared = StdRegexPeer()
    private var built: Task<URL, any Error>?

    func binary() async throws -> URL {
        if let built { return try await built.value }
        let task = Task { try await Self.compile() }
        built = task
        return try await task.value
    }

    private static func compile() async throws -> URL {
        guard let source = Bundle.module.url(forResource: "std_regex_peer", withExtension: "cpp", subdirectory: "Peers")
        else {
            throw PeerError(description: "Peers/std_regex_peer.cpp is missing from the test bundle")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gateway-std-regex-peer-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = directory.appendingPathComponent("std_regex_peer")
        // The Swift toolchain ships clang++, which builds against Debian's libc++ headers and library.
        let compiler = ProcessInfo.processInfo.environment["GATEWAY_STD_REGEX_CXX"] ?? "clang++"
        let flags = ["-std=c++17", "-O2", "-stdlib=libc++"]
        do {
            _ = try await run(
                URL(fileURLWithPath: "/usr/bin/env"),
                arguments: [compiler] + flags + [source.path, "-o", binary.path],
                input: [],
                timeout: .seconds(300)
            )
        } catch {
            throw PeerError(
                description: "`\(compiler) \(flags.joined(separator: " ")) std_regex_peer.cpp` failed: \(error)"
            )
        }
        return binary
    }

    /// Runs `executable` with `input` on stdin and returns its stdout; std::regex backtracks, so a pathological
    /// case is killed after `timeout` and fails the test instead of hanging it.
    static func run(
        _ executable: URL,
        arguments: [String] = [],
        input: [UInt8],
        timeout: Duration
    ) async throws -> [UInt8] {
        let output = try await PeerProcess.run(executable, arguments: arguments, input: input, timeout: timeout)
        guard output.status == 0 else {
            let killed = output.timedOut ? " (killed after \(timeout))" : ""
            throw PeerError(
                description:
                    "\(executable.lastPathComponent) exited with status \(output.status)\(killed): \(output.stderr)"
            )
        }
        return output.stdout
    }
}

// MARK: - Random patterns

/// Random patterns from the part of the ECMAScript dialect both sides run, each with a sample text it probably
/// matches; inputs are short because std::regex backtracks.
private struct PatternGenerator {
    private var groups = 0

    /// Literal spellings and the bytes they match.
    private static let literals: [(String, [UInt8])] = [
        ("a", [0x61]), ("b", [0x62]), ("c", [0x63]), ("a", [0x61]), ("b", [0x62]), ("0", [0x30]), ("1", [0x31]),
        (" ", [0x20]), ("-", [0x2D]), ("_", [0x5F]), ("\\.", [0x2E]), ("\\-", [0x2D]), ("\\/", [0x2F]),
        ("é", [0xC3, 0xA9]), ("\\xe9", [0xE9]), ("\\xc3", [0xC3]), ("\\x61", [0x61]), ("\\u0062", [0x62]),
        ("\\u0161", [0x61]), ("\\n", [0x0A]), ("\\r", [0x0D]), ("\\t", [0x09]), ("\\cJ", [0x0A]), ("\\ci", [0x09]),
        ("\\]", [0x5D]), ("\\}", [0x7D]), ("\\$", [0x24]), ("\\*", [0x2A]), ("\\v", [0x0B]), ("\\f", [0x0C]),
    ]

    private static let classes: [(String, [UInt8])] = [
        (".", [0x61]), ("\\d", [0x31]), ("\\D", [0x61]), ("\\w", [0x5F]), ("\\W", [0x2D]), ("\\s", [0x0B]),
        ("\\S", [0xE9]), ("[abc]", [0x62]), ("[^a]", [0x0A]), ("[a-c0-1]", [0x30]), ("[[:alpha:]]", [0x63]),
        ("[[:digit:]_]", [0x5F]), ("[[:space:]]", [0x0D]), ("[[:punct:]]", [0x2D]), ("[[:alnum:]-]", [0x2D]),
        ("[[:w:]]", [0x5F]), ("[\\d\\s]", [0x20]), ("[\\w.-]", [0x2E]), ("[^\\W]", [0x61]), ("[-a]", [0x2D]),
        ("[a-]", [0x61]), ("[é]", [0xA9]), ("[\\x80-\\xff]", [0xE9]), ("[^\\x00-\\x7f]", [0xC3]), ("[\\b]", [0x08]),
        ("[]", []), ("[^]", [0x0A]), ("[\\]a]", [0x5D]), ("[[.hyphen.]a]", [0x2D]), ("[[=a=]]", [0x61]),
        ("[a-c-e]", [0x65]), ("[[:upper:][:lower:]]", [0x42]), ("[^[:space:]]", [0x61]), ("[.$^]", [0x5E]),
        ("[\\s\\S]", [0x0A]), ("[^\\n]", [0x0D]), ("[\\D\\S]", [0x61]), ("[\\W\\d]", [0x31]), ("[[.-.]b]", [0x2D]),
        ("[z-ab]", [0x62]), ("[[:alpha:]-]", [0x2D]), ("[\\cJ\\x00]", [0x0A]),
    ]

    private static let quantifiers: [(String, Int)] = [
        ("*", 2), ("+", 1), ("?", 1), ("*?", 0), ("+?", 1), ("??", 0), ("{2}", 2), ("{1,}", 1), ("{0,2}", 1),
        ("{1,3}", 2), ("{2,}?", 2), ("{0,1}?", 0), ("{0,3}", 3), ("{2,3}?", 2), ("{3}", 3),
    ]

    mutating func expression(depth: Int, using rng: inout SplitMix64) -> (String, [UInt8]) {
        let count = depth >= 2 ? 1 : 1 + rng.below(rng.chance(30) ? 3 : 1)
        var spellings: [String] = []
        var sample: [UInt8] = []
        for index in 0..<count {
            let (spelling, text) = sequence(depth: depth, using: &rng)
            spellings.append(spelling)
            if index == 0 || rng.chance(30) { sample = text }
        }
        return (spellings.joined(separator: "|"), sample)
    }

    private mutating func sequence(depth: Int, using rng: inout SplitMix64) -> (String, [UInt8]) {
        var spelling = ""
        var sample: [UInt8] = []
        for _ in 0..<rng.below(depth == 0 ? 5 : 3) + (rng.chance(90) ? 1 : 0) {
            let (term, text) = self.term(depth: depth, using: &rng)
            spelling += term
            sample += text
        }
        return (spelling, sample)
    }

    private mutating func term(depth: Int, using rng: inout SplitMix64) -> (String, [UInt8]) {
        if rng.chance(8) {
            return (rng.pick(["^", "$", "\\b", "\\B"]), [])
        }
        var (spelling, sample) = atom(depth: depth, using: &rng)
        if rng.chance(35) {
            let (quantifier, copies) = rng.pick(Self.quantifiers)
            spelling += quantifier
            sample = Array([[UInt8]](repeating: sample, count: copies).joined())
        }
        return (spelling, sample)
    }

    private mutating func atom(depth: Int, using rng: inout SplitMix64) -> (String, [UInt8]) {
        let roll = rng.below(100)
        if roll < 45 {
            let (spelling, bytes) = rng.pick(Self.literals)
            return (spelling, bytes)
        }
        if roll < 70 || depth >= 3 {
            let (spelling, bytes) = rng.pick(Self.classes)
            return (spelling, bytes)
        }
        let (inner, sample) = expression(depth: depth + 1, using: &rng)
        if rng.chance(65) {
            groups += 1
            return ("(\(inner))", sample)
        }
        return ("(?:\(inner))", sample)
    }

    /// A probably-broken variant: one special character inserted, or the pattern cut short.
    static func mutate(_ pattern: String, using rng: inout SplitMix64) -> String {
        var bytes = Array(pattern.utf8)
        if rng.chance(50), !bytes.isEmpty {
            bytes = Array(bytes[..<rng.below(bytes.count)])
        } else {
            let specials = Array("()[]{}\\*+?|^$-,".utf8)
            bytes.insert(rng.pick(specials), at: rng.below(bytes.count + 1))
        }
        // Keep the pattern valid UTF-8 (proto strings are): cut a split character off.
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{FFFD}", with: "")
    }

    /// A short input: the sample, edited, or random bytes from the patterns' alphabet.
    static func input(around sample: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        let alphabet: [[UInt8]] = [
            [0x61], [0x62], [0x63], [0x30], [0x31], [0x20], [0x2D], [0x5F], [0x2E], [0x0A], [0x0D], [0x09],
            [0xC3, 0xA9],
            [0xE9], [0x41], [0x5D], [0x0B],
        ]
        var bytes = rng.chance(60) ? sample : []
        for _ in 0..<rng.below(4) {
            let piece = rng.pick(alphabet)
            let position = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
            if rng.chance(70) {
                bytes.insert(contentsOf: piece, at: position)
            } else if !bytes.isEmpty {
                bytes.remove(at: min(position, bytes.count - 1))
            }
        }
        return Array(bytes.prefix(10))
    }
}
