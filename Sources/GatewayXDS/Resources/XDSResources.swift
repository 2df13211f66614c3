/// The Envoy resources of one proxy: what the translator produces, the validator checks and a snapshot
/// publishes. Each list is sorted by resource name.
public struct XDSResources: Sendable, Equatable {
    public var listeners: [Envoy_Config_Listener_V3_Listener] = []
    public var routeConfigurations: [Envoy_Config_Route_V3_RouteConfiguration] = []
    public var clusters: [Envoy_Config_Cluster_V3_Cluster] = []
    public var clusterLoadAssignments: [Envoy_Config_Endpoint_V3_ClusterLoadAssignment] = []
    public var secrets: [Envoy_Extensions_TransportSockets_Tls_V3_Secret] = []

    public init() {}

    /// Sorts every list by name, the order snapshots and static bootstraps list resources in.
    mutating func sortByName() {
        listeners.sort { $0.name < $1.name }
        routeConfigurations.sort { $0.name < $1.name }
        clusters.sort { $0.name < $1.name }
        clusterLoadAssignments.sort { $0.clusterName < $1.clusterName }
        secrets.sort { $0.name < $1.name }
    }
}
