/// RE2's `Compiler`, `Prog::Optimize` and `Prog::Flatten` replayed on an ``RE2Tree``: instructions are allocated
/// in RE2's order and shape. That gives RE2's program size, and, converted to a ``Program``, the flattened lists
/// that decide how loops whose body can match the empty string behave.
struct RE2Compiler {
    enum Opcode: Equatable {
        case alt
        case altMatch
        case byteRange
        case capture
        case emptyWidth
        case match
        case nop
        case fail
    }

    struct Inst {
        var opcode: Opcode
        var out = 0
        var out1 = 0
        var lo: UInt8 = 0
        var hi: UInt8 = 0
        var foldcase = false
        /// The conditions of an `emptyWidth` instruction.
        var empty: EmptyFlags = []
        /// The slot of a `capture` instruction.
        var cap = 0
    }

    /// A list of instruction slots to patch, threaded through the slots themselves: entry `n` is the `out`
    /// (`n & 1 == 0`) or `out1` (`n & 1 == 1`) field of instruction `n >> 1`; 0 ends the list.
    struct PatchList {
        var head = 0
        var tail = 0
    }

    struct Frag {
        var begin = 0
        var end = PatchList()
        var nullable = false
    }

    struct CacheKey: Hashable {
        var lo: UInt8
        var hi: UInt8
        var foldcase: Bool
        var next: Int
    }

    /// Where `findByteRange` found a matching byte range.
    enum Found {
        case none
        case root
        case out1(of: Int)
    }

    /// RE2's instruction budget for the forward program under default options, approximately (two thirds of
    /// 8 MiB, less the `Prog` header, in 8-byte instructions); past it RE2 refuses the pattern as too large.
    static let maxInstructions = 698_000

    var insts: [Inst] = [Inst(opcode: .fail)]
    var failed = false
    var runeCache: [CacheKey: Int] = [:]
    var runeRange = Frag()

    // MARK: Driver

    mutating func programSize(of root: Int, in tree: inout RE2Tree) -> Int {
        var regexp = root
        var anchorStart = false
        if let stripped = tree.stripAnchorStart(regexp, depth: 0) {
            regexp = stripped
            anchorStart = true
        }
        if let stripped = tree.stripAnchorEnd(regexp, depth: 0) { regexp = stripped }
        var all = postOrder(
            root: regexp,
            children: { tree.nodes[$0].subs },
            visit: { self.postVisit(tree.nodes[$0], $1) }
        )
        if failed { return insts.count }
        all = cat(all, match())
        let start = all.begin
        if !anchorStart { all = cat(dotStar(), all) }
        let startUnanchored = all.begin
        if failed { return insts.count }
        if start == 0 && startUnanchored == 0 { insts.removeSubrange(1...) }
        optimize(start: start)
        return flattenedSize(start: start, startUnanchored: startUnanchored)
    }

    // MARK: Instructions and fragments

    mutating func alloc(_ inst: Inst) -> Int? {
        if failed || insts.count + 1 > Self.maxInstructions {
            failed = true
            return nil
        }
        insts.append(inst)
        return insts.count - 1
    }

    mutating func patch(_ list: PatchList, _ target: Int) {
        var head = list.head
        while head != 0 {
            let id = head >> 1
            if head & 1 == 1 {
                head = insts[id].out1
                insts[id].out1 = target
            } else {
                head = insts[id].out
                insts[id].out = target
            }
        }
    }

    mutating func append(_ first: PatchList, _ second: PatchList) -> PatchList {
        if first.head == 0 { return second }
        if second.head == 0 { return first }
        let id = first.tail >> 1
        if first.tail & 1 == 1 { insts[id].out1 = second.head } else { insts[id].out = second.head }
        return PatchList(head: first.head, tail: second.tail)
    }

    mutating func cat(_ a: Frag, _ b: Frag) -> Frag {
        if a.begin == 0 || b.begin == 0 { return Frag() }
        let begin = insts[a.begin]
        if begin.opcode == .nop && a.end.head == a.begin << 1 && begin.out == 0 {
            patch(a.end, b.begin)
            return b
        }
        patch(a.end, b.begin)
        return Frag(begin: a.begin, end: b.end, nullable: a.nullable && b.nullable)
    }

    mutating func alt(_ a: Frag, _ b: Frag) -> Frag {
        if a.begin == 0 { return b }
        if b.begin == 0 { return a }
        guard let id = alloc(Inst(opcode: .alt, out: a.begin, out1: b.begin)) else { return Frag() }
        return Frag(begin: id, end: append(a.end, b.end), nullable: a.nullable || b.nullable)
    }

    /// The loop instruction shared by `+`, `*` and `?`: greedy loops prefer `out`, non-greedy ones `out1`.
    mutating func loop(_ target: Int, nongreedy: Bool) -> (id: Int, exit: PatchList)? {
        let inst =
            nongreedy ? Inst(opcode: .alt, out: 0, out1: target) : Inst(opcode: .alt, out: target, out1: 0)
        guard let id = alloc(inst) else { return nil }
        let exit = nongreedy ? id << 1 : (id << 1) | 1
        return (id, PatchList(head: exit, tail: exit))
    }

    mutating func plus(_ a: Frag, nongreedy: Bool) -> Frag {
        guard let (id, exit) = loop(a.begin, nongreedy: nongreedy) else { return Frag() }
        patch(a.end, id)
        return Frag(begin: a.begin, end: exit, nullable: a.nullable)
    }

    mutating func star(_ a: Frag, nongreedy: Bool) -> Frag {
        if a.nullable { return quest(plus(a, nongreedy: nongreedy), nongreedy: nongreedy) }
        guard let (id, exit) = loop(a.begin, nongreedy: nongreedy) else { return Frag() }
        patch(a.end, id)
        return Frag(begin: id, end: exit, nullable: true)
    }

    mutating func quest(_ a: Frag, nongreedy: Bool) -> Frag {
        if a.begin == 0 { return nop() }
        guard let (id, exit) = loop(a.begin, nongreedy: nongreedy) else { return Frag() }
        return Frag(begin: id, end: append(exit, a.end), nullable: true)
    }

    mutating func single(_ inst: Inst, nullable: Bool) -> Frag {
        guard let id = alloc(inst) else { return Frag() }
        return Frag(begin: id, end: PatchList(head: id << 1, tail: id << 1), nullable: nullable)
    }

    mutating func byteRange(_ lo: UInt8, _ hi: UInt8, _ foldcase: Bool) -> Frag {
        single(Inst(opcode: .byteRange, lo: lo, hi: hi, foldcase: foldcase), nullable: false)
    }

    mutating func emptyWidth(_ empty: EmptyFlags) -> Frag {
        single(Inst(opcode: .emptyWidth, empty: empty), nullable: true)
    }

    mutating func nop() -> Frag {
        single(Inst(opcode: .nop), nullable: true)
    }

    mutating func match() -> Frag {
        guard let id = alloc(Inst(opcode: .match)) else { return Frag() }
        return Frag(begin: id)
    }

    mutating func capture(_ a: Frag, index: Int) -> Frag {
        if a.begin == 0 { return Frag() }
        guard let open = alloc(Inst(opcode: .capture, out: a.begin, cap: 2 * index)),
            let close = alloc(Inst(opcode: .capture, cap: 2 * index + 1))
        else { return Frag() }
        patch(a.end, close)
        return Frag(begin: open, end: PatchList(head: close << 1, tail: close << 1), nullable: a.nullable)
    }

    mutating func dotStar() -> Frag {
        star(byteRange(0x00, 0xFF, false), nongreedy: true)
    }

    mutating func literal(_ rune: UInt32, foldcase: Bool) -> Frag {
        if rune < 0x80 { return byteRange(UInt8(rune), UInt8(rune), foldcase) }
        var frag = Frag()
        for (index, byte) in Self.utf8(rune).enumerated() {
            let piece = byteRange(byte, byte, false)
            frag = index == 0 ? piece : cat(frag, piece)
        }
        return frag
    }

    static func utf8(_ rune: UInt32) -> [UInt8] {
        switch rune {
        case 0..<0x80:
            return [UInt8(rune)]
        case 0x80..<0x800:
            return [UInt8(0xC0 | (rune >> 6)), UInt8(0x80 | (rune & 0x3F))]
        case 0x800..<0x10000:
            return [UInt8(0xE0 | (rune >> 12)), UInt8(0x80 | ((rune >> 6) & 0x3F)), UInt8(0x80 | (rune & 0x3F))]
        default:
            return [
                UInt8(0xF0 | ((rune >> 18) & 0x07)), UInt8(0x80 | ((rune >> 12) & 0x3F)),
                UInt8(0x80 | ((rune >> 6) & 0x3F)), UInt8(0x80 | (rune & 0x3F)),
            ]
        }
    }

    // MARK: Rune ranges

    mutating func beginRange() {
        runeCache.removeAll(keepingCapacity: true)
        runeRange = Frag()
    }

    mutating func uncachedSuffix(_ lo: UInt8, _ hi: UInt8, _ foldcase: Bool, _ next: Int) -> Int {
        let frag = byteRange(lo, hi, foldcase)
        if next != 0 {
            patch(frag.end, next)
        } else {
            runeRange.end = append(runeRange.end, frag.end)
        }
        return frag.begin
    }

    mutating func cachedSuffix(_ lo: UInt8, _ hi: UInt8, _ foldcase: Bool, _ next: Int) -> Int {
        let key = CacheKey(lo: lo, hi: hi, foldcase: foldcase, next: next)
        if let id = runeCache[key] { return id }
        let id = uncachedSuffix(lo, hi, foldcase, next)
        runeCache[key] = id
        return id
    }

    func isCachedSuffix(_ id: Int) -> Bool {
        let inst = insts[id]
        return runeCache[CacheKey(lo: inst.lo, hi: inst.hi, foldcase: inst.foldcase, next: inst.out)] != nil
    }

    mutating func addSuffix(_ id: Int) {
        if failed { return }
        if runeRange.begin == 0 {
            runeRange.begin = id
            return
        }
        runeRange.begin = addSuffixRecursive(runeRange.begin, id)
    }

    func sameByteRange(_ a: Int, _ b: Int) -> Bool {
        insts[a].lo == insts[b].lo && insts[a].hi == insts[b].hi && insts[a].foldcase == insts[b].foldcase
    }

    func findByteRange(_ root: Int, _ id: Int) -> Found {
        switch insts[root].opcode {
        case .byteRange:
            return sameByteRange(root, id) ? .root : .none
        case .alt:
            return sameByteRange(insts[root].out1, id) ? .out1(of: root) : .none
        default:
            return .none
        }
    }

    /// Merges suffix `id` into the trie rooted at `root`, sharing a leading byte range already present; recursion
    /// depth is bounded by the length of a UTF-8 sequence.
    mutating func addSuffixRecursive(_ rootID: Int, _ id: Int) -> Int {
        var root = rootID
        let found = findByteRange(root, id)
        var branch: Int
        switch found {
        case .none:
            return alloc(Inst(opcode: .alt, out: root, out1: id)) ?? 0
        case .root:
            branch = root
        case .out1(let parent):
            branch = insts[parent].out1
        }
        if isCachedSuffix(branch) {
            let original = insts[branch]
            let clone = Inst(
                opcode: .byteRange,
                out: original.out,
                lo: original.lo,
                hi: original.hi,
                foldcase: original.foldcase
            )
            guard let copy = alloc(clone) else { return 0 }
            branch = copy
            switch found {
            case .out1(let parent): insts[parent].out1 = branch
            default: root = branch
            }
        }
        var out = insts[id].out
        if !isCachedSuffix(id) && id == insts.count - 1 { insts.removeLast() }
        out = addSuffixRecursive(insts[branch].out, out)
        if out == 0 { return 0 }
        insts[branch].out = out
        return root
    }

    mutating func add80To10FFFF() {
        let cont1 = uncachedSuffix(0x80, 0xBF, false, 0)
        addSuffix(uncachedSuffix(0xC2, 0xDF, false, cont1))
        let cont2 = uncachedSuffix(0x80, 0xBF, false, cont1)
        addSuffix(uncachedSuffix(0xE0, 0xEF, false, cont2))
        let cont3 = uncachedSuffix(0x80, 0xBF, false, cont2)
        addSuffix(uncachedSuffix(0xF0, 0xF4, false, cont3))
    }

    /// RE2's `AddRuneRangeUTF8`; recursion splits a range at most a handful of times.
    mutating func addRuneRange(_ lo: UInt32, _ hi: UInt32, _ foldcase: Bool) {
        if lo > hi { return }
        if lo == 0x80 && hi == 0x10FFFF {
            add80To10FFFF()
            return
        }
        for max: UInt32 in [0x7F, 0x7FF, 0xFFFF] where lo <= max && max < hi {
            addRuneRange(lo, max, foldcase)
            addRuneRange(max + 1, hi, foldcase)
            return
        }
        if hi < 0x80 {
            addSuffix(uncachedSuffix(UInt8(lo), UInt8(hi), foldcase, 0))
            return
        }
        for bytes: UInt32 in 1...3 {
            let mask: UInt32 = (1 << (6 * bytes)) - 1
            if lo & ~mask != hi & ~mask {
                if lo & mask != 0 {
                    addRuneRange(lo, lo | mask, foldcase)
                    addRuneRange((lo | mask) + 1, hi, foldcase)
                    return
                }
                if hi & mask != mask {
                    addRuneRange(lo, (hi & ~mask) - 1, foldcase)
                    addRuneRange(hi & ~mask, hi, foldcase)
                    return
                }
            }
        }
        let low = Self.utf8(lo)
        let high = Self.utf8(hi)
        var id = 0
        var index = low.count - 1
        while index >= 0 {
            if index == low.count - 1 || (low[index] < high[index] && index != 0) {
                id = cachedSuffix(low[index], high[index], false, id)
            } else {
                id = uncachedSuffix(low[index], high[index], false, id)
            }
            index -= 1
        }
        addSuffix(id)
    }

    /// Whether the class treats every ASCII letter like its other case (RE2's `FoldsASCII`).
    static func foldsASCII(_ set: RuneSet) -> Bool {
        for upper in UInt32(0x41)...0x5A where set.contains(upper) != set.contains(upper + 0x20) { return false }
        return true
    }

    mutating func charClass(_ ranges: [ClosedRange<UInt32>]) -> Frag {
        if ranges.isEmpty {
            failed = true
            return Frag()
        }
        let foldASCII = Self.foldsASCII(RuneSet(ranges))
        beginRange()
        for range in ranges {
            let lo = range.lowerBound
            let hi = range.upperBound
            if foldASCII && 0x41 <= lo && hi <= 0x5A { continue }
            var fold = foldASCII
            if (lo <= 0x41 && 0x7A <= hi) || hi < 0x41 || 0x7A < lo || (0x5A < lo && hi < 0x61) { fold = false }
            addRuneRange(lo, hi, fold)
        }
        return runeRange
    }

    // MARK: Tree walk

    mutating func postVisit(_ node: RE2Node, _ children: [Frag]) -> Frag {
        if failed { return Frag() }
        switch node.op {
        case .noMatch:
            return Frag()
        case .emptyMatch:
            return nop()
        case .concat:
            guard var frag = children.first else { return nop() }
            for child in children.dropFirst() { frag = cat(frag, child) }
            return frag
        case .alternate:
            guard var frag = children.first else { return Frag() }
            for child in children.dropFirst() { frag = alt(frag, child) }
            return frag
        case .star:
            return star(children.first ?? Frag(), nongreedy: node.isNonGreedy)
        case .plus:
            return plus(children.first ?? Frag(), nongreedy: node.isNonGreedy)
        case .quest:
            return quest(children.first ?? Frag(), nongreedy: node.isNonGreedy)
        case .repeatCount:
            failed = true
            return Frag()
        case .literal, .literalString:
            if node.runes.isEmpty { return nop() }
            var frag = Frag()
            for (index, rune) in node.runes.enumerated() {
                let piece = literal(rune, foldcase: node.fold == .yes)
                frag = index == 0 ? piece : cat(frag, piece)
            }
            return frag
        case .anyChar:
            beginRange()
            addRuneRange(0, 0x10FFFF, false)
            return runeRange
        case .anyByte:
            return byteRange(0x00, 0xFF, false)
        case .charClass:
            return charClass(node.ranges)
        case .capture:
            return capture(children.first ?? Frag(), index: node.cap)
        case .beginLine: return emptyWidth(.beginLine)
        case .endLine: return emptyWidth(.endLine)
        case .beginText: return emptyWidth(.beginText)
        case .endText: return emptyWidth(.endText)
        case .wordBoundary: return emptyWidth(.wordBoundary)
        case .noWordBoundary: return emptyWidth(.notWordBoundary)
        }
    }

    // MARK: Prog::Optimize

    func isMatch(_ start: Int) -> Bool {
        var id = start
        var steps = 0
        while steps <= insts.count {
            switch insts[id].opcode {
            case .capture, .nop: id = insts[id].out
            case .match: return true
            default: return false
            }
            steps += 1
        }
        return false
    }

    func skipNops(_ start: Int) -> Int {
        var id = start
        var steps = 0
        while id != 0 && insts[id].opcode == .nop && steps <= insts.count {
            id = insts[id].out
            steps += 1
        }
        return id
    }

    mutating func optimize(start: Int) {
        guard start != 0 else { return }
        var queued = [Bool](repeating: false, count: insts.count)
        var queue = [start]
        queued[start] = true
        func enqueue(_ id: Int, _ queue: inout [Int], _ queued: inout [Bool]) {
            if id != 0 && !queued[id] {
                queued[id] = true
                queue.append(id)
            }
        }
        var index = 0
        while index < queue.count {
            let id = queue[index]
            index += 1
            insts[id].out = skipNops(insts[id].out)
            enqueue(insts[id].out, &queue, &queued)
            if insts[id].opcode == .alt {
                insts[id].out1 = skipNops(insts[id].out1)
                enqueue(insts[id].out1, &queue, &queued)
            }
        }
        queued = [Bool](repeating: false, count: insts.count)
        queue = [start]
        queued[start] = true
        index = 0
        while index < queue.count {
            let id = queue[index]
            index += 1
            let inst = insts[id]
            enqueue(inst.out, &queue, &queued)
            guard inst.opcode == .alt else { continue }
            enqueue(inst.out1, &queue, &queued)
            let j = insts[inst.out]
            let k = insts[inst.out1]
            let jLoops = j.opcode == .byteRange && j.out == id && j.lo == 0x00 && j.hi == 0xFF
            let kLoops = k.opcode == .byteRange && k.out == id && k.lo == 0x00 && k.hi == 0xFF
            if (jLoops && isMatch(inst.out1)) || (isMatch(inst.out) && kLoops) { insts[id].opcode = .altMatch }
        }
    }

    // MARK: Prog::Flatten

    /// Visit marks that reset in constant time: an instruction is marked when its stamp equals the current one.
    struct Marks {
        var stamps: [Int]
        var current = 0
        var marked: [Int] = []

        init(count: Int) { stamps = [Int](repeating: -1, count: count) }

        mutating func reset() {
            current += 1
            marked.removeAll(keepingCapacity: true)
        }

        func contains(_ id: Int) -> Bool { stamps[id] == current }

        mutating func insert(_ id: Int) {
            stamps[id] = current
            marked.append(id)
        }
    }

    func flattenedSize(start: Int, startUnanchored: Int) -> Int {
        var rootIndex = [Int](repeating: -1, count: insts.count)
        var roots: [Int] = []
        func markRoot(_ id: Int) {
            if rootIndex[id] < 0 {
                rootIndex[id] = roots.count
                roots.append(id)
            }
        }
        markRoot(0)
        markRoot(startUnanchored)
        markRoot(start)

        var predecessors = [[Int]](repeating: [], count: insts.count)
        var marks = Marks(count: insts.count)
        marks.reset()
        var stack = [startUnanchored]
        while let next = stack.popLast() {
            var id = next
            walk: while !marks.contains(id) {
                marks.insert(id)
                let inst = insts[id]
                switch inst.opcode {
                case .alt, .altMatch:
                    predecessors[inst.out].append(id)
                    predecessors[inst.out1].append(id)
                    stack.append(inst.out1)
                    id = inst.out
                case .byteRange, .capture, .emptyWidth:
                    markRoot(inst.out)
                    id = inst.out
                case .nop:
                    id = inst.out
                case .match, .fail:
                    break walk
                }
            }
        }

        let sorted = roots.sorted()
        for root in sorted.dropFirst().reversed() where root != startUnanchored && root != start {
            marks.reset()
            stack = [root]
            while let next = stack.popLast() {
                var id = next
                walk: while !marks.contains(id) {
                    marks.insert(id)
                    if id != root && rootIndex[id] >= 0 { break walk }
                    let inst = insts[id]
                    switch inst.opcode {
                    case .alt, .altMatch:
                        stack.append(inst.out1)
                        id = inst.out
                    case .nop:
                        id = inst.out
                    default:
                        break walk
                    }
                }
            }
            for id in marks.marked where predecessors[id].contains(where: { !marks.contains($0) }) { markRoot(id) }
        }

        var total = 0
        var index = 0
        while index < roots.count {
            let root = roots[index]
            index += 1
            marks.reset()
            stack = [root]
            while let next = stack.popLast() {
                var id = next
                walk: while !marks.contains(id) {
                    marks.insert(id)
                    if id != root && rootIndex[id] >= 0 {
                        total += 1
                        break walk
                    }
                    let inst = insts[id]
                    switch inst.opcode {
                    case .altMatch, .alt:
                        if inst.opcode == .altMatch { total += 1 }
                        stack.append(inst.out1)
                        id = inst.out
                    case .nop:
                        id = inst.out
                    case .byteRange, .capture, .emptyWidth, .match, .fail:
                        total += 1
                        break walk
                    }
                }
            }
        }
        return total
    }
}
