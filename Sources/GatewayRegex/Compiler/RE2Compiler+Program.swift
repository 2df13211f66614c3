extension RE2Compiler {
    /// The forward matching program for `root`, compiled in RE2's shape: RE2's parse rewrites, simplification and
    /// instruction order, so that after ``Program/flattened()`` every list, and therefore the priority of threads
    /// in loops whose body can match the empty string, is RE2's. Nil when RE2 would refuse the pattern as too
    /// large.
    ///
    /// Unlike RE2 the program keeps its leading `^` and trailing `$` as assertions, and records the whole match
    /// in capture slots 0 and 1, so the engines need no anchoring or match-bounds logic of their own.
    static func forwardProgram(for root: RegexNode, captureCount: Int) -> Program? {
        var tree = RE2Tree()
        let simplified = tree.simplifiedTree(of: root, removingRequiredPrefix: false)
        var compiler = RE2Compiler()
        var all = postOrder(
            root: simplified,
            children: { tree.nodes[$0].subs },
            visit: { compiler.postVisit(tree.nodes[$0], $1) }
        )
        all = compiler.cat(all, compiler.match())
        let start = all.begin
        all = compiler.cat(compiler.dotStar(), all)
        if compiler.failed { return nil }
        compiler.optimize(start: start)
        return compiler.converted(start: start, startUnanchored: all.begin, slotCount: 2 * (captureCount + 1))
    }

    /// RE2's instructions as ours, keeping their numbers (flattening orders its roots by them). What RE2
    /// expresses differently is added after them: the match instruction behind a save of slot 1, the save of
    /// slot 0 in front of the anchored start, and the extra ranges of case-folding byte ranges.
    private func converted(start: Int, startUnanchored: Int, slotCount: Int) -> Program {
        var program: [Instruction] = []
        program.reserveCapacity(insts.count + 2)
        var added: [Instruction] = []
        var assertionsUsed: EmptyFlags = []
        let firstAdded = insts.count
        func add(_ instruction: Instruction) -> Int32 {
            added.append(instruction)
            return Int32(firstAdded + added.count - 1)
        }

        for inst in insts {
            let out = Int32(inst.out)
            switch inst.opcode {
            case .alt, .altMatch:
                program.append(Instruction(opcode: .split, next: out, alternate: Int32(inst.out1)))
            case .nop:
                program.append(Instruction(opcode: .split, next: out, alternate: out))
            case .fail:
                program.append(Instruction(opcode: .fail))
            case .capture:
                program.append(Instruction(opcode: .save, argument: Int32(inst.cap), next: out))
            case .emptyWidth:
                assertionsUsed.formUnion(inst.empty)
                program.append(Instruction(opcode: .assert, argument: Int32(inst.empty.rawValue), next: out))
            case .match:
                let match = add(Instruction(opcode: .match))
                program.append(Instruction(opcode: .save, argument: 1, next: match))
            case .byteRange:
                let ranges = Self.bytesMatched(by: inst)
                if ranges.count == 1, let range = ranges.first {
                    program.append(
                        Instruction(opcode: .byteRange, low: range.lowerBound, high: range.upperBound, next: out)
                    )
                    continue
                }
                // A case-folding range accepts up to three ranges of bytes: one instruction each, tried in order.
                let entries = ranges.map {
                    add(Instruction(opcode: .byteRange, low: $0.lowerBound, high: $0.upperBound, next: out))
                }
                guard let first = entries.first, var rest = entries.last else {
                    program.append(Instruction(opcode: .fail))
                    continue
                }
                for entry in entries.dropFirst().dropLast().reversed() {
                    rest = add(Instruction(opcode: .split, next: entry, alternate: rest))
                }
                program.append(Instruction(opcode: .split, next: first, alternate: rest))
            }
        }

        let anchoredStart = add(Instruction(opcode: .save, argument: 0, next: Int32(start)))
        var unanchoredStart = anchoredStart
        if startUnanchored != 0 && startUnanchored != start {
            // The exit of the `.*?` loop RE2 puts in front; it goes to the anchored start, now the save of slot 0.
            program[startUnanchored].next = anchoredStart
            unanchoredStart = Int32(startUnanchored)
        }
        program += added
        return Program(
            instructions: program,
            start: anchoredStart,
            unanchoredStart: unanchoredStart,
            slotCount: slotCount,
            assertionsUsed: assertionsUsed
        )
    }

    /// The bytes an RE2 byte range accepts, as ranges: with `foldcase`, an input byte in `A-Z` is compared as
    /// its lower-case letter.
    static func bytesMatched(by inst: Inst) -> [ClosedRange<UInt8>] {
        guard inst.foldcase else { return [inst.lo...inst.hi] }
        var ranges: [ClosedRange<UInt8>] = []
        var runStart: UInt8?
        for byte in UInt8(0)...UInt8(0xFF) {
            let compared = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            let accepted = inst.lo <= compared && compared <= inst.hi
            if accepted, runStart == nil { runStart = byte }
            if !accepted, let first = runStart {
                ranges.append(first...(byte - 1))
                runStart = nil
            }
        }
        if let first = runStart { ranges.append(first...0xFF) }
        return ranges
    }
}
