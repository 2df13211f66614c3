/// The `spec` of a Proxy (`gloo.solo.io/v1`): the listeners and virtual hosts of one proxy, with
/// delegation resolved. Built from Gateways, VirtualServices and RouteTables; rarely written by hand.
public struct ProxySpec: ResourceSpec {
    public static var kind: ResourceKind { .proxy }

    public var listeners: [Listener]?
    public var compressedSpec: String?
    public var namespacedStatuses: ConfigValue?

    public init() {}

    public init(listeners: [Listener]) {
        self.listeners = listeners
    }
}

/// One listener of a Proxy: an address, a port, and what it serves.
public struct Listener: Codable, Hashable, Sendable {
    /// `listener-<bindAddress>-<bindPort>`, as Gloo names it.
    public var name: String?
    public var bindAddress: String?
    public var bindPort: UInt32?
    public var httpListener: HttpListener?
    public var tcpListener: TcpListener?
    public var hybridListener: HybridListener?
    public var aggregateListener: ConfigValue?
    /// TLS settings of the VirtualServices served, one filter chain each (by SNI).
    public var sslConfigurations: [SslConfig]?
    public var useProxyProto: Bool?
    public var options: ListenerOptions?
    public var routeOptions: ConfigValue?
    public var metadataStatic: ConfigValue?

    public init() {}

    /// Gloo's listener name for an address and port.
    public static func name(bindAddress: String, bindPort: UInt32) -> String {
        "listener-\(bindAddress)-\(bindPort)"
    }

    /// The HTTP listeners this listener serves: its own, or those of its hybrid listener's matched listeners.
    public var httpListeners: [HttpListener] {
        [httpListener].compactMap { $0 } + (hybridListener?.matchedListeners ?? []).compactMap(\.httpListener)
    }
}

/// The HTTP side of a listener.
public struct HttpListener: Codable, Hashable, Sendable {
    public var virtualHosts: [VirtualHost]?
    public var options: HttpListenerOptions?
    public var statPrefix: String?

    public init() {}

    public init(virtualHosts: [VirtualHost]) {
        self.virtualHosts = virtualHosts
    }
}

/// A virtual host of a Proxy (`gloo.solo.io.VirtualHost`), named `<namespace>.<virtualServiceName>`.
public struct VirtualHost: Codable, Hashable, Sendable {
    public var name: String
    public var domains: [String]?
    public var routes: [Route]?
    @IndirectOptional public var options: VirtualHostOptions? = nil
    public var metadataStatic: ConfigValue?

    public init(name: String, domains: [String]? = nil, routes: [Route]? = nil) {
        self.name = name
        self.domains = domains
        self.routes = routes
    }

    /// The options as stored, to share with the VirtualService the host is built from.
    var storedOptions: IndirectOptional<VirtualHostOptions> {
        get { _options }
        set { _options = newValue }
    }
}
