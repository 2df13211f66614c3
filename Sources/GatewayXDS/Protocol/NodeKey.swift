import SwiftProtobuf

/// Which snapshot an Envoy gets: the `role` in its node metadata (`<namespace>~<proxy>`, as Gloo Edge's
/// bootstraps set it), else its node id.
public enum NodeKey {
    /// The snapshot key for a proxy in a namespace: `<namespace>~<proxy>`.
    public static func proxy(_ name: String, namespace: String) -> String {
        "\(namespace)~\(name)"
    }

    /// The snapshot key of a node.
    public static func of(_ node: Envoy_Config_Core_V3_Node) -> String {
        if case .stringValue(let role)? = node.metadata.fields["role"]?.kind, !role.isEmpty {
            return role
        }
        return node.id
    }
}
