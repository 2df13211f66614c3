/// Options of a virtual host (`gloo.solo.io.VirtualHostOptions`), with every field of Gloo's message.
///
/// Features this suite implements are typed; Enterprise and external-service features are kept as written
/// (``ConfigValue``) so they round-trip and can be reported (``unenforcedOptionNames``). Each rate-limit
/// pair and `jwt`/`jwtStaged` form a `oneof`.
public struct VirtualHostOptions: Codable, Hashable, Sendable {
    /// Gloo's untyped plugin extensions.
    public var extensions: ConfigValue?
    /// Retry policy for routes that have none.
    public var retries: RetryPolicy?
    public var stats: VirtualHostStats?
    public var headerManipulation: HeaderManipulation?
    public var cors: CorsPolicy?
    /// Deprecated single-stage transformations; ignored when `stagedTransformations.regular` is set.
    public var transformations: LegacyTransformations?
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
    /// Access control on JWT claims (Enterprise).
    public var rbac: ConfigValue?
    /// External authentication.
    public var extauth: ConfigValue?
    /// Data loss prevention (Enterprise).
    public var dlp: ConfigValue?
    public var bufferPerRoute: BufferPerRoute?
    public var csrf: CsrfPolicy?
    /// Sends the attempt number upstream in `x-envoy-attempt-count`.
    public var includeRequestAttemptCount: Bool?
    /// Sends the attempt number downstream in `x-envoy-attempt-count`.
    public var includeAttemptCountInResponse: Bool?
    public var stagedTransformations: TransformationStages?
    /// External processing, early stage (Enterprise).
    public var extProcEarly: ConfigValue?
    /// External processing (Enterprise).
    public var extProc: ConfigValue?
    /// External processing, late stage (Enterprise).
    public var extProcLate: ConfigValue?
    /// How route CORS policies combine with ``cors``.
    public var corsPolicyMergeSettings: CorsPolicyMergeSettings?

    public init() {}
}

extension VirtualHostOptions {
    /// Every field, with the `oneof`s and whether the suite enforces it.
    static let optionFields = OptionFieldTable<VirtualHostOptions>([
        OptionField("extensions", \.extensions, enforced: false),
        OptionField("retries", \.retries),
        OptionField("stats", \.stats),
        OptionField("headerManipulation", \.headerManipulation),
        OptionField("cors", \.cors),
        OptionField("transformations", \.transformations),
        OptionField("ratelimitBasic", \.ratelimitBasic, enforced: false),
        OptionField("ratelimitEarly", \.ratelimitEarly, oneof: "rateLimitEarlyConfigType", enforced: false),
        OptionField(
            "rateLimitEarlyConfigs",
            \.rateLimitEarlyConfigs,
            oneof: "rateLimitEarlyConfigType",
            enforced: false
        ),
        OptionField("ratelimit", \.ratelimit, oneof: "rateLimitConfigType", enforced: false),
        OptionField("rateLimitConfigs", \.rateLimitConfigs, oneof: "rateLimitConfigType", enforced: false),
        OptionField("ratelimitRegular", \.ratelimitRegular, oneof: "rateLimitRegularConfigType", enforced: false),
        OptionField(
            "rateLimitRegularConfigs",
            \.rateLimitRegularConfigs,
            oneof: "rateLimitRegularConfigType",
            enforced: false
        ),
        OptionField("waf", \.waf, enforced: false),
        OptionField("jwt", \.jwt, oneof: "jwtConfig", enforced: false),
        OptionField("jwtStaged", \.jwtStaged, oneof: "jwtConfig", enforced: false),
        OptionField("rbac", \.rbac, enforced: false),
        OptionField("extauth", \.extauth, enforced: false),
        OptionField("dlp", \.dlp, enforced: false),
        OptionField("bufferPerRoute", \.bufferPerRoute),
        OptionField("csrf", \.csrf),
        OptionField("includeRequestAttemptCount", \.includeRequestAttemptCount),
        OptionField("includeAttemptCountInResponse", \.includeAttemptCountInResponse),
        OptionField("stagedTransformations", \.stagedTransformations),
        OptionField("extProcEarly", \.extProcEarly, enforced: false),
        OptionField("extProc", \.extProc, enforced: false),
        OptionField("extProcLate", \.extProcLate, enforced: false),
        OptionField("corsPolicyMergeSettings", \.corsPolicyMergeSettings),
    ])

    /// These options with every field they leave unset filled in from `parent`, as Gloo's
    /// `ShallowMergeVirtualHostOptions` does for VirtualHostOption resources.
    ///
    /// The merge is shallow: a field set here is kept whole. A field counts as set when present (messages,
    /// wrappers and `false` flags included) or, for lists and maps, when non-empty; the members of a
    /// `oneof` are filled in only together, when none of them is set here.
    public func shallowMerged(withParent parent: VirtualHostOptions) -> VirtualHostOptions {
        Self.optionFields.shallowMerge(self, parent: parent)
    }

    /// The YAML names of the fields set here that no module of this suite will act on, in declaration order.
    ///
    /// The suite implements `retries`, `stats`, `headerManipulation`, `cors`, `corsPolicyMergeSettings`,
    /// `transformations`, `stagedTransformations`, `bufferPerRoute`, `csrf`, `includeRequestAttemptCount`
    /// and `includeAttemptCountInResponse`. The rest (`waf`, `jwt*`, `rbac`, `extauth`, `dlp`,
    /// `ratelimit*`, `rateLimit*`, `extProc*`, `extensions`) belongs to Gloo Enterprise or needs an
    /// external service; it decodes and round-trips, and is named here so validation can warn about it.
    public var unenforcedOptionNames: [String] {
        Self.optionFields.unenforcedNames(in: self)
    }
}
