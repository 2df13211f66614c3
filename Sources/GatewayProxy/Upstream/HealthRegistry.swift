import NIOConcurrencyHelpers

/// The health of every endpoint of every cluster the server serves, by cluster name and endpoint address, so that
/// health outlives configuration reloads and is shared by all event loops.
final class HealthRegistry: Sendable {
    private let entries = NIOLockedValueBox<[String: EndpointHealth]>([:])

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

    /// Forgets the endpoints no cluster of `clusters` has any more.
    func retain(_ clusters: [UpstreamCluster]) {
        let kept = Set(clusters.flatMap { cluster in cluster.endpoints.map { Self.key(cluster.name, $0) } })
        entries.withLockedValue { entries in entries = entries.filter { kept.contains($0.key) } }
    }

    private static func key(_ cluster: String, _ endpoint: UpstreamCluster.Endpoint) -> String {
        "\(cluster) \(endpoint.address)"
    }
}
