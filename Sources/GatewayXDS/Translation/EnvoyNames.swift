public import GatewayModel

/// The names Gloo Edge gives Envoy resources, so dashboards and tools built for Gloo keep working.
public enum EnvoyNames {
    /// A cluster for an Upstream: `<name>_<namespace>` (Gloo's `UpstreamToClusterName`).
    public static func cluster(_ upstream: ResourceRef) -> String {
        "\(upstream.name)_\(upstream.namespace ?? "default")"
    }

    /// The route configuration of a listener: `<listener>-routes`.
    public static func routeConfiguration(listener: String) -> String {
        "\(listener)-routes"
    }

    /// A TLS secret delivered over SDS: `<name>_<namespace>`, like clusters.
    public static func secret(_ secret: ResourceRef) -> String {
        "\(secret.name)_\(secret.namespace ?? "default")"
    }

    /// The type URL of a message packed into `Any`.
    public static let typeURLPrefix = "type.googleapis.com/"
}
