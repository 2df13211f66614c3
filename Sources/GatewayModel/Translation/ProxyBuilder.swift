/// Builds Proxies from Gateways, VirtualServices and RouteTables the way Gloo Edge's gateway translator
/// does, and validates the result the way Gloo's proxy translator would, reporting every problem on the
/// resource that caused it.
///
/// ```swift
/// var loader = ResourceLoader()
/// try loader.load(yamlText, file: "gateway.yaml")
/// let result = ProxyBuilder().build(loader.resources, reports: loader.reports)
/// for report in result.reports where report.state == .rejected { print(report) }
/// ```
public struct ProxyBuilder: Sendable {
    /// Settings that change how Proxies are built.
    public struct Options: Sendable, Hashable {
        /// The namespace Proxies are written to (Gloo's write namespace).
        public var proxyNamespace = "gloo-system"
        /// Keep HTTP listeners when there is no VirtualService at all (`gateway.translateEmptyGateways`).
        public var translateEmptyGateways = false
        /// Gloo's `gateway.isolateVirtualHostsBySslConfig` (aggregate listeners), which is not supported: Gateways
        /// it would affect get a warning.
        public var isolateVirtualHostsBySslConfig = false
        /// The RE2 program size above which Envoy rejects a regex (`gloo.regexMaxProgramSize`; Envoy's default
        /// is 100).
        public var regexMaxProgramSize = 100

        public init() {}

        /// Options from a Settings resource.
        public init(settings: SettingsSpec?) {
            self.init()
            if let translate = settings?.gateway?.translateEmptyGateways { translateEmptyGateways = translate }
            if let isolate = settings?.gateway?.isolateVirtualHostsBySslConfig {
                isolateVirtualHostsBySslConfig = isolate
            }
            if let size = settings?.gloo?.regexMaxProgramSize, size > 0 { regexMaxProgramSize = Int(size) }
        }
    }

    /// The Proxies and the report of every resource.
    public struct Result: Sendable, Hashable {
        public var proxies: [Resource<ProxySpec>]
        public var reports: ResourceReports
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Upstream group destinations without a namespace take the group's; every destination must name an
    /// Upstream that exists (Gloo's `verifyUpstreamGroups`; these are errors on the group).
    static func verifyUpstreamGroups(_ resources: inout ResourceSet, reports: inout ResourceReports) {
        for index in resources.upstreamGroups.indices {
            let group = resources.upstreamGroups[index]
            var destinations = group.spec.destinations ?? []
            for position in destinations.indices {
                guard var destination = destinations[position].destination else {
                    reports.addError(ResourceID(group), "destination # \(position + 1): destination is nil")
                    continue
                }
                guard let upstream = destination.upstream else { continue }
                let resolved = upstream.resolved(in: group.namespace)
                destination.upstream = resolved
                destinations[position].destination = destination
                if !resources.containsUpstream(resolved) {
                    reports.addError(
                        ResourceID(group),
                        "destination # \(position + 1): upstream not found: list did not find upstream \(resolved.namespace ?? "").\(resolved.name)"
                    )
                }
            }
            if group.spec.destinations != nil {
                resources.upstreamGroups[index].spec.destinations = destinations
            }
        }
    }

    /// The Gateway that applies when the input has none: HTTP on `[::]:8080` for every VirtualService, proxy
    /// `gateway-proxy` (Gloo Edge's default).
    public static func defaultGateway(namespace: String = "gloo-system") -> Resource<GatewaySpec> {
        var spec = GatewaySpec()
        spec.bindAddress = "::"
        spec.bindPort = 8080
        spec.proxyNames = ["gateway-proxy"]
        spec.httpGateway = HttpGateway()
        return Resource(name: "gateway-proxy", namespace: namespace, spec: spec)
    }

    /// Builds every Proxy. `reports` (e.g. from ``ResourceLoader``) are carried into the result.
    public func build(_ input: ResourceSet, reports initial: ResourceReports = ResourceReports()) -> Result {
        var reports = initial
        var resources = input
        Self.verifyUpstreamGroups(&resources, reports: &reports)
        for id in resources.ids where id.kind != ResourceKind.proxy.rawValue {
            reports.accept(id)
        }
        for (id, warning) in UnenforcedOptions.warnings(in: resources) {
            reports.addWarning(id, warning)
        }
        // The implicit Gateway applies only when the input has no Gateway at all, not when its Gateways failed
        // to load (they keep their last valid listeners instead).
        let usesDefaultGateway = resources.gateways.isEmpty && !initial.containsReport(ofKind: .gateway)
        let gateways =
            usesDefaultGateway ? [Self.defaultGateway(namespace: options.proxyNamespace)] : resources.gateways
        let rejectedInput = initial.rejected

        var proxyNames: [String] = []
        for gateway in gateways {
            for name in gateway.spec.effectiveProxyNames where !proxyNames.contains(name) {
                proxyNames.append(name)
            }
        }

        var proxies: [Resource<ProxySpec>] = []
        for proxyName in proxyNames.sorted() {
            let members = gateways.filter { $0.spec.effectiveProxyNames.contains(proxyName) }
            var translation = ProxyTranslation(
                proxyName: proxyName,
                gateways: members,
                resources: resources,
                options: options,
                rejectedInput: rejectedInput
            )
            // Gloo writes a Proxy's listeners sorted by name.
            let listeners = translation.listeners().sorted { ($0.name ?? "") < ($1.name ?? "") }
            reports.merge(translation.reports)
            guard !listeners.isEmpty else { continue }
            proxies.append(
                Resource(name: proxyName, namespace: options.proxyNamespace, spec: ProxySpec(listeners: listeners))
            )
        }
        // A resource of the implicit default Gateway has no file to report on.
        if usesDefaultGateway {
            reports.remove(ResourceID(Self.defaultGateway(namespace: options.proxyNamespace)))
        }
        return Result(proxies: proxies, reports: reports)
    }
}
