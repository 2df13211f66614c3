internal import SwiftProtobuf

/// Rules for cluster load assignments (EDS resources, or `load_assignment` inline in a cluster): localities,
/// endpoints, weights, priorities and the drop/overprovisioning policy.
///
/// Endpoints delivered over EDS are used as they are, so their addresses must be IP literals (Envoy: "malformed
/// IP address"); inline ones depend on the cluster type and are checked by ``ClusterValidation``.
enum EndpointValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Config_Endpoint_V3_ClusterLoadAssignment.self, checkAssignment),
        MessageRule(Envoy_Config_Endpoint_V3_ClusterLoadAssignment.Policy.self, checkPolicy),
        MessageRule(Envoy_Config_Endpoint_V3_ClusterLoadAssignment.Policy.DropOverload.self, checkDropOverload),
        MessageRule(Envoy_Config_Endpoint_V3_LocalityLbEndpoints.self, checkLocality),
        MessageRule(Envoy_Config_Endpoint_V3_LbEndpoint.self, checkEndpoint),
        MessageRule(Envoy_Config_Endpoint_V3_Endpoint.HealthCheckConfig.self, checkHealthCheckConfig),
    ]

    /// Load assignment names are unique in a snapshot (each is one EDS resource).
    static func checkAssignmentSet(
        _ assignments: [Envoy_Config_Endpoint_V3_ClusterLoadAssignment],
        in context: inout ValidationContext
    ) {
        var names = Set<String>(minimumCapacity: assignments.count)
        for assignment in assignments where !names.insert(assignment.clusterName).inserted {
            context.report(
                .clusterLoadAssignment,
                assignment.clusterName,
                "cluster_name",
                "duplicate cluster load assignment \(assignment.clusterName) found"
            )
        }
    }

    private static func checkAssignment(
        _ assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment,
        _ context: inout ValidationContext
    ) {
        if assignment.clusterName.isEmpty { context.report("cluster_name", PGV.nonEmpty) }
        guard context.isAtResourceRoot, context.kind == .clusterLoadAssignment else { return }
        for (localityIndex, locality) in assignment.endpoints.enumerated() {
            for (endpointIndex, endpoint) in locality.lbEndpoints.enumerated() {
                guard case .socketAddress(let socket)? = endpoint.endpoint.address.address,
                    socket.resolverName.isEmpty, !socket.address.isEmpty, !IPAddress.isValid(socket.address)
                else { continue }
                context.report(
                    "endpoints[\(localityIndex)].lb_endpoints[\(endpointIndex)].endpoint.address.socket_address"
                        + ".address",
                    "malformed IP address: \(socket.address)"
                )
            }
        }
    }

    private static func checkPolicy(
        _ policy: Envoy_Config_Endpoint_V3_ClusterLoadAssignment.Policy,
        _ context: inout ValidationContext
    ) {
        if policy.hasOverprovisioningFactor, policy.overprovisioningFactor.value == 0 {
            context.report("overprovisioning_factor", PGV.greater(0))
        }
        if policy.hasEndpointStaleAfter, DurationRule.isNotAbove(policy.endpointStaleAfter) {
            context.report("endpoint_stale_after", PGV.positiveDuration)
        }
    }

    private static func checkDropOverload(
        _ drop: Envoy_Config_Endpoint_V3_ClusterLoadAssignment.Policy.DropOverload,
        _ context: inout ValidationContext
    ) {
        if drop.category.isEmpty { context.report("category", PGV.nonEmpty) }
    }

    private static func checkLocality(
        _ locality: Envoy_Config_Endpoint_V3_LocalityLbEndpoints,
        _ context: inout ValidationContext
    ) {
        if locality.hasLoadBalancingWeight, locality.loadBalancingWeight.value < 1 {
            context.report("load_balancing_weight", PGV.greaterOrEqual(1))
        }
        if locality.priority > 128 { context.report("priority", PGV.lessOrEqual(128)) }
    }

    private static func checkEndpoint(
        _ endpoint: Envoy_Config_Endpoint_V3_LbEndpoint,
        _ context: inout ValidationContext
    ) {
        if endpoint.hasLoadBalancingWeight, endpoint.loadBalancingWeight.value < 1 {
            context.report("load_balancing_weight", PGV.greaterOrEqual(1))
        }
        switch endpoint.hostIdentifier {
        case .endpoint(let host) where !host.hasAddress:
            // Envoy cannot resolve a host without an address.
            context.report("endpoint.address", PGV.required)
        case nil:
            context.report("endpoint", PGV.required)
        default:
            break
        }
    }

    private static func checkHealthCheckConfig(
        _ config: Envoy_Config_Endpoint_V3_Endpoint.HealthCheckConfig,
        _ context: inout ValidationContext
    ) {
        if config.portValue > 65535 { context.report("port_value", PGV.lessOrEqual(65535)) }
    }
}
