/// Every resource read from a configuration: the input of validation and Proxy building.
///
/// Resources are kept sorted by namespace and name, the order Gloo Edge's snapshots list them in (and so
/// the order in which selectors find them).
public struct ResourceSet: Sendable, Hashable {
    public var gateways: [Resource<GatewaySpec>] = []
    public var virtualServices: [Resource<VirtualServiceSpec>] = []
    public var routeTables: [Resource<RouteTableSpec>] = []
    public var upstreams: [Resource<UpstreamSpec>] = []
    public var upstreamGroups: [Resource<UpstreamGroupSpec>] = []
    public var settings: [Resource<SettingsSpec>] = []
    public var secrets: [Resource<SecretSpec>] = []
    public var proxies: [Resource<ProxySpec>] = []

    /// Where each resource was read, for messages.
    public var locations: [ResourceID: SourceLocation] = [:]

    public init() {}

    /// Adds a resource, replacing one of the same kind, namespace and name.
    public mutating func insert<Spec>(_ resource: Resource<Spec>) {
        func put<T>(_ list: inout [Resource<T>]) {
            guard let typed = resource as? Resource<T> else { return }
            let key = (typed.namespace, typed.name)
            if let index = list.firstIndex(where: { ($0.namespace, $0.name) == key }) {
                list[index] = typed
            } else {
                let position = list.firstIndex { ($0.namespace, $0.name) > key } ?? list.endIndex
                list.insert(typed, at: position)
            }
        }
        switch Spec.kind {
        case .gateway: put(&gateways)
        case .virtualService: put(&virtualServices)
        case .routeTable: put(&routeTables)
        case .upstream: put(&upstreams)
        case .upstreamGroup: put(&upstreamGroups)
        case .settings: put(&settings)
        case .secret: put(&secrets)
        case .proxy: put(&proxies)
        }
    }

    /// Whether a resource of this kind, namespace and name is present.
    public func contains(_ id: ResourceID) -> Bool {
        func has<T>(_ list: [Resource<T>]) -> Bool {
            list.contains { $0.namespace == id.namespace && $0.name == id.name }
        }
        switch ResourceKind(rawValue: id.kind) {
        case .gateway: return has(gateways)
        case .virtualService: return has(virtualServices)
        case .routeTable: return has(routeTables)
        case .upstream: return has(upstreams)
        case .upstreamGroup: return has(upstreamGroups)
        case .settings: return has(settings)
        case .secret: return has(secrets)
        case .proxy: return has(proxies)
        case nil: return false
        }
    }

    /// Every resource's identifier.
    public var ids: [ResourceID] {
        gateways.map(ResourceID.init) + virtualServices.map(ResourceID.init) + routeTables.map(ResourceID.init)
            + upstreams.map(ResourceID.init) + upstreamGroups.map(ResourceID.init) + settings.map(ResourceID.init)
            + secrets.map(ResourceID.init) + proxies.map(ResourceID.init)
    }

    /// The number of resources.
    public var count: Int {
        gateways.count + virtualServices.count + routeTables.count + upstreams.count + upstreamGroups.count
            + settings.count + secrets.count + proxies.count
    }
}
