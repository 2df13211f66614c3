import NIOCore

/// Chooses endpoints for one cluster on one event loop, as Envoy's workers each balance on their own: round
/// robin (weighted), least request (the less loaded of random choices) or random — among the endpoints that are
/// healthy and not ejected, unless fewer than half are (Envoy's panic threshold: then among all).
final class LoadBalancer {
    let cluster: UpstreamCluster
    /// Each endpoint's shared health.
    let health: [EndpointHealth]
    /// The cluster's requests and retries in flight on every loop.
    let load: ClusterLoad
    /// Each endpoint's index, repeated by its weight, for weighted round robin and random choice.
    private let schedule: [Int]
    private var next: Int
    /// Requests in flight per endpoint.
    private(set) var active: [Int]
    /// The ring, for ring hash balancing.
    private let ring: HashRing?

    init(
        cluster: UpstreamCluster,
        health: [EndpointHealth],
        load: ClusterLoad = ClusterLoad(),
        random: inout some RandomNumberGenerator
    ) {
        self.cluster = cluster
        self.health = health
        self.load = load
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
        if case .ringHash(let minimum, let maximum) = cluster.balancing {
            ring = HashRing(cluster.endpoints, minimumSize: minimum, maximumSize: maximum)
        } else {
            ring = nil
        }
    }

    /// The endpoint for the next request (`hash` is the request's, for ring hash); nil when the cluster has none.
    func choose(random: inout some RandomNumberGenerator, hash: UInt64? = nil) -> Int? {
        guard cluster.healthCheck != nil || cluster.outlierDetection != nil else {
            return choose(random: &random, hash: hash) { _ in true }
        }
        let now = NIODeadline.now()
        let usable = health.reduce(0) { $0 + ($1.isUsable(at: now) ? 1 : 0) }
        if usable * 2 < health.count { return choose(random: &random, hash: hash) { _ in true } }
        return choose(random: &random, hash: hash) { self.health[$0].isUsable(at: now) }
    }

    /// The endpoint for the next request, among those `isUsable` allows; nil when none is.
    private func choose(
        random: inout some RandomNumberGenerator,
        hash: UInt64?,
        isUsable: (Int) -> Bool
    ) -> Int? {
        guard !schedule.isEmpty else { return nil }
        switch cluster.balancing {
        case .ringHash:
            // Without a hash, a random point of the ring; an unusable endpoint passes to the next on the ring.
            guard let ring, !ring.isEmpty else { return nil }
            return ring.endpoints(from: hash ?? random.next()).first(where: isUsable)
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

    /// Records how a request to endpoint `index` went, for outlier detection: `failed` for a 5xx, a failed
    /// connection or a reset.
    func recordOutcome(_ index: Int, failed: Bool, random: inout some RandomNumberGenerator) {
        guard let policy = cluster.outlierDetection, index < health.count else { return }
        guard failed else {
            health[index].recordSuccess()
            return
        }
        guard health[index].recordFailure(policy), Int.random(in: 0..<100, using: &random) < policy.enforcing else {
            return
        }
        let now = NIODeadline.now()
        let ejected = health.reduce(0) { $0 + ($1.isEjected(at: now) ? 1 : 0) }
        // Envoy 1.40 counts the host being ejected: with 2 hosts and 10%, none is.
        if (ejected + 1) * 100 <= policy.maxEjectionPercent * health.count {
            health[index].eject(policy, now: now)
        }
    }
}
