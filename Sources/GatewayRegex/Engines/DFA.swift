/// A deterministic automaton built from a ``Program`` at compile time by subset construction, so matching is one
/// table lookup per input byte.
///
/// A state is an ordered list of program threads plus what the previous byte says about zero-width assertions
/// (start of text, start of line, word byte). Assertions that look ahead are resolved when the next byte is known,
/// so every transition also reports whether a match ended just before the byte it consumed. Construction stops
/// at a size budget; a scan that reaches a state left unexpanded reports that it cannot answer, and the caller
/// asks the ``PikeVM`` instead.
final class DFA: Sendable {
    enum Semantics: Sendable {
        /// Threads below a matching thread are dropped: the match found is the leftmost-first one.
        case leftmostFirst
        /// Every thread survives: the automaton answers "is there any match ending here".
        case anyMatch
    }

    /// Where a scan starts, as far as assertions care.
    enum StartContext: Int, CaseIterable, Sendable {
        case textStart = 0
        case afterNewline = 1
        case afterWordByte = 2
        case afterOtherByte = 3

        static func of(previous byte: UInt8?) -> StartContext {
            guard let byte else { return .textStart }
            if byte == 0x0A { return .afterNewline }
            return EmptyFlags.isWordByte(byte) ? .afterWordByte : .afterOtherByte
        }
    }

    /// Construction budget. Route-style patterns need a few dozen states. Past these limits (large Unicode
    /// classes, patterns like `(a|b)*a(a|b){20}`) the states reached so far are kept, and a scan that leaves
    /// them hands over to the ``PikeVM``.
    static let maxStates = 2048
    static let maxTableEntries = 1 << 19
    static let maxWork = 60_000

    /// Maps each byte to its equivalence class.
    let byteClasses: [UInt8]
    /// Number of classes; the row length of `transitions`.
    let stride: Int
    /// `transitions[state × stride + class]` is the next state; state 0 is dead.
    let transitions: [Int32]
    /// Per state: see the `…Flag` constants.
    let stateFlags: [UInt8]
    /// The start states, by ``StartContext``.
    let startStates: [Int32]

    /// A match ended just before the byte that led into this state.
    static let matchedFlag: UInt8 = 1
    /// No thread is left: nothing further can match.
    static let deadFlag: UInt8 = 2
    /// A match ends if the input ends in this state.
    static let acceptsAtEndFlag: UInt8 = 4
    /// The state's transitions were not computed (the budget ran out): the automaton cannot answer from here.
    static let unexpandedFlag: UInt8 = 8

    /// State 0: no thread left. State 1: the transitions of an unexpanded state lead here, and so do its own.
    static let deadState = 0
    static let unknownState = 1

    /// For small automata, the transitions indexed by raw byte (`state << 8 | byte`), which saves the class
    /// lookup on the hot path; empty otherwise.
    let byteTransitions: [UInt16]
    /// Automata with at most this many states get ``byteTransitions`` (256 KiB at most).
    static let maxByteTableStates = 512

    init(byteClasses: [UInt8], stride: Int, transitions: [Int32], stateFlags: [UInt8], startStates: [Int32]) {
        self.byteClasses = byteClasses
        self.stride = stride
        self.transitions = transitions
        self.stateFlags = stateFlags
        self.startStates = startStates
        var byteTransitions: [UInt16] = []
        if stateFlags.count <= Self.maxByteTableStates {
            byteTransitions.reserveCapacity(stateFlags.count * 256)
            for state in 0..<stateFlags.count {
                for byte in 0..<256 {
                    byteTransitions.append(UInt16(transitions[state * stride + Int(byteClasses[byte])]))
                }
            }
        }
        self.byteTransitions = byteTransitions
    }

    /// Builds the automaton for `program` entered at `entry`, as far as the budget allows.
    static func build(program: Program, entry: Int32, semantics: Semantics, tracksMatches: Bool) -> DFA {
        var builder = DFABuilder(program: program, semantics: semantics, tracksMatches: tracksMatches)
        return builder.build(entry: entry)
    }
}

/// Subset construction for ``DFA``.
private struct DFABuilder {
    struct StateKey {
        var threads: [Int32]
        var context: UInt8
        var matched: Bool
    }

    /// Context bits a state remembers about the byte before it.
    static let textStartBit: UInt8 = 1
    static let lineStartBit: UInt8 = 2
    static let wordBit: UInt8 = 4

    let program: Program
    let instructions: [Instruction]
    let semantics: DFA.Semantics
    let tracksMatches: Bool
    let contextMask: UInt8
    var byteClasses = [UInt8](repeating: 0, count: 256)
    var representatives: [UInt8] = []
    /// The ``Lookahead`` of each class (all `.otherByte` when the program has no assertions).
    var classLookahead: [Int] = []
    var classesByLookahead: [[Int]] = []
    /// Instructions visited and transitions filled so far; construction gives up past ``DFA/maxWork``.
    var work = 0

    var keys: [StateKey] = []
    /// States by the hash of their key.
    var index: [Int: [Int32]] = [:]
    var transitions: [Int32] = []
    var flags: [UInt8] = []

    // Closure scratch, reused for every transition.
    var visited: [Int32]
    var generation: Int32 = 0
    var stack: [Int32] = []
    var ordered: [Int32] = []
    // Transition scratch, reused for every state.
    var pairClasses: [Int32] = []
    var pairTargets: [Int32] = []
    var bucketed: [Int32] = []
    var bucketStart: [Int]
    var bucketFill: [Int]
    var matchedBefore: [Bool]
    var scratchThreads: [Int32] = []

    init(program: Program, semantics: DFA.Semantics, tracksMatches: Bool) {
        self.program = program
        self.instructions = program.instructions
        self.semantics = semantics
        self.tracksMatches = tracksMatches
        self.visited = [Int32](repeating: -1, count: program.count)
        let used = program.assertionsUsed
        var mask: UInt8 = 0
        if used.contains(.beginText) { mask |= Self.textStartBit }
        if used.contains(.beginLine) { mask |= Self.lineStartBit }
        if !used.isDisjoint(with: [.wordBoundary, .notWordBoundary]) { mask |= Self.wordBit }
        self.contextMask = mask
        self.bucketStart = []
        self.bucketFill = []
        self.matchedBefore = []
        computeByteClasses()
        bucketStart = [Int](repeating: 0, count: representatives.count + 1)
        bucketFill = bucketStart
        matchedBefore = [Bool](repeating: false, count: representatives.count)
    }

    /// Bytes that no instruction or assertion tells apart share a class.
    mutating func computeByteClasses() {
        var boundary = [Bool](repeating: false, count: 257)
        boundary[0] = true
        for instruction in instructions where instruction.opcode == .byteRange {
            boundary[Int(instruction.low)] = true
            boundary[Int(instruction.high) + 1] = true
        }
        let used = program.assertionsUsed
        if !used.isDisjoint(with: [.beginLine, .endLine]) {
            boundary[0x0A] = true
            boundary[0x0B] = true
        }
        if !used.isDisjoint(with: [.wordBoundary, .notWordBoundary]) {
            for byte in 0..<256
            where EmptyFlags.isWordByte(UInt8(byte)) != EmptyFlags.isWordByte(UInt8(truncatingIfNeeded: byte &- 1)) {
                boundary[byte] = true
            }
        }
        var current: Int = -1
        for byte in 0..<256 {
            if boundary[byte] {
                current += 1
                representatives.append(UInt8(byte))
            }
            byteClasses[byte] = UInt8(current)
        }
        // Without assertions, every class looks the same ahead; otherwise the boundaries above keep newline and
        // word bytes in classes of their own kind.
        let lookaheadMatters = !program.assertionsUsed.isEmpty
        for representative in representatives {
            let lookahead = lookaheadMatters ? Lookahead(representative) : .otherByte
            classLookahead.append(lookahead.rawValue)
        }
        classesByLookahead = Lookahead.allCases.map { kind in
            classLookahead.indices.filter { classLookahead[$0] == kind.rawValue }
        }
    }

    mutating func build(entry: Int32) -> DFA {
        let stride = representatives.count
        // The dead state comes first, so state 0 means "no match possible".
        _ = intern(threads: [], context: 0, matched: false)
        // The "unknown" sentinel: a placeholder key no real state can have (a thread list with a negative pc).
        _ = intern(threads: [-1], context: 0, matched: false)
        flags[DFA.unknownState] = DFA.unexpandedFlag
        var startStates: [Int32] = []
        for context in DFA.StartContext.allCases {
            let bits: UInt8 =
                switch context {
                case .textStart: Self.textStartBit | Self.lineStartBit
                case .afterNewline: Self.lineStartBit
                case .afterWordByte: Self.wordBit
                case .afterOtherByte: 0
                }
            startStates.append(intern(threads: [entry], context: bits & contextMask, matched: false))
        }
        var next = 0
        while next < keys.count {
            if keys.count > DFA.maxStates || keys.count * stride > DFA.maxTableEntries || work > DFA.maxWork {
                break
            }
            if next != DFA.unknownState { expand(state: next) }
            next += 1
        }
        // Whatever was not expanded leads to the sentinel.
        if next < keys.count {
            for state in next..<keys.count {
                flags[state] |= DFA.unexpandedFlag
                for classIndex in 0..<stride { transitions[state * stride + classIndex] = Int32(DFA.unknownState) }
            }
        }
        for classIndex in 0..<stride { transitions[DFA.unknownState * stride + classIndex] = Int32(DFA.unknownState) }
        return DFA(
            byteClasses: byteClasses,
            stride: stride,
            transitions: transitions,
            stateFlags: flags,
            startStates: startStates
        )
    }

    /// Computes every transition of one state. Classes whose bytes look the same to the assertions share one
    /// closure; each byte-consuming instruction then feeds the classes its range covers. Successor lists are
    /// gathered as (class, target) pairs in priority order and bucketed by class with a counting sort, so a state
    /// costs no allocation per class.
    mutating func expand(state: Int) {
        let key = keys[state]
        let stride = representatives.count
        work += stride
        pairClasses.removeAll(keepingCapacity: true)
        pairTargets.removeAll(keepingCapacity: true)
        for classIndex in 0..<stride { matchedBefore[classIndex] = false }
        for lookahead in Lookahead.allCases {
            let classes = classesByLookahead[lookahead.rawValue]
            guard !classes.isEmpty else { continue }
            closure(of: key.threads, conditions: conditions(context: key.context, lookahead: lookahead))
            var matched = false
            for pc in ordered {
                let instruction = instructions[Int(pc)]
                if instruction.opcode == .match {
                    matched = true
                    if semantics == .leftmostFirst { break }
                    continue
                }
                let first = Int(byteClasses[Int(instruction.low)])
                let last = Int(byteClasses[Int(instruction.high)])
                work += last - first + 1
                for classIndex in first...last where classLookahead[classIndex] == lookahead.rawValue {
                    pairClasses.append(Int32(classIndex))
                    pairTargets.append(instruction.next)
                }
            }
            if matched {
                for classIndex in classes { matchedBefore[classIndex] = true }
            }
        }
        // Bucket the pairs by class, keeping their order within a class.
        for classIndex in 0...stride { bucketStart[classIndex] = 0 }
        for classIndex in pairClasses { bucketStart[Int(classIndex) + 1] += 1 }
        for classIndex in 0..<stride { bucketStart[classIndex + 1] += bucketStart[classIndex] }
        for classIndex in 0..<stride { bucketFill[classIndex] = bucketStart[classIndex] }
        if bucketed.count < pairTargets.count { bucketed = [Int32](repeating: 0, count: pairTargets.count) }
        for (classIndex, target) in zip(pairClasses, pairTargets) {
            bucketed[bucketFill[Int(classIndex)]] = target
            bucketFill[Int(classIndex)] += 1
        }
        var previousID: Int32 = -1
        for classIndex in 0..<stride {
            scratchThreads.removeAll(keepingCapacity: true)
            generation += 1
            for target in bucketed[bucketStart[classIndex]..<bucketStart[classIndex + 1]]
            where visited[Int(target)] != generation {
                visited[Int(target)] = generation
                scratchThreads.append(target)
            }
            var context: UInt8 = 0
            let byte = representatives[classIndex]
            if byte == 0x0A { context |= Self.lineStartBit }
            if EmptyFlags.isWordByte(byte) { context |= Self.wordBit }
            context &= contextMask
            let matched = matchedBefore[classIndex]
            // Neighbouring classes often lead to the same state; skip the hashing then.
            let id: Int32
            if previousID >= 0, isState(previousID, threads: scratchThreads, context: context, matched: matched) {
                id = previousID
            } else {
                id = intern(threads: scratchThreads, context: context, matched: matched)
                previousID = id
            }
            transitions[state * stride + classIndex] = id
        }
        // At the end of the input only a match can happen.
        closure(of: key.threads, conditions: conditions(context: key.context, lookahead: nil))
        if ordered.contains(where: { instructions[Int($0)].opcode == .match }) {
            flags[state] |= DFA.acceptsAtEndFlag
        }
    }

    /// What the next byte tells the assertions.
    enum Lookahead: Int, CaseIterable {
        case newline = 0
        case wordByte = 1
        case otherByte = 2

        init(_ byte: UInt8) {
            if byte == 0x0A {
                self = .newline
            } else {
                self = EmptyFlags.isWordByte(byte) ? .wordByte : .otherByte
            }
        }
    }

    /// The assertions that hold between a state's previous byte and the next byte (nil: the end of the input).
    func conditions(context: UInt8, lookahead: Lookahead?) -> EmptyFlags {
        var conditions: EmptyFlags = []
        if context & Self.textStartBit != 0 { conditions.insert(.beginText) }
        if context & Self.lineStartBit != 0 { conditions.insert(.beginLine) }
        if let lookahead {
            if lookahead == .newline { conditions.insert(.endLine) }
        } else {
            conditions.insert([.endText, .endLine])
        }
        let wordBefore = context & Self.wordBit != 0
        let wordAfter = lookahead == .wordByte
        conditions.insert(wordBefore != wordAfter ? .wordBoundary : .notWordBoundary)
        return conditions
    }

    /// The state with these threads, context and match flag, created if new.
    mutating func intern(threads: [Int32], context: UInt8, matched: Bool) -> Int32 {
        let context = threads.isEmpty ? 0 : context
        let matched = tracksMatches && matched
        var hasher = Hasher()
        hasher.combine(context)
        hasher.combine(matched)
        for thread in threads { hasher.combine(thread) }
        let hash = hasher.finalize()
        if let candidates = index[hash] {
            for id in candidates where isState(id, threads: threads, context: context, matched: matched) {
                return id
            }
        }
        let id = Int32(keys.count)
        keys.append(StateKey(threads: threads, context: context, matched: matched))
        index[hash, default: []].append(id)
        work += threads.count
        transitions.append(contentsOf: repeatElement(0, count: representatives.count))
        var stateFlags: UInt8 = 0
        if matched { stateFlags |= DFA.matchedFlag }
        if threads.isEmpty { stateFlags |= DFA.deadFlag }
        flags.append(stateFlags)
        return id
    }

    func isState(_ id: Int32, threads: [Int32], context: UInt8, matched: Bool) -> Bool {
        let key = keys[Int(id)]
        return key.context == (threads.isEmpty ? 0 : context) && key.matched == (tracksMatches && matched)
            && key.threads == threads
    }

    /// Fills `ordered` with the byte-consuming and matching instructions reachable from `threads` without
    /// consuming input, in priority order.
    mutating func closure(of threads: [Int32], conditions: EmptyFlags) {
        generation += 1
        ordered.removeAll(keepingCapacity: true)
        for thread in threads {
            stack.append(thread)
            while let top = stack.popLast() {
                var pc = top
                while visited[Int(pc)] != generation {
                    visited[Int(pc)] = generation
                    work += 1
                    let instruction = instructions[Int(pc)]
                    switch instruction.opcode {
                    case .split:
                        stack.append(instruction.alternate)
                        pc = instruction.next
                        continue
                    case .save:
                        pc = instruction.next
                        continue
                    case .assert:
                        let required = EmptyFlags(rawValue: UInt8(truncatingIfNeeded: instruction.argument))
                        if conditions.isSuperset(of: required) {
                            pc = instruction.next
                            continue
                        }
                    case .byteRange, .match:
                        ordered.append(pc)
                    case .fail:
                        break
                    }
                    break
                }
            }
        }
    }
}
