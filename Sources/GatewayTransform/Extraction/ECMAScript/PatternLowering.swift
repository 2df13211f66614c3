/// Rewrites a parsed `std::regex` pattern into one with the same answers under RE2's leftmost-first semantics.
///
/// Both engines take the first match in the same priority order, and both keep, for a group inside a loop, the
/// value from the last iteration that set it (libstdc++ does not reset groups per iteration as the ECMAScript
/// standard asks; verified with g++ 12, while libc++ does reset them). They part only on loops whose body can match
/// the empty string:
///
/// - libstdc++ lets a loop body match empty up to twice at one position (`_M_rep_once_more`), so a greedy loop
///   stops with an empty iteration as soon as its body's first empty path is reached: `(a|)*` on "aa" ends with
///   group 1 = "" at 2, and `(a*|b)*` finds "a" in "ab", not "ab";
/// - RE2 drops an empty iteration after the first one, trying the body's later alternatives instead.
///
/// So every loop whose body `x` can match empty is rewritten. Split the paths of `x`, in priority order, into
/// runs that consume input (`N1`, `N2`...) and runs that do not (`E1`, `E2`...). Then, with `A` the consuming
/// paths before `E1` and `B` those after it, libstdc++'s greedy `x*` behaves as `A* (?:E1 B A*)*? E1`, and its lazy
/// `x*?` as `(?:N1 | E1 B1 | N2 | E2 B2 | ...)*?` where `Bi` are the consuming paths after `Ei`. No rewritten loop
/// has a body that matches empty, so RE2's own empty-iteration rules never apply. A group may now appear more
/// than once; its value is that of the copy that matched last.
///
/// A greedy loop whose first empty path depends on an assertion (`(?:a|\b)*`) has no such rewrite and is refused.
struct PatternLowering {
    /// The largest rewritten pattern, counted in nodes as written out, before the pattern is refused.
    static let maxNodes = 20_000
    /// The deepest rewritten pattern; deeper ones are refused, which keeps every recursive walk shallow.
    static let maxDepth = 300

    /// A run of consecutive paths that all consume input, or all do not.
    struct Segment {
        var consumes: Bool
        var node: EngineNode
    }

    private var budget = Self.maxNodes

    /// `node` for the linear-time engine.
    static func lower(_ node: PatternNode) throws(PatternError) -> EngineNode {
        var lowering = PatternLowering()
        let lowered = try lowering.lower(node)
        try lowering.charge(lowered)
        return lowered
    }

    /// The part of `node` (already lowered) that matches only non-empty text, with the same priorities: what a
    /// search with `std::regex_constants::match_not_null` finds. Nil if `node` matches only the empty string.
    static func nonEmpty(_ node: EngineNode) throws(PatternError) -> EngineNode? {
        guard node.isNullable else { return node }
        var lowering = PatternLowering()
        let consuming = try lowering.segments(node).filter(\.consumes).map(\.node)
        guard !consuming.isEmpty else { return nil }
        let result = EngineNode.choice(consuming)
        try lowering.charge(result)
        return result
    }

    // MARK: - Lowering

    private mutating func lower(_ node: PatternNode) throws(PatternError) -> EngineNode {
        switch node {
        case .empty:
            return .empty
        case .bytes(let set):
            return .bytes(set)
        case .assertion(let assertion):
            return .assertion(assertion)
        case .group(let body, let index):
            let lowered = try lower(body)
            return index.map { .capture(lowered, group: $0) } ?? lowered
        case .concatenation(let items):
            var lowered: [EngineNode] = []
            for item in items {
                lowered.append(try lower(item))
            }
            return .concatenation(lowered)
        case .alternation(let items):
            var lowered: [EngineNode] = []
            for item in items {
                lowered.append(try lower(item))
            }
            return .alternation(lowered)
        case .repetition(let body, let min, let max, let greedy):
            let lowered = try lower(body)
            if let max {
                return .repetition(lowered, min: min, max: max, greedy: greedy)
            }
            let loop = try self.loop(lowered, greedy: greedy)
            // `x{n,}` is n copies of `x` followed by `x*`, each copy with its own loop state.
            return min == 0 ? loop : .concatenation([.repetition(lowered, min: min, max: min, greedy: true), loop])
        case .backreference, .lookahead:
            // Refused by the parser; never reached.
            return .bytes(ByteSet())
        }
    }

    /// `body*` (or `body*?`) with libstdc++'s handling of empty iterations.
    private mutating func loop(_ body: EngineNode, greedy: Bool) throws(PatternError) -> EngineNode {
        guard body.isNullable else { return .repetition(body, min: 0, max: nil, greedy: greedy) }
        let runs = try segments(body)
        let result: EngineNode
        if greedy {
            guard let stopIndex = runs.firstIndex(where: { !$0.consumes }) else {
                return .repetition(body, min: 0, max: nil, greedy: true)
            }
            let stop = runs[stopIndex].node
            guard stop.alwaysMatchesEmpty else {
                throw PatternError(
                    .unsupported,
                    "a greedy loop whose body can match the empty string only through an assertion "
                        + "(such as (?:a|\\b)*) is not supported: std::regex's handling of its empty iterations "
                        + "has no linear-time equivalent"
                )
            }
            let before = runs[..<stopIndex].map(\.node)
            let after = runs[(stopIndex + 1)...].filter(\.consumes).map(\.node)
            let leading: EngineNode? =
                before.isEmpty ? nil : .repetition(EngineNode.choice(before), min: 0, max: nil, greedy: true)
            var parts: [EngineNode] = []
            if let leading { parts.append(leading) }
            if !after.isEmpty {
                let iteration = EngineNode.sequence([stop, EngineNode.choice(after)] + (leading.map { [$0] } ?? []))
                parts.append(.repetition(iteration, min: 0, max: nil, greedy: false))
            }
            parts.append(stop)
            result = EngineNode.sequence(parts)
        } else {
            var alternatives: [EngineNode] = []
            for (index, run) in runs.enumerated() {
                if run.consumes {
                    alternatives.append(run.node)
                    continue
                }
                let after = runs[(index + 1)...].filter(\.consumes).map(\.node)
                if !after.isEmpty {
                    alternatives.append(EngineNode.sequence([run.node, EngineNode.choice(after)]))
                }
                // Alternatives after an empty path that always matches can never be the first to succeed.
                if run.node.alwaysMatchesEmpty { break }
            }
            result =
                alternatives.isEmpty
                ? .empty : .repetition(EngineNode.choice(alternatives), min: 0, max: nil, greedy: false)
        }
        try charge(result)
        return result
    }

    // MARK: - Paths in priority order

    /// The paths of `node` in priority order, grouped into runs that consume input or do not. Their
    /// alternation, in order, is equivalent to `node`.
    mutating func segments(_ node: EngineNode) throws(PatternError) -> [Segment] {
        guard node.isNullable else { return [Segment(consumes: true, node: node)] }
        var runs: [Segment] = []
        switch node {
        case .empty, .assertion:
            runs = [Segment(consumes: false, node: node)]
        case .bytes:
            runs = [Segment(consumes: true, node: node)]
        case .capture(let body, let group):
            for run in try segments(body) {
                append(Segment(consumes: run.consumes, node: .capture(run.node, group: group)), to: &runs)
            }
        case .alternation(let items):
            for item in items {
                for run in try segments(item) {
                    append(run, to: &runs)
                }
            }
        case .concatenation(let items):
            runs = try sequenceSegments(items[...])
        case .repetition(let body, let min, let max, let greedy):
            runs = try repetitionSegments(body, min: min, max: max, greedy: greedy)
        }
        for run in runs {
            try charge(run.node)
        }
        return runs
    }

    /// Segments of a concatenation, built from the last item backwards so that long concatenations need no deep
    /// recursion.
    private mutating func sequenceSegments(_ items: ArraySlice<EngineNode>) throws(PatternError) -> [Segment] {
        var restRuns = [Segment(consumes: false, node: .empty)]
        var restNode = EngineNode.empty
        for item in items.reversed() {
            var runs: [Segment] = []
            for run in try segments(item) {
                if run.consumes {
                    append(Segment(consumes: true, node: EngineNode.sequence([run.node, restNode])), to: &runs)
                    continue
                }
                for following in restRuns {
                    let joined = EngineNode.sequence([run.node, following.node])
                    append(Segment(consumes: following.consumes, node: joined), to: &runs)
                }
            }
            restRuns = runs
            restNode = EngineNode.sequence([item, restNode])
        }
        return restRuns
    }

    private mutating func repetitionSegments(
        _ body: EngineNode,
        min: Int,
        max: Int?,
        greedy: Bool
    )
        throws(PatternError) -> [Segment]
    {
        guard body.isNullable else {
            // min == 0 here: one or more copies consume, zero copies do not.
            if max == 0 { return [Segment(consumes: false, node: .empty)] }
            let consuming = Segment(
                consumes: true,
                node: .repetition(body, min: 1, max: max, greedy: greedy)
            )
            let none = Segment(consumes: false, node: .empty)
            return greedy ? [consuming, none] : [none, consuming]
        }
        // A nullable body only occurs in bounded repetitions (loops were rewritten): expand one copy at a time.
        guard let max, max > 0 else { return [Segment(consumes: false, node: .empty)] }
        let remaining = EngineNode.repetition(body, min: Swift.max(0, min - 1), max: max - 1, greedy: greedy)
        let oneOrMore = try sequenceSegments([body, remaining][...])
        if min > 0 { return oneOrMore }
        var runs: [Segment] = []
        let none = Segment(consumes: false, node: .empty)
        for run in greedy ? oneOrMore + [none] : [none] + oneOrMore {
            append(run, to: &runs)
        }
        return runs
    }

    private func append(_ run: Segment, to runs: inout [Segment]) {
        if let last = runs.last, last.consumes == run.consumes {
            runs[runs.count - 1].node = EngineNode.choice([last.node, run.node])
        } else {
            runs.append(run)
        }
    }

    // MARK: - Size

    /// Counts `node` as written out against the budget; throws once the budget is spent or the node nests deeper
    /// than ``maxDepth``.
    private mutating func charge(_ node: EngineNode) throws(PatternError) {
        guard let size = Self.measure(node, sizeLimit: budget, depthLimit: Self.maxDepth) else {
            throw PatternError(
                .unsupported,
                "the pattern is too complex for the linear-time engine: written out for it (with its loops that "
                    + "can match the empty string rewritten), it exceeds \(Self.maxNodes) nodes or \(Self.maxDepth) "
                    + "levels of nesting"
            )
        }
        budget -= size
    }

    /// The written-out size of `node`, or nil if it exceeds `sizeLimit` nodes or `depthLimit` levels. Iterative,
    /// and it stops as soon as a limit is passed, so it costs at most `sizeLimit` steps.
    static func measure(_ node: EngineNode, sizeLimit: Int, depthLimit: Int) -> Int? {
        var size = 0
        var stack: [(node: EngineNode, depth: Int)] = [(node, 1)]
        while let (current, depth) = stack.popLast() {
            size += 1
            guard size <= sizeLimit, depth <= depthLimit else { return nil }
            switch current {
            case .empty, .bytes, .assertion:
                break
            case .capture(let body, _), .repetition(let body, _, _, _):
                stack.append((body, depth + 1))
            case .concatenation(let items), .alternation(let items):
                for item in items {
                    stack.append((item, depth + 1))
                }
            }
        }
        return size
    }
}
