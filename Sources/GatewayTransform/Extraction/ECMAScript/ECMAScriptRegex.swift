internal import GatewayRegex

/// An ``ECMAScriptPattern`` compiled for one kind of question, answering with `std::regex`'s spans.
///
/// Positions are offsets in the bytes given to it, which may be transcoded (see ``Latin1Transcoding``); the caller
/// maps them back.
struct ECMAScriptRegex: Sendable {
    /// The ECMAScript groups' spans in one match: index 0 is the whole match, nil a group that did not take part.
    /// Only index 0 is filled when the regex was compiled without captures.
    struct Spans {
        var groups: [Range<Int>?]

        var range: Range<Int> {
            groups[0] ?? 0..<0
        }
    }

    /// A compiled RE2 program and what each of its groups records.
    private struct Program: Sendable {
        var regex: SafeRegex
        var slots: [CaptureSlot]
    }

    /// The whole pattern; nil when nothing can match (a non-empty search for a pattern that only matches "").
    private let main: Program?
    /// The loop bodies matched again on a loop's last iteration, by loop index.
    private let loops: [Program]
    /// How many groups a match reports (the whole match included).
    private let groupCount: Int

    /// Compiles `pattern`.
    ///
    /// - Parameters:
    ///   - nonEmpty: find only non-empty matches (`std::regex_constants::match_not_null`).
    ///   - keepCaptures: report every group; otherwise only the whole match.
    ///   - maxProgramSize: the largest RE2 program size accepted.
    init(_ pattern: ECMAScriptPattern, nonEmpty: Bool, keepCaptures: Bool, maxProgramSize: Int) throws(PatternError) {
        let (main, loops) = try pattern.programs(nonEmpty: nonEmpty, keepCaptures: keepCaptures)
        func compile(_ written: ECMAScriptPattern.Written) throws(PatternError) -> Program {
            do {
                let regex = try SafeRegex(written.text, options: SafeRegex.Options(maxProgramSize: maxProgramSize))
                return Program(regex: regex, slots: written.slots)
            } catch  where error.code == .programTooLarge {
                throw PatternError(
                    .unsupported,
                    "the pattern is too large for the linear-time engine (its rewritten form exceeds the program "
                        + "size limit of \(maxProgramSize))"
                )
            } catch {
                throw PatternError(
                    .unsupported,
                    "the linear-time engine cannot run the rewritten pattern: \(error.message)"
                )
            }
        }
        self.main = try main.map { (written) throws(PatternError) in try compile(written) }
        var compiled: [Program] = []
        for body in loops {
            compiled.append(try compile(body))
        }
        self.loops = compiled
        self.groupCount = keepCaptures ? pattern.markCount + 1 : 1
    }

    /// Whether the whole of `input` matches (`std::regex_match` without groups).
    func matchesWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        main?.regex.matches(input) ?? false
    }

    /// The match spanning the whole of `input` (`std::regex_match`).
    func wholeMatch(_ input: UnsafeBufferPointer<UInt8>) -> Spans? {
        guard let main, let match = main.regex.wholeMatch(in: input) else { return nil }
        return spans(match, of: main, in: input)
    }

    /// The first match at or after `start`, with the bytes before `start` as context (`std::regex_search`, with
    /// `match_prev_avail` when `start` is not 0).
    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Spans? {
        guard let main, let match = main.regex.firstMatch(in: input, from: start) else { return nil }
        return spans(match, of: main, in: input)
    }

    private func spans(_ match: RegexMatch, of program: Program, in input: UnsafeBufferPointer<UInt8>) -> Spans {
        var groups = [Range<Int>?](repeating: nil, count: groupCount)
        groups[0] = match.range
        if groupCount > 1 {
            fill(&groups, from: match, of: program, in: input)
        }
        return Spans(groups: groups)
    }

    /// Sets the groups `program` records from `match`, then, for each loop whose last iteration it found, matches
    /// the loop's body again on that iteration's span for the groups inside. Of several copies of one slot, the one
    /// that matched last (the greatest span; later iterations start at or after the end of earlier ones) counts.
    private func fill(
        _ groups: inout [Range<Int>?],
        from match: RegexMatch,
        of program: Program,
        in input: UnsafeBufferPointer<UInt8>
    ) {
        var iterations: [Int: Range<Int>] = [:]
        for (engineGroup, slot) in program.slots.enumerated() where engineGroup > 0 {
            guard let span = match[engineGroup] else { continue }
            switch slot {
            case .group(let group):
                guard group < groups.count else { continue }
                if let current = groups[group], Self.isLater(current, than: span) { continue }
                groups[group] = span
            case .iteration(let loop):
                if let current = iterations[loop], Self.isLater(current, than: span) { continue }
                iterations[loop] = span
            }
        }
        for (loop, span) in iterations.sorted(by: { $0.key < $1.key }) where loop < loops.count {
            let body = loops[loop]
            guard let inner = body.regex.match(in: input, from: span.lowerBound, to: span.upperBound) else { continue }
            fill(&groups, from: inner, of: body, in: input)
        }
    }

    private static func isLater(_ lhs: Range<Int>, than rhs: Range<Int>) -> Bool {
        (lhs.lowerBound, lhs.upperBound) >= (rhs.lowerBound, rhs.upperBound)
    }
}
