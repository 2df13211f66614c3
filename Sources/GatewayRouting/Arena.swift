/// Memory for the flat arrays of a compiled route table. A lookup reads them through plain pointers, so it retains
/// and releases nothing; the arena frees them all when the table that owns it goes.
///
/// Filled while the table is compiled, read-only afterwards.
final class Arena: @unchecked Sendable {
    private var allocations: [UnsafeMutableRawPointer] = []

    /// A copy of `elements`, plain data only, that lives as long as the arena.
    func store<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        // Memory is freed without deinitializing it.
        precondition(_isPOD(Element.self), "an arena holds plain data only")
        let memory = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
        allocations.append(UnsafeMutableRawPointer(memory))
        _ = UnsafeMutableBufferPointer(start: memory, count: elements.count).initialize(from: elements)
        return UnsafeBufferPointer(start: memory, count: elements.count)
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }
}
