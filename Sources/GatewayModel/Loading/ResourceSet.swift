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
        guard let list = Self.list(of: Spec.self) else { return }
        let position = Self.position(of: resource.namespace, resource.name, in: self[keyPath: list])
        let existing = self[keyPath: list].indices.contains(position) ? self[keyPath: list][position] : nil
        if let existing, existing.namespace == resource.namespace, existing.name == resource.name {
            self[keyPath: list][position] = resource
        } else {
            self[keyPath: list].insert(resource, at: position)
        }
    }

    /// Appends a resource without keeping the lists sorted, for a set that is only ever merged with
    /// ``merge(unsorted:)``.
    mutating func appendUnsorted<Spec>(_ resource: Resource<Spec>) {
        guard let list = Self.list(of: Spec.self) else { return }
        self[keyPath: list].append(resource)
    }

    /// The list resources with `Spec` are kept in.
    private static func list<Spec>(of spec: Spec.Type) -> WritableKeyPath<ResourceSet, [Resource<Spec>]>? {
        let list: PartialKeyPath<ResourceSet> =
            switch Spec.kind {
            case .gateway: \.gateways
            case .virtualService: \.virtualServices
            case .routeTable: \.routeTables
            case .upstream: \.upstreams
            case .upstreamGroup: \.upstreamGroups
            case .settings: \.settings
            case .secret: \.secrets
            case .proxy: \.proxies
            }
        return list as? WritableKeyPath<ResourceSet, [Resource<Spec>]>
    }

    /// Adds the resources of `other`, which are in no order and none of which is present here, and sorts once.
    mutating func merge(unsorted other: ResourceSet) {
        func merge<T>(_ list: inout [Resource<T>], _ added: [Resource<T>]) {
            // A few go in place; many are appended and the list sorted once.
            if added.count <= 16 {
                for resource in added {
                    list.insert(resource, at: Self.position(of: resource.namespace, resource.name, in: list))
                }
            } else {
                list += added
                list.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            }
        }
        merge(&gateways, other.gateways)
        merge(&virtualServices, other.virtualServices)
        merge(&routeTables, other.routeTables)
        merge(&upstreams, other.upstreams)
        merge(&upstreamGroups, other.upstreamGroups)
        merge(&settings, other.settings)
        merge(&secrets, other.secrets)
        merge(&proxies, other.proxies)
        locations.merge(other.locations) { current, _ in current }
    }

    /// Whether a resource of this kind, namespace and name is present.
    public func contains(_ id: ResourceID) -> Bool {
        func has<T>(_ list: [Resource<T>]) -> Bool {
            Self.index(of: id.namespace, id.name, in: list) != nil
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

    public func gateway(_ ref: ResourceRef) -> Resource<GatewaySpec>? { find(ref, in: gateways) }
    public func virtualService(_ ref: ResourceRef) -> Resource<VirtualServiceSpec>? { find(ref, in: virtualServices) }
    public func routeTable(_ ref: ResourceRef) -> Resource<RouteTableSpec>? { find(ref, in: routeTables) }
    public func upstream(_ ref: ResourceRef) -> Resource<UpstreamSpec>? { find(ref, in: upstreams) }
    public func upstreamGroup(_ ref: ResourceRef) -> Resource<UpstreamGroupSpec>? { find(ref, in: upstreamGroups) }
    public func secret(_ ref: ResourceRef) -> Resource<SecretSpec>? { find(ref, in: secrets) }

    /// Whether the Upstream `ref` names exists (without copying it out).
    func containsUpstream(_ ref: ResourceRef) -> Bool {
        Self.index(of: ref.namespace ?? "default", ref.name, in: upstreams) != nil
    }

    /// The resource `ref` names exactly (a missing namespace means `default`).
    private func find<T>(_ ref: ResourceRef, in list: [Resource<T>]) -> Resource<T>? {
        Self.index(of: ref.namespace ?? "default", ref.name, in: list).map { list[$0] }
    }

    /// The index of a resource in a list sorted by namespace and name.
    static func index<T>(of namespace: String, _ name: String, in list: [Resource<T>]) -> Int? {
        let position = position(of: namespace, name, in: list)
        guard position < list.count, list[position].namespace == namespace, list[position].name == name else {
            return nil
        }
        return position
    }

    /// Where a resource with this namespace and name belongs in a sorted list (binary search).
    static func position<T>(of namespace: String, _ name: String, in list: [Resource<T>]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if (list[middle].namespace, list[middle].name) < (namespace, name) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
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
