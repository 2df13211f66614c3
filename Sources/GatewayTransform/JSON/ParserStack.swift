/// A stack in memory the parser manages itself, so that the elements of a finished array or object move into their
/// own array, and duplicate keys are dropped, without retaining and releasing each element on the way.
struct ParserStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of elements on the stack.
    private(set) var count = 0

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    mutating func push(_ element: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Where the top element is, to update it in place; valid until the next push.
    var top: UnsafeMutablePointer<Element> { base + (count - 1) }

    /// The elements from `start` on, for reordering or dropping in place; see ``truncate(to:)``.
    func elements(from start: Int) -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base + start, count: count - start)
    }

    /// Forgets the elements from `count` on, which must already be deinitialized or moved away.
    mutating func truncate(to count: Int) {
        self.count = count
    }

    /// Moves the elements from `start` on into an array, leaving the stack `start` high.
    mutating func popArray(from start: Int) -> [Element] {
        // Reserving and appending keeps the array's allocation specialized for `Element`.
        var array: [Element] = []
        array.reserveCapacity(count - start)
        for index in start..<count {
            array.append((base + index).move())
        }
        count = start
        return array
    }
}
