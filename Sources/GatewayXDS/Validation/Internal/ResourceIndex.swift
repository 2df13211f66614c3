/// The names of the resources in one ``XDSResources``, built in one pass before any resource is walked, so
/// that reference checks are set lookups.
struct ResourceIndex: Sendable {
    /// What a secret holds, which decides where it may be referenced.
    enum SecretContent: Sendable {
        case tlsCertificate
        case validationContext
        case genericSecret
        case none
    }

    var routeConfigurations: Set<String> = []
    var clusters: Set<String> = []
    var clusterLoadAssignments: Set<String> = []
    var secrets: [String: SecretContent] = [:]

    init(_ resources: XDSResources) {
        routeConfigurations.reserveCapacity(resources.routeConfigurations.count)
        for routeConfiguration in resources.routeConfigurations {
            routeConfigurations.insert(routeConfiguration.name)
        }
        clusters.reserveCapacity(resources.clusters.count)
        for cluster in resources.clusters {
            clusters.insert(cluster.name)
        }
        clusterLoadAssignments.reserveCapacity(resources.clusterLoadAssignments.count)
        for assignment in resources.clusterLoadAssignments {
            clusterLoadAssignments.insert(assignment.clusterName)
        }
        secrets.reserveCapacity(resources.secrets.count)
        for secret in resources.secrets where secrets[secret.name] == nil {
            secrets[secret.name] =
                switch secret.type {
                case .tlsCertificate: .tlsCertificate
                case .validationContext: .validationContext
                case .genericSecret: .genericSecret
                case nil: SecretContent.none
                }
        }
    }
}
