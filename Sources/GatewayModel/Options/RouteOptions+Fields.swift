extension RouteOptions {
    /// Every field, with the `oneof`s and whether the suite enforces it.
    static let optionFields = OptionFieldTable<RouteOptions>([
        OptionField("transformations", \.transformations),
        OptionField("faults", \.faults),
        OptionField("prefixRewrite", \.prefixRewrite),
        OptionField("timeout", \.timeout),
        OptionField("retries", \.retries),
        OptionField("extensions", \.extensions, enforced: false),
        OptionField("tracing", \.tracing),
        OptionField("shadowing", \.shadowing),
        OptionField("headerManipulation", \.headerManipulation),
        OptionField("hostRewrite", \.hostRewrite, oneof: "hostRewriteType"),
        OptionField("autoHostRewrite", \.autoHostRewrite, oneof: "hostRewriteType"),
        OptionField("hostRewritePathRegex", \.hostRewritePathRegex, oneof: "hostRewriteType"),
        OptionField("hostRewriteHeader", \.hostRewriteHeader, oneof: "hostRewriteType"),
        OptionField("appendXForwardedHost", \.appendXForwardedHost),
        OptionField("cors", \.cors),
        OptionField("lbHash", \.lbHash),
        OptionField("upgrades", \.upgrades),
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
        OptionField("jwtProvidersStaged", \.jwtProvidersStaged, oneof: "jwtConfig", enforced: false),
        OptionField("rbac", \.rbac, enforced: false),
        OptionField("extauth", \.extauth, enforced: false),
        OptionField("dlp", \.dlp, enforced: false),
        OptionField("bufferPerRoute", \.bufferPerRoute),
        OptionField("csrf", \.csrf),
        OptionField("stagedTransformations", \.stagedTransformations),
        OptionField("envoyMetadata", \.envoyMetadata),
        OptionField("regexRewrite", \.regexRewrite),
        OptionField("maxStreamDuration", \.maxStreamDuration),
        OptionField("idleTimeout", \.idleTimeout),
        OptionField("extProcEarly", \.extProcEarly, enforced: false),
        OptionField("extProc", \.extProc, enforced: false),
        OptionField("extProcLate", \.extProcLate, enforced: false),
        OptionField("ai", \.ai, enforced: false),
    ])

    /// These options with every field they leave unset filled in from `parent`, as Gloo's
    /// `ShallowMergeRouteOptions` does for delegated routes and RouteOption resources.
    ///
    /// The merge is shallow: a field set here is kept whole, however much of it `parent` also sets. A
    /// field counts as set when present (messages, wrappers, `false` flags and empty strings included) or,
    /// for lists and maps, when non-empty; the members of a `oneof` are filled in only together, when
    /// none of them is set here.
    public func shallowMerged(withParent parent: RouteOptions) -> RouteOptions {
        Self.optionFields.shallowMerge(self, parent: parent)
    }

    /// The YAML names of the fields set here that no module of this suite will act on, in declaration order.
    ///
    /// The suite implements routing, rewrites (`prefixRewrite`, `regexRewrite`, the host rewrites,
    /// `appendXForwardedHost`), `timeout`, `idleTimeout`, `maxStreamDuration`, `retries`, `cors`,
    /// `headerManipulation`, `faults`, `transformations`, `stagedTransformations`, `shadowing`, `tracing`,
    /// `lbHash`, `upgrades`, `envoyMetadata`, `bufferPerRoute` and `csrf`. Everything else belongs to
    /// Gloo Enterprise or needs an external service (`waf`, `jwt*`, `rbac`, `extauth`, `dlp`,
    /// `ratelimit*`, `rateLimit*`, `extProc*`, `ai`, `extensions`): such fields decode and round-trip, and
    /// are named here so validation can warn that they have no effect.
    public var unenforcedOptionNames: [String] {
        Self.optionFields.unenforcedNames(in: self)
    }
}
