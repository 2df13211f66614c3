public import GatewayModel

/// What a gateway serves for one configuration snapshot: the Proxies, and the resources to translate them
/// against (Upstreams, UpstreamGroups, Secrets), with every Rejected part replaced by its last accepted
/// version. Built by ``ServingConfigurationBuilder``.
public struct ServingConfiguration: Sendable, Hashable {
    /// The Proxies to serve, delegation flattened and route order final.
    public var proxies: [Resource<ProxySpec>]
    /// The resources the Proxies are translated against: the snapshot's, with each Rejected Upstream,
    /// UpstreamGroup and Secret replaced by its last accepted version, or left out when there was none.
    public var resources: ResourceSet
    /// The report of every resource, as `gatewayctl validate --output json` shows them: the state of the
    /// configuration as written, also where an earlier version is being served.
    public var reports: ResourceReports
    /// Files or paths that could not be read or parsed (from the snapshot).
    public var fileErrors: [String]
    /// The revision of the snapshot this was built from.
    public var revision: Int

    /// A configuration to serve.
    public init(
        proxies: [Resource<ProxySpec>],
        resources: ResourceSet,
        reports: ResourceReports,
        fileErrors: [String] = [],
        revision: Int
    ) {
        self.proxies = proxies
        self.resources = resources
        self.reports = reports
        self.fileErrors = fileErrors
        self.revision = revision
    }
}
