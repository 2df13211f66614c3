import NIOConcurrencyHelpers

/// The health of every endpoint of every cluster the server serves, by cluster name and endpoint address, and each
/// cluster's load (for its circuit breakers), by cluster name: shared by all event loops, and outliving
/// configuration reloads.
final class HealthRegistry: Sendable {
    private let entries = NIOLockedValueBox<[String: EndpointHealth]>([:])
    private let loads = NIOLockedValueBox<[String: ClusterLoad]>([:])

    /// What `cluster` has in flight.
    func load(of cluster: UpstreamCluster) -> ClusterLoad {
        loads.withLockedValue { loads in
            if let known = loads[cluster.name] { return known }
            let made = ClusterLoad()
            loads[cluster.name] = made
            return made
        }
    }

    /// The health of each endpoint of `cluster`, in order.
    func health(of cluster: UpstreamCluster) -> [EndpointHealth] {
        entries.withLockedValue { entries in
            cluster.endpoints.map { endpoint in
                let key = Self.key(cluster.name, endpoint)
                if let known = entries[key] { return known }
                let made = EndpointHealth()
                entries[key] = made
                return made
            }
        }
    }

    /// Forgets the endpoints and clusters that `clusters` no longer have.
    func retain(_ clusters: [UpstreamCluster]) {
        let kept = Set(clusters.flatMap { cluster in cluster.endpoints.map { Self.key(cluster.name, $0) } })
        entries.withLockedValue { entries in entries = entries.filter { kept.contains($0.key) } }
        let names = Set(clusters.map(\.name))
        loads.withLockedValue { loads in loads = loads.filter { names.contains($0.key) } }
    }

    private static func key(_ cluster: String, _ endpoint: UpstreamCluster.Endpoint) -> String {
        "\(cluster) \(endpoint.address)"
    }
}
