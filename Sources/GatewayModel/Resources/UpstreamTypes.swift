// The backend kinds an Upstream can have (`upstreamType`), one type per kind.

/// An Upstream whose endpoints are listed by hand (`static.options.gloo.solo.io.UpstreamSpec`).
public struct StaticUpstream: Codable, Hashable, Sendable {
    /// The endpoints.
    public var hosts: [Host]?
    /// Connect with TLS. Gloo turns it on by itself when a host uses port 443.
    public var useTls: Bool?
    /// What the backend serves (REST or gRPC functions).
    public var serviceSpec: ServiceSpec?
    /// Send each host's ``Host/addr`` as the TLS server name when it has no ``Host/sniAddr``; default true.
    public var autoSniRewrite: Bool?

    /// An upstream with no hosts.
    public init() {}

    /// An upstream with these hosts.
    public init(hosts: [Host], useTls: Bool? = nil) {
        self.hosts = hosts
        self.useTls = useTls
    }

    /// One endpoint of a static upstream (`static.options.gloo.solo.io.Host`).
    public struct Host: Codable, Hashable, Sendable {
        /// The host name or IP address.
        public var addr: String
        /// The TCP port.
        public var port: UInt32?
        /// The TLS server name to send, when it differs from ``addr``.
        public var sniAddr: String?
        /// The share of traffic this host gets relative to the others; at least 1.
        public var loadBalancingWeight: UInt32?
        /// Per-host overrides of the HTTP health check.
        public var healthCheckConfig: HealthCheckConfig?
        /// Envoy endpoint metadata, by filter name; used e.g. for subset load balancing.
        public var metadata: [String: ConfigValue]?

        /// A host at `addr:port`.
        public init(addr: String, port: UInt32? = nil) {
            self.addr = addr
            self.port = port
        }

        /// Where and how to health-check this one host (`Host.HealthCheckConfig`).
        public struct HealthCheckConfig: Codable, Hashable, Sendable {
            /// The request path of the health check.
            public var path: String?
            /// The request method of the health check.
            public var method: String?

            /// No overrides.
            public init() {}
        }
    }
}

/// An Upstream for the pods behind a Kubernetes Service port (`kubernetes.options.gloo.solo.io.UpstreamSpec`).
public struct KubeUpstream: Codable, Hashable, Sendable {
    /// The Service name.
    public var serviceName: String?
    /// The Service namespace.
    public var serviceNamespace: String?
    /// The Service port (not the target port).
    public var servicePort: UInt32?
    /// Only pods with all these labels are endpoints.
    public var selector: [String: String]?
    /// What the backend serves (REST or gRPC functions).
    public var serviceSpec: ServiceSpec?
    /// How endpoints are grouped for subset routing.
    public var subsetSpec: SubsetSpec?

    /// An empty spec.
    public init() {}

    /// The Service `namespace/name` on `port`.
    public init(serviceName: String, serviceNamespace: String, servicePort: UInt32) {
        self.serviceName = serviceName
        self.serviceNamespace = serviceNamespace
        self.servicePort = servicePort
    }
}

/// How the endpoints of an Upstream are split into subsets that routes can select
/// (`options.gloo.solo.io.SubsetSpec`).
public struct SubsetSpec: Codable, Hashable, Sendable {
    /// The label key sets that define subsets.
    public var selectors: [Selector]?
    /// What happens when a route's subset has no endpoints.
    public var fallbackPolicy: FallbackPolicy?
    /// The subset used by ``FallbackPolicy/defaultSubset``.
    public var defaultSubset: Subset?

    /// No subsets.
    public init() {}

    /// A set of label keys; endpoints with equal values for all of them form one subset.
    public struct Selector: Codable, Hashable, Sendable {
        /// The label keys.
        public var keys: [String]?
        /// Treat each host as its own subset.
        public var singleHostPerSubset: Bool?

        /// A selector on these keys.
        public init(keys: [String]? = nil) {
            self.keys = keys
        }
    }

    /// Where requests go when their subset is empty.
    public enum FallbackPolicy: String, ProtoEnum {
        /// Any endpoint of the upstream.
        case anyEndpoint = "ANY_ENDPOINT"
        /// The endpoints of ``SubsetSpec/defaultSubset``.
        case defaultSubset = "DEFAULT_SUBSET"
        /// Nowhere: the request fails.
        case noFallback = "NO_FALLBACK"
    }
}

/// An Upstream for AWS Lambda functions of one region (`aws.options.gloo.solo.io.UpstreamSpec`).
public struct AwsLambdaUpstream: Codable, Hashable, Sendable {
    /// The AWS region, e.g. `us-east-1`.
    public var region: String?
    /// A Secret of the `aws` kind holding the credentials; without one, ambient credentials are used.
    public var secretRef: ResourceRef?
    /// The functions routes can call; discovery replaces this list.
    public var lambdaFunctions: [LambdaFunction]?
    /// An IAM role to assume for invocations.
    public var roleArn: String?
    /// With this, function names are turned into full ARNs in this account.
    public var awsAccountId: String?
    /// Use the credentials to assume ``roleArn`` directly, rather than chaining through the ambient role.
    public var disableRoleChaining: Bool?
    /// Values forced onto the AWS destination spec of every route to this upstream (only true or non-empty
    /// values override).
    public var destinationOverrides: DestinationSpec.Aws?

    /// An empty spec.
    public init() {}

    /// An upstream in `region` with these functions.
    public init(region: String, secretRef: ResourceRef? = nil, lambdaFunctions: [LambdaFunction]? = nil) {
        self.region = region
        self.secretRef = secretRef
        self.lambdaFunctions = lambdaFunctions
    }

    /// One callable function version (`LambdaFunctionSpec`).
    public struct LambdaFunction: Codable, Hashable, Sendable {
        /// The name routes use (`destinationSpec.aws.logicalName`); discovery writes `name` or `name:version`.
        public var logicalName: String?
        /// The function name in AWS.
        public var lambdaFunctionName: String?
        /// The version or alias; empty means `$LATEST`.
        public var qualifier: String?

        /// A function with these names.
        public init(logicalName: String? = nil, lambdaFunctionName: String? = nil, qualifier: String? = nil) {
            self.logicalName = logicalName
            self.lambdaFunctionName = lambdaFunctionName
            self.qualifier = qualifier
        }
    }
}

/// An Upstream for EC2 instances chosen by tag (`aws_ec2.options.gloo.solo.io.UpstreamSpec`).
public struct AwsEc2Upstream: Codable, Hashable, Sendable {
    /// The AWS region.
    public var region: String?
    /// A Secret with AWS credentials; without one, ambient credentials.
    public var secretRef: ResourceRef?
    /// An IAM role to assume when listing instances.
    public var roleArn: String?
    /// Instances must match all of these tag filters (keys compare case-insensitively).
    public var filters: [TagFilter]?
    /// Connect to the public IP address rather than the private one.
    public var publicIp: Bool?
    /// The port to connect to on each instance.
    public var port: UInt32?

    /// An empty spec.
    public init() {}

    /// A condition on an instance tag: the key is present, or the key has a value.
    public struct TagFilter: Codable, Hashable, Sendable {
        /// The tag must be present.
        public var key: String?
        /// The tag must have this value.
        public var kvPair: KvPair?

        /// An empty filter.
        public init() {}

        /// A tag key with its required value (`TagFilter.KvPair`).
        public struct KvPair: Codable, Hashable, Sendable {
            /// The tag key.
            public var key: String?
            /// The required value.
            public var value: String?

            /// A key and value.
            public init(key: String? = nil, value: String? = nil) {
                self.key = key
                self.value = value
            }
        }

        /// The kinds of tag filter.
        public enum Spec: Hashable, Sendable {
            /// The tag is present.
            case key(String)
            /// The tag has a value.
            case kvPair(KvPair)
        }

        /// The filter, when exactly one kind is set. Setting it clears the other.
        public var spec: Spec? {
            get {
                switch (key, kvPair) {
                case (let key?, nil): .key(key)
                case (nil, let pair?): .kvPair(pair)
                default: nil
                }
            }
            set {
                key = nil
                kvPair = nil
                switch newValue {
                case .key(let value): key = value
                case .kvPair(let value): kvPair = value
                case nil: break
                }
            }
        }
    }
}

/// An Upstream for the functions of an Azure Function App (`azure.options.gloo.solo.io.UpstreamSpec`).
public struct AzureUpstream: Codable, Hashable, Sendable {
    /// The Function App; requests go to `<functionAppName>.azurewebsites.net`.
    public var functionAppName: String?
    /// A Secret holding the publish profile's function keys.
    public var secretRef: ResourceRef?
    /// The functions routes can call.
    public var functions: [FunctionSpec]?

    /// An empty spec.
    public init() {}

    /// One function of the app (`UpstreamSpec.FunctionSpec`).
    public struct FunctionSpec: Codable, Hashable, Sendable {
        /// The function name.
        public var functionName: String?
        /// Which key, if any, a call needs.
        public var authLevel: AuthLevel?

        /// A function with this name and level.
        public init(functionName: String? = nil, authLevel: AuthLevel? = nil) {
            self.functionName = functionName
            self.authLevel = authLevel
        }

        /// Azure's authorization levels; the names keep Azure's capitalization.
        public enum AuthLevel: String, ProtoEnum {
            /// No key needed.
            case anonymous = "Anonymous"
            /// A function key.
            case function = "Function"
            /// The master key.
            case admin = "Admin"
        }
    }
}

/// An Upstream for a service in the Consul catalog (`consul.options.gloo.solo.io.UpstreamSpec`).
public struct ConsulUpstream: Codable, Hashable, Sendable {
    /// The Consul service name.
    public var serviceName: String?
    /// Deprecated: the tags seen on the service's instances, as discovery recorded them.
    public var serviceTags: [String]?
    /// Tags that split the instances into subsets routes can select.
    public var subsetTags: [String]?
    /// Only instances with all these tags are endpoints.
    public var instanceTags: [String]?
    /// Instances with any of these tags are not endpoints.
    public var instanceBlacklistTags: [String]?
    /// What the backend serves (REST or gRPC functions).
    public var serviceSpec: ServiceSpec?
    /// The read consistency of Consul queries.
    public var consistencyMode: ConsulConsistencyMode?
    /// Options of Consul queries.
    public var queryOptions: ConsulQueryOptions?
    /// The service uses Consul Connect (mTLS through sidecars).
    public var connectEnabled: Bool?
    /// The data centers the service runs in.
    public var dataCenters: [String]?

    /// An empty spec.
    public init() {}

    /// The Consul service `serviceName`.
    public init(serviceName: String, dataCenters: [String]? = nil) {
        self.serviceName = serviceName
        self.dataCenters = dataCenters
    }
}

/// The read consistency of Consul catalog queries (`ConsulConsistencyModes`).
public enum ConsulConsistencyMode: String, ProtoEnum {
    /// Consul's default: reads from the leader, which may rarely be stale.
    case defaultMode = "DefaultMode"
    /// Any server may answer; fastest, possibly stale.
    case staleMode = "StaleMode"
    /// The leader confirms it is still leader before answering.
    case consistentMode = "ConsistentMode"
}

/// Options of Consul catalog queries (`consul.options.gloo.solo.io.QueryOptions`).
public struct ConsulQueryOptions: Codable, Hashable, Sendable {
    /// Let the Consul agent answer from its cache.
    public var useCache: Bool?

    /// Default options.
    public init(useCache: Bool? = nil) {
        self.useCache = useCache
    }
}

/// An Upstream reached over a Unix domain socket (`pipe.options.gloo.solo.io.UpstreamSpec`).
public struct PipeUpstream: Codable, Hashable, Sendable {
    /// The socket path.
    public var path: String?
    /// What the backend serves (REST or gRPC functions).
    public var serviceSpec: ServiceSpec?

    /// A socket at `path`.
    public init(path: String? = nil) {
        self.path = path
    }
}
