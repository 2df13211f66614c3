/// Compiles a ``RegexNode`` tree into the byte-level ``Program`` of the reversed pattern, which the engines run
/// backwards from the end of a match to find its start. Only the set of matches counts there (the reverse
/// automaton looks for the longest one), so the program's shape need not be RE2's; the forward program, whose
/// shape decides priorities, comes from ``RE2Compiler/forwardProgram(for:captureCount:)``.
struct Compiler {
    /// Instruction budget. RE2's own limit (checked first, by ``RE2ProgramSize``) decides which patterns are too
    /// large; this one only has to be above what our compiler emits for any pattern RE2 accepts.
    static let maxInstructions = 1_200_000

    private var instructions: [Instruction] = [Instruction(opcode: .fail)]
    private var assertionsUsed: EmptyFlags = []
    /// Shared byte-range instructions, keyed by range and continuation, so class automata share their suffixes.
    private var suffixCache: [SuffixKey: Int32] = [:]
    private var overBudget = false

    private struct SuffixKey: Hashable {
        var low: UInt8
        var high: UInt8
        var next: Int32
    }

    private static let failPC: Int32 = 0

    private init() {}

    /// Compiles the program for the reversed pattern, without captures: run backwards from the end of a match, it
    /// finds where the match starts.
    static func compileReversed(_ root: RegexNode) throws(RegexError) -> Program {
        var compiler = Compiler()
        let match = compiler.emit(Instruction(opcode: .match))
        let start = compiler.compile(root, next: match)
        let unanchored = compiler.unanchoredLoop(to: start)
        if compiler.overBudget {
            throw RegexError(code: .patternTooLarge, offset: 0)
        }
        return Program(
            instructions: compiler.instructions,
            start: start,
            unanchoredStart: unanchored,
            slotCount: 0,
            assertionsUsed: compiler.assertionsUsed
        )
    }

    /// `.*?` in front of `target`: prefer starting here, else consume any byte and try again.
    private mutating func unanchoredLoop(to target: Int32) -> Int32 {
        let loop = emit(Instruction(opcode: .split, next: target))
        let anyByte = emit(Instruction(opcode: .byteRange, low: 0, high: 0xFF, next: loop))
        instructions[Int(loop)].alternate = anyByte
        return loop
    }

    private mutating func emit(_ instruction: Instruction) -> Int32 {
        if instructions.count >= Self.maxInstructions {
            overBudget = true
            return Self.failPC
        }
        instructions.append(instruction)
        return Int32(instructions.count - 1)
    }

    private mutating func split(_ preferred: Int32, _ other: Int32) -> Int32 {
        emit(Instruction(opcode: .split, next: preferred, alternate: other))
    }

    private mutating func byteRange(_ range: ClosedRange<UInt8>, next: Int32) -> Int32 {
        let key = SuffixKey(low: range.lowerBound, high: range.upperBound, next: next)
        if let cached = suffixCache[key] { return cached }
        let pc = emit(Instruction(opcode: .byteRange, low: range.lowerBound, high: range.upperBound, next: next))
        suffixCache[key] = pc
        return pc
    }

    // MARK: - Nodes

    /// Emits code for `node` that continues at `next`, and returns its entry.
    private mutating func compile(_ node: RegexNode, next: Int32) -> Int32 {
        if overBudget { return Self.failPC }
        switch node {
        case .emptyMatch:
            return next
        case .noMatch:
            return Self.failPC
        case .literal(let rune):
            let bytes = UTF8Decoding.encode(rune)
            var pc = next
            for byte in bytes { pc = emit(Instruction(opcode: .byteRange, low: byte, high: byte, next: pc)) }
            return pc
        case .characterClass(let set):
            return compileClass(set, next: next)
        case .anyByte:
            return emit(Instruction(opcode: .byteRange, low: 0, high: 0xFF, next: next))
        case .assertion(let assertion):
            let flags = EmptyFlags(rawValue: assertion.mirrored.rawValue)
            assertionsUsed.formUnion(flags)
            return emit(Instruction(opcode: .assert, argument: Int32(flags.rawValue), next: next))
        case .concatenation(let parts):
            var pc = next
            for part in parts { pc = compile(part, next: pc) }
            return pc
        case .alternation(let alternatives):
            var entries: [Int32] = []
            entries.reserveCapacity(alternatives.count)
            for alternative in alternatives { entries.append(compile(alternative, next: next)) }
            guard var pc = entries.last else { return next }
            for entry in entries.dropLast().reversed() { pc = split(entry, pc) }
            return pc
        case .capture(let sub, _, _):
            return compile(sub, next: next)
        case .repetition(let sub, let repetition):
            return compileRepetition(sub, repetition, next: next)
        }
    }

    private mutating func compileRepetition(_ sub: RegexNode, _ repetition: Repetition, next: Int32) -> Int32 {
        // Repeating the empty string matches it once.
        if case .emptyMatch = sub { return next }
        let greedy = repetition.greedy
        switch repetition.kind {
        case .star:
            let loop = split(Self.failPC, Self.failPC)
            let body = compile(sub, next: loop)
            setTargets(of: loop, body: body, exit: next, greedy: greedy)
            return loop
        case .plus:
            let loop = split(Self.failPC, Self.failPC)
            let body = compile(sub, next: loop)
            setTargets(of: loop, body: body, exit: next, greedy: greedy)
            return body
        case .quest:
            let body = compile(sub, next: next)
            return greedy ? split(body, next) : split(next, body)
        case .counted(let min, let max):
            return compileCounted(sub, min: min, max: max, repetition: repetition, next: next)
        }
    }

    private mutating func setTargets(of loop: Int32, body: Int32, exit: Int32, greedy: Bool) {
        guard loop != Self.failPC else { return }
        instructions[Int(loop)].next = greedy ? body : exit
        instructions[Int(loop)].alternate = greedy ? exit : body
    }

    /// RE2's rewriting of `x{min,max}` into copies of `x` followed by nested optional copies:
    /// `x{2,5}` is `xx(x(x(x)?)?)?` and `x{3,}` is `xxx+`. Built from the end, iteratively, so a thousand
    /// nested optionals cost no stack.
    private mutating func compileCounted(
        _ sub: RegexNode,
        min: Int,
        max: Int?,
        repetition: Repetition,
        next: Int32
    ) -> Int32 {
        var min = min
        var max = max
        // An assertion repeated is the assertion once.
        if sub.isAssertionOnly {
            min = Swift.min(min, 1)
            max = max.map { Swift.min($0, 1) }
        }
        let greedy = repetition.greedy
        var pc = next
        var copies = min
        if let max {
            if min == 0 && max == 0 { return next }
            for _ in 0..<(max - min) where !overBudget {
                let body = compile(sub, next: pc)
                pc = greedy ? split(body, next) : split(next, body)
            }
        } else {
            let kind: Repetition.Kind = min == 0 ? .star : .plus
            pc = compileRepetition(sub, Repetition(kind: kind, greedy: greedy, flags: repetition.flags), next: pc)
            copies = Swift.max(min - 1, 0)
        }
        for _ in 0..<copies where !overBudget {
            pc = compile(sub, next: pc)
        }
        return pc
    }

    // MARK: - Classes

    /// Compiles a set of code points into a byte automaton: sequences that share leading byte ranges share their
    /// first instructions, and identical tails are shared through the suffix cache.
    private mutating func compileClass(_ set: RuneSet, next: Int32) -> Int32 {
        var sequences = UTF8Sequences.sequences(for: set).map { Array($0.reversed()) }
        guard !sequences.isEmpty else { return Self.failPC }
        sequences.sort {
            $0.lexicographicallyPrecedes($1) { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        }
        return compileSequences(sequences[...], depth: 0, next: next)
    }

    private mutating func compileSequences(
        _ sequences: ArraySlice<[ClosedRange<UInt8>]>,
        depth: Int,
        next: Int32
    ) -> Int32 {
        var entries: [Int32] = []
        var groupStart = sequences.startIndex
        while groupStart < sequences.endIndex {
            let range = sequences[groupStart][depth]
            var groupEnd = groupStart + 1
            while groupEnd < sequences.endIndex, sequences[groupEnd].count > depth, sequences[groupEnd][depth] == range
            {
                groupEnd += 1
            }
            let group = sequences[groupStart..<groupEnd]
            let longer = group.filter { $0.count > depth + 1 }
            let ends = longer.count < group.count
            var target = next
            if !longer.isEmpty {
                let tail = compileSequences(longer[...], depth: depth + 1, next: next)
                target = ends ? split(tail, next) : tail
            }
            entries.append(byteRange(range, next: target))
            groupStart = groupEnd
        }
        guard var pc = entries.last else { return Self.failPC }
        for entry in entries.dropLast().reversed() { pc = split(entry, pc) }
        return pc
    }
}

extension Assertion {
    /// The assertion that holds at the same position when the text is read backwards.
    var mirrored: Assertion {
        switch self {
        case .beginLine: .endLine
        case .endLine: .beginLine
        case .beginText: .endText
        case .endText: .beginText
        case .wordBoundary, .notWordBoundary: self
        }
    }
}

extension RegexNode {
    /// True for an assertion, or a concatenation or alternation made only of assertions.
    var isAssertionOnly: Bool {
        switch self {
        case .assertion: true
        case .concatenation(let parts), .alternation(let parts):
            parts.allSatisfy { if case .assertion = $0 { true } else { false } }
        default: false
        }
    }
}
