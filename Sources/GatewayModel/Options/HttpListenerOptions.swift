/// Options of an HTTP listener: its HTTP connection manager and HTTP filters
/// (`gloo.solo.io.HttpListenerOptions`), with every field of Gloo's message.
///
/// Filter settings are kept as written (``ConfigValue``) except flags and the buffer and CSRF filters.
/// Each `disableExtProc*` flag forms a `oneof` with the matching `extProc*` field.
public struct HttpListenerOptions: Codable, Hashable, Sendable {
    /// gRPC-Web filter settings (on by default).
    public var grpcWeb: ConfigValue?
    /// HTTP connection manager settings (timeouts, forwarding headers, codec, tracing, …).
    public var httpConnectionManagerSettings: ConfigValue?
    /// A path answered directly as a health check.
    public var healthCheck: ConfigValue?
    /// Gloo's untyped plugin extensions.
    public var extensions: ConfigValue?
    /// Web application firewall (Enterprise).
    public var waf: ConfigValue?
    /// Data loss prevention (Enterprise).
    public var dlp: ConfigValue?
    /// A WebAssembly filter (Enterprise).
    public var wasm: ConfigValue?
    /// External authentication server settings.
    public var extauth: ConfigValue?
    /// Rate-limit server settings.
    public var ratelimitServer: ConfigValue?
    /// Deprecated response caching (Enterprise).
    public var caching: ConfigValue?
    /// Turns early external processing off.
    public var disableExtProcEarly: Bool?
    public var extProcEarly: ConfigValue?
    /// Turns external processing off.
    public var disableExtProc: Bool?
    public var extProc: ConfigValue?
    /// Turns late external processing off.
    public var disableExtProcLate: Bool?
    public var extProcLate: ConfigValue?
    /// Response compression.
    public var gzip: ConfigValue?
    /// Proxy latency measurement (Enterprise).
    public var proxyLatency: ConfigValue?
    /// Request buffering for every route.
    public var buffer: BufferSettings?
    public var csrf: CsrfPolicy?
    /// Translation between JSON/HTTP and gRPC.
    public var grpcJsonTranscoder: ConfigValue?
    /// Removes a cluster header Gloo Enterprise may have set (Enterprise).
    public var sanitizeClusterHeader: Bool?
    /// Uses the leftmost `x-forwarded-for` address as the client (Enterprise).
    public var leftmostXffAddress: Bool?
    /// Envoy's dynamic forward proxy filter.
    public var dynamicForwardProxy: ConfigValue?
    /// Limits concurrent connections.
    public var connectionLimit: ConfigValue?
    /// Local rate limit on connections.
    public var networkLocalRatelimit: ConfigValue?
    /// Local rate limit on requests.
    public var httpLocalRatelimit: ConfigValue?
    /// Router filter settings.
    public var router: ConfigValue?
    /// Traffic tapping (Enterprise).
    public var tap: ConfigValue?
    /// Sticky sessions (Enterprise).
    public var statefulSession: ConfigValue?
    /// Header validation settings.
    public var headerValidationSettings: ConfigValue?

    public init() {}
}

extension HttpListenerOptions {
    /// Every field, with the `oneof`s and whether the suite enforces it.
    static let optionFields = OptionFieldTable<HttpListenerOptions>([
        OptionField("grpcWeb", \.grpcWeb),
        OptionField("httpConnectionManagerSettings", \.httpConnectionManagerSettings),
        OptionField("healthCheck", \.healthCheck),
        OptionField("extensions", \.extensions, enforced: false),
        OptionField("waf", \.waf, enforced: false),
        OptionField("dlp", \.dlp, enforced: false),
        OptionField("wasm", \.wasm, enforced: false),
        OptionField("extauth", \.extauth, enforced: false),
        OptionField("ratelimitServer", \.ratelimitServer, enforced: false),
        OptionField("caching", \.caching, enforced: false),
        // Turning off a feature that never runs is honoured by definition.
        OptionField("disableExtProcEarly", \.disableExtProcEarly, oneof: "extProcEarlyConfig"),
        OptionField("extProcEarly", \.extProcEarly, oneof: "extProcEarlyConfig", enforced: false),
        OptionField("disableExtProc", \.disableExtProc, oneof: "extProcConfig"),
        OptionField("extProc", \.extProc, oneof: "extProcConfig", enforced: false),
        OptionField("disableExtProcLate", \.disableExtProcLate, oneof: "extProcLateConfig"),
        OptionField("extProcLate", \.extProcLate, oneof: "extProcLateConfig", enforced: false),
        OptionField("gzip", \.gzip),
        OptionField("proxyLatency", \.proxyLatency, enforced: false),
        OptionField("buffer", \.buffer),
        OptionField("csrf", \.csrf),
        OptionField("grpcJsonTranscoder", \.grpcJsonTranscoder),
        OptionField("sanitizeClusterHeader", \.sanitizeClusterHeader, enforced: false),
        OptionField("leftmostXffAddress", \.leftmostXffAddress, enforced: false),
        OptionField("dynamicForwardProxy", \.dynamicForwardProxy, enforced: false),
        OptionField("connectionLimit", \.connectionLimit),
        OptionField("networkLocalRatelimit", \.networkLocalRatelimit),
        OptionField("httpLocalRatelimit", \.httpLocalRatelimit),
        OptionField("router", \.router),
        OptionField("tap", \.tap, enforced: false),
        OptionField("statefulSession", \.statefulSession, enforced: false),
        OptionField("headerValidationSettings", \.headerValidationSettings, enforced: false),
    ])

    /// The YAML names of the fields set here that no module of this suite will act on, in declaration order.
    ///
    /// The suite implements `httpConnectionManagerSettings`, `gzip`, `buffer`, `csrf`, `grpcWeb`,
    /// `grpcJsonTranscoder`, `healthCheck`, `router`, `connectionLimit`, `httpLocalRatelimit` and
    /// `networkLocalRatelimit`. Everything else is Enterprise or needs an external service and is named
    /// here when set. Flags count only when `true`: `false` asks for the default behaviour, and a
    /// `disableExtProc*` flag turns off something that never runs.
    public var unenforcedOptionNames: [String] {
        Self.optionFields.unenforcedNames(in: self)
    }
}
