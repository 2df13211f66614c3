/// Chooses endpoints for one cluster on one event loop, as Envoy's workers each balance on their own: round
/// robin (weighted), least request (the less loaded of random choices) or random.
final class LoadBalancer {
    let cluster: UpstreamCluster
    /// Each endpoint's index, repeated by its weight, for weighted round robin and random choice.
    private let schedule: [Int]
    private var next: Int
    /// Requests in flight per endpoint.
    private(set) var active: [Int]

    init(cluster: UpstreamCluster, random: inout some RandomNumberGenerator) {
        self.cluster = cluster
        var schedule: [Int] = []
        let weights = cluster.endpoints.map { Int(min($0.weight, 128)) }
        // Interleaved: one slot per endpoint per round while it has weight left, so equal weights alternate.
        var remaining = weights
        while remaining.contains(where: { $0 > 0 }) {
            for index in remaining.indices where remaining[index] > 0 {
                schedule.append(index)
                remaining[index] -= 1
            }
        }
        self.schedule = schedule
        // Workers start at different points, as Envoy's do.
        next = schedule.isEmpty ? 0 : Int.random(in: 0..<schedule.count, using: &random)
        active = Array(repeating: 0, count: cluster.endpoints.count)
    }

    /// The endpoint for the next request, among those `isUsable` allows; nil when none is.
    func choose(
        random: inout some RandomNumberGenerator,
        isUsable: (Int) -> Bool = { _ in true }
    ) -> Int? {
        guard !schedule.isEmpty else { return nil }
        switch cluster.balancing {
        case .roundRobin:
            for _ in 0..<schedule.count {
                let index = schedule[next]
                next = (next + 1) % schedule.count
                if isUsable(index) { return index }
            }
            return nil
        case .random:
            let start = Int.random(in: 0..<schedule.count, using: &random)
            for offset in 0..<schedule.count {
                let index = schedule[(start + offset) % schedule.count]
                if isUsable(index) { return index }
            }
            return nil
        case .leastRequest(let choiceCount):
            var best: Int?
            for _ in 0..<choiceCount {
                let index = schedule[Int.random(in: 0..<schedule.count, using: &random)]
                guard isUsable(index) else { continue }
                if best.map({ active[index] < active[$0] }) ?? true { best = index }
            }
            if best == nil {
                best = cluster.endpoints.indices.filter(isUsable).min { active[$0] < active[$1] }
            }
            return best
        }
    }

    func started(_ index: Int) { active[index] += 1 }
    func finished(_ index: Int) { active[index] = max(active[index] - 1, 0) }
}
