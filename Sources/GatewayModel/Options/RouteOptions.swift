/// Options of a route (`gloo.solo.io.RouteOptions`), with every field of Gloo's message.
///
/// Features this suite implements are typed; Enterprise and external-service features are kept as written
/// (``ConfigValue``) so they round-trip and can be reported (``unenforcedOptionNames``).
/// `hostRewrite`, `autoHostRewrite`, `hostRewritePathRegex` and `hostRewriteHeader` form a `oneof`, as do
/// each rate-limit pair (`ratelimitEarly`/`rateLimitEarlyConfigs`, `ratelimit`/`rateLimitConfigs`,
/// `ratelimitRegular`/`rateLimitRegularConfigs`) and `jwt`/`jwtStaged`/`jwtProvidersStaged`.
public struct RouteOptions: Codable, Hashable, Sendable {
    /// Deprecated single-stage transformations; ignored when `stagedTransformations.regular` is set.
    public var transformations: LegacyTransformations?
    public var faults: RouteFaults?
    /// Replaces the matched path prefix (or the whole path of an exact match).
    public var prefixRewrite: String?
    /// Upstream timeout for the whole request; Envoy's default is 15s and 0 disables it.
    public var timeout: ProtoDuration?
    public var retries: RetryPolicy?
    /// Gloo's untyped plugin extensions.
    public var extensions: ConfigValue?
    public var tracing: RouteTracingSettings?
    public var shadowing: RouteShadowing?
    public var headerManipulation: HeaderManipulation?
    /// Sets the `Host` header sent upstream.
    public var hostRewrite: String?
    /// Sets the `Host` header sent upstream to the chosen host's name.
    public var autoHostRewrite: Bool?
    /// Sets the `Host` header sent upstream to the path rewritten by this expression.
    public var hostRewritePathRegex: RegexRewrite?
    /// Sets the `Host` header sent upstream to the value of this request header.
    public var hostRewriteHeader: String?
    /// Adds the original host to `x-forwarded-host` when the host is rewritten.
    public var appendXForwardedHost: Bool?
    public var cors: CorsPolicy?
    public var lbHash: LbHash?
    public var upgrades: [ProtocolUpgradeConfig]?
    /// Enterprise rate limiting by basic tiers.
    public var ratelimitBasic: ConfigValue?
    public var ratelimitEarly: ConfigValue?
    public var rateLimitEarlyConfigs: ConfigValue?
    public var ratelimit: ConfigValue?
    public var rateLimitConfigs: ConfigValue?
    public var ratelimitRegular: ConfigValue?
    public var rateLimitRegularConfigs: ConfigValue?
    /// Web application firewall (Enterprise).
    public var waf: ConfigValue?
    /// Deprecated JWT verification (Enterprise).
    public var jwt: ConfigValue?
    public var jwtStaged: ConfigValue?
    public var jwtProvidersStaged: ConfigValue?
    /// Access control on JWT claims (Enterprise).
    public var rbac: ConfigValue?
    /// External authentication.
    public var extauth: ConfigValue?
    /// Data loss prevention (Enterprise).
    public var dlp: ConfigValue?
    public var bufferPerRoute: BufferPerRoute?
    public var csrf: CsrfPolicy?
    public var stagedTransformations: TransformationStages?
    /// Route metadata by filter namespace, passed to Envoy as written.
    public var envoyMetadata: [String: ConfigValue]?
    /// Rewrites the path with a regular expression.
    public var regexRewrite: RegexRewrite?
    public var maxStreamDuration: MaxStreamDuration?
    /// How long a stream may stay without activity.
    public var idleTimeout: ProtoDuration?
    /// External processing, early stage (Enterprise).
    public var extProcEarly: ConfigValue?
    /// External processing (Enterprise).
    public var extProc: ConfigValue?
    /// External processing, late stage (Enterprise).
    public var extProcLate: ConfigValue?
    /// AI gateway features (Enterprise).
    public var ai: ConfigValue?

    public init() {}

    /// Limits on the lifetime of a stream (`RouteOptions.MaxStreamDuration`).
    public struct MaxStreamDuration: Codable, Hashable, Sendable {
        /// The longest a stream may last.
        public var maxStreamDuration: ProtoDuration?
        /// Upper bound on the timeout a gRPC client asks for in `grpc-timeout`.
        public var grpcTimeoutHeaderMax: ProtoDuration?
        /// Subtracted from the `grpc-timeout` a client asks for.
        public var grpcTimeoutHeaderOffset: ProtoDuration?

        public init() {}
    }

    /// The host rewrite, when exactly one kind is set.
    public var hostRewriteType: HostRewriteType? {
        switch (hostRewrite, autoHostRewrite, hostRewritePathRegex, hostRewriteHeader) {
        case (let host?, nil, nil, nil): .literal(host)
        case (nil, let flag?, nil, nil): .auto(flag)
        case (nil, nil, let rewrite?, nil): .pathRegex(rewrite)
        case (nil, nil, nil, let header?): .header(header)
        default: nil
        }
    }

    /// The kinds of host rewrite.
    public enum HostRewriteType: Hashable, Sendable {
        case literal(String)
        case auto(Bool)
        case pathRegex(RegexRewrite)
        case header(String)
    }
}
