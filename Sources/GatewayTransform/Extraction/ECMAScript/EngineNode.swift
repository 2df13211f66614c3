/// A pattern in the form the linear-time engine runs (RE2 semantics), written back as RE2 syntax by
/// ``RE2PatternWriter``. Unbounded repetitions here never have a body that can match the empty string; that is
/// what ``PatternLowering`` guarantees, and where RE2's and `std::regex`'s answers would otherwise part.
indirect enum EngineNode: Hashable, Sendable {
    case empty
    /// One byte from the set; an empty set matches nothing.
    case bytes(ByteSet)
    case assertion(PatternAssertion)
    /// A capturing group of the engine. Rewriting may copy a slot; the copy that matched last (the greatest span)
    /// gives the slot's value.
    case capture(EngineNode, slot: CaptureSlot)
    case concatenation([EngineNode])
    case alternation([EngineNode])
    /// RE2's `{min,max}`, `*`, `+`, `?`, greedy or lazy; `max` nil means unbounded.
    case repetition(EngineNode, min: Int, max: Int?, greedy: Bool)

    /// Whether some path through the node matches without consuming input (assertions count as empty paths).
    var isNullable: Bool {
        switch self {
        case .empty, .assertion: true
        case .bytes: false
        case .capture(let body, _): body.isNullable
        case .concatenation(let items): items.allSatisfy(\.isNullable)
        case .alternation(let items): items.contains(where: \.isNullable)
        case .repetition(let body, let min, _, _): min == 0 || body.isNullable
        }
    }

    /// Whether the node matches the empty string at every position (some empty path has no assertion).
    var alwaysMatchesEmpty: Bool {
        switch self {
        case .empty: true
        case .assertion, .bytes: false
        case .capture(let body, _): body.alwaysMatchesEmpty
        case .concatenation(let items): items.allSatisfy(\.alwaysMatchesEmpty)
        case .alternation(let items): items.contains(where: \.alwaysMatchesEmpty)
        case .repetition(let body, let min, _, _): min == 0 || body.alwaysMatchesEmpty
        }
    }

    /// Whether the node contains a capturing group.
    var hasCaptures: Bool {
        switch self {
        case .empty, .assertion, .bytes: false
        case .capture: true
        case .concatenation(let items), .alternation(let items): items.contains(where: \.hasCaptures)
        case .repetition(let body, _, _, _): body.hasCaptures
        }
    }

    /// The node with every capturing group made non-capturing.
    var withoutCaptures: EngineNode {
        guard hasCaptures else { return self }
        switch self {
        case .empty, .assertion, .bytes: return self
        case .capture(let body, _): return body.withoutCaptures
        case .concatenation(let items): return .concatenation(items.map(\.withoutCaptures))
        case .alternation(let items): return .alternation(items.map(\.withoutCaptures))
        case .repetition(let body, let min, let max, let greedy):
            return .repetition(body.withoutCaptures, min: min, max: max, greedy: greedy)
        }
    }

    /// Concatenation without nesting or empty items.
    static func sequence(_ items: [EngineNode]) -> EngineNode {
        var flat: [EngineNode] = []
        for item in items {
            switch item {
            case .empty: continue
            case .concatenation(let inner): flat.append(contentsOf: inner)
            default: flat.append(item)
            }
        }
        switch flat.count {
        case 0: return .empty
        case 1: return flat[0]
        default: return .concatenation(flat)
        }
    }

    /// Alternation without nesting; with no items, a node that matches nothing.
    static func choice(_ items: [EngineNode]) -> EngineNode {
        guard !items.isEmpty else { return .bytes(ByteSet()) }
        var flat: [EngineNode] = []
        for item in items {
            if case .alternation(let inner) = item {
                flat.append(contentsOf: inner)
            } else {
                flat.append(item)
            }
        }
        return flat.count == 1 ? flat[0] : .alternation(flat)
    }
}

/// What an engine group records.
enum CaptureSlot: Hashable, Sendable {
    /// ECMAScript group `n` (0 is the whole match).
    case group(Int)
    /// The span of the last iteration of loop `n` (an index into ``LoweredPattern/loops``), whose groups are found
    /// by matching the loop's body again on that span.
    case iteration(Int)
}
