/// The `spec` of a Settings resource (`gloo.solo.io/v1`): installation-wide configuration of Gloo's controllers.
///
/// The fields this library acts on are typed; the storage back ends, integrations and Enterprise settings are
/// kept as written so that nothing is lost in a round trip.
public struct SettingsSpec: ResourceSpec {
    /// The resource kind, `Settings`.
    public static var kind: ResourceKind { .settings }

    /// Where controllers write their own resources (discovered Upstreams, default Gateways); default
    /// `gloo-system`.
    public var discoveryNamespace: String?
    /// The namespaces watched for resources; empty means all. The discovery namespace is always watched.
    /// Takes precedence over ``watchNamespaceSelectors``.
    public var watchNamespaces: [String]?
    /// Config storage in Kubernetes CRDs; kept as written.
    public var kubernetesConfigSource: ConfigValue?
    /// Config storage in a directory; kept as written.
    public var directoryConfigSource: ConfigValue?
    /// Config storage in Consul key/value; kept as written.
    public var consulKvSource: ConfigValue?
    /// Secrets from Kubernetes; kept as written.
    public var kubernetesSecretSource: ConfigValue?
    /// Secrets from Vault; kept as written.
    public var vaultSecretSource: ConfigValue?
    /// Secrets from a directory; kept as written.
    public var directorySecretSource: ConfigValue?
    /// Several secret sources in order of precedence; kept as written.
    public var secretOptions: ConfigValue?
    /// Artifacts from Kubernetes ConfigMaps; kept as written.
    public var kubernetesArtifactSource: ConfigValue?
    /// Artifacts from a directory; kept as written.
    public var directoryArtifactSource: ConfigValue?
    /// Artifacts from Consul key/value; kept as written.
    public var consulKvArtifactSource: ConfigValue?
    /// How often watches resynchronize.
    public var refreshRate: ProtoDuration?
    /// Deprecated development mode.
    public var devMode: Bool?
    /// Add the headers Linkerd needs to route to its services.
    public var linkerd: Bool?
    /// Deprecated Knative integration; kept as written.
    public var knative: ConfigValue?
    /// Upstream and function discovery.
    public var discovery: DiscoveryOptions?
    /// Settings of the Gloo (xDS) controller.
    public var gloo: GlooOptions?
    /// Settings of the gateway controller.
    public var gateway: GatewayOptions?
    /// How to reach Consul; kept as written.
    public var consul: ConfigValue?
    /// Consul upstream discovery; kept as written.
    public var consulDiscovery: ConfigValue?
    /// Kubernetes API client settings; kept as written.
    public var kubernetes: ConfigValue?
    /// Settings of extensions; kept as written.
    public var extensions: ConfigValue?
    /// Rate-limit descriptors (Enterprise); kept as written.
    public var ratelimit: ConfigValue?
    /// The rate-limit server (Enterprise); kept as written.
    public var ratelimitServer: ConfigValue?
    /// RBAC (Enterprise); kept as written.
    public var rbac: ConfigValue?
    /// The external auth server (Enterprise); kept as written.
    public var extauth: ConfigValue?
    /// Further external auth servers by name (Enterprise); kept as written.
    public var namedExtauth: ConfigValue?
    /// The caching server (Enterprise); kept as written.
    public var cachingServer: ConfigValue?
    /// Deprecated mirror of the status; kept as written.
    public var namespacedStatuses: ConfigValue?
    /// Metrics and Grafana integration; kept as written.
    public var observabilityOptions: ConfigValue?
    /// Defaults applied to every Upstream.
    public var upstreamOptions: UpstreamOptions?
    /// Console settings (Enterprise); kept as written.
    public var consoleOptions: ConfigValue?
    /// External processing before routing (Enterprise); kept as written.
    public var extProcEarly: ConfigValue?
    /// External processing (Enterprise); kept as written.
    public var extProc: ConfigValue?
    /// External processing after routing (Enterprise); kept as written.
    public var extProcLate: ConfigValue?
    /// Watch the namespaces matching any of these label selectors (ignored when ``watchNamespaces`` is set).
    public var watchNamespaceSelectors: [NamespaceSelector]?
    /// Use IPv4 only for gateways created in Kubernetes Gateway API mode.
    public var ipV4Only: Bool?

    /// Default settings.
    public init() {}

    /// Upstream and function discovery (`Settings.DiscoveryOptions`).
    public struct DiscoveryOptions: Codable, Hashable, Sendable {
        /// Which upstreams function discovery looks at.
        public var fdsMode: FdsMode?
        /// Upstream discovery.
        public var udsOptions: UdsOptions?
        /// Function discovery details; currently empty, kept as written.
        public var fdsOptions: ConfigValue?

        /// Default discovery.
        public init() {}

        /// Which upstreams function discovery (FDS) looks at.
        public enum FdsMode: String, ProtoEnum {
            /// All upstreams, except those labelled `discovery.solo.io/function_discovery=disabled`.
            case blacklist = "BLACKLIST"
            /// Only upstreams (or namespaces) labelled `discovery.solo.io/function_discovery=enabled`.
            case whitelist = "WHITELIST"
            /// None.
            case disabled = "DISABLED"
        }

        /// Upstream discovery (UDS) settings (`DiscoveryOptions.UdsOptions`).
        public struct UdsOptions: Codable, Hashable, Sendable {
            /// Run upstream discovery; default true.
            public var enabled: Bool?
            /// Discover only services with all these labels.
            public var watchLabels: [String: String]?

            /// Default settings.
            public init() {}
        }
    }

    /// Settings of the Gloo controller (`gloo.solo.io.GlooOptions`).
    public struct GlooOptions: Codable, Hashable, Sendable {
        /// The address the xDS server listens on; default `0.0.0.0:9977`.
        public var xdsBindAddr: String?
        /// The address the validation server listens on; default `0.0.0.0:9988`.
        public var validationBindAddr: String?
        /// Default circuit breakers of every upstream cluster.
        public var circuitBreakers: CircuitBreakerConfig?
        /// How long to wait for the first snapshot of resources at start-up; 0 means do not wait. Default 5m.
        public var endpointsWarmingTimeout: ProtoDuration?
        /// AWS Lambda behaviour.
        public var awsOptions: AwsOptions?
        /// What happens to routes whose configuration is invalid.
        public var invalidConfigPolicy: InvalidConfigPolicy?
        /// Reject `kube` destinations (Kubernetes Services used directly by routes).
        public var disableKubernetesDestinations: Bool?
        /// Do not add the gRPC-Web filter to HTTP listeners by default.
        public var disableGrpcWeb: Bool?
        /// When the last VirtualService is deleted, keep serving the last valid configuration instead of an
        /// empty one.
        public var disableProxyGarbageCollection: Bool?
        /// The RE2 program size above which regexes are rejected; Envoy's default is 100.
        public var regexMaxProgramSize: UInt32?
        /// The address of the REST xDS server; default `0.0.0.0:9976`.
        public var restXdsBindAddr: String?
        /// Serve endpoints over REST polling by default instead of gRPC streaming (not recommended).
        public var enableRestEds: Bool?
        /// How often DNS names of failover endpoints are resolved.
        public var failoverUpstreamDnsPollingInterval: ProtoDuration?
        /// Leave out HTTP filters no route uses.
        public var removeUnusedFilters: Bool?
        /// The address of the proxy debug server; default `gloo:9966`.
        public var proxyDebugBindAddr: String?
        /// Log requests and responses around every transformation.
        public var logTransformationRequestResponseInfo: Bool?
        /// The default of every transformation template's `escapeCharacters`.
        public var transformationEscapeCharacters: Bool?
        /// Istio integration.
        public var istioOptions: IstioOptions?
        /// Let WebSocket upgrades pass through transformations untouched.
        public var enableAutoWebsocketTransformationPassthrough: Bool?

        /// Default settings.
        public init() {}

        /// AWS Lambda settings (`GlooOptions.AWSOptions`).
        ///
        /// Where credentials come from is a `oneof`: ``enableCredentialsDiscovey`` or
        /// ``serviceAccountCredentials``.
        public struct AwsOptions: Codable, Hashable, Sendable {
            /// Use ambient AWS credentials when an upstream names no secret (field name misspelt as in Gloo).
            public var enableCredentialsDiscovey: Bool?
            /// Web-identity (service account) credentials; kept as written.
            public var serviceAccountCredentials: ConfigValue?
            /// Send the original path and method to Lambda as `x-envoy-original-path` and
            /// `x-envoy-original-method` headers.
            public var propagateOriginalRouting: Bool?
            /// How often service-account credentials are refreshed.
            public var credentialRefreshDelay: ProtoDuration?
            /// Call the upstream's first function when a route names none.
            public var fallbackToFirstFunction: Bool?

            /// Default settings.
            public init() {}
        }

        /// Handling of invalid routes (`GlooOptions.InvalidConfigPolicy`).
        public struct InvalidConfigPolicy: Codable, Hashable, Sendable {
            /// Replace routes to missing destinations with a direct response instead of rejecting the Proxy.
            public var replaceInvalidRoutes: Bool?
            /// The status of that response; default 404.
            public var invalidRouteResponseCode: UInt32?
            /// The body of that response.
            public var invalidRouteResponseBody: String?

            /// Default settings.
            public init() {}
        }

        /// Istio integration (`GlooOptions.IstioOptions`).
        public struct IstioOptions: Codable, Hashable, Sendable {
            /// Deprecated: add `x-forwarded-host` on requests to Istio services; default true.
            public var appendXForwardedHost: Bool?
            /// Use Istio's mTLS automatically towards mesh services.
            public var enableAutoMtls: Bool?
            /// Turn on the Istio integration.
            public var enableIntegration: Bool?

            /// Default settings.
            public init() {}
        }
    }

    /// Settings of the gateway controller (`gloo.solo.io.GatewayOptions`).
    public struct GatewayOptions: Codable, Hashable, Sendable {
        /// The address of Gloo's validation server; default `gloo:9988`.
        public var validationServerAddr: String?
        /// Admission validation of Gateways, VirtualServices and RouteTables.
        public var validation: ValidationOptions?
        /// Read Gateways from every watched namespace, not only the controller's own.
        public var readGatewaysFromAllNamespaces: Bool?
        /// Deprecated and ignored.
        public var alwaysSortRouteTableRoutes: Bool?
        /// Store Proxy specs compressed.
        public var compressedProxySpec: Bool?
        /// Defaults for VirtualServices that do not set them.
        public var virtualServiceOptions: VirtualServiceOptions?
        /// Write Proxies to storage instead of keeping them in memory.
        public var persistProxySpec: Bool?
        /// Whether this installation runs the gateway translation and validation (set by the install mode).
        public var enableGatewayController: Bool?
        /// Put virtual hosts with different TLS settings on separate filter chains.
        public var isolateVirtualHostsBySslConfig: Bool?
        /// Create listeners for Gateways that select no VirtualService (they answer 404).
        public var translateEmptyGateways: Bool?

        /// Default settings.
        public init() {}

        /// Admission validation settings (`GatewayOptions.ValidationOptions`).
        public struct ValidationOptions: Codable, Hashable, Sendable {
            /// The address of Gloo's proxy validation server.
            public var proxyValidationServerAddr: String?
            /// The webhook's certificate path.
            public var validationWebhookTlsCert: String?
            /// The webhook's key path.
            public var validationWebhookTlsKey: String?
            /// Deprecated: accept resources when the validation server cannot be reached.
            public var ignoreGlooValidationFailure: Bool?
            /// Accept resources even when validation finds errors (still logged and counted); default true.
            public var alwaysAccept: Bool?
            /// Accept resources with warnings; default true.
            public var allowWarnings: Bool?
            /// Deprecated: warn when a route can never match because an earlier one always does.
            public var warnRouteShortCircuiting: Bool?
            /// Skip validating transformation templates with Envoy.
            public var disableTransformationValidation: Bool?
            /// The validation server's largest gRPC message, in bytes; default 100 MB.
            public var validationServerGrpcMaxSizeBytes: Int32?
            /// Run the validation server; default true.
            public var serverEnabled: Bool?
            /// Report a missing TLS secret as a warning rather than an error.
            public var warnMissingTlsSecret: Bool?
            /// Validate the full Envoy configuration, not only Gloo's translation.
            public var fullEnvoyValidation: Bool?

            /// Default settings.
            public init() {}
        }

        /// Defaults for VirtualServices (`gloo.solo.io.VirtualServiceOptions`).
        public struct VirtualServiceOptions: Codable, Hashable, Sendable {
            /// The default of ``SslConfig/oneWayTls``.
            public var oneWayTls: Bool?

            /// Default settings.
            public init() {}
        }
    }

    /// Defaults for every Upstream (`gloo.solo.io.UpstreamOptions`).
    public struct UpstreamOptions: Codable, Hashable, Sendable {
        /// TLS parameters of upstreams that set none.
        public var sslParameters: SslParameters?
        /// Annotations treated as present on every Kubernetes Service (e.g. `gloo.solo.io/upstream_config`).
        public var globalAnnotations: [String: String]?

        /// Default settings.
        public init() {}
    }

    /// Selects namespaces by label (`gloo.solo.io.LabelSelector`).
    public struct NamespaceSelector: Codable, Hashable, Sendable {
        /// Labels that must all be present with these values.
        public var matchLabels: [String: String]?
        /// Set-based requirements that must all hold.
        public var matchExpressions: [Requirement]?

        /// A selector matching everything.
        public init(matchLabels: [String: String]? = nil) {
            self.matchLabels = matchLabels
        }

        /// One set-based requirement (`gloo.solo.io.LabelSelectorRequirement`).
        public struct Requirement: Codable, Hashable, Sendable {
            /// The label key.
            public var key: String?
            /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
            public var `operator`: String?
            /// The values for `In` and `NotIn`.
            public var values: [String]?

            /// A requirement on `key`.
            public init(key: String? = nil, operator: String? = nil, values: [String]? = nil) {
                self.key = key
                self.operator = `operator`
                self.values = values
            }
        }
    }
}
