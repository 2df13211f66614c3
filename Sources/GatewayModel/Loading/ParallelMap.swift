import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Configuration-time work on all cores: large inputs are read and translated in parallel, with results kept in
/// input order so the outcome never depends on scheduling.
package enum Parallel {
    /// Online processors.
    package static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// `elements.map(transform)`, with the elements shared out between the cores when there are at least
    /// `minimumCount` of them.
    package static func map<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element],
        minimumCount: Int = 2,
        _ transform: @Sendable (Element) -> Mapped
    ) -> [Mapped] {
        let workers = min(cores, elements.count)
        guard workers > 1, elements.count >= minimumCount else { return elements.map(transform) }
        let slots = Slots<Mapped>(count: elements.count)
        // Worker w takes elements w, w + workers, ...: neighbours are often alike in cost, so striding balances.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: elements.count, by: workers) {
                slots[index] = transform(elements[index])
            }
        }
        return slots.values
    }
}

/// One slot per element; each is written by one task, and all are read after every task has ended.
private final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Every slot's value; all must have been written.
    var values: [Value] { storage.compactMap { $0 } }
}
