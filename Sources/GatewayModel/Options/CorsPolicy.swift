/// Cross-origin resource sharing rules for a virtual host or route (`cors.options.gloo.solo.io.CorsPolicy`).
public struct CorsPolicy: Codable, Hashable, Sendable {
    /// Origins allowed exactly.
    public var allowOrigin: [String]?
    /// Origins allowed when they match one of these RE2 expressions.
    public var allowOriginRegex: [String]?
    /// Value of `access-control-allow-methods`.
    public var allowMethods: [String]?
    /// Value of `access-control-allow-headers`.
    public var allowHeaders: [String]?
    /// Value of `access-control-expose-headers`.
    public var exposeHeaders: [String]?
    /// Value of `access-control-max-age`.
    public var maxAge: String?
    /// Whether to send `access-control-allow-credentials: true`.
    public var allowCredentials: Bool?
    /// On a route: turn CORS off there, whatever the virtual host says.
    public var disableForRoute: Bool?

    public init() {}
}

/// How a route's CORS policy combines with its virtual host's
/// (`cors.options.gloo.solo.io.CorsPolicyMergeSettings`).
public struct CorsPolicyMergeSettings: Codable, Hashable, Sendable {
    /// How `exposeHeaders` lists combine.
    public var exposeHeaders: MergeStrategy?

    public init() {}

    /// A combination rule for one list.
    public enum MergeStrategy: String, ProtoEnum {
        /// Envoy's behaviour: the most specific policy's list replaces the others.
        case `default` = "DEFAULT"
        /// The union of the virtual host's and the route's lists.
        case union = "UNION"
    }
}
