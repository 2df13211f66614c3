/// The xDS resource types a snapshot holds, in the order ADS pushes them: secrets before what uses them,
/// clusters and their endpoints before the listeners and routes that send traffic to them (make before
/// break).
public enum XDSResourceType: Int, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case secret
    case cluster
    case clusterLoadAssignment
    case listener
    case routeConfiguration

    /// The `type_url` of this type's resources and discovery messages.
    public var typeURL: String {
        EnvoyNames.typeURLPrefix + messageName
    }

    /// The full protobuf name of the resource message.
    public var messageName: String {
        switch self {
        case .secret: "envoy.extensions.transport_sockets.tls.v3.Secret"
        case .cluster: "envoy.config.cluster.v3.Cluster"
        case .clusterLoadAssignment: "envoy.config.endpoint.v3.ClusterLoadAssignment"
        case .listener: "envoy.config.listener.v3.Listener"
        case .routeConfiguration: "envoy.config.route.v3.RouteConfiguration"
        }
    }

    /// The type whose `type_url` this is.
    public init?(typeURL: String) {
        guard let type = Self.allCases.first(where: { $0.typeURL == typeURL }) else { return nil }
        self = type
    }

    /// Whether a state-of-the-world response must hold every resource of the type (Envoy deletes the ones
    /// left out) and whether wildcard subscriptions exist: listeners and clusters.
    public var isFullState: Bool {
        self == .listener || self == .cluster
    }

    /// The short name Envoy's stats and docs use: LDS, RDS, CDS, EDS, SDS.
    public var description: String {
        switch self {
        case .secret: "SDS"
        case .cluster: "CDS"
        case .clusterLoadAssignment: "EDS"
        case .listener: "LDS"
        case .routeConfiguration: "RDS"
        }
    }

    public static func < (lhs: XDSResourceType, rhs: XDSResourceType) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
