/// A TCP listener's hosts (`gateway.solo.io.TcpGateway`): TLS passthrough or termination by SNI, then
/// forwarding to upstreams.
public struct TcpGateway: Codable, Hashable, Sendable {
    public var tcpHosts: [TcpHost]?
    /// `TcpListenerOptions`, kept as written.
    public var options: ConfigValue?

    public init() {}
}

/// One TCP host: matched by SNI when it has an `sslConfig` (`gloo.solo.io.TcpHost`).
public struct TcpHost: Codable, Hashable, Sendable {
    public var name: String?
    public var sslConfig: SslConfig?
    public var destination: TcpAction?

    public init() {}
}

/// Where a TCP host sends connections: exactly one of the destination kinds (`TcpHost.TcpAction`).
public struct TcpAction: Codable, Hashable, Sendable {
    public var single: Destination?
    public var multi: MultiDestination?
    public var upstreamGroup: ResourceRef?
    /// Forward to the cluster named by the SNI (`forwardSniClusterName: {}`).
    public var forwardSniClusterName: ConfigValue?

    public init() {}

    /// How many destination kinds are set (exactly one is valid).
    public var destinationCount: Int {
        [single != nil, multi != nil, upstreamGroup != nil, forwardSniClusterName != nil].filter { $0 }.count
    }
}

/// A listener that serves several HTTP and TCP gateways, chosen per connection by SNI, source address or
/// cipher suites (`gateway.solo.io.HybridGateway`).
public struct HybridGateway: Codable, Hashable, Sendable {
    public var matchedGateways: [MatchedGateway]?
    /// Selection of MatchableHttpGateway resources, kept as written; used only without `matchedGateways`.
    public var delegatedHttpGateways: ConfigValue?
    /// Selection of MatchableTcpGateway resources, kept as written; used only without `matchedGateways`.
    public var delegatedTcpGateways: ConfigValue?

    public init() {}
}

/// One gateway of a hybrid listener and the connections it takes.
public struct MatchedGateway: Codable, Hashable, Sendable {
    public var matcher: GatewayMatcher?
    public var httpGateway: HttpGateway?
    public var tcpGateway: TcpGateway?

    public init() {}
}

/// Which connections a matched gateway takes (`gateway.solo.io.Matcher` and, in a Proxy,
/// `gloo.solo.io.Matcher`); an empty matcher takes everything else.
public struct GatewayMatcher: Codable, Hashable, Sendable {
    /// TLS settings; its `sniDomains` select connections by SNI.
    public var sslConfig: SslConfig?
    /// Source address ranges (`{addressPrefix, prefixLen}`), kept as written.
    public var sourcePrefixRanges: [ConfigValue]?
    public var passthroughCipherSuites: [String]?

    public init() {}
}

/// The TCP side of a Proxy listener.
public struct TcpListener: Codable, Hashable, Sendable {
    public var tcpHosts: [TcpHost]?
    public var options: ConfigValue?
    public var statPrefix: String?

    public init() {}
}

/// The matched listeners of a hybrid Proxy listener.
public struct HybridListener: Codable, Hashable, Sendable {
    public var matchedListeners: [MatchedListener]?

    public init() {}
}

/// One matched listener: a matcher and the HTTP or TCP listener it selects.
public struct MatchedListener: Codable, Hashable, Sendable {
    public var matcher: GatewayMatcher?
    public var httpListener: HttpListener?
    public var tcpListener: TcpListener?
    public var sslConfigurations: [SslConfig]?

    public init() {}
}
