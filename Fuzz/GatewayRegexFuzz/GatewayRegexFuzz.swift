import GatewayRegex

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input format: `pattern 0x00 subject`. Without a 0x00 byte the whole input is both the pattern and the
// subject. The pattern is decoded as UTF-8 with replacement (patterns are Strings); the subject is used both
// as a String (decoded the same way) and as raw bytes, which may be invalid UTF-8.
//
// Every compiled regex runs through all matching entry points and the results are cross-checked. A broken
// invariant calls `fatalError`, which libFuzzer reports as a crash with the input that caused it.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzCase(UnsafeBufferPointer(start: data, count: size)).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` (a plain `swift build`) this target is a replayer: it runs every file given on
/// the command line through the same checks, without sanitizers. `Scripts/fuzz` builds the libFuzzer entry
/// point instead.
@main
enum GatewayRegexFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes.withUnsafeBufferPointer { FuzzCase($0).run() }
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

// MARK: - One input

/// One fuzz input split into a pattern and a subject.
struct FuzzCase {
    let patternBytes: [UInt8]
    let subjectBytes: [UInt8]

    init(_ input: UnsafeBufferPointer<UInt8>) {
        if let split = input.firstIndex(of: 0) {
            patternBytes = Array(input[..<split])
            subjectBytes = Array(input[(split + 1)...])
        } else {
            patternBytes = Array(input)
            subjectBytes = patternBytes
        }
    }

    func run() {
        let pattern = String(decoding: patternBytes, as: UTF8.self)
        let subject = String(decoding: subjectBytes, as: UTF8.self)

        // As RE2's own fuzzer does, do not compile and match patterns whose cost is all in large character
        // classes or big repetition counts: that is linear but slow and finds nothing new. They are still
        // parsed and measured against Envoy's program size limit, which stops before building the program.
        guard Self.isCheapToMatch(patternBytes) else {
            _ = compile(pattern, .envoy)
            return
        }

        // The defaults, one other option set picked by the input (compiling is the expensive part), and the
        // Envoy program size limit.
        let plain = compile(pattern, .init())
        let variants: [SafeRegex.Options] = [
            .init(caseInsensitive: true),
            .init(dotMatchesNewline: true),
            .init(caseInsensitive: true, dotMatchesNewline: true),
        ]
        let variantOptions = variants[(patternBytes.count + subjectBytes.count) % variants.count]
        let variant = compile(pattern, variantOptions)
        let envoy = compile(pattern, .envoy)

        checkSameSyntax(pattern, plain, [variant])
        checkProgramSizeLimit(pattern, plain: plain, envoy: envoy)

        for case .success(let regex) in [plain, variant] {
            RegexCheck(regex: regex, subject: subject, rawSubject: subjectBytes).run()
        }

        // `(?s)` only widens `.`, so it can only add strings to the language.
        if case .success(let regex) = plain, case .success(let wider) = variant, !variantOptions.caseInsensitive {
            expect(
                !regex.matches(subjectBytes) || wider.matches(subjectBytes),
                "dotMatchesNewline lost a full match",
                regex
            )
            expect(
                !regex.containsMatch(in: subjectBytes) || wider.containsMatch(in: subjectBytes),
                "dotMatchesNewline lost a match",
                regex
            )
        }
    }

    /// At most nine class-like pieces (`.`, `\d`, `\w`, `\s`, `\p`, and the letters that case folding turns into
    /// three-way classes), at most one Unicode class, and no counted repetition above 10.
    static func isCheapToMatch(_ pattern: [UInt8]) -> Bool {
        var classes = 0
        var unicodeClasses = 0
        var index = 0
        while index < pattern.count {
            let byte = pattern[index]
            if Array(".kKsS".utf8).contains(byte) { classes += 1 }
            if byte == UInt8(ascii: "\\"), index + 1 < pattern.count {
                index += 1
                let escaped = pattern[index]
                if Array("pPdDsSwW".utf8).contains(escaped) { classes += 1 }
                if escaped == UInt8(ascii: "p") || escaped == UInt8(ascii: "P") { unicodeClasses += 1 }
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",") {
                // The bounds of `{n}`, `{n,}` and `{n,m}`.
                var count = 0
                var digit = index + 1
                while digit < pattern.count, pattern[digit] >= 0x30, pattern[digit] <= 0x39, count <= 10 {
                    count = count * 10 + Int(pattern[digit] - 0x30)
                    digit += 1
                }
                if count > 10 { return false }
            }
            index += 1
        }
        return classes <= 9 && unicodeClasses <= 1
    }

    private func compile(_ pattern: String, _ options: SafeRegex.Options) -> Result<SafeRegex, RegexError> {
        Result { () throws(RegexError) in try SafeRegex(pattern, options: options) }
    }

    /// Case folding and `(?s)` do not change what parses: syntax errors must not depend on them.
    private func checkSameSyntax(
        _ pattern: String,
        _ plain: Result<SafeRegex, RegexError>,
        _ others: [Result<SafeRegex, RegexError>]
    ) {
        guard let plainSyntaxError = syntaxError(plain) else {
            for other in others {
                if let error = syntaxError(other) {
                    fatalError("options introduced a syntax error \(error) for pattern \(quoted(pattern))")
                }
            }
            return
        }
        for other in others {
            guard syntaxError(other)?.code == plainSyntaxError.code else {
                fatalError("options hid the syntax error \(plainSyntaxError) for pattern \(quoted(pattern))")
            }
        }
    }

    /// An error that is about the pattern's text rather than its size.
    private func syntaxError(_ result: Result<SafeRegex, RegexError>) -> RegexError? {
        guard case .failure(let error) = result else {
            return nil
        }
        switch error.code {
        case .patternTooLarge, .programTooLarge:
            return nil
        default:
            return error
        }
    }

    /// `.envoy` differs from the defaults only by `maxProgramSize: 100`.
    private func checkProgramSizeLimit(
        _ pattern: String,
        plain: Result<SafeRegex, RegexError>,
        envoy: Result<SafeRegex, RegexError>
    ) {
        switch (plain, envoy) {
        case (.success(let regex), .success(let limited)):
            guard limited.programSize <= 100, limited.programSize == regex.programSize else {
                fatalError(
                    "program size \(limited.programSize) (unlimited \(regex.programSize)) accepted with "
                        + "maxProgramSize 100 for pattern \(quoted(pattern))"
                )
            }
        case (.success(let regex), .failure(let error)):
            guard error.code == .programTooLarge || error.code == .patternTooLarge, regex.programSize > 100 else {
                fatalError(
                    "maxProgramSize 100 rejected program size \(regex.programSize) with \(error) for pattern "
                        + quoted(pattern)
                )
            }
        case (.failure(let error), .success):
            fatalError("maxProgramSize 100 accepted a pattern that fails without it (\(error)): \(quoted(pattern))")
        case (.failure, .failure):
            break
        }
    }
}

// MARK: - One compiled regex

/// Runs every entry point of one compiled regex on one subject and cross-checks the answers.
struct RegexCheck {
    let regex: SafeRegex
    let subject: String
    let rawSubject: [UInt8]

    func run() {
        checkMetadata()

        // The String overloads must agree with the bytes overloads on the same UTF-8 bytes.
        let utf8 = Array(subject.utf8)
        let fromString = Answers(
            matches: regex.matches(subject),
            whole: regex.wholeMatch(in: subject),
            first: regex.firstMatch(in: subject),
            contains: regex.containsMatch(in: subject),
            all: regex.allMatches(in: subject)
        )
        let fromUTF8 = Answers(regex, utf8)
        fromString.check(regex, count: utf8.count)
        expect(fromString == fromUTF8, "String and [UInt8] overloads disagree", regex, utf8)

        let fromSubstring = Answers(
            matches: regex.matches(subject[...]),
            whole: regex.wholeMatch(in: subject[...]),
            first: regex.firstMatch(in: subject[...]),
            contains: regex.containsMatch(in: subject[...]),
            all: regex.allMatches(in: subject[...])
        )
        expect(fromSubstring == fromString, "Substring and String overloads disagree", regex, utf8)

        checkAnalysis(fromString, utf8)
        checkGroups(fromString, utf8)
        checkReplacement(fromString, utf8)

        // Raw bytes may be invalid UTF-8; a non-contiguous sequence must give the same answers as an array.
        let fromRaw = Answers(regex, rawSubject)
        fromRaw.check(regex, count: rawSubject.count)
        checkAnalysis(fromRaw, rawSubject)
        let fromLazy = Answers(regex, rawSubject.lazy.map { $0 })
        expect(fromLazy == fromRaw, "lazy sequence and [UInt8] overloads disagree", regex, rawSubject)
        let fromBuffer = rawSubject.withUnsafeBytes { Answers(regex, $0) }
        expect(fromBuffer == fromRaw, "UnsafeRawBufferPointer and [UInt8] overloads disagree", regex, rawSubject)
    }

    private func checkMetadata() {
        expect(regex.captureCount >= 0, "negative captureCount", regex)
        expect(regex.programSize > 0, "empty program", regex)
        for (name, index) in regex.captureNames {
            expect(!name.isEmpty && (1...max(regex.captureCount, 1)).contains(index), "bad named group", regex)
        }
        if let literal = regex.literal {
            expect(regex.matches(literal), "literal does not match itself", regex, literal)
            expect(
                regex.literalPrefix.isEmpty || literal.starts(with: regex.literalPrefix),
                "literal does not start with literalPrefix",
                regex,
                literal
            )
        }
    }

    /// The analysis properties must hold for every match found.
    private func checkAnalysis(_ answers: Answers, _ bytes: [UInt8]) {
        if let literal = regex.literal {
            expect(answers.matches == (bytes == literal), "literal disagrees with matches", regex, bytes)
        }
        for match in answers.all + (answers.first.map { [$0] } ?? []) {
            expect(
                bytes[match.range].starts(with: regex.literalPrefix),
                "match does not start with literalPrefix",
                regex,
                bytes
            )
            expect(!regex.isAnchoredAtStart || match.range.lowerBound == 0, "match after start", regex, bytes)
            expect(!regex.isAnchoredAtEnd || match.range.upperBound == bytes.count, "match before end", regex, bytes)
        }
    }

    /// Named groups resolve to their indices and `substring` works for every group.
    private func checkGroups(_ answers: Answers, _ bytes: [UInt8]) {
        for match in [answers.whole, answers.first].compactMap({ $0 }) + answers.all {
            for (name, index) in regex.captureNames {
                expect(match[name] == match[index], "named group differs from its index", regex, bytes)
            }
            for group in 0...match.groupCount {
                let text = match.substring(group, in: subject)
                guard let range = match[group] else {
                    expect(text == nil, "substring of a group that did not participate", regex, bytes)
                    continue
                }
                // `\C` can end a match inside a scalar; only whole-scalar ranges have an exact substring.
                if isScalarBoundary(range.lowerBound, in: bytes) && isScalarBoundary(range.upperBound, in: bytes) {
                    expect(
                        text.map { Array($0.utf8) } == Array(bytes[range]),
                        "substring differs from the group's bytes",
                        regex,
                        bytes
                    )
                }
            }
        }
    }

    /// Replacing every match by itself is the identity; replacing by nothing removes exactly the matches.
    private func checkReplacement(_ answers: Answers, _ bytes: [UInt8]) {
        let removed = answers.all.reduce(0) { $0 + $1.range.count }
        let wholeScalars = answers.all.allSatisfy {
            isScalarBoundary($0.range.lowerBound, in: bytes) && isScalarBoundary($0.range.upperBound, in: bytes)
        }
        for syntax in [SafeRegex.Substitution.Syntax.backslash, .dollar] {
            guard let itself = try? regex.substitution(syntax == .backslash ? #"\0"# : "$&", syntax: syntax),
                let nothing = try? regex.substitution("", syntax: syntax),
                let marker = try? regex.substitution("<>", syntax: syntax)
            else {
                fatalError("a plain substitution template was rejected for \(quoted(regex.pattern))")
            }
            expect(regex.replacingAllMatches(in: subject, with: itself) == subject, "\\0 is not identity", regex, bytes)
            expect(regex.replacingFirstMatch(in: subject, with: itself) == subject, "\\0 is not identity", regex, bytes)
            let stripped = regex.replacingAllMatches(in: subject, with: nothing)
            let marked = regex.replacingAllMatches(in: subject, with: marker)
            let strippedOnce = regex.replacingFirstMatch(in: subject, with: nothing)
            // Cutting inside a scalar (`\C`) leaves invalid UTF-8, which String repairs: lengths change.
            if wholeScalars {
                expect(stripped.utf8.count == bytes.count - removed, "removal length", regex, bytes)
                expect(
                    marked.utf8.count == bytes.count - removed + 2 * answers.all.count,
                    "replacement length",
                    regex,
                    bytes
                )
                let firstRemoved = answers.first?.range.count ?? 0
                expect(strippedOnce.utf8.count == bytes.count - firstRemoved, "first removal length", regex, bytes)
            }

            // Group references, valid or not, and the subject itself as a template.
            for template in [#"\1[\2]\\"#, "$1$2$$", "$10$99${1}", subject] {
                if let substitution = try? regex.substitution(template, syntax: syntax) {
                    _ = regex.replacingAllMatches(in: subject, with: substitution)
                    _ = regex.replacingFirstMatch(in: subject, with: substitution)
                }
            }
        }
        let groupOneAccepted = (try? regex.substitution(#"\1"#, syntax: .backslash)) != nil
        expect(groupOneAccepted == (regex.captureCount >= 1), #"\1 validation"#, regex, bytes)
    }
}

// MARK: - Answers

/// The answers of all matching entry points for one input.
struct Answers: Equatable {
    var matches: Bool
    var whole: RegexMatch?
    var first: RegexMatch?
    var contains: Bool
    var all: [RegexMatch]

    init(matches: Bool, whole: RegexMatch?, first: RegexMatch?, contains: Bool, all: [RegexMatch]) {
        self.matches = matches
        self.whole = whole
        self.first = first
        self.contains = contains
        self.all = all
    }

    init(_ regex: SafeRegex, _ bytes: some Sequence<UInt8>) {
        self.init(
            matches: regex.matches(bytes),
            whole: regex.wholeMatch(in: bytes),
            first: regex.firstMatch(in: bytes),
            contains: regex.containsMatch(in: bytes),
            all: regex.allMatches(in: bytes)
        )
    }

    /// Consistency of the answers with each other, for an input of `count` bytes.
    func check(_ regex: SafeRegex, count: Int) {
        expect(matches == (whole != nil), "matches disagrees with wholeMatch", regex)
        expect(contains == (first != nil), "containsMatch disagrees with firstMatch", regex)
        expect(!matches || contains, "full match but no match", regex)
        expect(all.isEmpty == (first == nil), "allMatches disagrees with firstMatch", regex)
        if let first, let leftmost = all.first {
            expect(leftmost == first, "allMatches starts elsewhere than firstMatch", regex)
        }
        if let whole {
            expect(whole.range == 0..<count, "wholeMatch does not cover the input", regex)
            check(whole, regex, count: count)
        }
        if let first {
            check(first, regex, count: count)
        }
        var previousEnd: Int?
        for match in all {
            check(match, regex, count: count)
            if let previousEnd {
                // Matches do not overlap, and an empty match never starts where the previous match ended.
                expect(
                    match.range.lowerBound > previousEnd
                        || (match.range.lowerBound == previousEnd && !match.range.isEmpty),
                    "allMatches overlap or repeat",
                    regex
                )
            }
            previousEnd = match.range.upperBound
        }
    }

    private func check(_ match: RegexMatch, _ regex: SafeRegex, count: Int) {
        expect(match.groupCount == regex.captureCount, "groupCount differs from captureCount", regex)
        expect(match.range.lowerBound >= 0 && match.range.upperBound <= count, "match out of bounds", regex)
        expect(match[0] == match.range, "group 0 differs from range", regex)
        for group in 0...match.groupCount {
            if let range = match[group] {
                expect(match.range.contains(range), "group \(group) outside the match", regex)
            }
        }
        expect(match[match.groupCount + 1] == nil, "group past groupCount", regex)
    }
}

// MARK: - Reporting

/// Whether `offset` starts a scalar (or is the end) in the valid UTF-8 `bytes`.
private func isScalarBoundary(_ offset: Int, in bytes: [UInt8]) -> Bool {
    offset == bytes.count || bytes[offset] & 0xC0 != 0x80
}

extension Range where Bound == Int {
    /// Whether `other` lies within this range (an empty range at either end counts).
    fileprivate func contains(_ other: Range<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}

private func expect(_ condition: Bool, _ what: String, _ regex: SafeRegex, _ bytes: [UInt8]? = nil) {
    guard !condition else {
        return
    }
    var report = "invariant broken: \(what); pattern \(quoted(regex.pattern)), options \(regex.options)"
    if let bytes {
        report += ", subject \(quoted(String(decoding: bytes, as: UTF8.self))) (\(bytes.count) bytes)"
    }
    fatalError(report)
}

private func quoted(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\""
}
