/// Reproduces Google RE2's `RE2::ProgramSize()` for a parsed pattern: the number of instructions in RE2's
/// compiled, optimized and flattened forward program. Envoy rejects a route regex whose figure exceeds its
/// `max_program_size`, so configuration validation must count exactly as RE2 does, not as our own compiler does.
///
/// The count is produced by replaying RE2's pipeline on a private model of its syntax tree:
///
/// 1. **Parser rewrites.** Our ``RegexNode`` is turned into RE2's shape: single-rune classes become literals and
///    `[Aa]` becomes a case-folded literal; runs of literals become literal strings (but not across the edge of a
///    group whose body is a concatenation); nested concatenations and alternations are flattened; in an
///    alternation, `(?s).` swallows a neighbouring literal or class; and alternations are factored in RE2's three
///    rounds (common literal prefixes, common simple leading pieces, runs of literals and classes merged into one
///    class), recursing into the factored suffixes.
/// 2. **Required prefix.** `^literal…` has the literal removed, as `RE2::Init` compiles only the rest.
/// 3. **Simplification.** Coalescing of `a*a+`, `a+a` and `a*ab` runs into counted repeats, then expansion of
///    counted repeats into concatenations of `*`, `+` and `?` (sharing subtrees the way RE2 does), empty and full
///    classes, and the idempotence rules for `**`, `*+` and friends.
/// 4. **Anchors.** A leading `\A`/`^` and trailing `\z`/`$` are stripped (up to RE2's depth of four).
/// 5. **Compilation.** Instructions are allocated in RE2's order, including UTF-8 range compilation with its
///    suffix cache, prefix trie, freed heads and the special `80-10FFFF` case, no-op elision and the `.*?` loop of
///    the unanchored start.
/// 6. **Optimization and flattening.** Nops are skipped, `AltMatch` is detected, and the program is cut into lists
///    at successor and dominator roots exactly as `Prog::Flatten` does; the flattened length is the answer.
///
/// Known differences, all caused by information the parser does not keep:
/// - Our tree does not record whether a literal was written under `(?i)`. RE2 gives every literal the flag in
///   force, and only literals with equal flags merge into strings or factor as common prefixes. Here a literal
///   with case variants knows its flag (`[Aa]` is folded, `a` is not) while a literal without case variants
///   (`1`, `/`) is treated as compatible with both. Mixed scopes such as `[Aa]1` or `1(?i)a` can therefore merge
///   where RE2 keeps pieces apart.
/// - A class containing every code point is taken to be RE2's "any character" (`(?s).`), unless it is repeated
///   by an operator written outside `(?s)`; RE2 keeps an explicit `[\s\S]` as a class while parsing, which
///   matters to the alternation and coalescing rules that treat the two differently.
/// - `$` and `\z` are not told apart (RE2 compares them as different when factoring alternations).
/// - A pattern RE2 fails to compile for exceeding its instruction budget reports the count reached.
enum RE2ProgramSize {
    /// RE2's program size for `root`, which must come from ``Parser``; RE2's instruction budget when RE2
    /// would refuse the pattern as too large.
    static func of(_ root: RegexNode) -> Int {
        measure(root) ?? RE2Compiler.maxInstructions
    }

    /// RE2's program size for `root`, or nil when RE2 refuses to compile it ("pattern too large").
    static func measure(_ root: RegexNode) -> Int? {
        var tree = RE2Tree()
        let simplified = tree.simplifiedTree(of: root, removingRequiredPrefix: true)
        var compiler = RE2Compiler()
        let size = compiler.programSize(of: simplified, in: &tree)
        return compiler.failed ? nil : size
    }
}

// MARK: - Generic iterative traversal

/// Walks a tree (or a DAG, visiting shared nodes once per path) in post-order without recursion.
func postOrder<Result>(
    root: Int,
    children: (Int) -> [Int],
    visit: (Int, [Result]) -> Result
) -> Result {
    var stack: [(id: Int, children: [Int], results: [Result])] = [(root, children(root), [])]
    while true {
        let top = stack.count - 1
        let done = stack[top].results.count
        if done < stack[top].children.count {
            let child = stack[top].children[done]
            stack.append((child, children(child), []))
            continue
        }
        let frame = stack.removeLast()
        let result = visit(frame.id, frame.results)
        if stack.isEmpty { return result }
        stack[stack.count - 1].results.append(result)
    }
}

// MARK: - RE2's syntax tree

/// RE2's `RegexpOp`s, minus the parser's markers.
enum RE2Op: Equatable {
    case noMatch
    case emptyMatch
    case literal
    case literalString
    case concat
    case alternate
    case star
    case plus
    case quest
    case repeatCount
    case capture
    case anyChar
    case anyByte
    case beginLine
    case endLine
    case wordBoundary
    case noWordBoundary
    case beginText
    case endText
    case charClass

    var isEmptyWidth: Bool {
        switch self {
        case .beginLine, .endLine, .wordBoundary, .noWordBoundary, .beginText, .endText: true
        default: false
        }
    }

    /// Literal, class, any character or any byte: the operands RE2 coalesces and factors.
    var isSingleCharacter: Bool {
        switch self {
        case .literal, .charClass, .anyChar, .anyByte: true
        default: false
        }
    }

    var isRepetition: Bool {
        switch self {
        case .star, .plus, .quest, .repeatCount: true
        default: false
        }
    }
}

/// Whether a literal carries RE2's `FoldCase` flag; `either` when our tree cannot tell (see the type's notes).
enum FoldState: Equatable {
    case no
    case yes
    case either

    func isCompatible(with other: FoldState) -> Bool {
        self == .either || other == .either || self == other
    }

    func combined(with other: FoldState) -> FoldState {
        self == .either ? other : self
    }
}

/// One node of the model of RE2's `Regexp`. Nodes live in ``RE2Tree/nodes`` and refer to each other by index,
/// so that RE2's in-place edits and subtree sharing can be mirrored and deep trees free without recursion.
struct RE2Node {
    var op: RE2Op
    var subs: [Int] = []
    /// The rune of a literal, or the runes of a literal string.
    var runes: [UInt32] = []
    var fold: FoldState = .either
    /// The parse flags of a repetition operator (greediness and the flags compared when squashing).
    var flags: ParseFlags = []
    var min = 0
    /// `-1` means unbounded, as in RE2.
    var max = 0
    var cap = 0
    var name: String?
    var ranges: [ClosedRange<UInt32>] = []

    var isNonGreedy: Bool { flags.contains(.nonGreedy) }
}

struct RE2Tree {
    var nodes: [RE2Node] = []

    mutating func add(_ node: RE2Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    mutating func addLiteral(_ rune: UInt32, fold: FoldState) -> Int {
        add(RE2Node(op: .literal, runes: [rune], fold: fold))
    }

    /// RE2's `Regexp::LiteralString`: empty match, literal or string depending on the length.
    mutating func addString(_ runes: [UInt32], fold: FoldState) -> Int {
        switch runes.count {
        case 0: add(RE2Node(op: .emptyMatch))
        case 1: add(RE2Node(op: .literal, runes: runes, fold: fold))
        default: add(RE2Node(op: .literalString, runes: runes, fold: fold))
        }
    }

    mutating func addConcat(_ subs: [Int]) -> Int {
        add(RE2Node(op: .concat, subs: subs))
    }

    /// RE2's `ConcatOrAlternate` without factoring: one piece stands alone.
    mutating func addAlternateNoFactor(_ subs: [Int]) -> Int {
        switch subs.count {
        case 0: add(RE2Node(op: .noMatch))
        case 1: subs[0]
        default: add(RE2Node(op: .alternate, subs: subs))
        }
    }

    static func isCased(_ rune: UInt32) -> Bool {
        !UnicodeTables.caseOrbit(of: rune).isEmpty
    }

    /// RE2's tree for `root` after parsing and simplification (steps 1 to 3 of ``RE2ProgramSize``); the
    /// required literal prefix is removed only when `removingRequiredPrefix` is set, as `RE2::Init` does for the
    /// program it measures.
    mutating func simplifiedTree(of root: RegexNode, removingRequiredPrefix: Bool) -> Int {
        let entire = build(from: root)
        let suffix = removingRequiredPrefix ? suffixAfterRequiredPrefix(entire) ?? entire : entire
        let coalesced = postOrder(
            root: suffix,
            children: { nodes[$0].subs },
            visit: { coalesce($0, children: $1) }
        )
        return postOrder(
            root: coalesced,
            children: { nodes[$0].subs },
            visit: { simplify($0, children: $1) }
        )
    }

    // MARK: Parser rewrites

    /// Converts our parsed tree into RE2's parsed tree.
    mutating func build(from root: RegexNode) -> Int {
        var stack: [(node: RegexNode, children: [RegexNode], results: [Int])] = [
            (root, Self.children(of: root), [])
        ]
        while true {
            let top = stack.count - 1
            let done = stack[top].results.count
            if done < stack[top].children.count {
                let child = stack[top].children[done]
                stack.append((child, Self.children(of: child), []))
                continue
            }
            let frame = stack.removeLast()
            let result = convert(frame.node, children: frame.results)
            if stack.isEmpty { return result }
            stack[stack.count - 1].results.append(result)
        }
    }

    private static func children(of node: RegexNode) -> [RegexNode] {
        switch node {
        case .emptyMatch, .noMatch, .literal, .characterClass, .anyByte, .assertion: []
        case .concatenation(let parts), .alternation(let parts): parts
        case .repetition(let sub, _), .capture(let sub, _, _): [sub]
        }
    }

    private mutating func convert(_ node: RegexNode, children: [Int]) -> Int {
        switch node {
        case .emptyMatch:
            return add(RE2Node(op: .emptyMatch))
        case .noMatch:
            return add(RE2Node(op: .noMatch))
        case .literal(let rune):
            return addLiteral(rune, fold: Self.isCased(rune) ? .no : .either)
        case .characterClass(let set):
            return addClass(set)
        case .anyByte:
            return add(RE2Node(op: .anyByte))
        case .assertion(let assertion):
            let op: RE2Op =
                switch assertion {
                case .beginLine: .beginLine
                case .endLine: .endLine
                case .beginText: .beginText
                case .endText: .endText
                case .wordBoundary: .wordBoundary
                case .notWordBoundary: .noWordBoundary
                }
            return add(RE2Node(op: op))
        case .concatenation(let parts):
            inferFolding(parts, children)
            return concatenate(children)
        case .alternation:
            return alternate(children)
        case .repetition(let operand, let repetition):
            // A full class repeated outside `(?s)` cannot be a dot, so it is an explicit class such as `[\s\S]`.
            if case .characterClass = operand, let sub = children.first, nodes[sub].op == .anyChar,
                !repetition.flags.contains(.dotMatchesNewline)
            {
                nodes[sub] = RE2Node(op: .charClass, ranges: [0...RuneSet.maxRune])
            }
            if let sub = children.first { inferFolding(of: sub, written: operand, under: repetition.flags) }
            var result = RE2Node(op: .star, subs: children, flags: repetition.flags)
            switch repetition.kind {
            case .star: result.op = .star
            case .plus: result.op = .plus
            case .quest: result.op = .quest
            case .counted(let min, let max):
                result.op = .repeatCount
                result.min = min
                result.max = max ?? -1
            }
            return add(result)
        case .capture(_, let index, let name):
            return add(RE2Node(op: .capture, subs: children, cap: index, name: name))
        }
    }

    /// Gives a literal without case variants the `FoldCase` flag RE2 would have given it, when `flags` are the
    /// flags in force where it was written (known from a repetition operator applied to it or next to it).
    private mutating func inferFolding(of id: Int, written node: RegexNode, under flags: ParseFlags) {
        switch node {
        case .literal, .characterClass:
            if nodes[id].op == .literal && nodes[id].fold == .either {
                nodes[id].fold = flags.contains(.foldCase) ? .yes : .no
            }
        default:
            break
        }
    }

    /// Infers folding for the literals of a concatenation from the repetition operators among its items: each
    /// literal takes the flags of the nearest repetition before it, or failing that the first one after it.
    private mutating func inferFolding(_ parts: [RegexNode], _ ids: [Int]) {
        var context: ParseFlags?
        for part in parts {
            if case .repetition(_, let repetition) = part {
                context = repetition.flags
                break
            }
        }
        guard var flags = context else { return }
        for (part, id) in zip(parts, ids) {
            if case .repetition(_, let repetition) = part { flags = repetition.flags }
            inferFolding(of: id, written: part, under: flags)
        }
    }

    /// RE2's `PushRegexp` rewrites a class of one rune into a literal and `[Aa]` into a folded literal.
    private mutating func addClass(_ set: RuneSet) -> Int {
        let ranges = set.ranges
        var count: UInt32 = 0
        for range in ranges {
            count += range.upperBound - range.lowerBound + 1
            if count > 2 { break }
        }
        if count == 1, let rune = ranges.first?.lowerBound {
            return addLiteral(rune, fold: Self.isCased(rune) ? .no : .either)
        }
        if count == 2, let rune = ranges.first?.lowerBound, (0x41...0x5A).contains(rune), set.contains(rune + 0x20) {
            return addLiteral(rune + 0x20, fold: .yes)
        }
        if ranges == [0...RuneSet.maxRune] {
            return add(RE2Node(op: .anyChar))
        }
        return add(RE2Node(op: .charClass, ranges: ranges))
    }

    private func isLiteralLike(_ id: Int) -> Bool {
        nodes[id].op == .literal || nodes[id].op == .literalString
    }

    /// A concatenation as RE2's parse stack builds it: adjacent literals and strings with equal case folding
    /// merge, then concatenations left by groups are flattened in (their pieces never merge with neighbours).
    private mutating func concatenate(_ items: [Int]) -> Int {
        var stack: [Int] = []
        for item in items {
            if let last = stack.last, isLiteralLike(last), isLiteralLike(item),
                nodes[last].fold.isCompatible(with: nodes[item].fold)
            {
                let merged = addString(
                    nodes[last].runes + nodes[item].runes,
                    fold: nodes[last].fold.combined(with: nodes[item].fold)
                )
                stack[stack.count - 1] = merged
            } else {
                stack.append(item)
            }
        }
        if stack.count == 1 { return stack[0] }
        var flat: [Int] = []
        for id in stack {
            if nodes[id].op == .concat { flat.append(contentsOf: nodes[id].subs) } else { flat.append(id) }
        }
        return addConcat(flat)
    }

    /// An alternation as RE2's `DoVerticalBar` and `DoAlternation` build it.
    private mutating func alternate(_ alternatives: [Int]) -> Int {
        var kept: [Int] = []
        for id in alternatives {
            if let last = kept.last {
                let lastOp = nodes[last].op
                let op = nodes[id].op
                let absorbable: (RE2Op) -> Bool = { $0 == .literal || $0 == .charClass || $0 == .anyChar }
                if lastOp == .anyChar && absorbable(op) { continue }
                if op == .anyChar && absorbable(lastOp) {
                    kept[kept.count - 1] = id
                    continue
                }
            }
            kept.append(id)
        }
        if kept.count == 1 { return kept[0] }
        var flat: [Int] = []
        for id in kept {
            if nodes[id].op == .alternate { flat.append(contentsOf: nodes[id].subs) } else { flat.append(id) }
        }
        let factored = factorAlternation(flat)
        return factored.count == 1 ? factored[0] : add(RE2Node(op: .alternate, subs: factored))
    }

    // MARK: Alternation factoring

    private struct Splice {
        var prefix: Int
        var start: Int
        var count: Int
        var suffixCount = -1
    }

    private struct FactorFrame {
        var start: Int
        var count: Int
        var round = 0
        var splices: [Splice] = []
        var spliceIndex = 0
    }

    /// RE2's `FactorAlternation`: three rounds over the alternatives, recursing (with an explicit stack) into the
    /// suffixes left by the first two rounds.
    private mutating func factorAlternation(_ input: [Int]) -> [Int] {
        var buffer = input
        var stack = [FactorFrame(start: 0, count: input.count)]
        while true {
            let top = stack.count - 1
            if stack[top].splices.isEmpty {
                stack[top].round += 1
            } else if stack[top].spliceIndex < stack[top].splices.count {
                let splice = stack[top].splices[stack[top].spliceIndex]
                stack.append(FactorFrame(start: splice.start, count: splice.count))
                continue
            } else {
                applySplices(&stack[top], to: &buffer)
                stack[top].round += 1
            }
            let frame = stack[top]
            switch frame.round {
            case 1:
                stack[top].splices = round1(&buffer, frame.start, frame.count)
            case 2:
                stack[top].splices = round2(&buffer, frame.start, frame.count)
            case 3:
                stack[top].splices = round3(buffer, frame.start, frame.count)
            default:
                if stack.count == 1 { return Array(buffer[frame.start..<(frame.start + frame.count)]) }
                stack.removeLast()
                let parent = stack.count - 1
                stack[parent].splices[stack[parent].spliceIndex].suffixCount = frame.count
                stack[parent].spliceIndex += 1
                continue
            }
            if stack[top].splices.isEmpty || stack[top].round == 3 {
                stack[top].spliceIndex = stack[top].splices.count
            } else {
                stack[top].spliceIndex = 0
            }
        }
    }

    private mutating func applySplices(_ frame: inout FactorFrame, to buffer: inout [Int]) {
        let splices = frame.splices
        let end = frame.start + frame.count
        var out = frame.start
        var index = frame.start
        var next = 0
        while index < end && next < splices.count {
            let splice = splices[next]
            while index < splice.start {
                buffer[out] = buffer[index]
                out += 1
                index += 1
            }
            if frame.round == 3 {
                buffer[out] = splice.prefix
            } else {
                let suffixes = Array(buffer[splice.start..<(splice.start + Swift.max(splice.suffixCount, 0))])
                let suffix = addAlternateNoFactor(suffixes)
                buffer[out] = addConcat([splice.prefix, suffix])
            }
            out += 1
            index += splice.count
            next += 1
        }
        while index < end {
            buffer[out] = buffer[index]
            out += 1
            index += 1
        }
        frame.splices = []
        frame.count = out - frame.start
    }

    /// Round 1: common leading literal strings.
    private mutating func round1(_ buffer: inout [Int], _ start: Int, _ count: Int) -> [Splice] {
        var splices: [Splice] = []
        let end = start + count
        var runStart = start
        var runes: [UInt32] = []
        var length = 0
        var fold = FoldState.either
        for index in start...end {
            var nextRunes: [UInt32] = []
            var nextFold = FoldState.either
            if index < end {
                (nextRunes, nextFold) = leadingString(buffer[index])
                if fold.isCompatible(with: nextFold) {
                    var same = 0
                    while same < length && same < nextRunes.count && runes[same] == nextRunes[same] { same += 1 }
                    if same > 0 {
                        length = same
                        fold = fold.combined(with: nextFold)
                        continue
                    }
                }
            }
            if index - runStart >= 2 {
                let prefix = addString(Array(runes[0..<length]), fold: fold)
                for member in runStart..<index { removeLeadingString(buffer[member], length) }
                splices.append(Splice(prefix: prefix, start: runStart, count: index - runStart))
            }
            if index < end {
                runStart = index
                runes = nextRunes
                length = nextRunes.count
                fold = nextFold
            }
        }
        return splices
    }

    /// Round 2: common leading empty-width assertions, classes, or fixed repeats of a single character.
    private mutating func round2(_ buffer: inout [Int], _ start: Int, _ count: Int) -> [Splice] {
        var splices: [Splice] = []
        let end = start + count
        var runStart = start
        var first: Int?
        for index in start...end {
            var nextFirst: Int?
            if index < end {
                nextFirst = leadingRegexp(buffer[index])
                if let first, let nextFirst, isFactorableLeader(first), equal(first, nextFirst) { continue }
            }
            if index - runStart >= 2, let prefix = first {
                for member in runStart..<index { buffer[member] = removeLeadingRegexp(buffer[member]) }
                splices.append(Splice(prefix: prefix, start: runStart, count: index - runStart))
            }
            if index < end {
                runStart = index
                first = nextFirst
            }
        }
        return splices
    }

    /// Round 3: runs of literals and classes merge into one class.
    private mutating func round3(_ buffer: [Int], _ start: Int, _ count: Int) -> [Splice] {
        var splices: [Splice] = []
        let end = start + count
        var runStart = start
        var first: Int?
        let mergeable: (RE2Op) -> Bool = { $0 == .literal || $0 == .charClass }
        for index in start...end {
            if index < end, let first, mergeable(nodes[first].op), mergeable(nodes[buffer[index]].op) { continue }
            if index - runStart >= 2 {
                var set = RuneSetBuilder()
                for member in runStart..<index {
                    let node = nodes[buffer[member]]
                    if node.op == .charClass {
                        for range in node.ranges { set.add(range) }
                    } else if let rune = node.runes.first {
                        set.add(rune...rune)
                        if node.fold == .yes {
                            for other in UnicodeTables.caseOrbit(of: rune) { set.add(other...other) }
                        }
                    }
                }
                let merged = add(RE2Node(op: .charClass, ranges: set.build().ranges))
                splices.append(Splice(prefix: merged, start: runStart, count: index - runStart))
            }
            if index < end {
                runStart = index
                first = buffer[index]
            }
        }
        return splices
    }

    private func isFactorableLeader(_ id: Int) -> Bool {
        let node = nodes[id]
        switch node.op {
        case .beginLine, .endLine, .wordBoundary, .noWordBoundary, .beginText, .endText, .charClass, .anyChar,
            .anyByte:
            return true
        case .repeatCount:
            guard node.min == node.max, let sub = node.subs.first else { return false }
            return nodes[sub].op.isSingleCharacter
        default:
            return false
        }
    }

    private func leadingString(_ id: Int) -> ([UInt32], FoldState) {
        var current = id
        while nodes[current].op == .concat, let first = nodes[current].subs.first { current = first }
        let node = nodes[current]
        switch node.op {
        case .literal, .literalString: return (node.runes, node.fold)
        default: return ([], .either)
        }
    }

    /// RE2's `RemoveLeadingString`, editing nodes in place.
    private mutating func removeLeadingString(_ id: Int, _ count: Int) {
        var concats: [Int] = []
        var current = id
        while nodes[current].op == .concat, let first = nodes[current].subs.first {
            if concats.count < 4 { concats.append(current) }
            current = first
        }
        switch nodes[current].op {
        case .literal:
            nodes[current] = RE2Node(op: .emptyMatch)
        case .literalString:
            let runes = nodes[current].runes
            if count >= runes.count {
                nodes[current] = RE2Node(op: .emptyMatch)
            } else {
                nodes[current].runes = Array(runes[count...])
                if count == runes.count - 1 { nodes[current].op = .literal }
            }
        default:
            break
        }
        for concat in concats.reversed() {
            let subs = nodes[concat].subs
            guard let first = subs.first, nodes[first].op == .emptyMatch else { continue }
            switch subs.count {
            case 0, 1: nodes[concat] = RE2Node(op: .emptyMatch)
            case 2: nodes[concat] = nodes[subs[1]]
            default: nodes[concat].subs.removeFirst()
            }
        }
    }

    private func leadingRegexp(_ id: Int) -> Int? {
        let node = nodes[id]
        if node.op == .emptyMatch { return nil }
        if node.op == .concat && node.subs.count >= 2 {
            return nodes[node.subs[0]].op == .emptyMatch ? nil : node.subs[0]
        }
        return id
    }

    private mutating func removeLeadingRegexp(_ id: Int) -> Int {
        let node = nodes[id]
        if node.op == .emptyMatch { return id }
        if node.op == .concat && node.subs.count >= 2 {
            if nodes[node.subs[0]].op == .emptyMatch { return id }
            if node.subs.count == 2 { return node.subs[1] }
            nodes[id].subs.removeFirst()
            return id
        }
        return add(RE2Node(op: .emptyMatch))
    }

    // MARK: Equality

    private func topEqual(_ left: Int, _ right: Int) -> Bool {
        let lhs = nodes[left]
        let rhs = nodes[right]
        guard lhs.op == rhs.op else { return false }
        switch lhs.op {
        case .literal, .literalString:
            return lhs.runes == rhs.runes && lhs.fold.isCompatible(with: rhs.fold)
        case .concat, .alternate:
            return lhs.subs.count == rhs.subs.count
        case .star, .plus, .quest:
            return lhs.isNonGreedy == rhs.isNonGreedy
        case .repeatCount:
            return lhs.isNonGreedy == rhs.isNonGreedy && lhs.min == rhs.min && lhs.max == rhs.max
        case .capture:
            return lhs.cap == rhs.cap && lhs.name == rhs.name
        case .charClass:
            return lhs.ranges == rhs.ranges
        default:
            return true
        }
    }

    /// RE2's `Regexp::Equal`, iteratively.
    func equal(_ left: Int, _ right: Int) -> Bool {
        var pairs = [(left, right)]
        while let (lhs, rhs) = pairs.popLast() {
            guard topEqual(lhs, rhs) else { return false }
            for (a, b) in zip(nodes[lhs].subs, nodes[rhs].subs) { pairs.append((a, b)) }
        }
        return true
    }

    // MARK: Required prefix

    /// RE2's `RequiredPrefix`: for `^+literal rest`, the regexp RE2 compiles is just `rest`.
    func requiredPrefixSuffixParts(_ id: Int) -> [Int]? {
        let node = nodes[id]
        guard node.op == .concat else { return nil }
        var index = 0
        while index < node.subs.count && nodes[node.subs[index]].op == .beginText { index += 1 }
        guard index > 0, index < node.subs.count else { return nil }
        let op = nodes[node.subs[index]].op
        guard op == .literal || op == .literalString else { return nil }
        return Array(node.subs[(index + 1)...])
    }

    mutating func suffixAfterRequiredPrefix(_ id: Int) -> Int? {
        guard let rest = requiredPrefixSuffixParts(id) else { return nil }
        switch rest.count {
        case 0: return add(RE2Node(op: .emptyMatch))
        case 1: return rest[0]
        default: return addConcat(rest)
        }
    }

    // MARK: Coalescing

    /// One step of RE2's `CoalesceWalker`.
    mutating func coalesce(_ id: Int, children: [Int]) -> Int {
        let node = nodes[id]
        if node.subs.isEmpty { return id }
        var args = children
        var coalescible = false
        if node.op == .concat && args.count >= 2 {
            for index in 0..<(args.count - 1) where canCoalesce(args[index], args[index + 1]) {
                coalescible = true
                break
            }
        }
        if !coalescible {
            if args == node.subs { return id }
            var copy = node
            copy.subs = args
            return add(copy)
        }
        for index in 0..<(args.count - 1) where canCoalesce(args[index], args[index + 1]) {
            doCoalesce(&args, index)
        }
        var copy = node
        copy.subs = args.filter { nodes[$0].op != .emptyMatch }
        return add(copy)
    }

    private func canCoalesce(_ first: Int, _ second: Int) -> Bool {
        let r1 = nodes[first]
        guard r1.op.isRepetition, let operand = r1.subs.first, nodes[operand].op.isSingleCharacter else {
            return false
        }
        let r2 = nodes[second]
        if r2.op.isRepetition, let other = r2.subs.first, equal(operand, other), r1.isNonGreedy == r2.isNonGreedy {
            return true
        }
        if equal(operand, second) { return true }
        let literal = nodes[operand]
        return literal.op == .literal && r2.op == .literalString && r2.runes.first == literal.runes.first
            && literal.fold.isCompatible(with: r2.fold)
    }

    private mutating func doCoalesce(_ args: inout [Int], _ index: Int) {
        let r1 = nodes[args[index]]
        let r2 = nodes[args[index + 1]]
        guard let operand = r1.subs.first else { return }
        var repeated = RE2Node(op: .repeatCount, subs: [operand], flags: r1.flags)
        switch r1.op {
        case .star: (repeated.min, repeated.max) = (0, -1)
        case .plus: (repeated.min, repeated.max) = (1, -1)
        case .quest: (repeated.min, repeated.max) = (0, 1)
        default: (repeated.min, repeated.max) = (r1.min, r1.max)
        }
        var remainder: Int?
        switch r2.op {
        case .star:
            repeated.max = -1
        case .plus:
            repeated.min += 1
            repeated.max = -1
        case .quest:
            if repeated.max != -1 { repeated.max += 1 }
        case .repeatCount:
            repeated.min += r2.min
            if r2.max == -1 {
                repeated.max = -1
            } else if repeated.max != -1 {
                repeated.max += r2.max
            }
        case .literalString:
            let rune = nodes[operand].runes.first
            var count = 1
            while count < r2.runes.count && r2.runes[count] == rune { count += 1 }
            repeated.min += count
            if repeated.max != -1 { repeated.max += count }
            if count < r2.runes.count { remainder = addString(Array(r2.runes[count...]), fold: r2.fold) }
        default:
            repeated.min += 1
            if repeated.max != -1 { repeated.max += 1 }
        }
        let merged = add(repeated)
        if let remainder {
            args[index] = merged
            args[index + 1] = remainder
        } else {
            args[index] = add(RE2Node(op: .emptyMatch))
            args[index + 1] = merged
        }
    }

    // MARK: Simplification

    /// One step of RE2's `SimplifyWalker`.
    mutating func simplify(_ id: Int, children: [Int]) -> Int {
        let node = nodes[id]
        switch node.op {
        case .concat, .alternate, .capture:
            if children == node.subs { return id }
            var copy = node
            copy.subs = children
            return add(copy)
        case .star, .plus, .quest:
            guard let sub = children.first else { return id }
            if nodes[sub].op == .emptyMatch { return sub }
            if sub == node.subs.first { return id }
            if nodes[sub].op == node.op && nodes[sub].flags == node.flags { return sub }
            return add(RE2Node(op: node.op, subs: [sub], flags: node.flags))
        case .repeatCount:
            guard let sub = children.first else { return id }
            if nodes[sub].op == .emptyMatch { return sub }
            return simplifyRepeat(sub, node.min, node.max, node.flags)
        case .charClass:
            if node.ranges.isEmpty { return add(RE2Node(op: .noMatch)) }
            if node.ranges == [0...RuneSet.maxRune] { return add(RE2Node(op: .anyChar)) }
            return id
        default:
            return id
        }
    }

    /// RE2's `Regexp::Star`, `Plus` and `Quest`, which squash a repetition of a repetition with equal flags.
    private mutating func repetition(_ op: RE2Op, _ sub: Int, _ flags: ParseFlags) -> Int {
        let inner = nodes[sub]
        if inner.op == op && inner.flags == flags { return sub }
        if (inner.op == .star || inner.op == .plus || inner.op == .quest) && inner.flags == flags {
            if inner.op == .star { return sub }
            return add(RE2Node(op: .star, subs: inner.subs, flags: flags))
        }
        return add(RE2Node(op: op, subs: [sub], flags: flags))
    }

    private mutating func simplifyRepeat(_ sub: Int, _ minCount: Int, _ maxCount: Int, _ flags: ParseFlags) -> Int {
        var min = minCount
        var max = maxCount
        let node = nodes[sub]
        let allEmptyWidth =
            (node.op == .concat || node.op == .alternate) && node.subs.allSatisfy { nodes[$0].op.isEmptyWidth }
        if node.op.isEmptyWidth || allEmptyWidth {
            min = Swift.min(min, 1)
            max = Swift.min(max, 1)
        }
        if max == -1 {
            if min == 0 { return repetition(.star, sub, flags) }
            if min == 1 { return repetition(.plus, sub, flags) }
            var parts = [Int](repeating: sub, count: min - 1)
            parts.append(repetition(.plus, sub, flags))
            return addConcat(parts)
        }
        if min == 0 && max == 0 { return add(RE2Node(op: .emptyMatch)) }
        if min == 1 && max == 1 { return sub }
        var result: Int?
        if min > 0 {
            result = min == 1 ? sub : addConcat([Int](repeating: sub, count: min))
        }
        if max > min {
            var suffix = repetition(.quest, sub, flags)
            var index = min + 1
            while index < max {
                suffix = repetition(.quest, addConcat([sub, suffix]), flags)
                index += 1
            }
            if let prefix = result {
                result = addConcat([prefix, suffix])
            } else {
                result = suffix
            }
        }
        return result ?? add(RE2Node(op: .noMatch))
    }

    // MARK: Anchors

    /// RE2's compiler-side `IsAnchorStart`: replaces a leading `\A` (within four levels) by an empty match.
    mutating func stripAnchorStart(_ id: Int, depth: Int) -> Int? {
        guard depth < 4 else { return nil }
        let node = nodes[id]
        switch node.op {
        case .concat:
            guard let first = node.subs.first, let stripped = stripAnchorStart(first, depth: depth + 1) else {
                return nil
            }
            if node.subs.count == 1 { return stripped }
            var copy = node
            copy.subs[0] = stripped
            return add(copy)
        case .capture:
            guard let sub = node.subs.first, let stripped = stripAnchorStart(sub, depth: depth + 1) else {
                return nil
            }
            var copy = node
            copy.subs = [stripped]
            return add(copy)
        case .beginText:
            return add(RE2Node(op: .emptyMatch))
        default:
            return nil
        }
    }

    /// RE2's compiler-side `IsAnchorEnd`: replaces a trailing `\z` (within four levels) by an empty match.
    mutating func stripAnchorEnd(_ id: Int, depth: Int) -> Int? {
        guard depth < 4 else { return nil }
        let node = nodes[id]
        switch node.op {
        case .concat:
            guard let last = node.subs.last, let stripped = stripAnchorEnd(last, depth: depth + 1) else {
                return nil
            }
            if node.subs.count == 1 { return stripped }
            var copy = node
            copy.subs[copy.subs.count - 1] = stripped
            return add(copy)
        case .capture:
            guard let sub = node.subs.first, let stripped = stripAnchorEnd(sub, depth: depth + 1) else {
                return nil
            }
            var copy = node
            copy.subs = [stripped]
            return add(copy)
        case .endText:
            return add(RE2Node(op: .emptyMatch))
        default:
            return nil
        }
    }
}
