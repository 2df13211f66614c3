internal import GatewayModel

/// Turns successive configuration snapshots into what a gateway serves, so that a Rejected edit never takes
/// away something already serving (Gloo Edge's last-valid-configuration behaviour).
///
/// For each snapshot the Proxies are built with ``ProxyBuilder`` (options from the first Settings resource),
/// then listeners of Rejected Gateways and virtual hosts of Rejected VirtualServices keep their previous
/// versions (``ProxyBuilder/Result/preservingLastValid(from:)``). Upstreams, UpstreamGroups and Secrets that
/// are Rejected keep their previously served version, or are left out when there was none. Resources that are
/// removed from the configuration are removed from what is served.
///
/// ```swift
/// var builder = ServingConfigurationBuilder()
/// for await snapshot in source.updates() {
///     let serving = builder.update(with: snapshot)
///     // translate serving.proxies against serving.resources
/// }
/// ```
public struct ServingConfigurationBuilder: Sendable {
    /// What is served now: the result of the last ``update(with:)``, nil before the first.
    public private(set) var serving: ServingConfiguration?

    /// A builder with nothing served yet.
    public init() {}

    /// Builds what to serve for `snapshot`, given what is served now, and makes it the configuration served.
    @discardableResult
    public mutating func update(with snapshot: ConfigurationSnapshot) -> ServingConfiguration {
        let options = ProxyBuilder.Options(settings: snapshot.resources.settings.first?.spec)
        let result = ProxyBuilder(options: options).build(snapshot.resources, reports: snapshot.reports)
        let proxies = result.preservingLastValid(from: serving?.proxies ?? [])
        var resources = snapshot.resources
        let previous = serving?.resources ?? ResourceSet()
        for report in result.reports.reports where report.state == .rejected {
            let id = report.id
            switch ResourceKind(rawValue: id.kind) {
            case .upstream: Self.keep(id, in: &resources, from: previous, list: \.upstreams)
            case .upstreamGroup: Self.keep(id, in: &resources, from: previous, list: \.upstreamGroups)
            case .secret: Self.keep(id, in: &resources, from: previous, list: \.secrets)
            default: break
            }
        }
        let next = ServingConfiguration(
            proxies: proxies,
            resources: resources,
            reports: result.reports,
            fileErrors: snapshot.fileErrors,
            revision: snapshot.revision
        )
        serving = next
        return next
    }

    /// Replaces the Rejected resource `id` in `resources` by its version in `previous`, or removes it when
    /// `previous` has none.
    private static func keep<Spec>(
        _ id: ResourceID,
        in resources: inout ResourceSet,
        from previous: ResourceSet,
        list: WritableKeyPath<ResourceSet, [Resource<Spec>]>
    ) {
        let matches = { (resource: Resource<Spec>) in resource.namespace == id.namespace && resource.name == id.name }
        if let kept = previous[keyPath: list].first(where: matches) {
            resources.insert(kept)
            if let location = previous.locations[id] { resources.locations[id] = location }
        } else {
            resources[keyPath: list].removeAll(where: matches)
            resources.locations[id] = nil
        }
    }
}
