internal import GatewayModel

/// Splitting a list of independent pieces of work (virtual hosts, clusters) between the cores.
enum WorkChunks {
    /// Keeps all work in one range, as one pass over it: the result a split run must equal.
    @TaskLocal static var inOneRange = false

    /// `0..<count` as consecutive ranges: about `perCore` per core, each at least `minimum` long (small inputs
    /// stay in one range, where sharing out would cost more than it saves). Several ranges per core balance
    /// uneven pieces.
    static func ranges(_ count: Int, minimum: Int = 16, perCore: Int = 8) -> [Range<Int>] {
        guard count > 0 else { return [] }
        if inOneRange { return [0..<count] }
        let size = max(minimum, (count + Parallel.cores * perCore - 1) / (Parallel.cores * perCore))
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// `transform` applied to each of `ranges(count)`, on every core, the results in range order.
    static func map<Result: Sendable>(
        _ count: Int,
        minimum: Int = 16,
        _ transform: @Sendable (Range<Int>) -> Result
    ) -> [Result] {
        Parallel.map(ranges(count, minimum: minimum), transform)
    }
}
