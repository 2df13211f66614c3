import Foundation
import TestSupport
import Testing

@testable import GatewayRegex

// Every pattern is compiled by `SafeRegex` and by Google RE2 (through the Python `google-re2` bindings
// driven by `Oracle/re2_oracle.py`), and both must agree on acceptance, error texts, capture groups and
// every match span. Set `GATEWAY_SKIP_PEER_TESTS=1` to skip these tests when RE2 is unavailable.
// `GATEWAY_DIFF_SEED` and `GATEWAY_DIFF_COUNT` change the random corpus, `GATEWAY_DIFF_KEEP_FILES=1` keeps
// the oracle's request and response JSON for reproducing a failure, and `GATEWAY_DIFF_REPORT=/path/prefix`
// writes every mismatch (not just the first 30) to `prefix.<label>`.

/// Compares `SafeRegex` with Google RE2 on generated and hand-picked patterns.
@Suite("Differential against RE2", .disabled(if: skipPeerTests, "GATEWAY_SKIP_PEER_TESTS=1"))
struct DifferentialTests {
    @Test("random patterns agree with RE2")
    func randomPatterns() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["GATEWAY_DIFF_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2E2D
        let count = environment["GATEWAY_DIFF_COUNT"].flatMap { Int($0) } ?? 3000
        var rng = SplitMix64(seed: seed)
        var cases: [DiffCase] = []
        cases.reserveCapacity(count)
        for _ in 0..<count {
            cases.append(PatternGenerator.makeCase(using: &rng, invalidUTF8: false))
        }
        try await runDifferential(cases, label: "random (seed \(seed))")
    }

    /// RE2 works on raw bytes, and so must the `some Sequence<UInt8>` overloads: most inputs here contain
    /// stray continuation bytes, truncated or overlong sequences, surrogates or bytes that never occur in
    /// UTF-8.
    @Test("byte inputs with invalid UTF-8 agree with RE2")
    func invalidUTF8Inputs() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["GATEWAY_DIFF_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2E2D
        let count = environment["GATEWAY_DIFF_COUNT"].flatMap { Int($0) }.map { max(1, $0 / 10) } ?? 300
        var rng = SplitMix64(seed: seed ^ 0xB17E_5000)
        var cases: [DiffCase] = []
        for _ in 0..<count {
            cases.append(PatternGenerator.makeCase(using: &rng, invalidUTF8: true))
        }
        try await runDifferential(cases, label: "invalid UTF-8 (seed \(seed))")
    }

    @Test("hand-picked patterns agree with RE2")
    func interestingPatterns() async throws {
        var rng = SplitMix64(seed: 0xF1_8ED)
        var cases: [DiffCase] = []
        for pattern in handPickedPatterns {
            let inputs = PatternGenerator.inputs(forFixedPattern: pattern, using: &rng)
            cases.append(DiffCase(pattern: pattern, options: SafeRegex.Options(), inputs: inputs))
            let folded = SafeRegex.Options(caseInsensitive: true, dotMatchesNewline: true)
            cases.append(DiffCase(pattern: pattern, options: folded, inputs: inputs))
        }
        try await runDifferential(cases, label: "hand-picked")
    }

    /// Loops whose body can match the empty string: here RE2's answer depends on how its parser factored the
    /// alternation, where its compiler put no-ops and how flattening cut the program into lists, so a capture
    /// group or a repeated alternative changes the match (`(?:|b+)*` finds "" in "b", `((?:|b+)*)` finds "b").
    @Test("loops of empty alternatives agree with RE2")
    func emptyLoops() async throws {
        let shapes: [(pattern: String, input: String)] = [
            ("(?:(?:^|a)*(?:^|a)*)*", "a\t!c"),
            ("(?:|b+)*", ".b"),
            ("((?:|b+)*)", ".b"),
            ("a(?:|b|b)*", "babx"),
            ("a((?:|b|b)*)", "babx"),
            ("(?:|b|b)", "bb"),
            ("a(?:|b|b|c*)*", "\nb:abc"),
            ("σ(?:|\\]|\\]|\\~*)*", "σ]]"),
            ("(?:a|a|)*b", "aab"),
            ("(?:|a|ab)+?c", "aabc"),
            ("(^|a)+", "a"),
            ("(?:x?|\\b)*y", "xxy"),
        ]
        var rng = SplitMix64(seed: 0xE3_971)
        let cases = shapes.map { shape in
            let inputs =
                [Array(shape.input.utf8)] + PatternGenerator.inputs(forFixedPattern: shape.pattern, using: &rng)
            return DiffCase(pattern: shape.pattern, options: SafeRegex.Options(), inputs: inputs)
        }
        try await runDifferential(cases, label: "empty loops")
    }
}

// MARK: - Driver

/// True when the environment asks to skip tests that need RE2.
private let skipPeerTests = ProcessInfo.processInfo.environment["GATEWAY_SKIP_PEER_TESTS"] == "1"

/// One pattern with its options and the inputs (raw bytes, usually valid UTF-8) it is matched against.
private struct DiffCase {
    var pattern: String
    var options: SafeRegex.Options
    var inputs: [[UInt8]]
}

/// One disagreement between `SafeRegex` and RE2; `index` is the case's position in the corpus.
private struct Mismatch {
    var index = 0
    var kind: String
    var detail: String
}

/// Totals gathered while comparing, printed as a summary line.
private struct DiffStatistics {
    var patterns = 0
    var accepted = 0
    var rejected = 0
    var inputs = 0
    var fullMatches = 0
    var searchMatches = 0
    var programSizeAgreements = 0
    var programSizeComparisons = 0
    var programSizeSamples: [String] = []

    mutating func add(_ other: DiffStatistics) {
        patterns += other.patterns
        accepted += other.accepted
        rejected += other.rejected
        inputs += other.inputs
        fullMatches += other.fullMatches
        searchMatches += other.searchMatches
        programSizeAgreements += other.programSizeAgreements
        programSizeComparisons += other.programSizeComparisons
        programSizeSamples = Array((programSizeSamples + other.programSizeSamples).prefix(8))
    }
}

private func runDifferential(_ cases: [DiffCase], label: String) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    let answers: [OracleAnswer]
    do {
        answers = try await RE2Oracle.run(cases)
    } catch {
        Issue.record(
            """
            The RE2 oracle could not run: \(error). Run `Scripts/test`, which installs python3's google-re2 \
            module, or set GATEWAY_SKIP_PEER_TESTS=1 to skip the differential tests.
            """
        )
        return
    }
    try #require(answers.count == cases.count, "oracle answered \(answers.count) of \(cases.count) cases")
    let oracleTime = clock.now - start

    let (statistics, mismatches) = await compareAll(cases, answers)
    let totalTime = clock.now - start

    print(
        """
        [\(label)] \(statistics.patterns) patterns (\(statistics.accepted) accepted, \(statistics.rejected) \
        rejected by RE2), \(statistics.inputs) inputs (\(statistics.fullMatches) full matches, \
        \(statistics.searchMatches) search hits); programSize agrees for \(statistics.programSizeAgreements) of \
        \(statistics.programSizeComparisons) accepted patterns; oracle \(oracleTime), total \(totalTime)
        """
    )
    if !statistics.programSizeSamples.isEmpty {
        print(
            "[\(label)] programSize differences (first few): " + statistics.programSizeSamples.joined(separator: "; ")
        )
    }
    guard !mismatches.isEmpty else { return }
    Issue.record(Comment(rawValue: summarize(mismatches, label: label)))
    if let path = ProcessInfo.processInfo.environment["GATEWAY_DIFF_REPORT"] {
        let lines = mismatches.map { "#\($0.index) [\($0.kind)] \($0.detail)" }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path + "." + label))
    }
}

/// Compares every case on all processors; the result lists mismatches in corpus order.
private func compareAll(_ cases: [DiffCase], _ answers: [OracleAnswer]) async -> (DiffStatistics, [Mismatch]) {
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    return await withTaskGroup(of: (DiffStatistics, [Mismatch]).self) { group in
        for worker in 0..<workers {
            let indices = Array(stride(from: worker, to: cases.count, by: workers))
            let work = indices.map { ($0, cases[$0], answers[$0]) }
            group.addTask {
                var statistics = DiffStatistics()
                var mismatches: [Mismatch] = []
                for (index, diffCase, answer) in work {
                    let before = mismatches.count
                    compare(diffCase, with: answer, statistics: &statistics, mismatches: &mismatches)
                    for position in before..<mismatches.count {
                        mismatches[position].index = index
                    }
                }
                return (statistics, mismatches)
            }
        }
        var statistics = DiffStatistics()
        var mismatches: [Mismatch] = []
        for await (partStatistics, partMismatches) in group {
            statistics.add(partStatistics)
            mismatches += partMismatches
        }
        mismatches.sort { $0.index < $1.index }
        return (statistics, mismatches)
    }
}

/// Counts per kind, then up to 30 examples: at most 6 per kind and 2 per pattern, so one broken feature
/// does not hide the others.
private func summarize(_ mismatches: [Mismatch], label: String) -> String {
    var countsByKind: [String: Int] = [:]
    var patternsByKind: [String: Set<Int>] = [:]
    for mismatch in mismatches {
        countsByKind[mismatch.kind, default: 0] += 1
        patternsByKind[mismatch.kind, default: []].insert(mismatch.index)
    }
    let kinds = countsByKind.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    var report = "[\(label)] \(mismatches.count) mismatches against RE2 by kind (count/patterns): "
    report += kinds.map { "\($0.key) \($0.value)/\(patternsByKind[$0.key]?.count ?? 0)" }.joined(separator: ", ")
    report += "\nExamples (#case [kind] ...):\n"
    var shownPerKind: [String: Int] = [:]
    var shownPerCase: [Int: Int] = [:]
    var examples: [String] = []
    for mismatch in mismatches where examples.count < 30 {
        guard shownPerKind[mismatch.kind, default: 0] < 6, shownPerCase[mismatch.index, default: 0] < 2 else {
            continue
        }
        shownPerKind[mismatch.kind, default: 0] += 1
        shownPerCase[mismatch.index, default: 0] += 1
        examples.append("- #\(mismatch.index) [\(mismatch.kind)] \(mismatch.detail)")
    }
    return report + examples.joined(separator: "\n")
}

/// Maps RE2's error text (the part before ": ") to the code `SafeRegex` should report.
private let expectedErrorCodes: [String: RegexError.Code] = [
    "unexpected error": .internalError,
    "invalid escape sequence": .badEscape,
    "invalid character class": .badCharClass,
    "invalid character class range": .badCharRange,
    "missing ]": .missingBracket,
    "missing )": .missingParen,
    "unexpected )": .unexpectedParen,
    "trailing \\": .trailingBackslash,
    "no argument for repetition operator": .repeatArgument,
    "invalid repetition size": .repeatSize,
    "bad repetition operator": .repeatOp,
    "invalid perl operator": .badPerlOp,
    "invalid UTF-8": .badUTF8,
    "invalid named capture group": .badNamedCapture,
    "pattern too large - compile failed": .patternTooLarge,
]

private func codePart(_ message: String) -> String {
    guard let separator = message.range(of: ": ") else { return message }
    return String(message[..<separator.lowerBound])
}

private func compare(
    _ diffCase: DiffCase,
    with answer: OracleAnswer,
    statistics: inout DiffStatistics,
    mismatches: inout [Mismatch]
) {
    statistics.patterns += 1
    let context = "pattern \(display(pattern: diffCase.pattern))\(display(options: diffCase.options))"
    if let failure = answer.oracleFailure {
        mismatches.append(Mismatch(kind: "oracle failure", detail: "\(context): \(failure)"))
        return
    }

    let compiled: Result<SafeRegex, RegexError>
    do {
        compiled = .success(try SafeRegex(diffCase.pattern, options: diffCase.options))
    } catch {
        compiled = .failure(error)
    }

    switch (compiled, answer.error) {
    case (.failure(let ours), .some(let theirs)):
        statistics.rejected += 1
        compareErrors(ours: ours, theirs: theirs, pattern: diffCase.pattern, context: context, into: &mismatches)
    case (.failure(let ours), .none):
        statistics.accepted += 1
        mismatches.append(
            Mismatch(kind: "rejected, RE2 accepts", detail: "\(context): ours \(display(ours.message))")
        )
    case (.success, .some(let theirs)):
        statistics.rejected += 1
        mismatches.append(
            Mismatch(kind: "accepted, RE2 rejects", detail: "\(context): RE2 \(display(theirs))")
        )
    case (.success(let regex), .none):
        statistics.accepted += 1
        compareMatches(regex, diffCase, answer, context: context, statistics: &statistics, into: &mismatches)
    }
}

private func compareErrors(
    ours: RegexError,
    theirs: String,
    pattern: String,
    context: String,
    into mismatches: inout [Mismatch]
) {
    let theirCode = codePart(theirs)
    if codePart(ours.message) != theirCode {
        mismatches.append(
            Mismatch(
                kind: "error code text",
                detail: "\(context): ours \(display(ours.message)), RE2 \(display(theirs))"
            )
        )
        return
    }
    if ours.message != theirs {
        mismatches.append(
            Mismatch(
                kind: "error message",
                detail: "\(context): ours \(display(ours.message)), RE2 \(display(theirs))"
            )
        )
    }
    if let expected = expectedErrorCodes[theirCode], ours.code != expected {
        mismatches.append(
            Mismatch(kind: "RegexError.code", detail: "\(context): ours \(ours.code), expected \(expected)")
        )
    }
    let fragment = theirs.range(of: ": ").map { String(theirs[$0.upperBound...]) } ?? ""
    if ours.message == theirs && ours.fragment != fragment {
        mismatches.append(
            Mismatch(
                kind: "RegexError.fragment",
                detail: "\(context): ours \(display(ours.fragment)), RE2's argument \(display(fragment))"
            )
        )
    }
    if !(0...pattern.utf8.count).contains(ours.offset) {
        mismatches.append(
            Mismatch(kind: "RegexError.offset", detail: "\(context): offset \(ours.offset) is outside the pattern")
        )
    }
}

private func groupSpans(_ match: RegexMatch?, groups: Int) -> [Range<Int>?]? {
    guard let match else { return nil }
    var spans: [Range<Int>?] = [match.range]
    if groups > 0 {
        for group in 1...groups {
            spans.append(match[group])
        }
    }
    return spans
}

private func compareMatches(
    _ regex: SafeRegex,
    _ diffCase: DiffCase,
    _ answer: OracleAnswer,
    context: String,
    statistics: inout DiffStatistics,
    into mismatches: inout [Mismatch]
) {
    let groups = answer.groups ?? 0
    if regex.captureCount != groups {
        mismatches.append(
            Mismatch(kind: "captureCount", detail: "\(context): ours \(regex.captureCount), RE2 \(groups)")
        )
        return
    }
    let names = answer.names ?? [:]
    if regex.captureNames != names {
        mismatches.append(
            Mismatch(
                kind: "captureNames",
                detail: "\(context): ours \(regex.captureNames.sorted { $0.key < $1.key }), "
                    + "RE2 \(names.sorted { $0.key < $1.key })"
            )
        )
    }
    if let size = answer.programSize {
        statistics.programSizeComparisons += 1
        if regex.programSize == size {
            statistics.programSizeAgreements += 1
        } else if statistics.programSizeSamples.count < 8 {
            statistics.programSizeSamples.append(
                "\(display(pattern: diffCase.pattern)) ours \(regex.programSize) RE2 \(size)"
            )
        }
    }

    let results = answer.results ?? []
    for (bytes, expected) in zip(diffCase.inputs, results) {
        statistics.inputs += 1
        let at = "\(context) input \(display(bytes: bytes))"
        let expectedFull = expected.full.map(spanRanges)
        let expectedSearch = expected.search.map(spanRanges)
        let expectedAll = expected.all.map { $0[0]..<$0[1] }
        if expectedFull != nil {
            statistics.fullMatches += 1
        }
        if expectedSearch != nil {
            statistics.searchMatches += 1
        }

        // Valid UTF-8 goes through the String overloads, and the byte overloads must then agree with them;
        // anything else can only go through the byte overloads.
        let observed: Observation
        if let text = String(validating: bytes, as: UTF8.self) {
            observed = Observation(regex, text: text, groups: groups)
            let viaBytes = Observation(regex, bytes: bytes, groups: groups)
            if viaBytes != observed {
                mismatches.append(
                    Mismatch(
                        kind: "byte overloads differ from String overloads",
                        detail: "\(at): String \(observed), bytes \(viaBytes)"
                    )
                )
            }
        } else {
            observed = Observation(regex, bytes: bytes, groups: groups)
        }

        if observed.full != expectedFull {
            mismatches.append(
                Mismatch(
                    kind: "wholeMatch",
                    detail: "\(at): ours \(display(observed.full)), RE2 \(display(expectedFull))"
                )
            )
        }
        if observed.matches != (expectedFull != nil) {
            mismatches.append(
                Mismatch(kind: "matches()", detail: "\(at): ours \(observed.matches), RE2 \(!observed.matches)")
            )
        }
        if observed.search != expectedSearch {
            mismatches.append(
                Mismatch(
                    kind: "firstMatch",
                    detail: "\(at): ours \(display(observed.search)), RE2 \(display(expectedSearch))"
                )
            )
        }
        if observed.contains != (expectedSearch != nil) {
            mismatches.append(
                Mismatch(
                    kind: "containsMatch()",
                    detail: "\(at): ours \(observed.contains), RE2 \(!observed.contains)"
                )
            )
        }
        if observed.all != expectedAll {
            mismatches.append(
                Mismatch(
                    kind: "allMatches",
                    detail: "\(at): ours \(display(observed.all.map(Optional.some))), "
                        + "RE2 \(display(expectedAll.map(Optional.some)))"
                )
            )
        }
    }
}

/// What `SafeRegex` reports for one input through one family of overloads.
private struct Observation: Equatable, CustomStringConvertible {
    var full: [Range<Int>?]?
    var matches: Bool
    var search: [Range<Int>?]?
    var contains: Bool
    var all: [Range<Int>]

    init(_ regex: SafeRegex, text: String, groups: Int) {
        full = groupSpans(regex.wholeMatch(in: text), groups: groups)
        matches = regex.matches(text)
        search = groupSpans(regex.firstMatch(in: text), groups: groups)
        contains = regex.containsMatch(in: text)
        all = regex.allMatches(in: text).map(\.range)
    }

    init(_ regex: SafeRegex, bytes: [UInt8], groups: Int) {
        full = groupSpans(regex.wholeMatch(in: bytes), groups: groups)
        matches = regex.matches(bytes)
        search = groupSpans(regex.firstMatch(in: bytes), groups: groups)
        contains = regex.containsMatch(in: bytes)
        all = regex.allMatches(in: bytes).map(\.range)
    }

    var description: String {
        "full \(display(full)) matches \(matches) search \(display(search)) contains \(contains) "
            + "all \(display(all.map(Optional.some)))"
    }
}

private func spanRanges(_ spans: [[Int]?]) -> [Range<Int>?] {
    spans.map { span in span.map { $0[0]..<$0[1] } }
}

// MARK: - Display

/// Shows a pattern between slashes, spelling control and invisible characters as ⟨U+XXXX⟩.
private func display(pattern: String) -> String {
    "/" + visible(pattern) + "/"
}

private func display(options: SafeRegex.Options) -> String {
    var flags = ""
    if options.caseInsensitive {
        flags += "i"
    }
    if options.dotMatchesNewline {
        flags += "s"
    }
    return flags.isEmpty ? "" : " [options \(flags)]"
}

private func display(_ text: String) -> String {
    "\"" + visible(text) + "\""
}

/// Shows input bytes as a quoted string; bytes that are not valid UTF-8 appear as ⟨xNN⟩.
private func display(bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) {
        return display(text)
    }
    var out = ""
    var position = 0
    while position < bytes.count {
        let lead = bytes[position]
        let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        let end = min(position + width, bytes.count)
        if let text = String(validating: bytes[position..<end], as: UTF8.self) {
            out += visible(text)
            position = end
        } else {
            out += "⟨x" + String(lead, radix: 16, uppercase: true) + "⟩"
            position += 1
        }
    }
    return "\"" + out + "\""
}

private func display(_ spans: [Range<Int>?]?) -> String {
    guard let spans else { return "no match" }
    return "[" + spans.map { $0.map { "\($0.lowerBound)..<\($0.upperBound)" } ?? "nil" }.joined(separator: ", ") + "]"
}

private func visible(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        let value = scalar.value
        if value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || value == 0xA0 || value == 0x2028
            || value == 0x2029 || value == 0xFEFF
        {
            out += "⟨U+" + String(value, radix: 16, uppercase: true) + "⟩"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

// MARK: - Oracle

/// RE2's verdict on one case, as written by `re2_oracle.py`.
private struct OracleAnswer: Decodable {
    struct InputResult: Decodable {
        var full: [[Int]?]?
        var search: [[Int]?]?
        var all: [[Int]]
    }

    var error: String?
    var oracleFailure: String?
    var programSize: Int?
    var groups: Int?
    var names: [String: Int]?
    var results: [InputResult]?
}

private struct OracleError: Error, CustomStringConvertible {
    var description: String
}

private enum RE2Oracle {
    private struct Request: Encodable {
        var pattern: String
        var caseInsensitive: Bool
        var dotMatchesNewline: Bool
        var inputs: [String]
    }

    /// Runs all cases through one python3 process (set `GATEWAY_DIFF_KEEP_FILES=1` to keep the request).
    static func run(_ cases: [DiffCase]) async throws -> [OracleAnswer] {
        guard
            let script = Bundle.module.url(forResource: "re2_oracle", withExtension: "py", subdirectory: "Oracle")
        else {
            throw OracleError(description: "Oracle/re2_oracle.py is missing from the test bundle")
        }
        let requests = cases.map { diffCase in
            Request(
                pattern: Data(diffCase.pattern.utf8).base64EncodedString(),
                caseInsensitive: diffCase.options.caseInsensitive,
                dotMatchesNewline: diffCase.options.dotMatchesNewline,
                inputs: diffCase.inputs.map { Data($0).base64EncodedString() }
            )
        }
        let request = try JSONEncoder().encode(requests)
        if ProcessInfo.processInfo.environment["GATEWAY_DIFF_KEEP_FILES"] == "1" {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                "re2-oracle-\(UUID().uuidString).json"
            )
            try request.write(to: kept)
            print("RE2 oracle request kept at \(kept.path)")
        }
        let output = try await PeerProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", script.path],
            input: [UInt8](request)
        )
        switch output.status {
        case 0:
            break
        case 127:
            throw OracleError(description: "python3 was not found on PATH (\(output.stderr))")
        case 3:
            throw OracleError(description: "python3 has no `re2` module (pip package google-re2)")
        default:
            throw OracleError(description: "re2_oracle.py exited with status \(output.status): \(output.stderr)")
        }
        do {
            return try JSONDecoder().decode([OracleAnswer].self, from: Data(output.stdout))
        } catch {
            throw OracleError(description: "cannot decode the oracle's answer: \(error)")
        }
    }
}

// MARK: - Pattern syntax tree

/// The pieces a random pattern is assembled from. Every node knows how to spell itself and how to
/// produce text it (probably) matches, which biases the inputs toward interesting matches.
private indirect enum Node {
    case literal(Unicode.Scalar, spelling: String)
    case quoted([Unicode.Scalar])
    case dot
    case charClass(negated: Bool, items: [ClassItem])
    case namedClass(spelling: String, samples: [Unicode.Scalar])
    case assertion(String)
    case group(GroupKind, Node)
    case setFlags(String)
    case concat([Node])
    case alternation([Node])
    case repetition(Node, spelling: String, min: Int, max: Int)
    case empty
}

private enum GroupKind {
    case capture
    case nonCapture
    case named(String, python: Bool)
    case scopedFlags(String)
}

private enum ClassItem {
    case scalar(Unicode.Scalar, spelling: String)
    case range(Unicode.Scalar, Unicode.Scalar, spelling: String)
    case named(spelling: String, samples: [Unicode.Scalar])
}

/// Binding strength, used to decide where `(?:...)` is needed when spelling a tree.
private enum Precedence: Int, Comparable {
    case alternation = 0
    case concat = 1
    case repetition = 2
    case atom = 3

    static func < (lhs: Precedence, rhs: Precedence) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension Node {
    var precedence: Precedence {
        switch self {
        case .literal, .dot, .charClass, .namedClass, .assertion, .group:
            return .atom
        case .quoted(let scalars):
            return scalars.count == 1 ? .atom : .concat
        case .setFlags, .concat, .empty:
            return .concat
        case .alternation:
            return .alternation
        case .repetition:
            return .repetition
        }
    }

    func spelled(atLeast minimum: Precedence = .alternation) -> String {
        let text: String
        switch self {
        case .literal(_, let spelling):
            text = spelling
        case .quoted(let scalars):
            var body = ""
            body.unicodeScalars.append(contentsOf: scalars)
            text = "\\Q" + body + "\\E"
        case .dot:
            text = "."
        case .charClass(let negated, let items):
            text = "[" + (negated ? "^" : "") + items.map(\.spelling).joined() + "]"
        case .namedClass(let spelling, _):
            text = spelling
        case .assertion(let spelling):
            text = spelling
        case .group(let kind, let body):
            let inner = body.spelled()
            switch kind {
            case .capture:
                text = "(" + inner + ")"
            case .nonCapture:
                text = "(?:" + inner + ")"
            case .named(let name, let python):
                text = (python ? "(?P<" : "(?<") + name + ">" + inner + ")"
            case .scopedFlags(let flags):
                text = "(?" + flags + ":" + inner + ")"
            }
        case .setFlags(let flags):
            text = "(?" + flags + ")"
        case .concat(let parts):
            text = parts.map { $0.spelled(atLeast: .concat) }.joined()
        case .alternation(let branches):
            text = branches.map { $0.spelled(atLeast: .concat) }.joined(separator: "|")
        case .repetition(let body, let spelling, _, _):
            text = body.spelled(atLeast: .atom) + spelling
        case .empty:
            text = ""
        }
        return precedence < minimum ? "(?:" + text + ")" : text
    }

    /// Appends text this node probably matches. `foldCase` tracks `(?i)`.
    func sample(into out: inout [Unicode.Scalar], foldCase: inout Bool, using rng: inout SplitMix64) {
        switch self {
        case .literal(let scalar, _):
            out.append(foldCase ? PatternGenerator.caseVariant(of: scalar, using: &rng) : scalar)
        case .quoted(let scalars):
            for scalar in scalars {
                out.append(foldCase ? PatternGenerator.caseVariant(of: scalar, using: &rng) : scalar)
            }
        case .dot:
            out.append(rng.pick(PatternGenerator.alphabet))
        case .charClass(let negated, let items):
            if negated || items.isEmpty {
                out.append(rng.pick(PatternGenerator.alphabet))
            } else {
                let scalar = rng.pick(items).sample(using: &rng)
                out.append(foldCase ? PatternGenerator.caseVariant(of: scalar, using: &rng) : scalar)
            }
        case .namedClass(_, let samples):
            out.append(samples.isEmpty ? rng.pick(PatternGenerator.alphabet) : rng.pick(samples))
        case .assertion(let spelling):
            if (spelling == "^" || spelling == "$") && rng.chance(20) {
                out.append("\n")
            }
        case .group(let kind, let body):
            var innerFold = foldCase
            if case .scopedFlags(let flags) = kind {
                innerFold = PatternGenerator.applyFold(flags, to: foldCase)
            }
            body.sample(into: &out, foldCase: &innerFold, using: &rng)
        case .setFlags(let flags):
            foldCase = PatternGenerator.applyFold(flags, to: foldCase)
        case .concat(let parts):
            for part in parts {
                part.sample(into: &out, foldCase: &foldCase, using: &rng)
            }
        case .alternation(let branches):
            var branchFold = foldCase
            rng.pick(branches).sample(into: &out, foldCase: &branchFold, using: &rng)
        case .repetition(let body, _, let min, let max):
            let times = rng.int(min...Swift.max(min, Swift.min(max, min + 3)))
            for _ in 0..<times {
                var bodyFold = foldCase
                body.sample(into: &out, foldCase: &bodyFold, using: &rng)
            }
        case .empty:
            break
        }
    }
}

extension ClassItem {
    var spelling: String {
        switch self {
        case .scalar(_, let spelling), .range(_, _, let spelling), .named(let spelling, _):
            return spelling
        }
    }

    func sample(using rng: inout SplitMix64) -> Unicode.Scalar {
        switch self {
        case .scalar(let scalar, _):
            return scalar
        case .range(let low, let high, _):
            let span = Int(high.value - low.value)
            for _ in 0..<4 {
                let value = low.value + UInt32(rng.int(0...span))
                if let scalar = Unicode.Scalar(value) {
                    return scalar
                }
            }
            return low
        case .named(_, let samples):
            return samples.isEmpty ? rng.pick(PatternGenerator.alphabet) : rng.pick(samples)
        }
    }
}

// MARK: - Generator

private enum PatternGenerator {
    /// Characters used for literals, class members and filler text.
    static let alphabet: [Unicode.Scalar] = [
        "a", "b", "c", "x", "y", "z", "A", "B", "C", "X", "k", "K", "s", "S", "0", "1", "7", "9", "_", " ",
        "-", ".", ",", ":", "!", "\n", "\r", "\t", "é", "É", "λ", "Λ", "σ", "Σ", "ς", "ß", "ſ", "\u{212A}",
        "中", "文", "😀", "\u{263A}", "ж", "\u{0}", "\u{7F}", "\u{A0}", "\u{FFFD}", "٣", "\u{10FFFF}",
    ]

    /// Literals that usually spell themselves in a pattern.
    static let literalScalars: [Unicode.Scalar] = [
        "a", "b", "c", "x", "y", "z", "A", "B", "X", "k", "K", "s", "S", "0", "1", "9", "_", " ", "-", ",",
        ":", "!", "=", "<", ">", "#", "/", "@", "~", "'", "\"", "%", "&", ";", "}", "]", "é", "É", "λ", "Λ",
        "σ", "ς", "ß", "ſ", "\u{212A}", "中", "😀", "\u{263A}", "ж",
    ]

    static let metaCharacters: Set<Unicode.Scalar> = [
        "\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$",
    ]

    static let classMetaCharacters: Set<Unicode.Scalar> = ["\\", "]", "[", "^", "-"]

    static let perlClasses: [(String, [Unicode.Scalar])] = [
        ("\\d", ["0", "5", "9"]),
        ("\\D", ["a", "-", "é", "\n"]),
        ("\\w", ["a", "Z", "_", "7"]),
        ("\\W", [" ", "-", "é", "\n"]),
        ("\\s", [" ", "\t", "\n", "\r"]),
        ("\\S", ["a", "é", "1"]),
    ]

    static let unicodeClasses: [(String, [Unicode.Scalar])] = [
        ("\\pL", ["a", "É", "λ", "中"]),
        ("\\p{L}", ["b", "ж", "ß"]),
        ("\\p{Lu}", ["A", "É", "Λ", "Σ"]),
        ("\\p{Ll}", ["a", "é", "λ", "ς", "ß"]),
        ("\\pN", ["3", "٣", "\u{216B}"]),
        ("\\p{Nd}", ["5", "٣"]),
        ("\\p{Greek}", ["λ", "Λ", "σ", "ς"]),
        ("\\p{Han}", ["中", "文"]),
        ("\\p{Latin}", ["a", "é", "K", "\u{212A}"]),
        ("\\p{Cyrillic}", ["ж", "Ж"]),
        ("\\pP", [".", "!", "-", ","]),
        ("\\p{Zs}", [" ", "\u{A0}"]),
        ("\\pS", ["+", "$", "\u{263A}"]),
        ("\\p{Any}", ["a", "\n", "😀"]),
        ("\\PL", ["1", " ", "-"]),
        ("\\PN", ["a", "λ"]),
        ("\\P{Greek}", ["a", "1"]),
        ("\\p{^Greek}", ["a", "中"]),
        ("\\P{^Greek}", ["λ", "Σ"]),
        ("\\P{Lu}", ["a", "λ"]),
    ]

    static let posixClasses: [(String, [Unicode.Scalar])] = [
        ("[:alnum:]", ["a", "Z", "5"]),
        ("[:alpha:]", ["a", "Q"]),
        ("[:ascii:]", ["a", "\u{7F}", "\u{0}"]),
        ("[:blank:]", [" ", "\t"]),
        ("[:cntrl:]", ["\n", "\u{7F}"]),
        ("[:digit:]", ["0", "9"]),
        ("[:graph:]", ["!", "a"]),
        ("[:lower:]", ["a", "z"]),
        ("[:print:]", [" ", "a"]),
        ("[:punct:]", ["!", "-", "_"]),
        ("[:space:]", [" ", "\n", "\u{B}"]),
        ("[:upper:]", ["A", "Z"]),
        ("[:word:]", ["a", "_"]),
        ("[:xdigit:]", ["f", "A", "0"]),
        ("[:^alpha:]", ["1", " "]),
        ("[:^space:]", ["a"]),
        ("[:^digit:]", ["a", "é"]),
    ]

    static let flagSpellings = [
        "i", "m", "s", "U", "-i", "-s", "-m", "-U", "im", "is", "i-s", "s-i", "ms", "imsU", "-ims",
    ]

    static let groupNames = ["n", "name", "x1", "_a", "g", "Word_2", "δ", "名前", "9z"]

    /// Whole patterns that are invalid, or valid but unusual.
    static let edgePatterns: [String] = [
        "(", ")", "(a", "a)", "((a)", "(a))", "[", "]", "[a", "[]", "[]a]", "[^]", "[^]a]", "a**", "a*+",
        "a+*", "a??", "a*??", "a{2}{3}", "a{2}*", "*", "+", "?", "*a", "+a", "?a", "(*)", "(?:+)", "a|*",
        "(|*)", "{", "}", "{2}", "a{", "a{2", "a{2,", "a{,2}", "a{-1}", "a{1001}", "a{1000}", "a{2,1}",
        "a{1000,}", "a{0,1001}", "(?:a{500}){3}", "((a{10}){10}){11}", "\\", "a\\", "\\1", "\\8", "\\9",
        "\\Z", "\\c", "\\e", "\\g", "\\k<n>", "\\o", "\\X", "\\R", "\\h", "\\x", "\\xZ", "\\x{", "\\x{}",
        "\\x{41", "\\x{110000}", "\\x{FFFFFFFFF}", "\\x4", "\\pX", "\\p{Foo}", "\\p{", "\\p{L", "\\p",
        "\\P", "\\pZ", "\\p{IsGreek}", "\\p{greek}", "[[:foo:]]", "[[:alpha:]", "[[:alpha:", "[[:alpha]]",
        "[:alpha:]", "[z-a]", "[a-]", "[-a]", "[a-\\d]", "[\\d-z]", "[a-b-c]", "[\\Z]", "[\\1]", "[\\pX]",
        "[a", "[\\", "[a\\", "(?=x)", "(?!x)", "(?<=x)", "(?<!x)", "(?>x)", "(?#x)", "(?x)", "(?P=n)",
        "(?P>n)", "(?i", "(?i-", "(?)", "(?-)", "(?i-)", "(?--i)", "(?i-i)", "(?ii)", "(?:", "(?P<n>",
        "(?P<n", "(?P<>x)", "(?<>x)", "(?P<a-b>x)", "(?P<a b>x)", "(?P<1a>x)", "(?<n>x)(?<n>y)",
        "(?P<n>x)(?P<n>y)", "(?'n'x)", "(?P<é>x)", "(?P<n!>x)", "(?P<名>x)", "a||b", "|", "||", "a|",
        "|a", "()", "(())", "(|)", "(?:)", "(?i)", "(?i)(?-i)", "^*", "$+", "\\b*", "(?:^)*", "^?a",
        "\\Q", "\\Qa", "\\Q\\E", "\\Q*\\E+", "\\Qab\\E*", "\\Q\\\\E", "\\Q\\", "x\\E", "\\E", "[\\Q]\\E]",
        "\\C", "a\\C*b", "\\z", "\\A", "(?m)$", "(?s).", "(?U)a+", "(?U)a+?", "a{0}", "a{0,0}", "(a){0}",
        "(?i)\\p{Lu}", "(?i)[\\p{Lu}]", "(?i)[[:upper:]]", "(?i)K", "(?i)ſ", "(?i)ß", "(?i)Σ", "[^\\x00-\\x{10FFFF}]",
        "[\\x00-\\x{10FFFF}]", "[^\\n]", "\\x{D800}", "[\\x{D800}-\\x{DFFF}]", "\\0", "\\07", "\\08",
        "\\377", "\\400", "[\\0]", "\\_", "\\-", "\\#", "\\ ", "\\é", "[\\é]", "\\pN+\\PN", "x*y*z*",
        "(a*)*", "(a*)+", "(a|b)*?c", "(a+|b+)*", "(?:(?:a*)*)*", "a{2,}?", "(a{0,2}){0,2}",
    ]

    /// Fragments spliced into otherwise valid patterns.
    static let badFragments: [String] = [
        "(", ")", "[", "]", "**", "*", "+", "?", "{", "{2}", "{,2}", "{1001}", "{3,2}", "\\", "\\1", "\\Z",
        "\\pX", "\\p{Foo}", "[z-a]", "[[:foo:]]", "(?=", "(?<!", "(?P<1a>", "(?P<>", "(?<", "(?P<n>x)",
        "(?x)", "(?", "(?i", "(?-)", "\\x{110000}", "\\xZ", "\\Q", "\\E", "|", "||", "()", "^*", "\\C",
        "[^", "[]", "a{,2}",
    ]

    static func applyFold(_ flags: String, to fold: Bool) -> Bool {
        var negated = false
        var result = fold
        for character in flags {
            if character == "-" {
                negated = true
            } else if character == "i" {
                result = !negated
            }
        }
        return result
    }

    /// Randomly changes the case of a scalar, including the odd simple case folds RE2 knows.
    static func caseVariant(of scalar: Unicode.Scalar, using rng: inout SplitMix64) -> Unicode.Scalar {
        let special: [Unicode.Scalar: [Unicode.Scalar]] = [
            "k": ["K", "\u{212A}"], "K": ["k", "\u{212A}"], "\u{212A}": ["k", "K"], "s": ["S", "ſ"],
            "S": ["s", "ſ"], "ſ": ["s", "S"], "σ": ["Σ", "ς"], "Σ": ["σ", "ς"], "ς": ["σ", "Σ"],
            "ß": ["\u{1E9E}"],
        ]
        guard rng.chance(60) else { return scalar }
        if let options = special[scalar] {
            return rng.pick(options)
        }
        let upper = String(scalar).uppercased().unicodeScalars
        let lower = String(scalar).lowercased().unicodeScalars
        if upper.count == 1, let first = upper.first, first != scalar {
            return first
        }
        if lower.count == 1, let first = lower.first {
            return first
        }
        return scalar
    }

    static func makeCase(using rng: inout SplitMix64, invalidUTF8: Bool) -> DiffCase {
        var options = SafeRegex.Options()
        options.caseInsensitive = rng.chance(20)
        options.dotMatchesNewline = rng.chance(20)
        var pattern: String
        var node: Node?
        if rng.chance(15) {
            if rng.chance(50) {
                pattern = rng.pick(edgePatterns)
            } else {
                var scalars = Array(generateTop(using: &rng).spelled().unicodeScalars)
                let fragment = Array(rng.pick(badFragments).unicodeScalars)
                scalars.insert(contentsOf: fragment, at: rng.int(0...scalars.count))
                pattern = ""
                pattern.unicodeScalars.append(contentsOf: scalars)
            }
        } else {
            let tree = generateTop(using: &rng)
            node = tree
            pattern = tree.spelled()
        }
        var inputs: [[UInt8]] = []
        let count = rng.int(6...10)
        for index in 0..<count {
            let input = makeInput(index: index, node: node, pattern: pattern, options: options, using: &rng)
            inputs.append(invalidUTF8 && index % 4 != 0 ? corrupt(input, using: &rng) : input)
        }
        return DiffCase(pattern: pattern, options: options, inputs: inputs)
    }

    static func inputs(forFixedPattern pattern: String, using rng: inout SplitMix64) -> [[UInt8]] {
        var inputs: [[UInt8]] = []
        for index in 0..<10 {
            inputs.append(makeInput(index: index, node: nil, pattern: pattern, options: .init(), using: &rng))
        }
        return inputs
    }

    /// Byte sequences that are not valid UTF-8.
    static let invalidSequences: [[UInt8]] = [
        [0x80], [0xBF], [0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xC0, 0x80], [0xC1, 0xBF],
        [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8], [0xFE], [0xFF], [0xC3, 0x41],
        [0xE4, 0x41, 0xAD],
    ]

    /// Splices one or two invalid sequences into valid UTF-8 at scalar boundaries, or cuts a multibyte
    /// character in half, keeping the input at most 44 bytes long.
    static func corrupt(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<rng.int(1...2) {
            let boundaries = (0...bytes.count).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
            let position = rng.pick(boundaries)
            if rng.chance(20), position < bytes.count, bytes[position] >= 0xC0 {
                bytes.remove(at: position)
            } else {
                bytes.insert(contentsOf: rng.pick(invalidSequences), at: position)
            }
        }
        return Array(bytes.prefix(44))
    }

    /// Inputs: mostly text sampled from the tree (exact, padded, mutated, doubled), plus text made of the
    /// pattern's own characters and plain random text. Always valid UTF-8, at most 40 bytes.
    static func makeInput(
        index: Int,
        node: Node?,
        pattern: String,
        options: SafeRegex.Options,
        using rng: inout SplitMix64
    ) -> [UInt8] {
        var scalars: [Unicode.Scalar] = []
        let own = Array(pattern.unicodeScalars.filter { !metaCharacters.contains($0) })
        let pool = own.isEmpty ? alphabet : own + alphabet
        func sampled(_ rng: inout SplitMix64) -> [Unicode.Scalar] {
            guard let node else {
                // No tree (a hand-picked or broken pattern): mostly the pattern's own characters.
                return (0..<rng.int(0...8)).map { _ in
                    let source = own.isEmpty || rng.chance(25) ? alphabet : own
                    return rng.pick(source)
                }
            }
            var out: [Unicode.Scalar] = []
            var fold = options.caseInsensitive
            node.sample(into: &out, foldCase: &fold, using: &rng)
            return out
        }
        func noise(_ rng: inout SplitMix64, _ maximum: Int) -> [Unicode.Scalar] {
            (0..<rng.int(0...maximum)).map { _ in
                let source = rng.chance(50) ? pool : alphabet
                return rng.pick(source)
            }
        }
        switch index {
        case 0, 1:
            scalars = sampled(&rng)
        case 2:
            scalars = noise(&rng, 3) + sampled(&rng) + noise(&rng, 3)
        case 3:
            scalars = sampled(&rng)
            for _ in 0..<rng.int(1...2) {
                let position = rng.int(0...scalars.count)
                switch rng.below(3) {
                case 0:
                    scalars.insert(rng.pick(pool), at: position)
                case 1 where position < scalars.count:
                    scalars.remove(at: position)
                default:
                    if position < scalars.count {
                        scalars[position] = rng.pick(alphabet)
                    }
                }
            }
        case 4:
            scalars = sampled(&rng) + noise(&rng, 2) + sampled(&rng)
        case 5:
            scalars = noise(&rng, 12)
        case 6:
            scalars = rng.chance(40) ? [] : (0..<rng.int(1...6)).map { _ in rng.pick(pool) }
        default:
            scalars = rng.chance(50) ? noise(&rng, 6) + sampled(&rng) : sampled(&rng) + sampled(&rng)
        }
        var bytes: [UInt8] = []
        for scalar in scalars {
            let encoded = Array(String(scalar).utf8)
            if bytes.count + encoded.count > 40 {
                break
            }
            bytes += encoded
        }
        return bytes
    }

    // MARK: Trees

    static func generateTop(using rng: inout SplitMix64) -> Node {
        let parts = (0..<rng.int(1...4)).map { _ in generate(depth: 0, using: &rng) }
        if rng.chance(15) {
            let branches = [Node.concat(parts)] + (0..<rng.int(1...2)).map { _ in generate(depth: 1, using: &rng) }
            return .alternation(branches)
        }
        return parts.count == 1 ? parts[0] : .concat(parts)
    }

    static func generate(depth: Int, using rng: inout SplitMix64) -> Node {
        if depth >= 4 || rng.below(100) < 35 + 12 * depth {
            return leaf(using: &rng)
        }
        switch rng.below(60) + 40 {
        case 40..<55:
            return .concat((0..<rng.int(2...4)).map { _ in generate(depth: depth + 1, using: &rng) })
        case 55..<65:
            let branches = (0..<rng.int(2...4)).map { _ in
                rng.chance(8) ? Node.empty : generate(depth: depth + 1, using: &rng)
            }
            return .alternation(branches)
        case 65..<83:
            return repetition(of: generate(depth: depth + 1, using: &rng), using: &rng)
        case 83..<97:
            return .group(groupKind(using: &rng), generate(depth: depth + 1, using: &rng))
        default:
            return .setFlags(rng.pick(flagSpellings))
        }
    }

    static func groupKind(using rng: inout SplitMix64) -> GroupKind {
        switch rng.below(10) {
        case 0..<4:
            return .capture
        case 4..<6:
            return .nonCapture
        case 6..<8:
            return .named(rng.pick(groupNames), python: rng.chance(50))
        default:
            return .scopedFlags(rng.pick(flagSpellings))
        }
    }

    static func repetition(of body: Node, using rng: inout SplitMix64) -> Node {
        let lazy = rng.chance(25) ? "?" : ""
        switch rng.below(6) {
        case 0:
            return .repetition(body, spelling: "*" + lazy, min: 0, max: 3)
        case 1:
            return .repetition(body, spelling: "+" + lazy, min: 1, max: 3)
        case 2:
            return .repetition(body, spelling: "?" + lazy, min: 0, max: 1)
        case 3:
            let count = rng.int(0...3)
            return .repetition(body, spelling: "{\(count)}" + lazy, min: count, max: count)
        case 4:
            let count = rng.int(0...3)
            return .repetition(body, spelling: "{\(count),}" + lazy, min: count, max: count + 2)
        default:
            let low = rng.int(0...3)
            let high = low + rng.int(0...3)
            return .repetition(body, spelling: "{\(low),\(high)}" + lazy, min: low, max: high)
        }
    }

    static func leaf(using rng: inout SplitMix64) -> Node {
        switch rng.below(100) {
        case 0..<45:
            return literal(using: &rng)
        case 45..<50:
            let scalars = (0..<rng.int(1...4)).map { _ in rng.pick(literalScalars + ["*", "(", "[", "."]) }
            return .quoted(scalars)
        case 50..<58:
            return .dot
        case 58..<75:
            return charClass(using: &rng)
        case 75..<83:
            let (spelling, samples) = rng.pick(perlClasses)
            return .namedClass(spelling: spelling, samples: samples)
        case 83..<90:
            let (spelling, samples) = rng.pick(unicodeClasses)
            return .namedClass(spelling: spelling, samples: samples)
        default:
            return .assertion(rng.pick(["^", "$", "\\A", "\\z", "\\b", "\\B"]))
        }
    }

    static func literal(using rng: inout SplitMix64) -> Node {
        let scalar: Unicode.Scalar
        if rng.chance(10) {
            scalar = rng.pick(Array(metaCharacters).sorted())
        } else if rng.chance(5) {
            scalar = rng.pick(["\n", "\t", "\r", "\u{B}", "\u{C}", "\u{7}", "\u{0}"])
        } else {
            scalar = rng.pick(literalScalars)
        }
        return .literal(scalar, spelling: spell(scalar, inClass: false, using: &rng))
    }

    /// Spells one scalar: raw when that is safe, otherwise (or sometimes anyway) as an escape.
    static func spell(_ scalar: Unicode.Scalar, inClass: Bool, using rng: inout SplitMix64) -> String {
        let value = scalar.value
        let mustEscape =
            inClass ? classMetaCharacters.contains(scalar) : metaCharacters.contains(scalar)
        let hex = String(value, radix: 16, uppercase: rng.chance(50))
        let named: [Unicode.Scalar: String] = [
            "\n": "\\n", "\t": "\\t", "\r": "\\r", "\u{B}": "\\v", "\u{C}": "\\f", "\u{7}": "\\a",
        ]
        let isPunctuation =
            value > 0x20 && value < 0x7F && !Character(scalar).isLetter
            && !Character(scalar).isNumber && scalar != "_"
        switch rng.below(10) {
        case 0 where value <= 0xFF:
            return "\\x" + (hex.count == 1 ? "0" : "") + hex
        case 1:
            return "\\x{" + hex + "}"
        case 2 where value <= 0o377:
            let octal = String(value, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - octal.count) + octal
        case 3 where named[scalar] != nil:
            return named[scalar] ?? ""
        case 4 where isPunctuation && !mustEscape:
            return "\\" + String(scalar)
        default:
            if mustEscape {
                return "\\" + String(scalar)
            }
            if value < 0x20 && rng.chance(50) {
                return named[scalar] ?? "\\x{" + hex + "}"
            }
            return String(scalar)
        }
    }

    static func charClass(using rng: inout SplitMix64) -> Node {
        var items: [ClassItem] = []
        for _ in 0..<rng.int(1...4) {
            switch rng.below(10) {
            case 0..<4:
                let scalar = rng.pick(literalScalars + ["-", "]", "[", "^", "\\", "\n", "."])
                items.append(.scalar(scalar, spelling: spell(scalar, inClass: true, using: &rng)))
            case 4..<7:
                let ends = [rng.pick(literalScalars + ["\u{0}", "\u{10FFFF}"]), rng.pick(literalScalars)]
                    .sorted()
                let spelling =
                    spell(ends[0], inClass: true, using: &rng) + "-"
                    + spell(ends[1], inClass: true, using: &rng)
                items.append(.range(ends[0], ends[1], spelling: spelling))
            case 7:
                let (spelling, samples) = rng.pick(perlClasses)
                items.append(.named(spelling: spelling, samples: samples))
            case 8:
                let (spelling, samples) = rng.pick(posixClasses)
                items.append(.named(spelling: spelling, samples: samples))
            default:
                let (spelling, samples) = rng.pick(unicodeClasses)
                items.append(.named(spelling: spelling, samples: samples))
            }
        }
        return .charClass(negated: rng.chance(25), items: items)
    }
}

// MARK: - Hand-picked patterns

/// Patterns chosen to touch every syntax feature at least once.
private let handPickedPatterns: [String] =
    [
        // Literals and escapes.
        "", "a", "abc", "é", "λ+", "中文", "😀", "a😀b", "\\n", "\\t", "\\r\\n", "\\f\\v\\a", "\\x41",
        "\\x{263a}", "\\x{10FFFF}", "\\x{0}", "\\x7f", "\\101\\102", "\\0", "\\07", "\\177", "\\377",
        "\\Qa.b*c\\E", "\\Q(\\E+", "\\Q\\Q\\E", "\\.", "\\*\\+\\?", "\\(\\)\\[\\]\\{\\}", "\\^\\$\\|", "\\\\",
        "\\-\\#\\ \\~", "\\_", "\\/", "a\\x{E9}", "\\x{1F600}",
        // Dot and newline handling.
        ".", "..", ".*", "(?s).*", "(?s:.)x", "a.b", "a.*b", ".+?", "[^a]", "[^\\n]", "\\C", "\\C\\C",
        // Classes.
        "[abc]", "[a-z]+", "[^a-z]+", "[a-zA-Z0-9_]", "[-a]", "[a-]", "[]a]", "[^]a]", "[\\]]", "[\\[\\]]",
        "[\\\\]", "[\\^]", "[a^]", "[\\-]", "[.]", "[*+?]", "[(|)]", "[\\d]", "[\\D]", "[\\w-]", "[\\s\\S]",
        "[^\\d\\s]", "[\\pL\\pN]", "[\\p{Greek}a]", "[^\\p{Greek}]", "[\\PL]", "[[:alpha:]]",
        "[[:^alpha:]]", "[[:digit:][:upper:]]", "[[:word:]]", "[[:xdigit:]]+", "[[:punct:]]",
        "[[:space:]]", "[[:cntrl:]]", "[[:print:]]", "[[:graph:]]", "[[:blank:]]", "[[:ascii:]]",
        "[[:lower:]]", "[[:alnum:]]", "[é-ë]", "[α-ω]", "[\\x{4e00}-\\x{9fff}]+", "[😀-😂]",
        "[\\x00-\\x7F]", "[^\\x00-\\x7F]", "[\\x{80}-\\x{10FFFF}]", "[a-a]", "[\\n-\\r]", "[ -~]",
        "[^\\x00-\\x{10FFFF}]", "[\\x00-\\x{10FFFF}]", "[kK]", "[a-c-e]", "[[]", "[a[]", "[\\Q]\\E]",
        // Perl and Unicode classes.
        "\\d+", "\\D", "\\w+", "\\W", "\\s", "\\S+", "\\pL", "\\PL", "\\pN", "\\PN", "\\p{Greek}+",
        "\\P{Greek}", "\\p{^Greek}", "\\P{^Greek}", "\\p{Lu}", "\\p{Ll}", "\\p{Lt}", "\\p{Nd}", "\\p{Han}",
        "\\p{Latin}", "\\p{Cyrillic}", "\\p{Arabic}", "\\pP", "\\p{Zs}", "\\pS", "\\p{So}", "\\p{Sm}",
        "\\p{Any}", "\\p{L}", "\\p{N}", "\\pZ", "\\pC", "\\p{Cc}", "\\p{Co}", "\\p{Cs}", "\\p{Braille}",
        "\\p{Emoji}", "\\pM", "\\p{Mn}",
        // Anchors and boundaries.
        "^", "$", "^$", "^a", "a$", "^a$", "\\Aa", "a\\z", "(?m)^a", "(?m)a$", "(?m)^$", "(?m)^", "(?m)$",
        "(?m:^a$)", "\\A\\z", "^^a$$", "\\ba", "a\\b", "\\b", "\\B", "\\Ba\\B", "\\b\\w+\\b", "é\\b",
        "\\bé", "x^", "$x", "(?m)$\\n^", "a|^b", "(^|x)a", "(a|$)", "^*a", "\\b+", "(?:$)*",
        // Groups and names.
        "(a)", "(a)(b)", "((a)b)", "(a)|(b)", "(a)?", "(a)*", "(a*)*", "(a|b)*", "(?:a)", "(?:a|b)+",
        "(?P<first>\\w+) (?P<last>\\w+)", "(?<year>\\d{4})-(?<month>\\d{2})", "(?P<n>a)(?P<n>b)",
        "(?P<δ>x)", "(?P<名>x)", "(?P<9>x)", "()", "(())", "(|)", "(?:)", "(a)|b", "(a)|(b)|(c)",
        "((((((a))))))", "(a(b(c)))", "(a)(?:b)(c)",
        // Flags.
        "(?i)abc", "(?i)K", "(?i)k", "(?i)\\x{212A}", "(?i)s", "(?i)ſ", "(?i)σ", "(?i)Σ", "(?i)ß", "(?i)é",
        "(?i)λ", "(?i)[a-z]", "(?i)[^a-z]", "(?i)[k]", "(?i)\\p{Lu}", "(?i)[\\p{Lu}]", "(?i)[[:upper:]]",
        "(?i:a)b", "a(?i)b", "(?i)a(?-i)b", "(?i)a(?-i:b)c", "(?s)a.b", "(?s-i:a.b)", "(?m)^b", "(?U)a+",
        "(?U)a+?", "(?U)(a*)(a*)", "(?U:a*)a", "(?ims)a.^$", "(?i)(?m)(?s).", "(?-s).", "(?i)", "(?i)|a",
        "a(?i)|b", "(?i)中", "(?i)😀",
        // Repetition.
        "a*", "a+", "a?", "a*?", "a+?", "a??", "a{2}", "a{2,}", "a{2,3}", "a{0}", "a{0,}", "a{0,1}",
        "a{2}?", "a{2,}?", "a{2,3}?", "a{,2}", "a{", "a{x}", "a{1,2", "{", "{}", "x{2}y{3,}z{1,4}",
        "(ab){2}", "(a|b){2,3}", "(a?){3}", "(a*){2}", "(a*?){2}", "(?:a{2}){2}", "a{1000}", "\\pL{3}",
        "[a-c]{2,4}", ".{3}", "(.)(.)?", "(a)+", "(a)+?", "(a|ab)(c|bcd)(d*)", "(a+)(b+)?", "(a*)+$",
        "(a|b)*?c", "(?:a+|b+)*", "((a)|b)+", "(a*)*b", "(?:(?:a*)*)*", "x*y*z*", "(x?)*y", "(?:a{0,2}){0,2}",
        "a+b+c+", "\\d{2,3}?", "é{2}", "😀+", "中*",
        // Loops whose body can match the empty string.
        "(?:|b)*", "a(?:|b+)*", "a(?:|b+?)*", "a(?:|bc+?)*", "(?:b+|)*", "(|a)*", "(|a)+", "(a|)*",
        "(a|)+?", "(a*|b)*", "(a?)*", "(a?)+", "(a?){2,}", "(?:a*)*", "(?:a*)+", "(?:a*?)*", "(?:(?:|a)*(?:|a)*)*",
        "((?:^|a)*(?:^|a)*)*", "(?:(?:^|:)*){3,}", "(?:\\b|a)*", "(?:$|a)+", "(a*)*(b)",
        "(?:a|())*", "(()|a)*", "(?:(a)|b|)*", "(?:a?b?)*c", "(a*b*)*", "(?:(?:a|)b?)*",
        "(?:(?:|.)*?)+b", "(?:(?:|x)*?)+b",
        // Alternation.
        "a|b", "a|b|c", "ab|cd", "a|ab", "ab|a", "|a", "a|", "a||b", "|", "(a|ab)(c|bcd)", "abc|abd",
        "a(b|c)d", "(?:a|b)|c", "x(?:|y)z", "(?:a|(b))+", "café|cafe", "λ|Λ",
        // Realistic gateway patterns.
        "/api/v[0-9]+/users/[^/]+", "^/static/.*\\.(css|js)$", "(?i)^bearer\\s+([a-z0-9._-]+)$",
        "^([^:]+):(\\d+)$", "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}", "^(?:GET|POST|PUT)$",
        "\\s*,\\s*", "([^=&]+)=([^&]*)", "^https?://([^/:]+)(?::(\\d+))?", "(?s)<(\\w+)>.*?</\\1>",
        // Invalid.
        "(", ")", "(a", "a)", "[", "[a", "[]", "[^]", "a**", "a*+", "a??+", "*", "*a", "+", "?", "(*)",
        "a|*", "a{2}{3}", "a{1001}", "a{2,1}", "((a{10}){10}){11}", "\\", "a\\", "\\1", "\\8", "\\Z",
        "\\c", "\\e", "\\x", "\\xZ", "\\x{", "\\x{110000}", "\\x{D800}", "\\pX", "\\p{Foo}", "\\p{",
        "\\p{IsGreek}", "[[:foo:]]", "[[:alpha:]", "[z-a]", "[a-\\d]", "[\\d-z]", "[\\Z]", "(?=x)", "(?!x)",
        "(?<=x)", "(?<!x)", "(?>x)", "(?#c)", "(?x)", "(?P=n)", "(?P>n)", "(?i", "(?)", "(?-)", "(?i-)",
        "(?--i)", "(?:", "(?P<n>", "(?P<>x)", "(?<>x)", "(?P<a-b>x)", "(?P<a b>x)", "(?'n'x)", "\\Q",
        "\\E", "x\\E", "\\08", "\\400", "\\é", "[\\é]", "\\pZ{2}{3}", "(?P<n!>x)",
    ]
