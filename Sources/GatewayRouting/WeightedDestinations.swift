public import GatewayModel

/// One destination of a route action with its share of the traffic.
public struct WeightedTarget: Sendable, Hashable {
    public var destination: Destination
    /// Relative to the other targets' weights; a target of weight 0 receives nothing.
    public var weight: UInt32

    public init(destination: Destination, weight: UInt32) {
        self.destination = destination
        self.weight = weight
    }
}

extension RouteAction {
    /// Where the action sends traffic: a single destination (weight 1), the weighted destinations as written, or
    /// the destinations of the upstream group found by `upstreamGroup` (none when it does not exist), whose
    /// upstreams without a namespace are in the group's, as Gloo Edge resolves them. Empty for `clusterHeader` and
    /// `dynamicForwardProxy`, whose target is known only per request.
    public func weightedTargets(
        upstreamGroup: (ResourceRef) -> Resource<UpstreamGroupSpec>? = { _ in nil }
    ) -> [WeightedTarget] {
        if let single {
            return [WeightedTarget(destination: single, weight: 1)]
        }
        if let multi {
            return Self.targets(multi.destinations ?? [])
        }
        if let reference = self.upstreamGroup, let group = upstreamGroup(reference) {
            return Self.targets(group.spec.destinations ?? []).map { target in
                var target = target
                target.destination.upstream = target.destination.upstream?.resolved(in: group.namespace)
                return target
            }
        }
        return []
    }

    private static func targets(_ destinations: [WeightedDestination]) -> [WeightedTarget] {
        destinations.compactMap { weighted in
            weighted.destination.map { WeightedTarget(destination: $0, weight: weighted.weight ?? 0) }
        }
    }
}

extension Array where Element == WeightedTarget {
    /// The target a request goes to, as Envoy's weighted clusters choose one: `random % totalWeight` falls in
    /// the range of one target, in order. Deterministic for a given `random`, so tests can pin the choice; nil
    /// when the weights add up to 0.
    public func choose(random: UInt64) -> WeightedTarget? {
        let total = reduce(UInt64(0)) { $0 + UInt64($1.weight) }
        guard total > 0 else { return nil }
        let point = random % total
        var end: UInt64 = 0
        for target in self {
            end += UInt64(target.weight)
            if point < end { return target }
        }
        return nil
    }
}
