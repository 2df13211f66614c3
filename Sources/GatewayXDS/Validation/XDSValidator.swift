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
    public func validate(_ resources: XDSResources) -> [XDSValidationIssue] {
        var context = ValidationContext(index: ResourceIndex(resources))

        ListenerValidation.checkListenerSet(resources.listeners, in: &context)
        for listener in resources.listeners {
            ProtoWalker.walk(listener, kind: .listener, name: listener.name, context: &context)
        }

        RouteValidation.checkRouteConfigurationSet(resources.routeConfigurations, in: &context)
        for routeConfiguration in resources.routeConfigurations {
            ProtoWalker.walk(
                routeConfiguration,
                kind: .routeConfiguration,
                name: routeConfiguration.name,
                context: &context
            )
        }

        ClusterValidation.checkClusterSet(resources.clusters, in: &context)
        for cluster in resources.clusters {
            ProtoWalker.walk(cluster, kind: .cluster, name: cluster.name, context: &context)
        }

        EndpointValidation.checkAssignmentSet(resources.clusterLoadAssignments, in: &context)
        for assignment in resources.clusterLoadAssignments {
            ProtoWalker.walk(
                assignment,
                kind: .clusterLoadAssignment,
                name: assignment.clusterName,
                context: &context
            )
        }

        SecretValidation.checkSecretSet(resources.secrets, in: &context)
        for secret in resources.secrets {
            ProtoWalker.walk(secret, kind: .secret, name: secret.name, context: &context)
        }

        return context.issues
    }
}
