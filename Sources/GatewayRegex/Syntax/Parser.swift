/// Parses RE2 syntax into a ``RegexNode`` tree, accepting and rejecting exactly what RE2 does with its default
/// (Perl-like) options, and reporting errors with RE2's wording.
///
/// Like RE2, the parser keeps a stack: each open group is a ``Frame`` holding the finished alternatives and the
/// concatenation being built. A repetition operator applies to the last item of that concatenation, which is how
/// RE2 decides both `a**` (an error) and `(?:a*)*` (squashed to `a*`).
struct Parser {
    /// RE2's limit on counted repetition, alone and multiplied through nesting.
    static let maxRepeat = 1000
    /// Groups may nest this deep; deeper patterns are rejected rather than risking the stack.
    static let maxNesting = 500

    struct Result {
        var root: RegexNode
        var captureCount: Int
        var captureNames: [String: Int]
    }

    private struct Frame {
        var alternatives: [RegexNode] = []
        var items: [RegexNode] = []
        /// Capture index, or nil for a non-capturing group (and for the outermost frame).
        var captureIndex: Int?
        var captureName: String?
        /// Flags to restore when the group closes.
        var savedFlags: ParseFlags
        /// Byte offset of the opening parenthesis.
        var openOffset: Int
    }

    let pattern: [UInt8]
    private let source: String
    var position = 0
    var flags: ParseFlags
    private var frames: [Frame]
    private var captureCount = 0
    private var captureNames: [String: Int] = [:]

    init(_ source: String, flags: ParseFlags) {
        self.source = source
        self.pattern = Array(source.utf8)
        self.flags = flags
        self.frames = [Frame(savedFlags: flags, openOffset: 0)]
    }

    static func parse(_ source: String, flags: ParseFlags) throws(RegexError) -> Result {
        var parser = Parser(source, flags: flags)
        return try parser.run()
    }

    // MARK: - Main loop

    private mutating func run() throws(RegexError) -> Result {
        // The text of the repetition operator just parsed, which another operator may not follow.
        var lastRepeat: Range<Int>?
        while position < pattern.count {
            var thisRepeat: Range<Int>?
            let start = position
            switch pattern[position] {
            case UInt8(ascii: "("):
                if position + 1 < pattern.count, pattern[position + 1] == UInt8(ascii: "?") {
                    try parsePerlFlags()
                } else {
                    try openGroup(captureName: nil, capturing: true)
                    position += 1
                }
            case UInt8(ascii: "|"):
                finishAlternative()
                position += 1
            case UInt8(ascii: ")"):
                try closeGroup()
                position += 1
            case UInt8(ascii: "^"):
                push(.assertion(flags.contains(.multiLine) ? .beginLine : .beginText))
                position += 1
            case UInt8(ascii: "$"):
                push(.assertion(flags.contains(.multiLine) ? .endLine : .endText))
                position += 1
            case UInt8(ascii: "."):
                if flags.contains(.dotMatchesNewline) {
                    push(.characterClass(RuneSet([0...RuneSet.maxRune])))
                } else {
                    push(.characterClass(RuneSet([0...0x09, 0x0B...RuneSet.maxRune])))
                }
                position += 1
            case UInt8(ascii: "["):
                push(try parseCharacterClass())
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                let kind: Repetition.Kind =
                    switch pattern[position] {
                    case UInt8(ascii: "*"): .star
                    case UInt8(ascii: "+"): .plus
                    default: .quest
                    }
                position += 1
                let nonGreedy = consumeIf(UInt8(ascii: "?"))
                if let lastRepeat {
                    throw error(.repeatOp, lastRepeat.lowerBound..<position)
                }
                try applyRepetition(kind, nonGreedy: nonGreedy, operatorText: start..<position)
                thisRepeat = start..<position
            case UInt8(ascii: "{"):
                guard let (min, max) = parseRepeatBounds() else {
                    push(literal: UInt32(UInt8(ascii: "{")))
                    position += 1
                    break
                }
                let nonGreedy = consumeIf(UInt8(ascii: "?"))
                if let lastRepeat {
                    throw error(.repeatOp, lastRepeat.lowerBound..<position)
                }
                try applyCountedRepetition(min: min, max: max, nonGreedy: nonGreedy, operatorText: start..<position)
                thisRepeat = start..<position
            case UInt8(ascii: "\\"):
                try parseBackslash()
            default:
                push(literal: try decodeRune())
            }
            lastRepeat = thisRepeat
        }
        guard frames.count == 1 else {
            let open = frames[frames.count - 1].openOffset
            throw RegexError(code: .missingParen, fragment: source, offset: open)
        }
        finishAlternative()
        let root = Self.alternation(frames[0].alternatives)
        return Result(root: root, captureCount: captureCount, captureNames: captureNames)
    }

    // MARK: - Building the tree

    private mutating func push(_ node: RegexNode) {
        frames[frames.count - 1].items.append(node)
    }

    /// Pushes a literal, expanding it into its case-folding orbit under `(?i)` as RE2 does.
    private mutating func push(literal rune: UInt32) {
        if flags.contains(.foldCase) {
            let orbit = UnicodeTables.caseOrbit(of: rune)
            if orbit.count > 1 {
                push(.characterClass(RuneSet(orbit.map { $0...$0 })))
                return
            }
        }
        push(.literal(rune))
    }

    private mutating func finishAlternative() {
        let items = frames[frames.count - 1].items
        frames[frames.count - 1].items = []
        frames[frames.count - 1].alternatives.append(Self.concatenation(items))
    }

    private static func concatenation(_ items: [RegexNode]) -> RegexNode {
        switch items.count {
        case 0: .emptyMatch
        case 1: items[0]
        default: .concatenation(items)
        }
    }

    /// An alternation as written; RE2's factoring of alternations is replayed later, on ``RE2Tree``, where the
    /// order of its rounds (common prefixes before merging single characters) decides the program's shape.
    private static func alternation(_ alternatives: [RegexNode]) -> RegexNode {
        alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func openGroup(captureName: String?, capturing: Bool) throws(RegexError) {
        guard frames.count <= Self.maxNesting else {
            throw RegexError(
                code: .patternTooLarge,
                offset: position,
                message: "expression nested too deeply (more than \(Self.maxNesting) groups)"
            )
        }
        var frame = Frame(savedFlags: flags, openOffset: position)
        if capturing {
            captureCount += 1
            frame.captureIndex = captureCount
            frame.captureName = captureName
        }
        frames.append(frame)
    }

    private mutating func closeGroup() throws(RegexError) {
        guard frames.count > 1 else {
            throw RegexError(code: .unexpectedParen, fragment: source, offset: position)
        }
        finishAlternative()
        let frame = frames.removeLast()
        flags = frame.savedFlags
        let body = Self.alternation(frame.alternatives)
        if let index = frame.captureIndex {
            push(.capture(body, index: index, name: frame.captureName))
        } else {
            push(body)
        }
    }

    // MARK: - Repetition

    private mutating func applyRepetition(
        _ kind: Repetition.Kind,
        nonGreedy: Bool,
        operatorText: Range<Int>
    ) throws(RegexError) {
        guard let operand = frames[frames.count - 1].items.popLast() else {
            throw error(.repeatArgument, operatorText)
        }
        var repetitionFlags = flags
        if nonGreedy { repetitionFlags.formSymmetricDifference(.nonGreedy) }
        // RE2 squashes a simple repetition of a simple repetition written under the same flags: `(?:a+)?` is `a*`.
        if case .repetition(let inner, var existing) = operand, existing.flags == repetitionFlags {
            switch existing.kind {
            case .star, .plus, .quest:
                if existing.kind != kind { existing.kind = .star }
                push(.repetition(inner, existing))
                return
            case .counted:
                break
            }
        }
        let greedy = !repetitionFlags.contains(.nonGreedy)
        push(.repetition(operand, Repetition(kind: kind, greedy: greedy, flags: repetitionFlags)))
    }

    private mutating func applyCountedRepetition(
        min: Int,
        max: Int?,
        nonGreedy: Bool,
        operatorText: Range<Int>
    ) throws(RegexError) {
        if let max, max < min { throw error(.repeatSize, operatorText) }
        if min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat { throw error(.repeatSize, operatorText) }
        guard let operand = frames[frames.count - 1].items.popLast() else {
            throw error(.repeatArgument, operatorText)
        }
        var repetitionFlags = flags
        if nonGreedy { repetitionFlags.formSymmetricDifference(.nonGreedy) }
        let greedy = !repetitionFlags.contains(.nonGreedy)
        let node = RegexNode.repetition(
            operand,
            Repetition(kind: .counted(min: min, max: max), greedy: greedy, flags: repetitionFlags)
        )
        // Nested counted repetitions multiply; RE2 rejects a product above its limit.
        if min >= 2 || (max ?? 0) >= 2, Self.repetitionBudget(node, Self.maxRepeat) == 0 {
            throw error(.repeatSize, operatorText)
        }
        push(node)
    }

    /// RE2's check for nested counted repetition: divides the budget by each repetition's count on the way down
    /// and returns the smallest remainder.
    private static func repetitionBudget(_ node: RegexNode, _ budget: Int) -> Int {
        switch node {
        case .emptyMatch, .noMatch, .literal, .characterClass, .anyByte, .assertion:
            return budget
        case .concatenation(let parts), .alternation(let parts):
            var result = budget
            for part in parts { result = Swift.min(result, repetitionBudget(part, budget)) }
            return result
        case .capture(let sub, _, _):
            return Swift.min(budget, repetitionBudget(sub, budget))
        case .repetition(let sub, let repetition):
            var own = budget
            if case .counted(let min, let max) = repetition.kind {
                let count = max ?? min
                if count > 0 { own = budget / count }
            }
            return Swift.min(own, repetitionBudget(sub, own))
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at the current position; nil (consuming nothing) if the text is not a
    /// well-formed repetition, in which case RE2 treats `{` as a literal.
    private mutating func parseRepeatBounds() -> (Int, Int?)? {
        var cursor = position + 1
        guard let min = parseInteger(&cursor), cursor < pattern.count else { return nil }
        var max: Int? = min
        if pattern[cursor] == UInt8(ascii: ",") {
            cursor += 1
            guard cursor < pattern.count else { return nil }
            if pattern[cursor] == UInt8(ascii: "}") {
                max = nil
            } else {
                guard let upper = parseInteger(&cursor) else { return nil }
                max = upper
            }
        }
        guard cursor < pattern.count, pattern[cursor] == UInt8(ascii: "}") else { return nil }
        position = cursor + 1
        return (min, max)
    }

    /// Decimal digits without a leading zero, below 10^8 (RE2's rules).
    private func parseInteger(_ cursor: inout Int) -> Int? {
        guard cursor < pattern.count, isDigit(pattern[cursor]) else { return nil }
        if pattern[cursor] == UInt8(ascii: "0"), cursor + 1 < pattern.count, isDigit(pattern[cursor + 1]) {
            return nil
        }
        var value = 0
        while cursor < pattern.count, isDigit(pattern[cursor]) {
            if value >= 100_000_000 { return nil }
            value = value * 10 + Int(pattern[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        return value
    }

    // MARK: - Groups and flags

    /// Parses `(?flags)`, `(?flags:`, `(?P<name>` and `(?<name>`, and rejects every other `(?` construct.
    private mutating func parsePerlFlags() throws(RegexError) {
        let start = position
        let rest = pattern.count - start
        // Lookaround gets RE2's "invalid perl operator" with the whole opener quoted.
        if rest > 3, pattern[start + 2] == UInt8(ascii: "=") || pattern[start + 2] == UInt8(ascii: "!") {
            throw error(.badPerlOp, start..<(start + 3))
        }
        if rest > 4, pattern[start + 2] == UInt8(ascii: "<"),
            pattern[start + 3] == UInt8(ascii: "=") || pattern[start + 3] == UInt8(ascii: "!")
        {
            throw error(.badPerlOp, start..<(start + 4))
        }
        let isPythonName =
            rest > 4 && pattern[start + 2] == UInt8(ascii: "P") && pattern[start + 3] == UInt8(ascii: "<")
        if isPythonName || (rest > 3 && pattern[start + 2] == UInt8(ascii: "<")) {
            try parseNamedGroup(nameStart: start + (isPythonName ? 4 : 3))
            return
        }

        position += 2
        var negated = false
        var sawFlag = false
        var newFlags = flags
        while true {
            guard position < pattern.count else { throw error(.badPerlOp, start..<position) }
            let rune = try decodeRune()
            switch rune {
            case UInt32(UInt8(ascii: "i")):
                sawFlag = true
                if negated { newFlags.remove(.foldCase) } else { newFlags.insert(.foldCase) }
            case UInt32(UInt8(ascii: "m")):
                sawFlag = true
                if negated { newFlags.remove(.multiLine) } else { newFlags.insert(.multiLine) }
            case UInt32(UInt8(ascii: "s")):
                sawFlag = true
                if negated { newFlags.remove(.dotMatchesNewline) } else { newFlags.insert(.dotMatchesNewline) }
            case UInt32(UInt8(ascii: "U")):
                sawFlag = true
                if negated { newFlags.remove(.nonGreedy) } else { newFlags.insert(.nonGreedy) }
            case UInt32(UInt8(ascii: "-")):
                if negated { throw error(.badPerlOp, start..<position) }
                negated = true
                sawFlag = false
            case UInt32(UInt8(ascii: ":")):
                if negated && !sawFlag { throw error(.badPerlOp, start..<position) }
                try openGroup(captureName: nil, capturing: false)
                frames[frames.count - 1].openOffset = start
                flags = newFlags
                return
            case UInt32(UInt8(ascii: ")")):
                if negated && !sawFlag { throw error(.badPerlOp, start..<position) }
                flags = newFlags
                return
            default:
                throw error(.badPerlOp, start..<position)
            }
        }
    }

    private mutating func parseNamedGroup(nameStart: Int) throws(RegexError) {
        let start = position
        guard let close = pattern[nameStart...].firstIndex(of: UInt8(ascii: ">")) else {
            throw error(.badNamedCapture, start..<pattern.count)
        }
        let nameBytes = pattern[nameStart..<close]
        let name = String(decoding: nameBytes, as: UTF8.self)
        guard Self.isValidCaptureName(name) else {
            throw error(.badNamedCapture, start..<(close + 1))
        }
        try openGroup(captureName: name, capturing: true)
        frames[frames.count - 1].openOffset = start
        // RE2 accepts a repeated name; lookups by name find the first group that has it.
        if captureNames[name] == nil { captureNames[name] = captureCount }
        position = close + 1
    }

    /// RE2 accepts names made of letters, combining marks, decimal and letter numbers, and connector punctuation.
    private static func isValidCaptureName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            UnicodeTables.isCaptureNameCharacter(scalar.value)
        }
    }

    // MARK: - Escapes outside classes

    private mutating func parseBackslash() throws(RegexError) {
        let start = position
        if start + 1 < pattern.count {
            switch pattern[start + 1] {
            case UInt8(ascii: "b"):
                push(.assertion(.wordBoundary))
                position += 2
                return
            case UInt8(ascii: "B"):
                push(.assertion(.notWordBoundary))
                position += 2
                return
            case UInt8(ascii: "A"):
                push(.assertion(.beginText))
                position += 2
                return
            case UInt8(ascii: "z"):
                push(.assertion(.endText))
                position += 2
                return
            case UInt8(ascii: "C"):
                push(.anyByte)
                position += 2
                return
            case UInt8(ascii: "Q"):
                position += 2
                while position < pattern.count {
                    if pattern[position] == UInt8(ascii: "\\"), position + 1 < pattern.count,
                        pattern[position + 1] == UInt8(ascii: "E")
                    {
                        position += 2
                        break
                    }
                    push(literal: try decodeRune())
                }
                return
            case UInt8(ascii: "p"), UInt8(ascii: "P"):
                var set = RuneSetBuilder()
                try parseUnicodeGroup(into: &set, flags: flags)
                push(.characterClass(set.build()))
                return
            default:
                break
            }
        }
        var set = RuneSetBuilder()
        if parsePerlClass(into: &set, flags: flags) {
            push(.characterClass(set.build()))
            return
        }
        push(literal: try parseEscape())
    }

    // MARK: - Helpers

    var patternCount: Int { pattern.count }

    func byte(at index: Int) -> UInt8? {
        index < pattern.count ? pattern[index] : nil
    }

    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        pattern[range]
    }

    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < pattern.count else { return nil }
        return pattern[start...].firstIndex(of: byte)
    }

    private mutating func consumeIf(_ byte: UInt8) -> Bool {
        guard position < pattern.count, pattern[position] == byte else { return false }
        position += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Decodes the UTF-8 code point at the current position and advances past it.
    mutating func decodeRune() throws(RegexError) -> UInt32 {
        guard let (rune, length) = UTF8Decoding.decode(pattern, at: position) else {
            throw RegexError(code: .badUTF8, offset: position)
        }
        position += length
        return rune
    }

    func error(_ code: RegexError.Code, _ range: Range<Int>) -> RegexError {
        let end = Swift.min(range.upperBound, pattern.count)
        let fragment = String(decoding: pattern[range.lowerBound..<end], as: UTF8.self)
        return RegexError(code: code, fragment: fragment, offset: range.lowerBound)
    }
}
