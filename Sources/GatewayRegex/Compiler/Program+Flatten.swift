extension Program {
    /// The program rewritten the way RE2 flattens its programs before matching, so that empty loops behave
    /// exactly as in RE2.
    ///
    /// Flattening splits the program at "roots" (the entry points, every instruction that follows a byte,
    /// capture or assertion, and every instruction reachable from two roots) and gives each root its own list:
    /// the byte, capture, assertion and match instructions reachable from it through splits, in priority
    /// order, each as its own copy. Engines mark threads as seen per copy, so an instruction reached through
    /// two different roots in one step counts twice. That differs from the unflattened program only for loops
    /// whose body can match the empty string (`a(?:|b+)*`), where RE2's answer is the flattened one.
    func flattened() -> Program {
        var flattener = Flattener(program: self)
        return flattener.run()
    }
}

private struct Flattener {
    let program: Program
    let instructions: [Instruction]
    /// Roots in the order they were found, and each root's index in that order.
    var roots: [Int32] = []
    var rootIndex: [Int32: Int] = [:]
    /// For each instruction that is the target of a split, the splits that lead to it.
    var predecessors: [Int32: [Int32]] = [:]

    init(program: Program) {
        self.program = program
        self.instructions = program.instructions
    }

    mutating func addRoot(_ pc: Int32) {
        guard rootIndex[pc] == nil else { return }
        rootIndex[pc] = roots.count
        roots.append(pc)
    }

    mutating func run() -> Program {
        markSuccessors()
        // Highest instruction first, as RE2 does; the failure instruction and the entry points are skipped. RE2's
        // anchored entry is the instruction behind our save of slot 0, so that one is skipped too.
        let start = program.start
        let entryBehindSave = instructions[Int(start)].opcode == .save ? instructions[Int(start)].next : start
        let skipped: Set<Int32> = [0, program.unanchoredStart, start, entryBehindSave]
        for root in roots.sorted(by: >) where !skipped.contains(root) {
            markDominator(root)
        }
        return emit()
    }

    /// Roots: the failure instruction, both entry points, and whatever follows a byte, capture or assertion.
    mutating func markSuccessors() {
        addRoot(0)
        addRoot(program.unanchoredStart)
        addRoot(program.start)
        var reachable = Set<Int32>()
        var stack: [Int32] = [program.unanchoredStart]
        while let top = stack.popLast() {
            var pc = top
            while reachable.insert(pc).inserted {
                let instruction = instructions[Int(pc)]
                switch instruction.opcode {
                case .split:
                    for target in [instruction.next, instruction.alternate] {
                        predecessors[target, default: []].append(pc)
                    }
                    stack.append(instruction.alternate)
                    pc = instruction.next
                    continue
                case .byteRange, .save, .assert:
                    addRoot(instruction.next)
                    pc = instruction.next
                    continue
                case .match, .fail:
                    break
                }
                break
            }
        }
    }

    /// Makes a root of every instruction reachable from `root` (without crossing another root) that a split
    /// outside that region also leads to.
    mutating func markDominator(_ root: Int32) {
        let reachable = reachableThroughSplits(from: root)
        for pc in reachable where rootIndex[pc] == nil {
            if let sources = predecessors[pc], sources.contains(where: { !reachable.contains($0) }) {
                addRoot(pc)
            }
        }
    }

    /// The instructions reachable from `root` through splits, stopping at other roots.
    func reachableThroughSplits(from root: Int32) -> Set<Int32> {
        var reachable = Set<Int32>()
        var stack: [Int32] = [root]
        while let top = stack.popLast() {
            var pc = top
            while reachable.insert(pc).inserted {
                if pc != root && rootIndex[pc] != nil { break }
                let instruction = instructions[Int(pc)]
                guard instruction.opcode == .split else { break }
                stack.append(instruction.alternate)
                pc = instruction.next
            }
        }
        return reachable
    }

    /// The list of one root: copies of the instructions it reaches through splits, in priority order, and a
    /// jump for each other root it reaches.
    enum Entry {
        case copy(Instruction)
        case jump(toRoot: Int32)
    }

    func list(of root: Int32) -> [Entry] {
        var entries: [Entry] = []
        var visited = Set<Int32>()
        var stack: [Int32] = [root]
        while let top = stack.popLast() {
            var pc = top
            while visited.insert(pc).inserted {
                if pc != root && rootIndex[pc] != nil {
                    entries.append(.jump(toRoot: pc))
                    break
                }
                let instruction = instructions[Int(pc)]
                if instruction.opcode == .split {
                    stack.append(instruction.alternate)
                    pc = instruction.next
                    continue
                }
                entries.append(.copy(instruction))
                break
            }
        }
        return entries
    }

    /// Lays the lists out as a new program: each list is a chain of splits over its entries, in order.
    func emit() -> Program {
        let lists = roots.map { list(of: $0) }
        // Each root's list starts at a known position: one split per entry but the last, then the entries.
        var start: [Int32] = []
        var size: Int32 = 0
        for entries in lists {
            start.append(size)
            size += Int32(Swift.max(2 * entries.count - 1, 1))
        }
        func head(_ root: Int32) -> Int32 {
            rootIndex[root].map { start[$0] } ?? 0
        }
        var output: [Instruction] = []
        output.reserveCapacity(Int(size))
        for (index, entries) in lists.enumerated() {
            let base = start[index]
            let count = Int32(entries.count)
            if entries.isEmpty {
                output.append(Instruction(opcode: .fail))
                continue
            }
            // Splits first: split k prefers entry k, else the next split (or the last entry).
            for k in 0..<(count - 1) {
                let entry = base + (count - 1) + k
                let rest = k == count - 2 ? entry + 1 : base + k + 1
                output.append(Instruction(opcode: .split, next: entry, alternate: rest))
            }
            for entry in entries {
                switch entry {
                case .copy(var instruction):
                    if instruction.opcode != .match && instruction.opcode != .fail {
                        instruction.next = head(instruction.next)
                    }
                    output.append(instruction)
                case .jump(let root):
                    output.append(Instruction(opcode: .split, next: head(root), alternate: head(root)))
                }
            }
        }
        return Program(
            instructions: output,
            start: head(program.start),
            unanchoredStart: head(program.unanchoredStart),
            slotCount: program.slotCount,
            assertionsUsed: program.assertionsUsed
        )
    }
}
