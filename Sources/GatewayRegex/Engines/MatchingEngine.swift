private import Synchronization

/// Everything compiled from one pattern, and the choice of engine for each kind of question.
///
/// Questions go to the automata first (one table lookup per byte, no allocation); the ``PikeVM`` runs only when
/// submatches are needed, on the span the automata already found, or when an automaton would have been too big.
final class MatchingEngine: Sendable {
    let program: Program
    let captureCount: Int
    /// Anchored at both ends: answers "does the whole input match". Built the first time it is needed, as RE2
    /// builds its automata: a configuration of thousands of route regexes compiles several times faster, and the
    /// check on every later match is one load.
    private let fullMatch: LazyAutomaton
    /// Unanchored, leftmost-first: finds where the first match ends.
    private let forwardAutomaton: LazyAutomaton
    /// The reversed pattern, anchored where a match ends: finds where it starts.
    private let reverseAutomaton: LazyAutomaton

    init(program: Program, reverse: Program, captureCount: Int) {
        self.program = program
        self.captureCount = captureCount
        fullMatch = LazyAutomaton {
            DFA.build(program: program, entry: program.start, semantics: .anyMatch, tracksMatches: false)
        }
        // A route regex that is only ever full-matched never builds the search automata.
        forwardAutomaton = LazyAutomaton {
            DFA.build(
                program: program,
                entry: program.unanchoredStart,
                semantics: .leftmostFirst,
                tracksMatches: true
            )
        }
        reverseAutomaton = LazyAutomaton {
            DFA.build(program: reverse, entry: reverse.start, semantics: .anyMatch, tracksMatches: true)
        }
    }

    // MARK: - Full match

    func matchesWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        if let answer = fullMatch.withDFA({ $0.acceptsWhole(input) }) {
            return answer
        }
        return withSlots { slots in
            PikeVM.run(program, input: input, start: 0, anchored: true, requireEnd: true, slots: slots)
        } != nil
    }

    func wholeMatch(_ input: UnsafeBufferPointer<UInt8>) -> [Int]? {
        if fullMatch.withDFA({ $0.acceptsWhole(input) }) == false { return nil }
        return withSlots { slots in
            PikeVM.run(program, input: input, start: 0, anchored: true, requireEnd: true, slots: slots)
        }
    }

    // MARK: - Search

    func containsMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Bool {
        switch forwardAutomaton.withDFA({ $0.firstMatchEnd(input, from: start, earliest: true) }) {
        case .found: return true
        case .none: return false
        case .unknown: return firstMatch(input, from: start) != nil
        }
    }

    /// The slots of the leftmost-first match at or after `start`.
    func firstMatch(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> [Int]? {
        let end: Int
        switch forwardAutomaton.withDFA({ $0.firstMatchEnd(input, from: start, earliest: false) }) {
        case .none: return nil
        case .found(let position): end = position
        case .unknown: return pikeSearch(input, from: start)
        }
        let matchStart: Int
        switch reverseAutomaton.withDFA({ $0.longestReverseMatchStart(input, end: end, limit: start) }) {
        case .none: return pikeSearch(input, from: start)  // cannot happen: a match ends at `end`
        case .found(let position): matchStart = position
        case .unknown: return pikeSearch(input, from: start)
        }
        if captureCount == 0 {
            return [matchStart, end]
        }
        // Submatches come from the span the automata found, matched as a whole, as RE2 does.
        return withSlots { slots in
            PikeVM.run(
                program,
                input: input,
                start: matchStart,
                anchored: true,
                requireEnd: false,
                end: end,
                slots: slots
            )
        }
    }

    private func pikeSearch(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> [Int]? {
        withSlots { slots in
            PikeVM.run(program, input: input, start: start, anchored: false, requireEnd: false, slots: slots)
        }
    }

    /// Runs `body` with a capture slot buffer; returns the slots if `body` reports a match.
    private func withSlots(_ body: (UnsafeMutableBufferPointer<Int>) -> Bool) -> [Int]? {
        var slots = [Int](repeating: -1, count: program.slotCount)
        let matched = slots.withUnsafeMutableBufferPointer { body($0) }
        return matched ? slots : nil
    }
}

/// A ``DFA`` built on first use, once, safely from any number of threads.
final class LazyAutomaton: Sendable {
    private let storage = AtomicLazyReference<DFA>()
    /// The automaton `storage` keeps alive, unretained: read without reference counting once built.
    private let built = Atomic<UInt>(0)
    private let build: @Sendable () -> DFA

    init(_ build: @escaping @Sendable () -> DFA) {
        self.build = build
    }

    /// Calls `body` with the automaton, building it first if needed; counts no references once it is built.
    @inline(__always)
    func withDFA<Result>(_ body: (DFA) -> Result) -> Result {
        if let pointer = UnsafeRawPointer(bitPattern: built.load(ordering: .acquiring)) {
            return Unmanaged<DFA>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
        }
        // Threads racing here build one automaton each; the first stored is kept and shared.
        let dfa = storage.load() ?? storage.storeIfNil(build())
        built.store(UInt(bitPattern: Unmanaged.passUnretained(dfa).toOpaque()), ordering: .releasing)
        return body(dfa)
    }
}

/// What a scan found: a position, no match, or that it left the automaton's expanded states.
enum ScanResult: Equatable {
    case found(Int)
    case none
    case unknown
}

extension DFA {
    /// Whether the automaton, started at the beginning of `input`, accepts at its end; nil if the scan reached
    /// an unexpanded state.
    @inline(__always)
    func acceptsWhole(_ input: UnsafeBufferPointer<UInt8>) -> Bool? {
        let state: Int
        if !byteTransitions.isEmpty {
            state = byteTransitions.withUnsafeBufferPointer { table in
                var state = Int(startStates[StartContext.textStart.rawValue])
                // Dead and unknown states lead to themselves, so the loop checks for them only now and then.
                var position = 0
                while position < input.count {
                    let chunkEnd = Swift.min(position &+ 32, input.count)
                    while position < chunkEnd {
                        state = Int(table[state &<< 8 | Int(input[position])])
                        position &+= 1
                    }
                    if state <= DFA.unknownState { break }
                }
                return state
            }
        } else {
            state = transitions.withUnsafeBufferPointer { table in
                byteClasses.withUnsafeBufferPointer { classes in
                    var state = Int(startStates[StartContext.textStart.rawValue])
                    for byte in input {
                        state = Int(table[state &* stride &+ Int(classes[Int(byte)])])
                        if state <= DFA.unknownState { break }
                    }
                    return state
                }
            }
        }
        if state <= DFA.unknownState { return state == DFA.deadState ? false : nil }
        let flags = stateFlags[state]
        if flags & DFA.unexpandedFlag != 0 { return nil }
        return flags & DFA.acceptsAtEndFlag != 0
    }

    /// Where the leftmost-first match at or after `start` ends (or, with `earliest`, where some match first
    /// ends).
    func firstMatchEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int, earliest: Bool) -> ScanResult {
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
                            if state == DFA.unknownState { return .unknown }
                            if stateFlags & DFA.matchedFlag != 0 {
                                if earliest { return .found(position) }
                                lastEnd = position
                            }
                            if stateFlags & DFA.deadFlag != 0 { return lastEnd.map { .found($0) } ?? .none }
                        }
                        position += 1
                    }
                    if flags[state] & DFA.unexpandedFlag != 0 { return .unknown }
                    if flags[state] & DFA.acceptsAtEndFlag != 0 { return .found(input.count) }
                    return lastEnd.map { .found($0) } ?? .none
                }
            }
        }
    }

    /// Runs the reversed pattern backwards from `end` and returns the smallest position at or after `limit`
    /// where a match (ending at `end`) can start.
    func longestReverseMatchStart(_ input: UnsafeBufferPointer<UInt8>, end: Int, limit: Int) -> ScanResult {
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
                        if state == DFA.unknownState { return .unknown }
                        if stateFlags & DFA.matchedFlag != 0 { best = position }
                        if stateFlags & DFA.deadFlag != 0 { return best.map { .found($0) } ?? .none }
                        position -= 1
                    }
                    // Whether a match starts exactly at `limit` depends on the byte before it, if any.
                    if limit > 0 {
                        let beyond = Int(table[state &* stride &+ Int(classes[Int(input[limit - 1])])])
                        if beyond == DFA.unknownState { return .unknown }
                        if flags[beyond] & DFA.matchedFlag != 0 { best = limit }
                    } else {
                        if flags[state] & DFA.unexpandedFlag != 0 { return .unknown }
                        if flags[state] & DFA.acceptsAtEndFlag != 0 { best = limit }
                    }
                    return best.map { .found($0) } ?? .none
                }
            }
        }
    }
}
