internal import GatewayRegex

/// Translates the Gateways of one proxy into listeners (Gloo's gateway translator), then checks the
/// listeners as Gloo's proxy translator would.
struct ProxyTranslation {
    let proxyName: String
    let gateways: [Resource<GatewaySpec>]
    let resources: ResourceSet
    let options: ProxyBuilder.Options
    private(set) var reports = ResourceReports()
    /// Results of regex checks by pattern (nil: valid).
    private var regexProblems: [String: String?] = [:]
    /// `metadata.generation` of every resource that has one, for `observedGeneration`.
    private let generations: [ResourceID: Int64]

    /// Resources that could not be read (see ``RouteConverter/rejectedInput``).
    private let rejectedInput: Set<ResourceID>

    init(
        proxyName: String,
        gateways: [Resource<GatewaySpec>],
        resources: ResourceSet,
        options: ProxyBuilder.Options,
        rejectedInput: Set<ResourceID> = []
    ) {
        self.rejectedInput = rejectedInput
        self.proxyName = proxyName
        self.gateways = gateways
        self.resources = resources
        self.options = options
        var generations: [ResourceID: Int64] = [:]
        func record<Spec>(_ resource: Resource<Spec>) {
            if let generation = resource.metadata.generation { generations[ResourceID(resource)] = generation }
        }
        gateways.forEach(record)
        resources.virtualServices.forEach(record)
        resources.routeTables.forEach(record)
        self.generations = generations
    }

    mutating func listeners() -> [Listener] {
        validateGateways()
        var listeners: [Listener] = []
        for gateway in gateways {
            if let listener = listener(for: gateway) {
                listeners.append(listener)
            }
        }
        return listeners
    }

    // MARK: - Gateways

    /// Bind addresses must be unique within a proxy; referenced VirtualServices must exist.
    private mutating func validateGateways() {
        var byAddress: [String: [Resource<GatewaySpec>]] = [:]
        var order: [String] = []
        for gateway in gateways {
            let address = "\(gateway.spec.bindAddress ?? ""):\(gateway.spec.bindPort ?? 0)"
            if byAddress[address] == nil { order.append(address) }
            byAddress[address, default: []].append(gateway)
            let httpGateways =
                [gateway.spec.httpGateway].compactMap { $0 }
                + (gateway.spec.hybridGateway?.matchedGateways ?? []).compactMap(\.httpGateway)
            for ref in httpGateways.flatMap({ $0.virtualServices ?? [] }) {
                let resolved = ref.resolved(in: gateway.namespace)
                let exists = resources.virtualService(resolved) != nil
                if !exists {
                    reports.addError(
                        ResourceID(gateway),
                        "invalid virtual service ref name:\(GoText.quoted(resolved.name)) namespace:\(GoText.quoted(resolved.namespace ?? ""))"
                    )
                }
            }
        }
        for address in order {
            guard let sharing = byAddress[address], sharing.count > 1 else { continue }
            let names = sharing.map { "\($0.namespace).\($0.name)" }.joined(separator: ",")
            for gateway in sharing {
                reports.addError(
                    ResourceID(gateway),
                    "bind-address \(address) is not unique in a proxy. gateways: \(names)"
                )
            }
        }
    }

    private mutating func listener(for gateway: Resource<GatewaySpec>) -> Listener? {
        let spec = gateway.spec
        var listener = Listener()
        listener.name = Listener.name(bindAddress: spec.bindAddress ?? "", bindPort: spec.bindPort ?? 0)
        listener.bindAddress = spec.bindAddress ?? ""
        listener.bindPort = spec.bindPort ?? 0
        listener.options = spec.options
        listener.useProxyProto = spec.useProxyProto
        listener.routeOptions = spec.routeOptions
        listener.metadataStatic = SourceMetadata.value([ResourceID(gateway)], generations: generations)

        let isolated = gateway.metadata.annotations?["gateway.solo.io/isolate_vhost"]
        if options.isolateVirtualHostsBySslConfig && isolated != "false" || isolated == "true" {
            reports.addWarning(
                ResourceID(gateway),
                "isolated virtual hosts (an aggregate listener per TLS configuration) are not supported; the Gateway is translated as a plain listener"
            )
        }
        switch spec.listenerKind {
        case .http:
            guard let http = spec.httpGateway else { return nil }
            if resources.virtualServices.isEmpty && !options.translateEmptyGateways { return nil }
            let (httpListener, selected) = httpListener(for: gateway, http: http, ssl: spec.ssl ?? false, in: listener)
            listener.httpListener = httpListener
            if spec.ssl == true {
                // Gloo's HTTP translator appends each VirtualService's TLS settings as written; configurations that
                // differ only in SNI domains are consolidated later, when the xDS filter chains are built.
                listener.sslConfigurations = selected.compactMap(\.spec.sslConfig)
            }
        case .tcp:
            guard let tcp = spec.tcpGateway else { return nil }
            listener.tcpListener = tcpListener(for: gateway, tcp: tcp, in: listener)
        case .hybrid:
            guard let hybrid = spec.hybridGateway,
                let hybridListener = hybridListener(for: gateway, hybrid: hybrid, in: listener)
            else { return nil }
            listener.hybridListener = hybridListener
        case nil:
            if spec.httpGateway == nil && spec.tcpGateway == nil && spec.hybridGateway == nil {
                reports.addError(
                    ResourceID(gateway),
                    "invalid gateway: gateway must contain gatewayType"
                )
            } else {
                reports.addError(
                    ResourceID(gateway),
                    "gateway must specify only one of httpGateway, tcpGateway or hybridGateway"
                )
            }
            return nil
        }
        return listener
    }

    /// The HTTP listener of a Gateway (or of one matched gateway of a hybrid Gateway) and the VirtualServices it
    /// serves, validated as Gloo's proxy translator would.
    private mutating func httpListener(
        for gateway: Resource<GatewaySpec>,
        http: HttpGateway,
        ssl: Bool,
        in listener: Listener
    ) -> (HttpListener, [Resource<VirtualServiceSpec>]) {
        let selected = selectVirtualServices(for: gateway, http: http, ssl: ssl)
        validateDomains(of: selected, in: gateway)
        var virtualHosts: [VirtualHost] = []
        virtualHosts.reserveCapacity(selected.count)
        // Each VirtualService's routes depend only on the resources, so they are converted in parallel; the
        // results are used in order.
        let (gatewayName, proxyName, routeTables) = (gateway.name, proxyName, resources.routeTables)
        let (generations, rejectedInput) = (generations, rejectedInput)
        let conversions = Parallel.map(selected, minimumCount: 64) { virtualService in
            var converter = RouteConverter(
                virtualService: virtualService,
                gatewayName: gatewayName,
                proxyName: proxyName,
                routeTables: routeTables,
                generations: generations,
                rejectedInput: rejectedInput
            )
            var host = VirtualHost(
                name: "\(virtualService.namespace).\(virtualService.name)",
                domains: virtualService.spec.virtualHost?.domains,
                routes: converter.convert()
            )
            host.storedOptions = virtualService.spec.virtualHost?.storedOptions ?? IndirectOptional(wrappedValue: nil)
            host.metadataStatic = SourceMetadata.value([ResourceID(virtualService)], generations: generations)
            return (host: host, reports: converter.reports, regexes: Self.regexes(in: host))
        }
        for (virtualService, conversion) in zip(selected, conversions) {
            reports.merge(conversion.reports)
            validateRegexes(conversion.regexes, of: virtualService)
            virtualHosts.append(conversion.host)
        }
        var httpListener = HttpListener(virtualHosts: virtualHosts)
        httpListener.options = http.options
        var validator = ListenerValidator(resources: resources, options: options)
        validator.validate(httpListener, virtualServices: selected)
        reports.merge(validator.reports)
        return (httpListener, selected)
    }

    /// The TCP listener of a Gateway: its hosts as written, with upstream namespaces defaulted to the Gateway's,
    /// and their destinations checked.
    private mutating func tcpListener(
        for gateway: Resource<GatewaySpec>,
        tcp: TcpGateway,
        in listener: Listener
    )
        -> TcpListener
    {
        var hosts = tcp.tcpHosts ?? []
        for index in hosts.indices {
            hosts[index].destination = hosts[index].destination.map {
                Self.defaultingNamespaces($0, to: gateway.namespace)
            }
            for reason in ListenerValidator.problems(of: hosts[index].destination, in: resources) {
                reports.addWarning(
                    ResourceID(gateway),
                    "TcpHost Warning: InvalidDestinationWarning. Reason: listener \(listener.name ?? ""): TcpHost error: \(reason)"
                )
            }
        }
        var tcpListener = TcpListener()
        tcpListener.tcpHosts = tcp.tcpHosts == nil ? nil : hosts
        tcpListener.options = tcp.options
        return tcpListener
    }

    private static func defaultingNamespaces(_ action: TcpAction, to namespace: String) -> TcpAction {
        var action = action
        if let upstream = action.single?.upstream { action.single?.upstream = upstream.resolved(in: namespace) }
        if let group = action.upstreamGroup { action.upstreamGroup = group.resolved(in: namespace) }
        if var destinations = action.multi?.destinations {
            for index in destinations.indices {
                if let upstream = destinations[index].destination?.upstream {
                    destinations[index].destination?.upstream = upstream.resolved(in: namespace)
                }
            }
            action.multi?.destinations = destinations
        }
        return action
    }

    /// The hybrid listener of a Gateway (`HybridTranslator`): one matched listener per matched gateway.
    private mutating func hybridListener(
        for gateway: Resource<GatewaySpec>,
        hybrid: HybridGateway,
        in listener: Listener
    ) -> HybridListener? {
        let emptyMessage = "hybrid gateway does not have any populated matched gateways"
        guard let matchedGateways = hybrid.matchedGateways else {
            if hybrid.delegatedHttpGateways != nil || hybrid.delegatedTcpGateways != nil {
                // MatchableHttpGateway and MatchableTcpGateway resources are not read by this library.
                reports.addWarning(
                    ResourceID(gateway),
                    "delegatedHttpGateways and delegatedTcpGateways select MatchableHttpGateway and MatchableTcpGateway resources, which are not supported"
                )
                reports.addWarning(ResourceID(gateway), emptyMessage)
            }
            return nil
        }
        validateMatchers(matchedGateways.map { $0.matcher ?? GatewayMatcher() }, of: gateway)
        var matchedListeners: [MatchedListener] = []
        for matched in matchedGateways {
            var matchedListener = MatchedListener()
            var matcher = GatewayMatcher()
            matcher.sslConfig = matched.matcher?.sslConfig
            matcher.sourcePrefixRanges = matched.matcher?.sourcePrefixRanges
            if let http = matched.httpGateway {
                if resources.virtualServices.isEmpty && !options.translateEmptyGateways { continue }
                let ssl = matcher.sslConfig != nil
                let (httpListener, selected) = httpListener(for: gateway, http: http, ssl: ssl, in: listener)
                matchedListener.httpListener = httpListener
                if ssl { matchedListener.sslConfigurations = selected.compactMap(\.spec.sslConfig) }
            } else if let tcp = matched.tcpGateway {
                matcher.passthroughCipherSuites = matched.matcher?.passthroughCipherSuites
                matchedListener.tcpListener = tcpListener(for: gateway, tcp: tcp, in: listener)
                validateSniDomains(of: tcp, matcher: matched.matcher?.sslConfig, in: gateway)
            }
            matchedListener.matcher = matcher
            matchedListeners.append(matchedListener)
        }
        guard !matchedListeners.isEmpty else {
            reports.addError(ResourceID(gateway), emptyMessage)
            return nil
        }
        var hybridListener = HybridListener()
        hybridListener.matchedListeners = matchedListeners
        return hybridListener
    }

    /// Matchers of a hybrid Gateway must differ, and only one may be empty (the catch-all).
    private mutating func validateMatchers(_ matchers: [GatewayMatcher], of gateway: Resource<GatewaySpec>) {
        var seen: [GatewayMatcher] = []
        for (index, matcher) in matchers.enumerated() {
            if let first = seen.firstIndex(of: matcher) {
                let kind = matcher == GatewayMatcher() ? "empty (catch-all) matcher" : "matcher"
                reports.addError(
                    ResourceID(gateway),
                    "hybrid gateway matched gateway #\(index + 1) repeats the \(kind) of matched gateway #\(first + 1); matchers must be unique"
                )
            }
            seen.append(matcher)
        }
    }

    /// With SNI domains on the matcher, every TCP host's SNI domain must be one of them (`validateTcpHosts`).
    private mutating func validateSniDomains(
        of tcp: TcpGateway,
        matcher ssl: SslConfig?,
        in gateway: Resource<GatewaySpec>
    ) {
        guard let matcherDomains = ssl?.sniDomains, !matcherDomains.isEmpty else { return }
        var conflicting: [String] = []
        for host in tcp.tcpHosts ?? [] {
            for domain in host.sslConfig?.sniDomains ?? [] where !matcherDomains.contains(domain) {
                conflicting.append("\(host.name ?? ""):\(domain)")
            }
        }
        if !conflicting.isEmpty {
            reports.addError(
                ResourceID(gateway),
                "gateway has conflicting sni domains [\(conflicting.joined(separator: " "))]"
            )
        }
    }

    /// The VirtualServices an HTTP Gateway serves (`HttpGatewayContainsVirtualService`): matching TLS-ness,
    /// then expressions, else the label selector, else refs, else all; always within the namespaces listed.
    private mutating func selectVirtualServices(
        for gateway: Resource<GatewaySpec>,
        http: HttpGateway,
        ssl: Bool
    ) -> [Resource<VirtualServiceSpec>] {
        let namespaces = http.virtualServiceNamespaces ?? []
        func inNamespace(_ virtualService: Resource<VirtualServiceSpec>) -> Bool {
            namespaces.isEmpty || namespaces.contains("*") || namespaces.contains(virtualService.namespace)
        }
        var selector: LabelSelector?
        if let expressions = http.virtualServiceExpressions {
            do {
                selector = try LabelSelector(expressions: expressions.expressions ?? [])
            } catch {
                reports.addError(
                    ResourceID(gateway),
                    "\(error.message): the virtual service selector expression is invalid"
                )
                return []
            }
        } else if let labels = http.virtualServiceSelector {
            selector = LabelSelector(matching: labels)
        }
        let refs = (http.virtualServices ?? []).map { $0.resolved(in: gateway.namespace) }
        return resources.virtualServices.filter { virtualService in
            guard (virtualService.spec.sslConfig != nil) == ssl else { return false }
            if let selector {
                return selector.matches(virtualService.labels) && inNamespace(virtualService)
            }
            if refs.isEmpty { return inNamespace(virtualService) }
            return refs.contains { $0.name == virtualService.name && $0.namespace == virtualService.namespace }
        }
    }

    /// A domain may appear in only one VirtualService of a Gateway (`validateVirtualServiceDomains`).
    private mutating func validateDomains(
        of virtualServices: [Resource<VirtualServiceSpec>],
        in gateway: Resource<GatewaySpec>
    ) {
        var byDomain: [String: [Resource<VirtualServiceSpec>]] = [:]
        var order: [String] = []
        for virtualService in virtualServices {
            guard let host = virtualService.spec.virtualHost else {
                reports.addWarning(
                    ResourceID(virtualService),
                    "virtual service [\(virtualService.namespace).\(virtualService.name)] does not specify a virtual host"
                )
                continue
            }
            let domains = (host.domains ?? []).isEmpty ? [""] : host.domains ?? []
            for domain in domains {
                if byDomain[domain] == nil { order.append(domain) }
                byDomain[domain, default: []].append(virtualService)
            }
        }
        var conflicting: [String] = []
        for domain in order {
            guard let owners = byDomain[domain], owners.count > 1 else { continue }
            conflicting.append(domain)
            for (index, virtualService) in owners.enumerated() {
                let others = owners.enumerated().filter { $0.offset != index }
                    .map { "\($0.element.namespace).\($0.element.name)" }.joined(separator: " ")
                let message =
                    domain.isEmpty
                    ? "domain conflict: other virtual services that belong to the same Gateway as this one don't specify a domain (and thus default to '*'): [\(others)]"
                    : "domain conflict: the [\(domain)] domain is present in other virtual services that belong to the same Gateway as this one: [\(others)]"
                reports.addError(ResourceID(virtualService), message)
            }
        }
        if !conflicting.isEmpty {
            let shown = conflicting.map { $0.isEmpty ? "EMPTY_DOMAIN" : $0 }.joined(separator: " ")
            reports.addError(
                ResourceID(gateway),
                "domain conflict: the following domains are present in more than one of the virtual services associated with this gateway: [\(shown)]"
            )
        }
    }

    /// The regexes of a virtual host: in path, header and query matchers and in rewrites.
    private static func regexes(in host: VirtualHost) -> [String] {
        var patterns: [String] = []
        let routes = host.routes ?? []
        // By index, so that routes are read in place rather than copied.
        for index in routes.indices {
            routes[index].withOptions { options in
                if let pattern = options.hostRewritePathRegex?.pattern?.regex { patterns.append(pattern) }
                if let pattern = options.regexRewrite?.pattern?.regex { patterns.append(pattern) }
            }
            if let pattern = routes[index].redirectAction?.regexRewrite?.pattern?.regex { patterns.append(pattern) }
            for matcher in routes[index].matchers ?? [] {
                if let regex = matcher.regex { patterns.append(regex) }
                for header in matcher.headers ?? [] where header.regex == true {
                    if let value = header.value, !value.isEmpty { patterns.append(value) }
                }
                for parameter in matcher.queryParameters ?? [] where parameter.regex == true {
                    if let value = parameter.value, !value.isEmpty { patterns.append(value) }
                }
            }
        }
        return patterns.uniqued()
    }

    /// Regexes must be valid RE2 within the program size Envoy allows.
    private mutating func validateRegexes(_ patterns: [String], of virtualService: Resource<VirtualServiceSpec>) {
        for pattern in patterns {
            if let problem = regexProblem(pattern) {
                reports.addError(
                    ResourceID(virtualService),
                    "virtual service [\(virtualService.namespace).\(virtualService.name)] has a regex matcher with invalid regex, \(problem)"
                )
            }
        }
    }

    /// Why `pattern` is not a regex Envoy accepts, if it is not. Tables shared by many VirtualServices repeat
    /// their patterns, so results are remembered.
    private mutating func regexProblem(_ pattern: String) -> String? {
        if let known = regexProblems[pattern] { return known }
        var limits = SafeRegex.Options.envoy
        limits.maxProgramSize = options.regexMaxProgramSize
        var problem: String?
        do {
            _ = try SafeRegex(pattern, options: limits)
        } catch {
            problem = RegexErrorText.describe(error)
        }
        regexProblems[pattern] = .some(problem)
        return problem
    }

}
