public import GatewayModel
import GatewayRegex
import GatewayRouting
import GatewayTransform
import NIOCore
import NIOHTTP1

/// Everything the embedded data plane serves, compiled from the Proxies and the resources they refer to: the
/// HTTP listeners with their routers and route plans, and the upstream clusters. Built off the hot path; a
/// server swaps a whole configuration at once.
public struct DataPlaneConfiguration: Sendable {
    /// The HTTP listeners to serve, one per address and port.
    public var listeners: [ServedListener]
    /// The upstream clusters the listeners' routes use.
    public var clusters: [UpstreamCluster]
    /// What is not served, and why.
    public var problems: [DataPlaneProblem]

    /// An empty configuration: nothing served.
    public init() {
        listeners = []
        clusters = []
        problems = []
    }

    /// Compiles the HTTP listeners of `proxies`; Upstreams, groups and settings come from `resources`.
    public init(proxies: [Resource<ProxySpec>], resources: ResourceSet) {
        var compiler = Compiler(resources: resources)
        listeners = []
        for proxy in proxies {
            for listener in proxy.spec.listeners ?? [] {
                if let served = compiler.listener(listener, of: proxy) { listeners.append(served) }
            }
        }
        problems = compiler.problems
        clusters = compiler.clusters.values.compactMap { try? $0.get() }.sorted { $0.name < $1.name }
    }
}

/// Builds the served listeners, caching one cluster per Upstream.
private struct Compiler {
    let resources: ResourceSet
    let settings: SettingsSpec?
    var problems: [DataPlaneProblem] = []
    var clusters: [String: Result<UpstreamCluster, DataPlaneProblem>] = [:]

    init(resources: ResourceSet) {
        self.resources = resources
        settings = resources.settings.first?.spec
        regexMaxProgramSize = ProxyBuilder.Options(settings: settings).regexMaxProgramSize
    }

    let regexMaxProgramSize: Int

    mutating func listener(_ listener: Listener, of proxy: Resource<ProxySpec>) -> ServedListener? {
        let name = "\(proxy.namespace).\(proxy.name).\(listener.name ?? "listener")"
        let http = listener.httpListeners
        guard let httpListener = http.first else { return nil }  // TCP listeners are served over xDS only
        func problem(_ reason: String) {
            problems.append(DataPlaneProblem(resource: "listener \(name)", reason: reason))
        }
        if http.count > 1 || listener.hybridListener != nil {
            problem("hybrid listeners are served over xDS only")
            return nil
        }
        guard let port = listener.bindPort, port > 0, port <= 65535 else {
            problem("bindPort must be between 1 and 65535")
            return nil
        }
        var routeOptions = RouteIndex.Options()
        routeOptions.regexMaxProgramSize = regexMaxProgramSize
        let router: ListenerRouter
        do {
            router = try ListenerRouter(httpListener, routeOptions: routeOptions)
        } catch {
            problem(error.message)
            return nil
        }
        let connection = ConnectionSettings(
            listener: listener,
            http: httpListener,
            problems: &problems,
            resource: "listener \(name)"
        )
        var tls: TLSTermination?
        if let configurations = listener.sslConfigurations, !configurations.isEmpty {
            let termination = TLSTermination(configurations, resources: resources, problems: &problems, listener: name)
            guard !termination.certificates.isEmpty else {
                problem("no certificate of the listener could be loaded; it is not served")
                return nil
            }
            tls = termination
        }
        let plans = router.virtualHosts.map { host in
            (host.routes ?? []).enumerated().map { index, route in
                plan(route, index: index, in: host, listener: name)
            }
        }
        return ServedListener(
            name: name,
            bindAddress: listener.bindAddress ?? "::",
            bindPort: Int(port),
            settings: connection,
            tls: tls,
            router: router,
            plans: plans
        )
    }

    private mutating func plan(_ route: Route, index: Int, in host: VirtualHost, listener: String) -> RoutePlan {
        let where_ = "listener \(listener), virtual host \(host.name), route \(route.name ?? String(index))"
        let options = route.options
        let hostOptions = host.options
        var transformations: StagedTransformations?
        var failure: String?
        do {
            transformations = try Self.transformations(
                staged: options?.stagedTransformations,
                legacy: options?.transformations,
                settings: settings
            )
            if transformations == nil {
                transformations = try Self.transformations(
                    staged: hostOptions?.stagedTransformations,
                    legacy: hostOptions?.transformations,
                    settings: settings
                )
            }
        } catch {
            failure = "transformation: \(error.message)"
        }
        var cors: CorsPlan?
        do {
            cors = try CorsPlan.make(
                route: options?.cors,
                virtualHost: hostOptions?.cors,
                mergeSettings: hostOptions?.corsPolicyMergeSettings,
                maxProgramSize: regexMaxProgramSize
            )
        } catch {
            failure = failure ?? "cors: \(error.message)"
        }
        var action: RoutePlan.Action
        switch route.action {
        case .directResponse(let direct)?:
            let body = direct.body.flatMap { $0.isEmpty ? nil : ByteBuffer(string: $0) }
            action = .directResponse(status: HTTPResponseStatus(statusCode: Int(direct.status ?? 200)), body: body)
        case .redirect(let redirect)?:
            action = .redirect(RedirectPlan(redirect, matchedLengths: PathRewriting.matchedLengths(of: route)))
        case .route(let routeAction)?:
            action = forward(routeAction, route: route, host: host, where: where_)
        case .delegate?, nil:
            action = .unavailable(status: .notFound, body: "")
            failure = failure ?? "the route has no action the data plane serves"
        }
        for name in Self.unservedOptions(route: options, host: hostOptions) {
            problems.append(
                DataPlaneProblem(resource: where_, reason: "\(name) is not applied by the embedded data plane yet")
            )
        }
        if let failure {
            problems.append(DataPlaneProblem(resource: where_, reason: failure))
            // Envoy refuses a route configuration it cannot load; the embedded data plane answers this route
            // with 500 instead, and serves the others.
            action = .unavailable(status: .internalServerError, body: "route configuration error\n")
        }
        return RoutePlan(
            name: route.name,
            action: action,
            requestHeaders: HeaderEdits(requestOf: options?.headerManipulation)
                .followed(by: HeaderEdits(requestOf: hostOptions?.headerManipulation)),
            responseHeaders: HeaderEdits(responseOf: options?.headerManipulation)
                .followed(by: HeaderEdits(responseOf: hostOptions?.headerManipulation)),
            transformations: transformations,
            faults: FaultPlan(options?.faults),
            cors: cors
        )
    }

    private mutating func forward(
        _ routeAction: RouteAction,
        route: Route,
        host: VirtualHost,
        where location: String
    ) -> RoutePlan.Action {
        let targets = routeAction.weightedTargets { resources.upstreamGroup($0) }
        var planned: [ForwardPlan.Target] = []
        for target in targets where target.weight > 0 || targets.count == 1 {
            guard let reference = target.destination.upstream else {
                problems.append(DataPlaneProblem(resource: location, reason: "only Upstream destinations are served"))
                return .unavailable(status: .serviceUnavailable, body: "no healthy upstream")
            }
            if target.destination.destinationSpec != nil {
                problems.append(
                    DataPlaneProblem(resource: location, reason: "function destinations are served over xDS only")
                )
            }
            switch cluster(reference) {
            case .success(let cluster): planned.append(ForwardPlan.Target(cluster: cluster, weight: target.weight))
            case .failure(let problem):
                problems.append(DataPlaneProblem(resource: location, reason: problem.description))
                return .unavailable(status: .serviceUnavailable, body: "no healthy upstream")
            }
        }
        guard !planned.isEmpty else { return .unavailable(status: .serviceUnavailable, body: "no healthy upstream") }
        let options = route.options
        var plan = ForwardPlan(
            targets: planned,
            totalWeight: planned.reduce(0) { $0 + UInt64($1.weight) },
            timeout: .seconds(15),
            retry: RetryPlan(options?.retries ?? host.options?.retries),
            hash: RequestHash(options?.lbHash)
        )
        if let prefix = options?.prefixRewrite, !prefix.isEmpty {
            plan.pathRewrite = .prefix(matchedLengths: PathRewriting.matchedLengths(of: route), replacement: prefix)
        }
        if let rewrite = options?.regexRewrite {
            do {
                plan.pathRewrite = try PathRewriting.compile(rewrite, maxProgramSize: regexMaxProgramSize)
            } catch {
                problems.append(DataPlaneProblem(resource: location, reason: "regexRewrite: \(error.message)"))
            }
        }
        if let literal = options?.hostRewrite {
            plan.hostRewrite = .literal(literal)
        } else if options?.autoHostRewrite == true {
            plan.hostRewrite = .endpoint
        }
        if let timeout = options?.timeout {
            let amount = TimeAmount(timeout)
            plan.timeout = amount > .zero ? amount : nil
        }
        return .forward(plan)
    }

    private mutating func cluster(_ reference: ResourceRef) -> Result<UpstreamCluster, DataPlaneProblem> {
        let key = "\(reference.namespace ?? "default")/\(reference.name)"
        if let known = clusters[key] { return known }
        let result: Result<UpstreamCluster, DataPlaneProblem>
        if let upstream = resources.upstream(reference) {
            result = UpstreamCluster.make(upstream, resources: resources, notes: &problems)
        } else {
            result = .failure(DataPlaneProblem(resource: "Upstream \(key)", reason: "not found"))
        }
        clusters[key] = result
        return result
    }

    private static func transformations(
        staged: TransformationStages?,
        legacy: LegacyTransformations?,
        settings: SettingsSpec?
    ) throws(TransformError) -> StagedTransformations? {
        guard staged != nil || legacy != nil else { return nil }
        let compiled = try StagedTransformations(
            staged: staged,
            legacy: legacy,
            matching: RoutingMatching(),
            escapeCharacters: settings?.gloo?.transformationEscapeCharacters ?? false
        )
        return compiled.isEmpty ? nil : compiled
    }

    /// Options a route or its virtual host sets that the embedded data plane does not apply yet.
    private static func unservedOptions(route: RouteOptions?, host: VirtualHostOptions?) -> [String] {
        var names: [String] = []
        if route?.shadowing != nil { names.append("shadowing") }
        return names
    }
}
