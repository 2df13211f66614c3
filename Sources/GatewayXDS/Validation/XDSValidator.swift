internal import GatewayModel

/// Checks Envoy resources the way Envoy 1.40 checks them after decoding, so a bad configuration becomes a
/// report instead of a NACK.
///
/// Envoy validates every resource it receives against the protoc-gen-validate rules of its API
/// (`MessageUtil::validate`), then builds it and throws on semantic errors; either way the whole update of that
/// type is rejected ("Proto constraint validation failed (…)", "Only unique values for domains are
/// permitted…"). GatewayXDS's `.proto` files carry no validation annotations, so the same rules are written
/// out here:
///
/// - **Field rules** (PGV): required names and messages, exactly-one-of groups, ranges, lengths, defined enum
///   values, header-name and header-value characters, RE2 regexes that compile within Envoy's program-size
///   limit, durations, known `typed_config` types. They apply wherever a message appears, including inside an
///   `Any` of a type GatewayXDS knows (the HTTP connection manager inside a listener, a route configuration
///   inline in it, TLS contexts, per-filter configurations).
/// - **Semantic rules**: what Envoy rejects while building the configuration (duplicate listener addresses,
///   overlapping filter chains, the router not last, duplicate virtual host domains, several rewrites, zero
///   total weight, duplicate names, …), plus a few configurations Envoy accepts but cannot serve (no HTTP
///   filters at all, SNI matching without the TLS inspector, a STATIC cluster without endpoints).
/// - **Consistency**: a snapshot must be self-contained. Route configurations named by RDS, load assignments
///   of EDS clusters, clusters named by routes and secrets named by TLS contexts (over ADS or static) must be
///   in the same ``XDSResources``.
///
/// One call is a few linear passes over the resources with set lookups for references, so it can run on
/// every configuration change.
///
/// ```swift
/// let issues = XDSValidator().validate(translation.resources)
/// for issue in issues { print(issue) }  // cluster "orders_default" connect_timeout: value must be greater than 0s
/// ```
public struct XDSValidator: Sendable {
    public init() {}

    /// Every problem in `resources`, grouped by resource type (listeners, route configurations, clusters, load
    /// assignments, secrets) and in resource order within a type; empty when Envoy would accept them all.
    /// Within a route configuration, problems of its virtual hosts come after those of its other fields.
    public func validate(_ resources: XDSResources) -> [XDSValidationIssue] {
        let index = ResourceIndex(resources)
        // Resources (and a route configuration's virtual hosts) are checked independently: the work is shared
        // out between the cores, and the issues put back in order.
        let issues = Parallel.map(ValidationUnit.units(for: resources)) { unit in
            var context = ValidationContext(index: index)
            unit.run(on: resources, &context)
            return context.issues
        }
        return Array(issues.joined())
    }
}

/// One independent piece of a validation.
private enum ValidationUnit: Sendable {
    /// The rules across all resources of a type (unique names, distinct addresses, …).
    case resourceSet(XDSResourceType)
    /// The resources of a type at these positions.
    case resources(XDSResourceType, Range<Int>)
    /// A route configuration, except its virtual hosts.
    case routeConfiguration(Int)
    /// Virtual hosts of a route configuration.
    case virtualHosts(Int, Range<Int>)

    /// Every unit of `resources`, in the order their issues are reported.
    static func units(for resources: XDSResources) -> [ValidationUnit] {
        func each(_ type: XDSResourceType, _ count: Int) -> [ValidationUnit] {
            [.resourceSet(type)] + WorkChunks.ranges(count, minimum: 64).map { .resources(type, $0) }
        }
        var units = each(.listener, resources.listeners.count)
        units.append(.resourceSet(.routeConfiguration))
        for (position, configuration) in resources.routeConfigurations.enumerated() {
            units.append(.routeConfiguration(position))
            units += WorkChunks.ranges(configuration.virtualHosts.count).map { .virtualHosts(position, $0) }
        }
        units += each(.cluster, resources.clusters.count)
        units += each(.clusterLoadAssignment, resources.clusterLoadAssignments.count)
        units += each(.secret, resources.secrets.count)
        return units
    }

    func run(on resources: XDSResources, _ context: inout ValidationContext) {
        switch self {
        case .resourceSet(.listener): ListenerValidation.checkListenerSet(resources.listeners, in: &context)
        case .resourceSet(.routeConfiguration):
            RouteValidation.checkRouteConfigurationSet(resources.routeConfigurations, in: &context)
        case .resourceSet(.cluster): ClusterValidation.checkClusterSet(resources.clusters, in: &context)
        case .resourceSet(.clusterLoadAssignment):
            EndpointValidation.checkAssignmentSet(resources.clusterLoadAssignments, in: &context)
        case .resourceSet(.secret): SecretValidation.checkSecretSet(resources.secrets, in: &context)
        case .resources(.listener, let range):
            for listener in resources.listeners[range] {
                ProtoWalker.walk(listener, kind: .listener, name: listener.name, context: &context)
            }
        case .resources(.routeConfiguration, let range):
            for configuration in resources.routeConfigurations[range] {
                ProtoWalker.walk(configuration, kind: .routeConfiguration, name: configuration.name, context: &context)
            }
        case .resources(.cluster, let range):
            for cluster in resources.clusters[range] {
                ProtoWalker.walk(cluster, kind: .cluster, name: cluster.name, context: &context)
            }
        case .resources(.clusterLoadAssignment, let range):
            for assignment in resources.clusterLoadAssignments[range] {
                ProtoWalker.walk(
                    assignment,
                    kind: .clusterLoadAssignment,
                    name: assignment.clusterName,
                    context: &context
                )
            }
        case .resources(.secret, let range):
            for secret in resources.secrets[range] {
                ProtoWalker.walk(secret, kind: .secret, name: secret.name, context: &context)
            }
        case .routeConfiguration(let position):
            ProtoWalker.walkWithoutVirtualHosts(resources.routeConfigurations[position], context: &context)
        case .virtualHosts(let position, let hosts):
            ProtoWalker.walkVirtualHosts(resources.routeConfigurations[position], hosts, context: &context)
        }
    }
}
