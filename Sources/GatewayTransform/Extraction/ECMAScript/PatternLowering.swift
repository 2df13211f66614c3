/// A pattern lowered for the engine: the whole pattern, and the body of every loop whose groups are read from its
/// last iteration.
struct LoweredPattern: Hashable, Sendable {
    var root: EngineNode
    /// Loop bodies, each with its own groups, by the index their ``CaptureSlot/iteration(_:)`` slots name. A body
    /// names only loops with lower indexes.
    var loops: [EngineNode]
}

/// Rewrites a parsed `std::regex` pattern into one with the same answers under RE2's leftmost-first semantics.
///
/// Both engines take the first match in the same priority order. They part on loops, where libc++'s `std::regex`
/// (verified with libc++ 14) follows its own rules:
///
/// - **Groups:** each iteration starts by resetting the groups inside the loop (as the ECMAScript standard asks,
///   unlike libstdc++), so a group keeps its value only if the last iteration set it: `(?:(a)|b)*` on "ab" leaves
///   group 1 unset. RE2 keeps the last value ever set. So inside a loop (of more than one iteration) groups are
///   dropped, the span of the last iteration is captured instead (a ``CaptureSlot/iteration(_:)`` slot), and the
///   loop's body alone is matched again on that span, which gives the groups of the last iteration: its path is
///   the body's first path from that start to that end.
/// - **Empty iterations:** once the mandatory iterations are done, an iteration that matched the empty string ends
///   the loop (libc++'s `__loop` stops repeating when an iteration ends where it started). So a greedy loop stops
///   with an empty iteration as soon as its body's first empty path is reached: `(a|)*` on "aa" ends with group 1
///   = "" at 2, and `(a*|b)*` finds "a" in "ab", not "ab". RE2 instead drops an empty iteration and tries the
///   body's later alternatives.
///
/// So every loop whose body `x` can match the empty string is rewritten. Split the paths of `x`, in priority order,
/// into runs that consume input (`N1`, `N2`...) and runs that do not (`E1`, `E2`...). An optional greedy iteration
/// tries `N1` (then loops again), `E1` (then stops), `N2` (then loops again)..., and last stops without iterating.
/// When `E1` always matches, nothing after it but a consuming run can ever be reached first, and with `A` the
/// consuming paths before `E1` and `B` those after it, `x*` is `A* (?:B A*)*? E1`: it always ends with the empty
/// iteration `E1`. A lazy loop stops before trying any iteration, so its empty paths can never come first:
/// `x*?` is `(?:N1|N2|...)*?`. Bounded loops are written out one iteration at a time. No rewritten loop has a body
/// that matches empty, so RE2's own empty-iteration rules never apply.
///
/// A greedy unbounded loop whose first empty path depends on an assertion and whose body can still consume input
/// after it (`(?:a|\b|b)*`) has no such rewrite and is refused.
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
    private var loops: [EngineNode] = []

    /// `node` for the linear-time engine.
    static func lower(_ node: PatternNode) throws(PatternError) -> LoweredPattern {
        var lowering = PatternLowering()
        let root = try lowering.lower(node)
        try lowering.charge(root)
        return LoweredPattern(root: root, loops: lowering.loops)
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
            return index.map { .capture(lowered, slot: .group($0)) } ?? lowered
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
            return try loop(try lower(body), min: min, max: max, greedy: greedy)
        case .backreference, .lookahead:
            // Refused by the parser; never reached.
            return .bytes(ByteSet())
        }
    }

    /// `body{min,max}` (greedy or lazy) with libc++'s loop rules.
    private mutating func loop(
        _ body: EngineNode,
        min: Int,
        max: Int?,
        greedy: Bool
    ) throws(PatternError) -> EngineNode {
        if max == 0 { return .empty }
        // A single iteration has no earlier one to reset or to stop after.
        if max == 1 { return min == 1 ? body : .repetition(body, min: 0, max: 1, greedy: greedy) }
        // Groups inside are read from the last iteration: the loop's body is kept to be matched again on its span.
        let marker: Int?
        if body.hasCaptures {
            try charge(body)
            marker = loops.count
            loops.append(body)
        } else {
            marker = nil
        }
        let plain = body.withoutCaptures
        let iteration = { (step: EngineNode) -> EngineNode in
            marker.map { .capture(step, slot: .iteration($0)) } ?? step
        }
        guard plain.isNullable else {
            return .repetition(iteration(plain), min: min, max: max, greedy: greedy)
        }
        // The mandatory iterations before the last one have no empty-iteration check, and the last mandatory one
        // resets their groups.
        let prefix: EngineNode = min >= 2 ? .repetition(plain, min: min - 1, max: min - 1, greedy: true) : .empty
        let steps = Steps(try segments(plain))
        let remaining = max.map { $0 - Swift.max(min - 1, 0) }
        let rest =
            greedy
            ? try greedyLoop(steps, remaining: remaining, mandatory: min >= 1, iteration: iteration)
            : lazyLoop(steps, remaining: remaining, mandatory: min >= 1, iteration: iteration)
        let result = EngineNode.sequence([prefix, rest])
        try charge(result)
        return result
    }

    /// The paths of a loop body that can ever be taken first, in priority order: every run up to the first empty
    /// run that always matches, then only the consuming runs (an empty iteration after it would end the loop at the
    /// same position, which that run already tried).
    private struct Steps {
        var runs: [Segment] = []
        /// Whether an empty run always matches, so an optional iteration never stops without iterating.
        var alwaysStops = false

        init(_ all: [Segment]) {
            for run in all {
                if alwaysStops && !run.consumes { continue }
                if let last = runs.last, last.consumes, run.consumes {
                    runs[runs.count - 1].node = EngineNode.choice([last.node, run.node])
                } else {
                    runs.append(run)
                }
                if !run.consumes && run.node.alwaysMatchesEmpty { alwaysStops = true }
            }
        }

        var consuming: EngineNode? {
            let nodes = runs.filter(\.consumes).map(\.node)
            return nodes.isEmpty ? nil : EngineNode.choice(nodes)
        }
    }

    /// A greedy loop over a body that can match empty: `remaining` iterations at most (nil: any number), the first
    /// of them mandatory if `mandatory` is set.
    private mutating func greedyLoop(
        _ steps: Steps,
        remaining: Int?,
        mandatory: Bool,
        iteration: (EngineNode) -> EngineNode
    ) throws(PatternError) -> EngineNode {
        guard let remaining else {
            return try unboundedGreedyLoop(steps, mandatory: mandatory, iteration: iteration)
        }
        // Written out from the last iteration back: each tries its runs in order, a consuming one followed by the
        // later iterations, an empty one ending the loop; an optional one may also stop without iterating.
        var later = EngineNode.empty
        var size = 1
        var depth = 1
        for left in 1...Swift.max(remaining, 1) {
            let optional = !(mandatory && left == remaining) && !steps.alwaysStops
            var options: [EngineNode] = []
            var nextSize = optional ? 2 : 1
            for run in steps.runs {
                let step = iteration(run.node)
                let stepSize = PatternLowering.measure(step, sizeLimit: budget, depthLimit: Self.maxDepth) ?? budget
                if run.consumes {
                    options.append(.sequence([step, later]))
                    nextSize += 1 + stepSize + size
                } else {
                    options.append(step)
                    nextSize += stepSize
                }
            }
            if optional { options.append(.empty) }
            depth += 2
            guard nextSize <= budget, depth <= Self.maxDepth else { throw tooComplex() }
            later = .choice(options)
            size = nextSize
        }
        return later
    }

    private func unboundedGreedyLoop(
        _ steps: Steps,
        mandatory: Bool,
        iteration: (EngineNode) -> EngineNode
    ) throws(PatternError) -> EngineNode {
        let runs = steps.runs
        guard let firstEmpty = runs.firstIndex(where: { !$0.consumes }) else {
            return .repetition(iteration(steps.consuming ?? .empty), min: 0, max: nil, greedy: true)
        }
        let before = runs[..<firstEmpty].first?.node
        let after = runs[(firstEmpty + 1)...].filter(\.consumes).map(\.node)
        if runs[firstEmpty].node.alwaysMatchesEmpty {
            // `A* (?:B A*)*? E1`: the loop always ends with the empty iteration E1, whose groups the body's first
            // empty path gives when matched again on the empty span.
            let leading = before.map { EngineNode.repetition($0, min: 0, max: nil, greedy: true) }
            var parts: [EngineNode] = []
            if let leading { parts.append(leading) }
            if !after.isEmpty {
                let repeated = EngineNode.sequence([EngineNode.choice(after)] + (leading.map { [$0] } ?? []))
                parts.append(.repetition(repeated, min: 0, max: nil, greedy: false))
            }
            parts.append(iteration(.empty))
            return EngineNode.sequence(parts)
        }
        guard after.isEmpty else {
            throw PatternError(
                .unsupported,
                "a greedy loop whose body can match the empty string first through an assertion and can still "
                    + "consume input after that is not supported: std::regex ends such a loop early only where the "
                    + "assertion holds, which has no linear-time equivalent (the loop in (?:a|\\b|b)* is one)"
            )
        }
        // `A* (?:E1|E2|...|)`: the consuming run, then the first empty path that holds, or no iteration at all.
        let stops = runs[firstEmpty...].map { iteration($0.node) }
        let loop = before.map { EngineNode.repetition(iteration($0), min: 0, max: nil, greedy: true) }
        let optional = EngineNode.sequence([
            loop ?? .empty, .choice(stops + (steps.alwaysStops ? [] : [.empty])),
        ])
        guard mandatory else { return optional }
        return .choice((before.map { [EngineNode.sequence([iteration($0), optional])] } ?? []) + stops)
    }

    /// A lazy loop over a body that can match empty. Stopping is tried before every optional iteration, so an empty
    /// iteration (which would stop at the same position) can never come first; only the mandatory one may be empty.
    private func lazyLoop(
        _ steps: Steps,
        remaining: Int?,
        mandatory: Bool,
        iteration: (EngineNode) -> EngineNode
    ) -> EngineNode {
        func optional(_ count: Int?) -> EngineNode {
            guard let consuming = steps.consuming, count != 0 else { return .empty }
            return .repetition(iteration(consuming), min: 0, max: count, greedy: false)
        }
        guard mandatory else { return optional(remaining) }
        let later = optional(remaining.map { $0 - 1 })
        return .choice(
            steps.runs.map { run in
                run.consumes ? .sequence([iteration(run.node), later]) : iteration(run.node)
            }
        )
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
        case .capture(let body, let slot):
            for run in try segments(body) {
                append(Segment(consumes: run.consumes, node: .capture(run.node, slot: slot)), to: &runs)
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
            throw tooComplex()
        }
        budget -= size
    }

    private func tooComplex() -> PatternError {
        PatternError(
            .unsupported,
            "the pattern is too complex for the linear-time engine: written out for it (with its loops rewritten "
                + "for std::regex's rules), it exceeds \(Self.maxNodes) nodes or \(Self.maxDepth) levels of nesting"
        )
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
