import GatewayModel
public import NIOCore

/// One Upstream as the data plane reaches it: its endpoints, how it balances requests over them and how it
/// connects. Built at configuration time; immutable.
public struct UpstreamCluster: Sendable {
    /// One address requests go to.
    public struct Endpoint: Sendable, Hashable {
        public let host: String
        public let port: Int
        /// Relative share of the requests (`loadBalancingWeight`, default 1).
        public var weight: UInt32
        /// The TLS server name sent to it, when the cluster speaks TLS.
        public var serverName: String?
        /// `host:port`, with brackets around an IPv6 address (made once: every request's record names it).
        public let address: String

        public init(host: String, port: Int, weight: UInt32 = 1, serverName: String? = nil) {
            self.host = host
            self.port = port
            self.weight = weight
            self.serverName = serverName
            address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// How a request chooses its endpoint (`loadBalancerConfig`; Envoy's default is round robin).
    public enum Balancing: Sendable, Hashable {
        case roundRobin
        /// The less loaded of `choiceCount` random endpoints (Envoy: power of two choices).
        case leastRequest(choiceCount: Int)
        case random
        /// Ring hash over the route's `lbHash` hash (random without one).
        case ringHash(minimumSize: UInt64, maximumSize: UInt64)
    }

    /// `<namespace>/<name>` of the Upstream.
    public let name: String
    public let endpoints: [Endpoint]
    public let balancing: Balancing
    /// `connectionConfig.connectTimeout`; Envoy's default is 5 s.
    public let connectTimeout: TimeAmount
    /// `connectionConfig.maxRequestsPerConnection`; 0 is unlimited.
    public let maxRequestsPerConnection: Int
    /// The active HTTP health check, if the Upstream has one.
    public let healthCheck: HealthCheckPolicy?
    /// Passive outlier detection, if the Upstream has it.
    public let outlierDetection: OutlierPolicy?
    /// The limits on requests and retries in flight.
    public let circuitBreakers: CircuitBreakers
    /// Whether requests go over HTTP/2 (`useHttp2`, or a gRPC service spec), each endpoint one connection.
    public let usesHttp2: Bool
    /// TLS to the endpoints, if the Upstream speaks it.
    let tls: UpstreamTLS?

    public init(
        name: String,
        endpoints: [Endpoint],
        balancing: Balancing = .roundRobin,
        connectTimeout: TimeAmount = .seconds(5),
        maxRequestsPerConnection: Int = 0,
        healthCheck: HealthCheckPolicy? = nil,
        outlierDetection: OutlierPolicy? = nil,
        circuitBreakers: CircuitBreakers = CircuitBreakers(),
        usesHttp2: Bool = false
    ) {
        self.init(
            name: name,
            endpoints: endpoints,
            balancing: balancing,
            connectTimeout: connectTimeout,
            maxRequestsPerConnection: maxRequestsPerConnection,
            healthCheck: healthCheck,
            outlierDetection: outlierDetection,
            circuitBreakers: circuitBreakers,
            usesHttp2: usesHttp2,
            tls: nil
        )
    }

    init(
        name: String,
        endpoints: [Endpoint],
        balancing: Balancing,
        connectTimeout: TimeAmount,
        maxRequestsPerConnection: Int,
        healthCheck: HealthCheckPolicy?,
        outlierDetection: OutlierPolicy?,
        circuitBreakers: CircuitBreakers,
        usesHttp2: Bool,
        tls: UpstreamTLS?
    ) {
        self.circuitBreakers = circuitBreakers
        self.usesHttp2 = usesHttp2
        self.tls = tls
        self.name = name
        self.endpoints = endpoints
        self.balancing = balancing
        self.connectTimeout = connectTimeout
        self.maxRequestsPerConnection = maxRequestsPerConnection
        self.healthCheck = healthCheck
        self.outlierDetection = outlierDetection
    }

    /// The cluster of `upstream`, or the reason the data plane cannot reach it; `notes` receives what of it is not
    /// applied.
    static func make(
        _ upstream: Resource<UpstreamSpec>,
        resources: ResourceSet,
        notes: inout [DataPlaneProblem]
    ) -> Result<UpstreamCluster, DataPlaneProblem> {
        let name = "\(upstream.namespace)/\(upstream.name)"
        let spec = upstream.spec
        func problem(_ reason: String) -> DataPlaneProblem {
            DataPlaneProblem(resource: "Upstream \(upstream.namespace).\(upstream.name)", reason: reason)
        }
        guard let hosts = spec.static?.hosts else {
            return .failure(
                problem("the embedded data plane reaches static Upstreams only; this one is served over xDS only")
            )
        }
        let tls: UpstreamTLS?
        do {
            tls = try UpstreamTLS.make(upstream, resources: resources)
        } catch {
            return .failure(problem("sslConfig: \(error)"))
        }
        let autoSni = spec.static?.autoSniRewrite ?? true
        var endpoints: [Endpoint] = []
        for host in hosts {
            guard let port = host.port, port > 0, port <= 65535 else {
                return .failure(problem("static.hosts: \(host.addr) needs a port between 1 and 65535"))
            }
            var serverName: String?
            if tls != nil {
                let isAddress = host.addr.contains(":") || host.addr.allSatisfy { $0.isNumber || $0 == "." }
                serverName = host.sniAddr ?? tls?.serverName ?? (autoSni && !isAddress ? host.addr : nil)
            }
            endpoints.append(
                Endpoint(
                    host: host.addr,
                    port: Int(port),
                    weight: max(host.loadBalancingWeight ?? 1, 1),
                    serverName: serverName
                )
            )
        }
        let balancing: Balancing =
            switch spec.loadBalancerConfig?.policy {
            case .leastRequest(let options): .leastRequest(choiceCount: Int(max(options.choiceCount ?? 2, 2)))
            case .random: .random
            case .ringHash(let options):
                .ringHash(
                    minimumSize: max(options.ringHashConfig?.minimumRingSize ?? 1024, 1),
                    maximumSize: min(options.ringHashConfig?.maximumRingSize ?? 8_388_608, 8_388_608)
                )
            case .maglev:
                // Consistent hashing too, but placed by Envoy's ring, not by a maglev table.
                .ringHash(minimumSize: 1024, maximumSize: 8_388_608)
            default: .roundRobin
            }
        if case .maglev = spec.loadBalancerConfig?.policy {
            notes.append(
                problem(
                    "maglev is balanced with a hash ring here; the same request may reach another host than Envoy picks"
                )
            )
        }
        var healthCheck: HealthCheckPolicy?
        for (index, check) in (spec.healthChecks ?? []).enumerated() {
            switch HealthCheckPolicy.make(check) {
            case .success(let policy) where healthCheck == nil: healthCheck = policy
            case .success: notes.append(problem("healthChecks[\(index)]: only the first health check is run"))
            case .failure(let failure): notes.append(problem("healthChecks[\(index)]: \(failure.reason)"))
            }
        }
        return .success(
            UpstreamCluster(
                name: name,
                endpoints: endpoints,
                balancing: balancing,
                connectTimeout: spec.connectionConfig?.connectTimeout.map(TimeAmount.init) ?? .seconds(5),
                maxRequestsPerConnection: Int(spec.connectionConfig?.maxRequestsPerConnection ?? 0),
                healthCheck: healthCheck,
                outlierDetection: spec.outlierDetection.map(OutlierPolicy.init),
                circuitBreakers: CircuitBreakers.make(
                    spec.circuitBreakers,
                    defaults: resources.settings.first?.spec.gloo?.circuitBreakers
                ) { notes.append(problem($0)) },
                usesHttp2: spec.usesHttp2,
                tls: tls
            )
        )
    }
}

extension TimeAmount {
    /// A protobuf duration, clamped to what a `TimeAmount` holds.
    init(_ duration: ProtoDuration) {
        let limit = Int64.max / 1_000_000_000 - 1
        let seconds = min(max(duration.seconds, -limit), limit)
        self = .nanoseconds(seconds * 1_000_000_000 + Int64(duration.nanos))
    }
}
