/// Thompson-NFA simulation with submatch tracking (a Pike VM): every thread advances in lockstep over the input,
/// so time is linear in the input and memory depends only on the program.
///
/// Threads are kept in priority order; when one matches, all lower-priority threads are cut, which gives RE2's
/// leftmost-first submatches.
enum PikeVM {
    /// Finds the highest-priority match starting at `start` (anchored) or at or after it (unanchored).
    ///
    /// - Parameters:
    ///   - requireEnd: only a match that ends at the end of the input counts (full match).
    ///   - end: when set, only a match ending exactly there counts, and no byte after it is consumed (bytes
    ///     after it still decide assertions such as `\b` and `$`).
    ///   - slots: receives the capture positions (-1 for a group that did not participate); its count is the
    ///     program's slot count.
    /// - Returns: whether a match was found.
    static func run(
        _ program: Program,
        input: UnsafeBufferPointer<UInt8>,
        start: Int,
        anchored: Bool,
        requireEnd: Bool,
        end: Int? = nil,
        slots: UnsafeMutableBufferPointer<Int>
    ) -> Bool {
        let size = program.count
        let slotCount = program.slotCount
        // dense + sparse + captures for two thread lists, a capture scratch area and the closure stack.
        let listWords = 2 * size + size * slotCount
        let stackWords = 3 * (size + 1)
        let total = 2 * listWords + slotCount + stackWords
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: total) { memory in
            guard let base = memory.baseAddress else { return false }
            // Only the sparse halves are read before being written (a sparse set tolerates stale entries, but
            // memory must be initialized before it is read).
            (base + size).initialize(repeating: 0, count: size)
            (base + listWords + size).initialize(repeating: 0, count: size)
            var current = ThreadList(base: base, size: size, slotCount: slotCount)
            var upcoming = ThreadList(base: base + listWords, size: size, slotCount: slotCount)
            let scratch = base + 2 * listWords
            let stack = scratch + slotCount
            var machine = Machine(
                program: program,
                instructions: program.instructions,
                input: input,
                scratch: scratch,
                stack: stack
            )
            return machine.run(
                current: &current,
                upcoming: &upcoming,
                start: start,
                anchored: anchored,
                matchEnd: requireEnd ? input.count : end,
                slots: slots
            )
        }
    }

    /// A sparse set of program counters in insertion (priority) order, each with its capture slots.
    private struct ThreadList {
        let dense: UnsafeMutablePointer<Int>
        let sparse: UnsafeMutablePointer<Int>
        let captures: UnsafeMutablePointer<Int>
        let slotCount: Int
        var count = 0

        init(base: UnsafeMutablePointer<Int>, size: Int, slotCount: Int) {
            dense = base
            sparse = base + size
            captures = base + 2 * size
            self.slotCount = slotCount
        }

        func contains(_ pc: Int) -> Bool {
            let index = sparse[pc]
            return index < count && dense[index] == pc
        }

        /// Adds `pc` and returns its index.
        mutating func insert(_ pc: Int) -> Int {
            sparse[pc] = count
            dense[count] = pc
            count += 1
            return count - 1
        }

        func slots(at index: Int) -> UnsafeMutablePointer<Int> {
            captures + index * slotCount
        }
    }

    private struct Machine {
        let program: Program
        let instructions: [Instruction]
        let input: UnsafeBufferPointer<UInt8>
        let scratch: UnsafeMutablePointer<Int>
        let stack: UnsafeMutablePointer<Int>

        func flags(at position: Int) -> EmptyFlags {
            EmptyFlags.between(
                position > 0 ? input[position - 1] : nil,
                position < input.count ? input[position] : nil
            )
        }

        mutating func run(
            current: inout ThreadList,
            upcoming: inout ThreadList,
            start: Int,
            anchored: Bool,
            matchEnd: Int?,
            slots: UnsafeMutableBufferPointer<Int>
        ) -> Bool {
            let slotCount = program.slotCount
            let stop = matchEnd ?? input.count
            var matched = false
            var position = start
            while true {
                if !matched && (!anchored || position == start) {
                    for slot in 0..<slotCount { scratch[slot] = -1 }
                    addThread(to: &current, pc: Int(program.start), position: position, flags: flags(at: position))
                }
                if current.count == 0 { break }
                let atEnd = position == stop
                let byte: UInt8 = atEnd ? 0 : input[position]
                let nextFlags = atEnd ? [] : flags(at: position + 1)
                var index = 0
                while index < current.count {
                    let pc = current.dense[index]
                    let instruction = instructions[pc]
                    switch instruction.opcode {
                    case .match:
                        if matchEnd != nil && !atEnd { break }
                        let captured = current.slots(at: index)
                        for slot in 0..<slotCount { slots[slot] = captured[slot] }
                        matched = true
                        // Every remaining thread has lower priority than this match.
                        index = current.count
                        continue
                    case .byteRange:
                        if !atEnd && instruction.low <= byte && byte <= instruction.high {
                            let captured = current.slots(at: index)
                            for slot in 0..<slotCount { scratch[slot] = captured[slot] }
                            addThread(
                                to: &upcoming,
                                pc: Int(instruction.next),
                                position: position + 1,
                                flags: nextFlags
                            )
                        }
                    default:
                        break
                    }
                    index += 1
                }
                if atEnd { break }
                swap(&current, &upcoming)
                upcoming.count = 0
                position += 1
            }
            return matched
        }

        /// Follows every empty transition from `pc` in priority order, adding the threads that consume input (or
        /// match) with the captures in `scratch`, which is left as it was found.
        private func addThread(to list: inout ThreadList, pc start: Int, position: Int, flags: EmptyFlags) {
            let slotCount = program.slotCount
            // Stack entries: (kind 0 = explore pc, kind 1 = restore slot) as three words each.
            var top = 0
            func push(_ kind: Int, _ a: Int, _ b: Int) {
                stack[top] = kind
                stack[top + 1] = a
                stack[top + 2] = b
                top += 3
            }
            push(0, start, 0)
            while top > 0 {
                top -= 3
                let kind = stack[top]
                if kind == 1 {
                    scratch[stack[top + 1]] = stack[top + 2]
                    continue
                }
                var pc = stack[top + 1]
                while !list.contains(pc) {
                    let index = list.insert(pc)
                    let instruction = instructions[pc]
                    switch instruction.opcode {
                    case .split:
                        push(0, Int(instruction.alternate), 0)
                        pc = Int(instruction.next)
                        continue
                    case .save:
                        let slot = Int(instruction.argument)
                        if slot < slotCount {
                            push(1, slot, scratch[slot])
                            scratch[slot] = position
                        }
                        pc = Int(instruction.next)
                        continue
                    case .assert:
                        let required = EmptyFlags(rawValue: UInt8(truncatingIfNeeded: instruction.argument))
                        if flags.isSuperset(of: required) {
                            pc = Int(instruction.next)
                            continue
                        }
                    case .byteRange, .match:
                        let captured = list.slots(at: index)
                        for slot in 0..<slotCount { captured[slot] = scratch[slot] }
                    case .fail:
                        break
                    }
                    break
                }
            }
        }
    }
}
