/// One reason Envoy would reject (or silently mishandle) a set of resources: which resource, which field, and
/// what is wrong with it.
///
/// `message` uses Envoy's own wording where it is known (the PGV text after `caused by …: ` in a NACK, or the
/// exception text Envoy throws), so a validation report reads like the NACK it prevents:
///
/// ```text
/// routeConfiguration "listener-0-routes" virtual_hosts[0].domains: value must contain at least 1 item(s)
/// ```
public struct XDSValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The type of the resource the problem is in.
    public var kind: XDSResourceType
    /// The name of that resource (`name`, or `cluster_name` for a ClusterLoadAssignment).
    public var resourceName: String
    /// The field, as an Envoy field path in proto `snake_case` relative to the resource, e.g.
    /// `filter_chains[0].filters[0].typed_config.http_filters`; empty for the resource as a whole. Fields inside
    /// an `Any` continue after the `Any`'s own field, map entries are written `typed_per_filter_config["key"]`.
    public var fieldPath: String
    /// What is wrong, in Envoy's words where they are known.
    public var message: String

    public init(kind: XDSResourceType, resourceName: String, fieldPath: String, message: String) {
        self.kind = kind
        self.resourceName = resourceName
        self.fieldPath = fieldPath
        self.message = message
    }

    public var description: String {
        let resource = "\(Self.kindName(kind)) \"\(resourceName)\""
        return fieldPath.isEmpty ? "\(resource): \(message)" : "\(resource) \(fieldPath): \(message)"
    }

    private static func kindName(_ kind: XDSResourceType) -> String {
        switch kind {
        case .listener: "listener"
        case .routeConfiguration: "routeConfiguration"
        case .cluster: "cluster"
        case .clusterLoadAssignment: "clusterLoadAssignment"
        case .secret: "secret"
        }
    }
}
