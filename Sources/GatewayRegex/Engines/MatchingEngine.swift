/// Everything compiled from one pattern, and the choice of engine for each kind of question.
///
/// Questions go to the automata first (one table lookup per byte, no allocation); the ``PikeVM`` runs only when
/// submatches are needed, on the span the automata already found, or when an automaton would have been too big.
final class MatchingEngine: Sendable {
    let program: Program
    let captureCount: Int
    /// Anchored at both ends: answers "does the whole input match".
    let fullMatch: DFA?
    /// Unanchored, leftmost-first: finds where the first match ends.
    let forwardSearch: DFA?
    /// The reversed pattern, anchored where a match ends: finds where it starts.
    let reverseSearch: DFA?

    init(program: Program, reverse: Program, captureCount: Int) {
        self.program = program
        self.captureCount = captureCount
        fullMatch = DFA(program: program, entry: program.start, semantics: .anyMatch, tracksMatches: false)
        let forward = DFA(
            program: program,
            entry: program.unanchoredStart,
            semantics: .leftmostFirst,
            tracksMatches: true
        )
        let backward =
            forward == nil
            ? nil : DFA(program: reverse, entry: reverse.start, semantics: .anyMatch, tracksMatches: true)
        forwardSearch = backward == nil ? nil : forward
        reverseSearch = backward
    }

    // MARK: - Full match

    func matchesWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        if let fullMatch {
            return fullMatch.acceptsWhole(input)
        }
        return withSlots { slots in
            PikeVM.run(program, input: input, start: 0, anchored: true, requireEnd: true, slots: slots)
        } != nil
    }

    func wholeMatch(_ input: UnsafeBufferPointer<UInt8>) -> [Int]? {
        if let fullMatch, !fullMatch.acceptsWhole(input) { return nil }
        return withSlots { slots in
            PikeVM.run(program, input: input, start: 0, anchored: true, requireEnd: true, slots: slots)
        }
    }

    // MARK: - Search

    func containsMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Bool {
        if let forwardSearch {
            return forwardSearch.firstMatchEnd(input, from: start, earliest: true) != nil
        }
        return firstMatch(input, from: start) != nil
    }

    /// The slots of the leftmost-first match at or after `start`.
    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> [Int]? {
        guard let forwardSearch, let reverseSearch else {
            return withSlots { slots in
                PikeVM.run(program, input: input, start: start, anchored: false, requireEnd: false, slots: slots)
            }
        }
        guard let end = forwardSearch.firstMatchEnd(input, from: start, earliest: false),
            let matchStart = reverseSearch.longestReverseMatchStart(input, end: end, limit: start)
        else { return nil }
        if captureCount == 0 {
            return [matchStart, end]
        }
        return withSlots { slots in
            PikeVM.run(program, input: input, start: matchStart, anchored: true, requireEnd: false, slots: slots)
        }
    }

    /// Runs `body` with a capture slot buffer; returns the slots if `body` reports a match.
    private func withSlots(_ body: (UnsafeMutableBufferPointer<Int>) -> Bool) -> [Int]? {
        var slots = [Int](repeating: -1, count: program.slotCount)
        let matched = slots.withUnsafeMutableBufferPointer { body($0) }
        return matched ? slots : nil
    }
}

extension DFA {
    /// Whether the automaton, started at the beginning of `input`, accepts at its end.
    @inline(__always)
    func acceptsWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                var state = Int(startStates[StartContext.textStart.rawValue])
                for byte in input {
                    state = Int(table[state &* stride &+ Int(classes[Int(byte)])])
                    if state == 0 { return false }
                }
                return stateFlags[state] & DFA.acceptsAtEndFlag != 0
            }
        }
    }

    /// Where the leftmost-first match at or after `start` ends (or, with `earliest`, where some match first
    /// ends); nil if there is none.
    func firstMatchEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int, earliest: Bool) -> Int? {
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                stateFlags.withUnsafeBufferPointer { flags in
                    let context = StartContext.of(previous: start > 0 ? input[start - 1] : nil)
                    var state = Int(startStates[context.rawValue])
                    var lastEnd: Int? = nil
                    var position = start
                    while position < input.count {
                        state = Int(table[state &* stride &+ Int(classes[Int(input[position])])])
                        let stateFlags = flags[state]
                        if stateFlags != 0 {
                            if stateFlags & DFA.matchedFlag != 0 {
                                if earliest { return position }
                                lastEnd = position
                            }
                            if stateFlags & DFA.deadFlag != 0 { return lastEnd }
                        }
                        position += 1
                    }
                    if flags[state] & DFA.acceptsAtEndFlag != 0 { return input.count }
                    return lastEnd
                }
            }
        }
    }

    /// Runs the reversed pattern backwards from `end` and returns the smallest position at or after `limit`
    /// where a match (ending at `end`) can start.
    func longestReverseMatchStart(_ input: UnsafeBufferPointer<UInt8>, end: Int, limit: Int) -> Int? {
        transitions.withUnsafeBufferPointer { table in
            byteClasses.withUnsafeBufferPointer { classes in
                stateFlags.withUnsafeBufferPointer { flags in
                    // Read backwards, the byte after `end` is the one "before" the scan.
                    let context = StartContext.of(previous: end < input.count ? input[end] : nil)
                    var state = Int(startStates[context.rawValue])
                    var best: Int? = nil
                    var position = end
                    while position > limit {
                        state = Int(table[state &* stride &+ Int(classes[Int(input[position - 1])])])
                        let stateFlags = flags[state]
                        if stateFlags & DFA.matchedFlag != 0 { best = position }
                        if stateFlags & DFA.deadFlag != 0 { return best }
                        position -= 1
                    }
                    // Whether a match starts exactly at `limit` depends on the byte before it, if any.
                    if limit > 0 {
                        let beyond = Int(table[state &* stride &+ Int(classes[Int(input[limit - 1])])])
                        if flags[beyond] & DFA.matchedFlag != 0 { best = limit }
                    } else if flags[state] & DFA.acceptsAtEndFlag != 0 {
                        best = limit
                    }
                    return best
                }
            }
        }
    }
}
