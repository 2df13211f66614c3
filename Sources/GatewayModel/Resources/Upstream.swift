/// The `spec` of an Upstream (`gloo.solo.io/v1`): one backend service, how to find its endpoints and how
/// Envoy should talk to it. Gloo turns each Upstream into one Envoy cluster.
///
/// The backend kind is a `oneof`: at most one of ``kube``, ``static``, ``pipe``, ``aws``, ``azure``,
/// ``consul``, ``awsEc2``, ``gcp`` and ``ai`` is set; ``upstreamType`` gives the one that is.
public struct UpstreamSpec: ResourceSpec {
    /// The resource kind, `Upstream`.
    public static var kind: ResourceKind { .upstream }

    /// Deprecated mirror of the status; kept as written.
    public var namespacedStatuses: ConfigValue?
    /// Facts recorded by discovery, such as the labels of a Kubernetes Service.
    public var discoveryMetadata: DiscoveryMetadata?
    /// TLS towards the backend.
    public var sslConfig: UpstreamSslConfig?
    /// Limits on connections and requests (Envoy circuit breakers).
    public var circuitBreakers: CircuitBreakerConfig?
    /// How Envoy spreads requests over the endpoints.
    public var loadBalancerConfig: LoadBalancerConfig?
    /// Active health checks of the endpoints.
    public var healthChecks: [HealthCheck]?
    /// Passive health checking: ejecting endpoints that keep failing.
    public var outlierDetection: OutlierDetection?

    /// A Kubernetes Service.
    public var kube: KubeUpstream?
    /// A fixed list of hosts.
    public var `static`: StaticUpstream?
    /// A Unix domain socket.
    public var pipe: PipeUpstream?
    /// AWS Lambda functions.
    public var aws: AwsLambdaUpstream?
    /// Azure Functions.
    public var azure: AzureUpstream?
    /// A service in the Consul catalog.
    public var consul: ConsulUpstream?
    /// EC2 instances selected by tags.
    public var awsEc2: AwsEc2Upstream?
    /// Google Cloud backends (Enterprise); kept as written.
    public var gcp: ConfigValue?
    /// AI provider backends (Enterprise); kept as written.
    public var ai: ConfigValue?

    /// Priority-based failover to other endpoints (Enterprise); kept as written.
    public var failover: ConfigValue?
    /// Connection-level settings: timeouts, keepalive, limits.
    public var connectionConfig: ConnectionConfig?
    /// Which protocol Envoy uses towards the backend.
    public var protocolSelection: ClusterProtocolSelection?
    /// Talk HTTP/2 to the backend. gRPC service specs imply it (see ``usesHttp2``).
    public var useHttp2: Bool?
    /// HTTP/2 initial stream window, in bytes; honoured only with HTTP/2.
    public var initialStreamWindowSize: UInt32?
    /// HTTP/2 initial connection window, in bytes; honoured only with HTTP/2.
    public var initialConnectionWindowSize: UInt32?
    /// HTTP/2 concurrent stream limit per connection; honoured only with HTTP/2.
    public var maxConcurrentStreams: UInt32?
    /// Whether an invalid HTTP/2 message resets only its stream rather than the connection.
    public var overrideStreamErrorOnInvalidHttpMessage: Bool?
    /// Tunnel to the backend through an HTTP CONNECT proxy at this `host:port`.
    public var httpProxyHostname: String?
    /// TLS towards the CONNECT proxy.
    public var httpConnectSslConfig: UpstreamSslConfig?
    /// Headers sent with the CONNECT request.
    public var httpConnectHeaders: [HeaderValue]?
    /// Drop an endpoint as soon as discovery removes it, even while it still passes health checks.
    public var ignoreHealthOnHostRemoval: Bool?
    /// Use the TTL of DNS answers as the refresh interval.
    public var respectDnsTtl: Bool?
    /// How often DNS names of the endpoints are resolved again.
    public var dnsRefreshRate: ProtoDuration?
    /// PROXY protocol version to speak to the backend (`V1` or `V2`).
    public var proxyProtocolVersion: String?
    /// Opening connections before they are needed.
    public var preconnectPolicy: PreconnectPolicy?
    /// Turn off Istio's automatic mTLS for this backend.
    public var disableIstioAutoMtls: Bool?

    /// An empty spec.
    public init() {}

    /// A spec with the given backend.
    public init(_ upstreamType: UpstreamType) {
        self.upstreamType = upstreamType
    }

    /// Labels and other facts discovery recorded about the backend (`DiscoveryMetadata`).
    public struct DiscoveryMetadata: Codable, Hashable, Sendable {
        /// Labels copied from the discovered service.
        public var labels: [String: String]?

        /// Metadata with these labels.
        public init(labels: [String: String]? = nil) {
            self.labels = labels
        }
    }

    /// A header name and value (`gloo.solo.io.HeaderValue`).
    public struct HeaderValue: Codable, Hashable, Sendable {
        /// The header name.
        public var key: String?
        /// The header value.
        public var value: String?

        /// A name and value.
        public init(key: String? = nil, value: String? = nil) {
            self.key = key
            self.value = value
        }
    }

    /// Ratios that make Envoy open connections ahead of demand (`PreconnectPolicy`); each is 1 to 3.
    public struct PreconnectPolicy: Codable, Hashable, Sendable {
        /// Connections kept per expected concurrent stream, per endpoint.
        public var perUpstreamPreconnectRatio: Double?
        /// Connections kept per expected concurrent stream, across the cluster.
        public var predictivePreconnectRatio: Double?

        /// No preconnecting.
        public init() {}
    }

    /// Whether Envoy always uses the configured protocol or follows the downstream's.
    public enum ClusterProtocolSelection: String, ProtoEnum {
        /// Use HTTP/1.1, or HTTP/2 when ``UpstreamSpec/useHttp2`` is set.
        case useConfiguredProtocol = "USE_CONFIGURED_PROTOCOL"
        /// Use whatever protocol the downstream request came in with.
        case useDownstreamProtocol = "USE_DOWNSTREAM_PROTOCOL"
    }

    /// The backend kinds of an Upstream.
    public enum UpstreamType: Hashable, Sendable {
        /// A Kubernetes Service.
        case kube(KubeUpstream)
        /// A fixed list of hosts.
        case `static`(StaticUpstream)
        /// A Unix domain socket.
        case pipe(PipeUpstream)
        /// AWS Lambda functions.
        case aws(AwsLambdaUpstream)
        /// Azure Functions.
        case azure(AzureUpstream)
        /// A Consul service.
        case consul(ConsulUpstream)
        /// Tagged EC2 instances.
        case awsEc2(AwsEc2Upstream)
        /// Google Cloud (Enterprise), as written.
        case gcp(ConfigValue)
        /// AI providers (Enterprise), as written.
        case ai(ConfigValue)
    }

    /// The backend, when exactly one kind is set. Setting it clears the other kinds.
    public var upstreamType: UpstreamType? {
        get {
            guard upstreamTypeCount == 1 else { return nil }
            if let kube { return .kube(kube) }
            if let value = self.static { return .static(value) }
            if let pipe { return .pipe(pipe) }
            if let aws { return .aws(aws) }
            if let azure { return .azure(azure) }
            if let consul { return .consul(consul) }
            if let awsEc2 { return .awsEc2(awsEc2) }
            if let gcp { return .gcp(gcp) }
            if let ai { return .ai(ai) }
            return nil
        }
        set {
            kube = nil
            self.static = nil
            pipe = nil
            aws = nil
            azure = nil
            consul = nil
            awsEc2 = nil
            gcp = nil
            ai = nil
            switch newValue {
            case .kube(let value): kube = value
            case .static(let value): self.static = value
            case .pipe(let value): pipe = value
            case .aws(let value): aws = value
            case .azure(let value): azure = value
            case .consul(let value): consul = value
            case .awsEc2(let value): awsEc2 = value
            case .gcp(let value): gcp = value
            case .ai(let value): ai = value
            case nil: break
            }
        }
    }

    /// How many backend kinds are set (exactly one is valid).
    public var upstreamTypeCount: Int {
        [
            kube != nil, self.static != nil, pipe != nil, aws != nil, azure != nil, consul != nil, awsEc2 != nil,
            gcp != nil, ai != nil,
        ]
        .filter { $0 }.count
    }

    /// The service spec of the backend, for the kinds that carry one (kube, static, pipe, consul).
    public var serviceSpec: ServiceSpec? {
        kube?.serviceSpec ?? self.static?.serviceSpec ?? pipe?.serviceSpec ?? consul?.serviceSpec
    }

    /// The subsets routes may select, as Gloo derives them: a `kube` upstream's ``KubeUpstream/subsetSpec``;
    /// for a `consul` upstream, one selector on its data centers (`dc_<name>` keys) and, when it has subset
    /// tags (or else service tags), one on the tags (`tag_<tag>` keys) and one on both. Nil for other kinds.
    public var effectiveSubsetSpec: SubsetSpec? {
        if let kube { return kube.subsetSpec }
        guard let consul else { return nil }
        let dataCenterKeys = (consul.dataCenters ?? []).map { "dc_\($0)" }.sorted()
        var spec = SubsetSpec()
        spec.selectors = [SubsetSpec.Selector(keys: dataCenterKeys)]
        var tags = consul.subsetTags ?? []
        if tags.isEmpty { tags = consul.serviceTags ?? [] }
        if !tags.isEmpty {
            let tagKeys = tags.map { "tag_\($0)" }.sorted()
            spec.selectors? += [
                SubsetSpec.Selector(keys: tagKeys), SubsetSpec.Selector(keys: dataCenterKeys + tagKeys),
            ]
        }
        return spec
    }

    /// The label keys of each subset selector of ``effectiveSubsetSpec``; nil when the upstream has no subset
    /// configuration (a route's `subset` then cannot match).
    public var subsetSelectorKeys: [[String]]? {
        effectiveSubsetSpec.map { spec in (spec.selectors ?? []).map { $0.keys ?? [] } }
    }

    /// Whether Envoy speaks HTTP/2 to the backend: when ``useHttp2`` is true, or when the service spec is
    /// gRPC (the legacy `grpc` spec always; `grpcJsonTranscoder` once it names a descriptor set), as Gloo's
    /// gRPC plugins force HTTP/2 on the cluster.
    public var usesHttp2: Bool {
        if useHttp2 == true { return true }
        switch serviceSpec?.pluginType {
        case .grpc: return true
        case .grpcJsonTranscoder(let transcoder): return transcoder.descriptorSet != nil
        default: return false
        }
    }

    /// The Envoy cluster name Gloo gives an Upstream: `<name>_<namespace>`, or just `name` when the namespace
    /// is empty. An underscore, not a dot, keeps the name a single token in Envoy's stats.
    public static func clusterName(name: String, namespace: String?) -> String {
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(name)_\(namespace)"
    }
}
