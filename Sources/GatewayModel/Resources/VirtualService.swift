/// The `spec` of a VirtualService (`gateway.solo.io/v1`): one virtual host of a proxy.
public struct VirtualServiceSpec: ResourceSpec {
    public static var kind: ResourceKind { .virtualService }

    public var virtualHost: VirtualHostSpec?
    /// TLS settings; a VirtualService with one is served only by `ssl: true` Gateways.
    public var sslConfig: SslConfig?
    public var displayName: String?
    public var namespacedStatuses: ConfigValue?

    public init() {}

    public init(virtualHost: VirtualHostSpec) {
        self.virtualHost = virtualHost
    }
}

/// The virtual host of a VirtualService.
public struct VirtualHostSpec: Codable, Hashable, Sendable {
    /// Host names (`:authority`) served; empty means `*`.
    public var domains: [String]?
    /// Routes in order; the first that matches wins.
    public var routes: [Route]?
    @IndirectOptional public var options: VirtualHostOptions? = nil
    public var optionsConfigRefs: DelegateOptionsRefs?

    public init() {}

    public init(domains: [String], routes: [Route]) {
        self.domains = domains
        self.routes = routes
    }

    /// The options as stored, so another value can share them instead of copying every field.
    var storedOptions: IndirectOptional<VirtualHostOptions> { _options }

    /// `options.map(body)`, reading the options in place: reading ``options`` copies every field.
    @inline(__always)
    func withOptions<Result>(_ body: (VirtualHostOptions) throws -> Result) rethrows -> Result? {
        try _options.map(body)
    }
}

/// References to option resources (VirtualHostOption, RouteOption) merged under the inline options.
public struct DelegateOptionsRefs: Codable, Hashable, Sendable {
    public var delegateOptions: [ResourceRef]?

    public init() {}
}

/// The `spec` of a RouteTable (`gateway.solo.io/v1`): routes a delegating route hands over to.
public struct RouteTableSpec: ResourceSpec {
    public static var kind: ResourceKind { .routeTable }

    public var routes: [Route]?
    /// Orders tables selected together: lower weights first; default 0.
    public var weight: Int32?
    public var namespacedStatuses: ConfigValue?

    public init() {}

    public init(routes: [Route], weight: Int32? = nil) {
        self.routes = routes
        self.weight = weight
    }
}
