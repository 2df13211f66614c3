internal import GatewayModel

/// Where a part of a Proxy (a listener, a virtual host, a route) came from: the resources its problems are
/// reported on, and how to point at the field a problem is about.
///
/// Gloo records the sources of each part in its `metadataStatic` (innermost RouteTable first, VirtualService
/// last). A hand-written Proxy has none: its problems are reported on the Proxy itself, at the part's path.
struct ListenerOrigin {
    /// The part's `metadataStatic`, where Gloo records its sources.
    private let metadata: ConfigValue?
    /// The metadata of the part that holds this one, whose sources are reported on when this part records none
    /// (Gloo reports a route without sources of its own on its virtual host's).
    private let parentMetadata: ConfigValue?
    /// The Proxy the part belongs to.
    let proxy: ResourceID
    private let parentPath: String
    private let pathSuffix: PathSuffix

    /// How the part's path continues its listener's (kept apart, so that the path is only built for a report).
    private enum PathSuffix {
        case none
        case virtualHost(Int)
        /// A route, of the virtual host at this index of the listener (nil: the parent path is the host's).
        case route(Int, ofVirtualHost: Int?)
    }

    init(metadata: ConfigValue?, proxy: ResourceID, proxyPath: String) {
        self.metadata = metadata
        parentMetadata = nil
        self.proxy = proxy
        parentPath = proxyPath
        pathSuffix = .none
    }

    /// The virtual host at `index` of the listener at `listenerPath`.
    init(virtualHost index: Int, metadata: ConfigValue?, proxy: ResourceID, listenerPath: String) {
        self.metadata = metadata
        parentMetadata = nil
        self.proxy = proxy
        parentPath = listenerPath
        pathSuffix = .virtualHost(index)
    }

    /// The route at `index` of the virtual host `host`.
    init(route index: Int, metadata: ConfigValue?, in host: ListenerOrigin) {
        self.metadata = metadata
        parentMetadata = host.metadata
        proxy = host.proxy
        parentPath = host.parentPath
        pathSuffix =
            switch host.pathSuffix {
            case .virtualHost(let hostIndex): .route(index, ofVirtualHost: hostIndex)
            case .none, .route: .route(index, ofVirtualHost: nil)
            }
    }

    /// The recorded sources, innermost first; empty for a hand-written Proxy. Read only to report, so they
    /// are decoded from the metadata then.
    var sources: [ResourceID] {
        let own = SourceMetadata.sources(in: metadata)
        guard own.isEmpty, parentMetadata != nil else { return own }
        return SourceMetadata.sources(in: parentMetadata)
    }

    /// The part's path inside the Proxy, e.g. `spec.listeners[0].httpListener.virtualHosts[1]`.
    var proxyPath: String {
        switch pathSuffix {
        case .none: parentPath
        case .virtualHost(let index): "\(parentPath).virtualHosts[\(index)]"
        case .route(let index, let hostIndex?): "\(parentPath).virtualHosts[\(hostIndex)].routes[\(index)]"
        case .route(let index, nil): "\(parentPath).routes[\(index)]"
        }
    }

    /// The resources problems of the part are reported on.
    var targets: [ResourceID] {
        let sources = sources
        return sources.isEmpty ? [proxy] : sources
    }

    /// A field of the part: on the Proxy when it is hand-written, else on the sources, at `sourcePath` when
    /// the sources are one resource of `kind` (a VirtualService's `spec.virtualHost`, a Gateway's
    /// `spec.options`), otherwise described by `description`.
    func field(_ proxySuffix: String, sourcePath: String, kind: ResourceKind, description: String) -> ListenerLocation {
        let sources = sources
        if sources.isEmpty { return ListenerLocation(targets: [proxy], path: proxyPath + proxySuffix) }
        if sources.count == 1, sources[0].kind == kind.rawValue {
            return ListenerLocation(targets: sources, path: sourcePath)
        }
        return ListenerLocation(targets: sources, path: description)
    }

    /// Reports `report` on the part's sources.
    func flush(_ report: ListenerPartReport, in context: inout TranslationContext) {
        report.flush(to: targets, in: &context)
    }
}

/// A field of a resource that a problem is about.
struct ListenerLocation: Hashable {
    /// The resources to report on.
    var targets: [ResourceID]
    /// The field path in them (or a description when no single path applies).
    var path: String
}

/// Where a Proxy route came from, to point warnings at the route or option that caused them in the
/// VirtualService or RouteTable that holds it.
struct RouteOrigin {
    /// The route's recorded sources and its path in the Proxy.
    let origin: ListenerOrigin
    /// The route as it is in the Proxy.
    let route: Route
    /// The name Envoy routes of this route start with, `<virtual host>-route-<index>`.
    let envoyName: String

    /// Where the route options field that `isSet` detects is written, and the path of those options.
    func options(in resources: ResourceSet, where isSet: @escaping (RouteOptions) -> Bool) -> ListenerLocation {
        locate(in: resources, suffix: ".options", throughDelegation: true) { route in
            route.options.map(isSet) ?? false
        }
    }

    /// Where the options of the `position`-th weighted destination are written, when `isSet` detects a field
    /// of them.
    func destinationOptions(
        at position: Int,
        in resources: ResourceSet,
        where isSet: @escaping (WeightedDestinationOptions) -> Bool
    ) -> ListenerLocation {
        locate(
            in: resources,
            suffix: ".routeAction.multi.destinations[\(position)].options",
            throughDelegation: false
        ) { route in
            guard let destinations = route.routeAction?.multi?.destinations, destinations.indices.contains(position),
                let options = destinations[position].options
            else { return false }
            return isSet(options)
        }
    }

    /// Where the route itself is written (for problems of its action or matchers).
    func route(in resources: ResourceSet) -> ListenerLocation {
        let matchers = Self.normalized(route.matchers)
        let kind = Self.actionKind(route)
        return locate(in: resources, suffix: "", throughDelegation: false) { candidate in
            Self.normalized(candidate.matchers) == matchers && Self.actionKind(candidate) == kind
        }
    }

    /// The first resource, innermost first, in which exactly one route satisfies `predicate`: non-delegating
    /// routes in the innermost resource, delegating ones (whose options children inherit) further out.
    private func locate(
        in resources: ResourceSet,
        suffix: String,
        throughDelegation: Bool,
        predicate: (Route) -> Bool
    ) -> ListenerLocation {
        let sources = origin.sources
        if sources.isEmpty {
            return ListenerLocation(targets: [origin.proxy], path: origin.proxyPath + suffix)
        }
        for (level, source) in sources.enumerated() {
            if level > 0 && !throughDelegation { break }
            guard let (routes, base) = Self.routes(of: source, in: resources) else { continue }
            var candidates: [Int] = []
            for index in routes.indices where (routes[index].delegateAction != nil) == (level > 0) {
                if predicate(routes[index]) { candidates.append(index) }
            }
            if candidates.count > 1, level == 0 {
                // Several routes set the field: the one with this route's matchers is it.
                let matchers = Self.normalized(route.matchers)
                candidates = candidates.filter { Self.normalized(routes[$0].matchers) == matchers }
            }
            if candidates.count == 1 {
                return ListenerLocation(targets: [source], path: "\(base)[\(candidates[0])]\(suffix)")
            }
            if !candidates.isEmpty { break }
        }
        let fieldName = suffix.isEmpty ? "" : " (\(suffix.dropFirst()))"
        return ListenerLocation(targets: sources, path: "route '\(envoyName)'\(fieldName)")
    }

    /// The routes of a VirtualService or RouteTable and the path of that list.
    private static func routes(of source: ResourceID, in resources: ResourceSet) -> ([Route], String)? {
        let ref = ResourceRef(name: source.name, namespace: source.namespace)
        switch source.kind {
        case ResourceKind.virtualService.rawValue:
            guard let virtualService = resources.virtualService(ref) else { return nil }
            return (virtualService.spec.virtualHost?.routes ?? [], "spec.virtualHost.routes")
        case ResourceKind.routeTable.rawValue:
            guard let table = resources.routeTable(ref) else { return nil }
            return (table.spec.routes ?? [], "spec.routes")
        default:
            return nil
        }
    }

    private static func normalized(_ matchers: [Matcher]?) -> [Matcher] {
        let matchers = matchers ?? []
        return matchers.isEmpty ? [.prefix("/")] : matchers
    }

    private static func actionKind(_ route: Route) -> Int {
        if route.routeAction != nil { return 0 }
        if route.redirectAction != nil { return 1 }
        if route.directResponseAction != nil { return 2 }
        return 3
    }
}
