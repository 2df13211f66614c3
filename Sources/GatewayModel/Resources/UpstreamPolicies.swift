// Connection, load-balancing and health settings of an Upstream's Envoy cluster.

/// Limits Envoy enforces on one upstream's cluster (`gloo.solo.io.CircuitBreakerConfig`); Envoy's defaults
/// apply to the ones left out.
public struct CircuitBreakerConfig: Codable, Hashable, Sendable {
    /// Open connections to all hosts together.
    public var maxConnections: UInt32?
    /// Requests waiting for a connection.
    public var maxPendingRequests: UInt32?
    /// Requests in flight (mainly HTTP/2).
    public var maxRequests: UInt32?
    /// Retries in flight.
    public var maxRetries: UInt32?
    /// Publish the remaining capacity of each limit as stats.
    public var trackRemaining: Bool?

    /// Envoy's defaults.
    public init() {}
}

/// How Envoy picks an endpoint for each request (`gloo.solo.io.LoadBalancerConfig`).
///
/// The algorithm is a `oneof`: at most one of ``roundRobin``, ``leastRequest``, ``random``, ``ringHash`` and
/// ``maglev`` is set; ``policy`` gives the one that is. None means round robin.
public struct LoadBalancerConfig: Codable, Hashable, Sendable {
    /// The percentage (0–100) of healthy hosts below which Envoy ignores health and uses all hosts.
    public var healthyPanicThreshold: Double?
    /// How long endpoint updates are batched before they apply; 0 applies them at once. Default 1s.
    public var updateMergeWindow: ProtoDuration?
    /// Weighted round robin.
    public var roundRobin: RoundRobin?
    /// The less loaded of a few random hosts.
    public var leastRequest: LeastRequest?
    /// A random host.
    public var random: Random?
    /// Consistent hashing on a ring (with a route's hash policy).
    public var ringHash: RingHash?
    /// Consistent hashing with Maglev tables (with a route's hash policy).
    public var maglev: Maglev?
    /// Turns on locality-weighted balancing (an empty object).
    public var localityWeightedLbConfig: LocalityWeightedLbConfig?
    /// Hash on host names rather than addresses (for hosts that share an address).
    public var useHostnameForHashing: Bool?
    /// Drain connections of hash-based balancers when the set of hosts changes, so keys move consistently.
    public var closeConnectionsOnHostSetChange: Bool?

    /// Envoy's defaults (round robin).
    public init() {}

    /// A configuration using `policy`.
    public init(_ policy: Policy) {
        self.policy = policy
    }

    /// Settings of weighted round robin (`LoadBalancerConfig.RoundRobin`).
    public struct RoundRobin: Codable, Hashable, Sendable {
        /// Ramp up traffic to new hosts.
        public var slowStartConfig: SlowStartConfig?

        /// Default settings.
        public init() {}
    }

    /// Settings of least-request balancing (`LoadBalancerConfig.LeastRequest`).
    public struct LeastRequest: Codable, Hashable, Sendable {
        /// How many random hosts are compared; default 2.
        public var choiceCount: UInt32?
        /// Ramp up traffic to new hosts.
        public var slowStartConfig: SlowStartConfig?

        /// Default settings.
        public init() {}
    }

    /// Random balancing; no settings (`LoadBalancerConfig.Random`).
    public struct Random: Codable, Hashable, Sendable {
        /// The only value.
        public init() {}
    }

    /// Settings of ring-hash balancing (`LoadBalancerConfig.RingHash`).
    public struct RingHash: Codable, Hashable, Sendable {
        /// The ring sizes.
        public var ringHashConfig: RingHashConfig?

        /// Default settings.
        public init() {}
    }

    /// The size bounds of a hash ring (`LoadBalancerConfig.RingHashConfig`).
    public struct RingHashConfig: Codable, Hashable, Sendable {
        /// The smallest ring; default 1024 entries.
        public var minimumRingSize: UInt64?
        /// The largest ring; default 8M entries.
        public var maximumRingSize: UInt64?

        /// Default sizes.
        public init() {}
    }

    /// Maglev balancing; no settings (`LoadBalancerConfig.Maglev`).
    public struct Maglev: Codable, Hashable, Sendable {
        /// The only value.
        public init() {}
    }

    /// The empty object that switches on locality-weighted balancing (`google.protobuf.Empty`).
    public struct LocalityWeightedLbConfig: Codable, Hashable, Sendable {
        /// The only value.
        public init() {}
    }

    /// Gradual ramp-up of traffic to hosts that just joined (`LoadBalancerConfig.SlowStartConfig`).
    public struct SlowStartConfig: Codable, Hashable, Sendable {
        /// How long the ramp-up lasts.
        public var slowStartWindow: ProtoDuration?
        /// The shape of the ramp; 1.0 is linear, larger is faster at first.
        public var aggression: Double?
        /// The weight, in percent, a new host starts with; default 10.
        public var minWeightPercent: Double?

        /// Default settings.
        public init() {}
    }

    /// The balancing algorithms.
    public enum Policy: Hashable, Sendable {
        /// Weighted round robin.
        case roundRobin(RoundRobin)
        /// Least request.
        case leastRequest(LeastRequest)
        /// Random.
        case random
        /// Ring hash.
        case ringHash(RingHash)
        /// Maglev.
        case maglev
    }

    /// The algorithm, when exactly one is set. Setting it clears the others.
    public var policy: Policy? {
        get {
            switch (roundRobin, leastRequest, random, ringHash, maglev) {
            case (let value?, nil, nil, nil, nil): .roundRobin(value)
            case (nil, let value?, nil, nil, nil): .leastRequest(value)
            case (nil, nil, _?, nil, nil): .random
            case (nil, nil, nil, let value?, nil): .ringHash(value)
            case (nil, nil, nil, nil, _?): .maglev
            default: nil
            }
        }
        set {
            roundRobin = nil
            leastRequest = nil
            random = nil
            ringHash = nil
            maglev = nil
            switch newValue {
            case .roundRobin(let value): roundRobin = value
            case .leastRequest(let value): leastRequest = value
            case .random: random = Random()
            case .ringHash(let value): ringHash = value
            case .maglev: maglev = Maglev()
            case nil: break
            }
        }
    }
}

/// Settings of the connections to an upstream's hosts (`gloo.solo.io.ConnectionConfig`).
public struct ConnectionConfig: Codable, Hashable, Sendable {
    /// Requests per connection before it is closed; 0 or absent means no limit.
    public var maxRequestsPerConnection: UInt32?
    /// How long opening a connection may take.
    public var connectTimeout: ProtoDuration?
    /// TCP keepalive probes on idle connections.
    public var tcpKeepalive: TcpKeepAlive?
    /// Soft limit on each connection's read and write buffers, in bytes; Envoy's default is 1 MiB.
    public var perConnectionBufferLimitBytes: UInt32?
    /// HTTP settings common to all versions (idle timeout, header limits…); kept as written.
    public var commonHttpProtocolOptions: ConfigValue?
    /// HTTP/1.1 settings; kept as written.
    public var http1ProtocolOptions: ConfigValue?

    /// Envoy's defaults.
    public init() {}

    /// TCP keepalive settings (`ConnectionConfig.TcpKeepAlive`); the operating system's defaults apply to those
    /// left out.
    public struct TcpKeepAlive: Codable, Hashable, Sendable {
        /// Unanswered probes before the connection is dropped.
        public var keepaliveProbes: UInt32?
        /// Idle time before the first probe.
        public var keepaliveTime: ProtoDuration?
        /// Time between probes.
        public var keepaliveInterval: ProtoDuration?

        /// The operating system's defaults.
        public init() {}
    }
}

/// An active health check of an upstream's hosts (Envoy's `HealthCheck` as Gloo vendors it,
/// `solo.io.envoy.api.v2.core.HealthCheck`).
///
/// The kind of check is a `oneof`: one of ``httpHealthCheck``, ``tcpHealthCheck``, ``grpcHealthCheck`` and
/// ``customHealthCheck``; ``healthChecker`` gives the one that is set.
public struct HealthCheck: Codable, Hashable, Sendable {
    /// How long to wait for an answer (required by Envoy).
    public var timeout: ProtoDuration?
    /// Time between checks (required by Envoy).
    public var interval: ProtoDuration?
    /// A random delay, up to this, before the first check.
    public var initialJitter: ProtoDuration?
    /// A random amount, up to this, added to each interval.
    public var intervalJitter: ProtoDuration?
    /// A random amount, up to this percentage of the interval, added to each interval.
    public var intervalJitterPercent: UInt32?
    /// Failed checks before a host is marked unhealthy.
    public var unhealthyThreshold: UInt32?
    /// Passed checks before a host is marked healthy again.
    public var healthyThreshold: UInt32?
    /// Keep the connection open between checks; default true.
    public var reuseConnection: Bool?
    /// Check with an HTTP request.
    public var httpHealthCheck: HttpHealthCheck?
    /// Check by sending and expecting bytes on a TCP connection.
    public var tcpHealthCheck: TcpHealthCheck?
    /// Check with the gRPC health-checking protocol.
    public var grpcHealthCheck: GrpcHealthCheck?
    /// Check with a health checker extension.
    public var customHealthCheck: CustomHealthCheck?
    /// Interval used while the cluster has had no traffic.
    public var noTrafficInterval: ProtoDuration?
    /// Interval used for hosts marked unhealthy.
    public var unhealthyInterval: ProtoDuration?
    /// Interval used right after a host becomes unhealthy.
    public var unhealthyEdgeInterval: ProtoDuration?
    /// Interval used right after a host becomes healthy.
    public var healthyEdgeInterval: ProtoDuration?
    /// A file Envoy logs health-check events to.
    public var eventLogPath: String?
    /// Log every failed check, not only state changes.
    public var alwaysLogHealthCheckFailures: Bool?

    /// An empty health check.
    public init() {}

    /// A check of the given kind every `interval`, each allowed `timeout`.
    public init(timeout: ProtoDuration, interval: ProtoDuration, _ healthChecker: HealthChecker) {
        self.timeout = timeout
        self.interval = interval
        self.healthChecker = healthChecker
    }

    /// An HTTP health check (`HealthCheck.HttpHealthCheck`).
    public struct HttpHealthCheck: Codable, Hashable, Sendable {
        /// The `Host` header; default the cluster name.
        public var host: String?
        /// The request path (required).
        public var path: String?
        /// Compare to the `x-envoy-upstream-healthchecked-cluster` response header.
        public var serviceName: String?
        /// Headers added to the check request.
        public var requestHeadersToAdd: [HeaderValueOption]?
        /// Headers removed from the check request.
        public var requestHeadersToRemove: [String]?
        /// Make the check over HTTP/2.
        public var useHttp2: Bool?
        /// Statuses that count as healthy (half-open ranges); default only 200.
        public var expectedStatuses: [Int64Range]?
        /// Checks of the response body and headers (Enterprise); kept as written.
        public var responseAssertions: ConfigValue?
        /// The request method; default GET.
        public var method: RequestMethod?

        /// An empty check.
        public init() {}

        /// A GET of `path`.
        public init(path: String, host: String? = nil) {
            self.path = path
            self.host = host
        }
    }

    /// A TCP health check (`HealthCheck.TcpHealthCheck`): connect, optionally send bytes and expect bytes back.
    /// With neither, a successful connect is healthy.
    public struct TcpHealthCheck: Codable, Hashable, Sendable {
        /// Bytes to send.
        public var send: Payload?
        /// Bytes that must all appear in the answer.
        public var receive: [Payload]?

        /// A connect-only check.
        public init() {}
    }

    /// A gRPC `grpc.health.v1.Health` check (`HealthCheck.GrpcHealthCheck`).
    public struct GrpcHealthCheck: Codable, Hashable, Sendable {
        /// The service name in the check request.
        public var serviceName: String?
        /// The `:authority` of the check request; default the cluster name.
        public var authority: String?
        /// Metadata sent with the check request.
        public var initialMetadata: [HeaderValueOption]?

        /// A check of the whole server.
        public init(serviceName: String? = nil) {
            self.serviceName = serviceName
        }
    }

    /// A health checker extension and its configuration (`HealthCheck.CustomHealthCheck`).
    public struct CustomHealthCheck: Codable, Hashable, Sendable {
        /// The extension name.
        public var name: String?
        /// Its configuration as a `Struct`; kept as written.
        public var config: ConfigValue?
        /// Its configuration as a typed `Any`; kept as written.
        public var typedConfig: ConfigValue?

        /// An empty check.
        public init() {}
    }

    /// Bytes sent or expected by a TCP check, as hex text (`HealthCheck.Payload`).
    public struct Payload: Codable, Hashable, Sendable {
        /// The bytes in hexadecimal.
        public var text: String?

        /// The bytes written in hexadecimal as `text`.
        public init(text: String? = nil) {
            self.text = text
        }
    }

    /// A header added to a check request (`envoy.api.v2.core.HeaderValueOption`).
    public struct HeaderValueOption: Codable, Hashable, Sendable {
        /// The header.
        public var header: Header?
        /// Append to an existing value rather than replace it; default true.
        public var append: Bool?

        /// `header`, appended or not.
        public init(header: Header? = nil, append: Bool? = nil) {
            self.header = header
            self.append = append
        }

        /// A header name and value (`envoy.api.v2.core.HeaderValue`).
        public struct Header: Codable, Hashable, Sendable {
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
    }

    /// A half-open integer range `[start, end)` (`envoy.type.Int64Range`).
    public struct Int64Range: Codable, Hashable, Sendable {
        /// The first value in the range.
        public var start: Int64?
        /// The first value after the range.
        public var end: Int64?

        /// The range `start..<end`.
        public init(start: Int64? = nil, end: Int64? = nil) {
            self.start = start
            self.end = end
        }
    }

    /// An HTTP request method (`envoy.config.core.v3.RequestMethod`).
    public enum RequestMethod: String, ProtoEnum {
        /// Not set (GET).
        case methodUnspecified = "METHOD_UNSPECIFIED"
        /// GET.
        case get = "GET"
        /// HEAD.
        case head = "HEAD"
        /// POST.
        case post = "POST"
        /// PUT.
        case put = "PUT"
        /// DELETE.
        case delete = "DELETE"
        /// CONNECT.
        case connect = "CONNECT"
        /// OPTIONS.
        case options = "OPTIONS"
        /// TRACE.
        case trace = "TRACE"
        /// PATCH.
        case patch = "PATCH"
    }

    /// The kinds of health check.
    public enum HealthChecker: Hashable, Sendable {
        /// HTTP.
        case http(HttpHealthCheck)
        /// TCP.
        case tcp(TcpHealthCheck)
        /// gRPC.
        case grpc(GrpcHealthCheck)
        /// An extension.
        case custom(CustomHealthCheck)
    }

    /// The kind of check, when exactly one is set. Setting it clears the others.
    public var healthChecker: HealthChecker? {
        get {
            switch (httpHealthCheck, tcpHealthCheck, grpcHealthCheck, customHealthCheck) {
            case (let value?, nil, nil, nil): .http(value)
            case (nil, let value?, nil, nil): .tcp(value)
            case (nil, nil, let value?, nil): .grpc(value)
            case (nil, nil, nil, let value?): .custom(value)
            default: nil
            }
        }
        set {
            httpHealthCheck = nil
            tcpHealthCheck = nil
            grpcHealthCheck = nil
            customHealthCheck = nil
            switch newValue {
            case .http(let value): httpHealthCheck = value
            case .tcp(let value): tcpHealthCheck = value
            case .grpc(let value): grpcHealthCheck = value
            case .custom(let value): customHealthCheck = value
            case nil: break
            }
        }
    }
}

/// Passive health checking: Envoy ejects hosts that keep failing for a while
/// (`solo.io.envoy.api.v2.cluster.OutlierDetection`). Percentages are 0–100.
public struct OutlierDetection: Codable, Hashable, Sendable {
    /// Consecutive 5xx answers (or local failures) that eject a host; default 5.
    public var consecutive5xx: UInt32?
    /// Time between ejection sweeps; default 10s.
    public var interval: ProtoDuration?
    /// Base ejection time, multiplied by the number of times the host has been ejected; default 30s.
    public var baseEjectionTime: ProtoDuration?
    /// The most hosts, in percent, that may be ejected at once; default 10.
    public var maxEjectionPercent: UInt32?
    /// The chance, in percent, that a ``consecutive5xx`` detection ejects; default 100.
    public var enforcingConsecutive5xx: UInt32?
    /// The chance, in percent, that a success-rate detection ejects; default 100.
    public var enforcingSuccessRate: UInt32?
    /// Hosts with enough requests needed before success-rate detection runs; default 5.
    public var successRateMinimumHosts: UInt32?
    /// Requests per interval a host needs to be part of success-rate detection; default 100.
    public var successRateRequestVolume: UInt32?
    /// The ejection bar: mean success rate minus this factor / 1000 times the standard deviation; default 1900.
    public var successRateStdevFactor: UInt32?
    /// Consecutive gateway failures (502, 503, 504) that eject a host; default 5.
    public var consecutiveGatewayFailure: UInt32?
    /// The chance, in percent, that a ``consecutiveGatewayFailure`` detection ejects; default 0.
    public var enforcingConsecutiveGatewayFailure: UInt32?
    /// Count local-origin errors (timeouts, resets) separately from the upstream's own answers.
    public var splitExternalLocalOriginErrors: Bool?
    /// Consecutive local-origin failures that eject a host; default 5.
    public var consecutiveLocalOriginFailure: UInt32?
    /// The chance, in percent, that a ``consecutiveLocalOriginFailure`` detection ejects; default 100.
    public var enforcingConsecutiveLocalOriginFailure: UInt32?
    /// The chance, in percent, that local-origin success-rate detection ejects; default 100.
    public var enforcingLocalOriginSuccessRate: UInt32?

    /// Envoy's defaults.
    public init() {}
}
