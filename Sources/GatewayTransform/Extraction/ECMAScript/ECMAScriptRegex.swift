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

    /// The engine's regex; nil when nothing can match (a non-empty search for a pattern that only matches "").
    private let regex: SafeRegex?
    /// For each ECMAScript group, the engine groups that are copies of it.
    private let copies: [[Int]]

    /// Compiles `pattern`.
    ///
    /// - Parameters:
    ///   - nonEmpty: find only non-empty matches (`std::regex_constants::match_not_null`).
    ///   - keepCaptures: report every group; otherwise only the whole match.
    ///   - maxProgramSize: the largest RE2 program size accepted.
    init(_ pattern: ECMAScriptPattern, nonEmpty: Bool, keepCaptures: Bool, maxProgramSize: Int) throws(PatternError) {
        guard let (text, groups) = try pattern.re2Pattern(nonEmpty: nonEmpty, keepCaptures: keepCaptures) else {
            regex = nil
            copies = [[0]]
            return
        }
        do {
            regex = try SafeRegex(text, options: SafeRegex.Options(maxProgramSize: maxProgramSize))
        } catch  where error.code == .programTooLarge {
            throw PatternError(
                .unsupported,
                "the pattern is too large for the linear-time engine (its rewritten form exceeds the program size "
                    + "limit of \(maxProgramSize))"
            )
        } catch {
            throw PatternError(
                .unsupported,
                "the linear-time engine cannot run the rewritten pattern: \(error.message)"
            )
        }
        var copies = Array(repeating: [Int](), count: keepCaptures ? pattern.markCount + 1 : 1)
        for (engineGroup, group) in groups.enumerated() where group < copies.count {
            copies[group].append(engineGroup)
        }
        self.copies = copies
    }

    /// Whether the whole of `input` matches (`std::regex_match` without groups).
    func matchesWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        regex?.matches(input) ?? false
    }

    /// The match spanning the whole of `input` (`std::regex_match`).
    func wholeMatch(_ input: UnsafeBufferPointer<UInt8>) -> Spans? {
        regex?.wholeMatch(in: input).map(spans)
    }

    /// The first match at or after `start`, with the bytes before `start` as context (`std::regex_search`, with
    /// `match_prev_avail` when `start` is not 0).
    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Spans? {
        regex?.firstMatch(in: input, from: start).map(spans)
    }

    /// Each ECMAScript group's value: of its copies, the one that matched last, which is the one with the
    /// greatest span (later iterations start at or after the end of earlier ones).
    private func spans(_ match: RegexMatch) -> Spans {
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(copies.count)
        for engineGroups in copies {
            var best: Range<Int>? = nil
            for engineGroup in engineGroups {
                guard let span = match[engineGroup] else { continue }
                if let current = best,
                    (current.lowerBound, current.upperBound) >= (span.lowerBound, span.upperBound)
                {
                    continue
                }
                best = span
            }
            groups.append(best)
        }
        return Spans(groups: groups)
    }
}
