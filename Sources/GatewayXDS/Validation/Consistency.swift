internal import SwiftProtobuf

/// Reference checks: a snapshot must be self-contained, so whatever a resource names over ADS (or as a static
/// secret) must be in the same ``XDSResources``.
///
/// Envoy does not NACK a dangling reference. A listener whose RDS route configuration never comes, or an EDS
/// cluster whose load assignment never comes, stays warming until `initial_fetch_timeout` (15 s) and then
/// serves without routes or endpoints; a route to an unknown cluster answers 503 (an inline route
/// configuration, whose `validate_clusters` defaults to true, is rejected: "route: unknown cluster 'x'"). A
/// `cluster_header` route names its cluster at request time and is not checked; references through another
/// config source than ADS are not either.
enum Consistency {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_Rds.self, checkRDSReference),
        MessageRule(Envoy_Config_Route_V3_RouteAction.self, checkRouteCluster),
        MessageRule(Envoy_Config_Route_V3_WeightedCluster.ClusterWeight.self, checkWeightedCluster),
        MessageRule(Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy.self, checkMirrorCluster),
        MessageRule(Envoy_Config_Cluster_V3_Cluster.self, checkEDSReference),
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig.self, checkSecretReference),
    ]

    /// Whether `source` delivers through this control plane's ADS stream (`ads`, or `self` on it).
    private static func isAggregated(_ source: Envoy_Config_Core_V3_ConfigSource) -> Bool {
        switch source.configSourceSpecifier {
        case .ads, .self_p: true
        default: false
        }
    }

    private static func checkRDSReference(
        _ rds: Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_Rds,
        _ context: inout ValidationContext
    ) {
        guard isAggregated(rds.configSource), !rds.routeConfigName.isEmpty,
            !context.index.routeConfigurations.contains(rds.routeConfigName)
        else { return }
        context.report(
            "route_config_name",
            "route configuration \(rds.routeConfigName) is not in the snapshot: the listener warms until "
                + "initial_fetch_timeout and then has no routes"
        )
    }

    private static func checkRouteCluster(
        _ action: Envoy_Config_Route_V3_RouteAction,
        _ context: inout ValidationContext
    ) {
        guard case .cluster(let name)? = action.clusterSpecifier, !name.isEmpty,
            !context.index.clusters.contains(name)
        else { return }
        context.report("cluster", "route: unknown cluster '\(name)'")
    }

    private static func checkWeightedCluster(
        _ weight: Envoy_Config_Route_V3_WeightedCluster.ClusterWeight,
        _ context: inout ValidationContext
    ) {
        guard !weight.name.isEmpty, !context.index.clusters.contains(weight.name) else { return }
        context.report("name", "route: unknown weighted cluster '\(weight.name)'")
    }

    private static func checkMirrorCluster(
        _ policy: Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy,
        _ context: inout ValidationContext
    ) {
        guard !policy.cluster.isEmpty, !context.index.clusters.contains(policy.cluster) else { return }
        context.report("cluster", "route: unknown shadow cluster '\(policy.cluster)'")
    }

    /// An EDS cluster's load assignment is named by `service_name`, or by the cluster when that is empty.
    private static func checkEDSReference(
        _ cluster: Envoy_Config_Cluster_V3_Cluster,
        _ context: inout ValidationContext
    ) {
        guard case .type(.eds)? = cluster.clusterDiscoveryType, cluster.hasEdsClusterConfig,
            isAggregated(cluster.edsClusterConfig.edsConfig)
        else { return }
        let serviceName = cluster.edsClusterConfig.serviceName
        let name = serviceName.isEmpty ? cluster.name : serviceName
        guard !name.isEmpty, !context.index.clusterLoadAssignments.contains(name) else { return }
        context.report(
            serviceName.isEmpty ? "eds_cluster_config" : "eds_cluster_config.service_name",
            "cluster load assignment \(name) is not in the snapshot: the cluster warms until initial_fetch_timeout "
                + "and then has no endpoints"
        )
    }

    /// A secret named over ADS, or without `sds_config` (a static secret), must be in the snapshot and hold
    /// what the reference expects: a certificate for `tls_certificate_sds_secret_configs`, a validation
    /// context for `validation_context_sds_secret_config`.
    private static func checkSecretReference(
        _ config: Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig,
        _ context: inout ValidationContext
    ) {
        let isStatic = !config.hasSdsConfig
        guard !config.name.isEmpty, isStatic || isAggregated(config.sdsConfig) else { return }
        let expected = expectedContent(context.steps.last)
        let content = context.index.secrets[config.name]
        let fits =
            switch (content, expected) {
            case (nil, _): false
            case (let content?, .tlsCertificate?): content == .tlsCertificate
            case (let content?, .validationContext?): content == .validationContext
            default: true
            }
        guard !fits else { return }
        if isStatic {
            let message =
                expected == .validationContext
                ? "Unknown static certificate validation context: \(config.name)"
                : "Unknown static secret: \(config.name)"
            context.report("name", message)
        } else if content == nil {
            context.report(
                "name",
                "secret \(config.name) is not in the snapshot: the listener or cluster warms until "
                    + "initial_fetch_timeout and then cannot use TLS"
            )
        } else {
            let wanted = expected == .validationContext ? "validation_context" : "tls_certificate"
            context.report("name", "secret \(config.name) holds no \(wanted)")
        }
    }

    /// What a secret reference at `step` (the field holding the `SdsSecretConfig`) must resolve to.
    private static func expectedContent(_ step: PathStep?) -> ResourceIndex.SecretContent? {
        guard let step else { return nil }
        let owner = ObjectIdentifier(step.owner)
        if owner == ObjectIdentifier(Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext.self) {
            return step.fieldNumber == 6 ? .tlsCertificate : .validationContext
        }
        if owner
            == ObjectIdentifier(
                Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext.CombinedCertificateValidationContext.self
            )
        {
            return .validationContext
        }
        return nil
    }
}
