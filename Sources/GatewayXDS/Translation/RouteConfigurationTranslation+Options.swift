internal import GatewayModel
internal import SwiftProtobuf

extension RouteConfigurationTranslation {
    /// The route options Envoy expresses natively, applied as Gloo's route plugins apply them. Options that
    /// only make sense for a `routeAction` (rewrites, timeouts, retries, faults) are ignored with a warning on
    /// redirects and direct responses, except where Gloo rejects them (shadowing, hashing, upgrades, CORS on a
    /// redirect). Options Envoy's built-in filters cannot express become warnings where they are written.
    mutating func applyRouteOptions(
        _ options: RouteOptions,
        to route: inout Envoy_Config_Route_V3_Route,
        hostOptions: VirtualHostOptions?,
        origin: RouteOrigin,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) {
        var ignored: [(String, @Sendable (RouteOptions) -> Bool)] = []
        if origin.route.routeAction != nil {
            // Taken out of the route while it changes, so that it is not copied.
            let translated = route.action != nil
            var action = route.route
            route.action = nil
            // A shadowing Upstream without a namespace is in the namespace of the resource the route is written in.
            let namespace = options.shadowing == nil ? "default" : origin.origin.sources.first?.namespace ?? "default"
            applyRouteActionOptions(options, to: &action, namespace: namespace, report: &report)
            // An action that failed to translate leaves the route invalid; the options are still checked.
            if translated { route.route = action }
            if let faults = options.faults, let fault = RouteFaultInjection.translate(faults, report: &report) {
                route.typedPerFilterConfig[RouteFaultInjection.filterName] = Google_Protobuf_Any(packing: fault)
                filters.fault = true
            }
        } else {
            let actionOnly: [(String, @Sendable (RouteOptions) -> Bool)] = [
                ("prefixRewrite", { $0.prefixRewrite != nil }), ("regexRewrite", { $0.regexRewrite != nil }),
                ("timeout", { $0.timeout != nil }), ("idleTimeout", { $0.idleTimeout != nil }),
                ("maxStreamDuration", { $0.maxStreamDuration != nil }), ("retries", { $0.retries != nil }),
                ("hostRewrite", { $0.hostRewriteType != nil }), ("faults", { $0.faults != nil }),
            ]
            ignored = actionOnly.filter { $0.1(options) }
            for (name, isSet) in [
                ("shadowing", options.shadowing != nil), ("lbHash", options.lbHash != nil),
                ("upgrades", !(options.upgrades ?? []).isEmpty),
            ] where isSet {
                // Gloo's plugins reject these on anything but a routeAction.
                report.fail("option '\(name)' is only available for routes with a routeAction")
            }
        }
        if let headers = options.headerManipulation,
            let mutation = RouteHeaderMutation.translate(headers, resources: resources, report: &report)
        {
            route.apply(mutation)
        }
        if let cors = options.cors {
            applyCors(cors, to: &route, hostOptions: hostOptions, report: &report)
        }
        if let metadata = options.envoyMetadata, !metadata.isEmpty {
            for (key, value) in metadata {
                guard let fields = Self.structValue(value) else {
                    report.fail("envoyMetadata.\(key) must be an object (a google.protobuf.Struct)")
                    continue
                }
                route.metadata.filterMetadata[key] = fields
            }
        }
        if let tracing = options.tracing {
            applyTracing(tracing, to: &route)
        }

        var notSent: [(String, Bool, @Sendable (RouteOptions) -> Bool)] = [
            ("transformations", false, { $0.transformations != nil }),
            ("stagedTransformations", false, { $0.stagedTransformations != nil }),
            ("bufferPerRoute", true, { $0.bufferPerRoute != nil }),
            ("csrf", true, { $0.csrf != nil }),
        ]
        notSent = notSent.filter { $0.2(options) }
        for (name, expressible, isSet) in notSent {
            let location = origin.options(in: resources, where: isSet)
            var warnings = ListenerPartReport()
            warnings.warn(ListenerPartReport.notSent(name, at: location.path, expressible: expressible))
            warnings.flush(to: location.targets, in: &context)
        }
        for (name, isSet) in ignored {
            let location = origin.options(in: resources, where: isSet)
            var warnings = ListenerPartReport()
            warnings.warn(
                "option '\(name)' at \(location.path) applies only to routes with a routeAction and is not sent to Envoy"
            )
            warnings.flush(to: location.targets, in: &context)
        }
    }

    /// Rewrites, timeouts, retries, hashing, upgrades and mirroring, on the route action (Gloo's basic route,
    /// load balancer and shadowing plugins).
    private mutating func applyRouteActionOptions(
        _ options: RouteOptions,
        to action: inout Envoy_Config_Route_V3_RouteAction,
        namespace: String,
        report: inout ListenerPartReport
    ) {
        if options.prefixRewrite != nil && options.regexRewrite != nil {
            report.fail("only one of prefixRewrite and regexRewrite may be set: Envoy rejects a route with both")
        }
        if let prefix = options.prefixRewrite {
            guard MatcherTranslation.isHeaderValue(prefix) else {
                report.fail("prefixRewrite contains NUL, CR or LF")
                return
            }
            action.prefixRewrite = prefix
        }
        if let rewrite = options.regexRewrite, let translated = regexRewrite(rewrite, "regexRewrite", report: &report) {
            action.regexRewrite = translated
        }
        if let timeout = options.timeout, let value = RouteDurations.nonNegative(timeout, "timeout", report: &report) {
            action.timeout = value
        }
        if let idle = options.idleTimeout, let value = RouteDurations.nonNegative(idle, "idleTimeout", report: &report)
        {
            action.idleTimeout = value
        }
        if let limits = options.maxStreamDuration {
            var out = Envoy_Config_Route_V3_RouteAction.MaxStreamDuration()
            let fields:
                [(
                    ProtoDuration?, String,
                    WritableKeyPath<Envoy_Config_Route_V3_RouteAction.MaxStreamDuration, Google_Protobuf_Duration>
                )] = [
                    (limits.maxStreamDuration, "maxStreamDuration.maxStreamDuration", \.maxStreamDuration),
                    (limits.grpcTimeoutHeaderMax, "maxStreamDuration.grpcTimeoutHeaderMax", \.grpcTimeoutHeaderMax),
                    (
                        limits.grpcTimeoutHeaderOffset, "maxStreamDuration.grpcTimeoutHeaderOffset",
                        \.grpcTimeoutHeaderOffset
                    ),
                ]
            for (value, what, keyPath) in fields {
                guard let value else { continue }
                if let duration = RouteDurations.nonNegative(value, what, report: &report) {
                    out[keyPath: keyPath] = duration
                }
            }
            action.maxStreamDuration = out
        }
        if let retries = options.retries, let policy = RouteRetryPolicy.translate(retries, report: &report) {
            action.retryPolicy = policy
        }
        applyHostRewrite(options, to: &action, report: &report)
        if let hash = options.lbHash {
            for policy in hash.hashPolicies ?? [] {
                if let translated = hashPolicy(policy, report: &report) { action.hashPolicy.append(translated) }
            }
        }
        if let upgrades = options.upgrades, !upgrades.isEmpty {
            var seen = Set<String>()
            for upgrade in upgrades {
                var config = Envoy_Config_Route_V3_RouteAction.UpgradeConfig()
                switch upgrade.upgradeType {
                case .websocket(let spec)?:
                    config.upgradeType = "websocket"
                    if let enabled = spec.enabled { config.enabled = Google_Protobuf_BoolValue(enabled) }
                case .connect(let spec)?:
                    config.upgradeType = "CONNECT"
                    if let enabled = spec.enabled { config.enabled = Google_Protobuf_BoolValue(enabled) }
                case .connectTerminate(let spec)?:
                    config.upgradeType = "CONNECT"
                    if let enabled = spec.enabled { config.enabled = Google_Protobuf_BoolValue(enabled) }
                    config.connectConfig = Envoy_Config_Route_V3_RouteAction.UpgradeConfig.ConnectConfig()
                case nil:
                    report.fail("an upgrade must set exactly one of websocket, connect and connectTerminate")
                    continue
                }
                guard seen.insert(config.upgradeType).inserted else {
                    report.fail("upgrade config \(config.upgradeType) is not unique")
                    continue
                }
                action.upgradeConfigs.append(config)
            }
        }
        if let shadowing = options.shadowing {
            applyShadowing(shadowing, namespace: namespace, to: &action, report: &report)
        }
    }

    /// One host rewrite (Gloo's `hostRewriteType` oneof), with `appendXForwardedHost` when there is one.
    private mutating func applyHostRewrite(
        _ options: RouteOptions,
        to action: inout Envoy_Config_Route_V3_RouteAction,
        report: inout ListenerPartReport
    ) {
        let count = [
            options.hostRewrite != nil, options.autoHostRewrite != nil, options.hostRewritePathRegex != nil,
            options.hostRewriteHeader != nil,
        ]
        .filter { $0 }.count
        guard count <= 1 else {
            report.fail(
                "only one of hostRewrite, autoHostRewrite, hostRewritePathRegex and hostRewriteHeader may be set"
            )
            return
        }
        switch options.hostRewriteType {
        case .literal(let host)?:
            guard MatcherTranslation.isHeaderValue(host) else {
                report.fail("hostRewrite contains NUL, CR or LF")
                return
            }
            action.hostRewriteLiteral = host
        case .auto(let flag)?:
            action.autoHostRewrite = Google_Protobuf_BoolValue(flag)
        case .header(let header)?:
            guard MatcherTranslation.isHeaderName(header) else {
                report.fail("hostRewriteHeader '\(header)' is not a valid header name")
                return
            }
            action.hostRewriteHeader = header
        case .pathRegex(let rewrite)?:
            guard let translated = regexRewrite(rewrite, "hostRewritePathRegex", report: &report) else { return }
            action.hostRewritePathRegex = translated
        case nil:
            return
        }
        if let append = options.appendXForwardedHost { action.appendXForwardedHost = append }
    }

    /// Gloo's lbHash policies; a policy must name exactly one input.
    private func hashPolicy(
        _ policy: HashPolicy,
        report: inout ListenerPartReport
    )
        -> Envoy_Config_Route_V3_RouteAction.HashPolicy?
    {
        var out = Envoy_Config_Route_V3_RouteAction.HashPolicy()
        out.terminal = policy.terminal ?? false
        switch policy.keyType {
        case .header(let name)?:
            guard MatcherTranslation.isHeaderName(name) else {
                report.fail("lbHash: '\(name)' is not a valid header name")
                return nil
            }
            out.header.headerName = name
        case .cookie(let cookie)?:
            guard let name = cookie.name, !name.isEmpty else {
                report.fail("lbHash: a cookie hash policy needs a cookie name")
                return nil
            }
            out.cookie.name = name
            if let ttl = cookie.ttl, let value = RouteDurations.nonNegative(ttl, "lbHash cookie ttl", report: &report) {
                out.cookie.ttl = value
            }
            out.cookie.path = cookie.path ?? ""
        case .sourceIp(let flag)?:
            out.connectionProperties.sourceIp = flag
        case nil:
            report.fail("lbHash: a hash policy must set exactly one of header, cookie and sourceIp")
            return nil
        }
        return out
    }

    /// Gloo's shadowing plugin: one mirror policy to the Upstream's cluster for a percentage of requests.
    private func applyShadowing(
        _ shadowing: RouteShadowing,
        namespace: String,
        to action: inout Envoy_Config_Route_V3_RouteAction,
        report: inout ListenerPartReport
    ) {
        guard let upstream = shadowing.upstream else {
            report.fail("shadowing: upstream must be specified")
            return
        }
        let percentage = shadowing.percentage ?? 0
        guard percentage.isFinite, percentage >= 0, percentage <= 100 else {
            report.fail("shadowing: percentage must be between 0 and 100, found \(percentage)")
            return
        }
        var mirror = Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy()
        mirror.cluster = EnvoyNames.cluster(upstream.resolved(in: namespace))
        mirror.runtimeFraction.defaultValue = RouteFaultInjection.percentage(percentage)
        mirror.disableShadowHostSuffixAppend = shadowing.disableShadowHostSuffixAppend ?? false
        if let host = shadowing.hostRewriteLiteral, !host.isEmpty {
            report.warn(
                "option 'shadowing.hostRewriteLiteral' is not expressible in Envoy's request mirror policy and is not sent to Envoy"
            )
        }
        action.requestMirrorPolicies = [mirror]
    }

    /// CORS on a route (Gloo's cors plugin): the filter's per-route policy, merged with the virtual host's per
    /// its merge settings; a direct response gets the CORS headers itself, since the filter never sees it.
    private mutating func applyCors(
        _ cors: CorsPolicy,
        to route: inout Envoy_Config_Route_V3_Route,
        hostOptions: VirtualHostOptions?,
        report: inout ListenerPartReport
    ) {
        let merged = RouteCorsPolicy.merged(
            route: cors,
            virtualHost: hostOptions?.cors,
            settings: hostOptions?.corsPolicyMergeSettings
        )
        switch route.action {
        case .directResponse?:
            guard merged.disableForRoute != true else { return }
            let headers = RouteCorsPolicy.directResponseHeaders(merged)
            guard headers.allSatisfy({ MatcherTranslation.isHeaderValue($0.header.value) }) else {
                report.fail("cors: a value contains NUL, CR or LF")
                return
            }
            route.responseHeadersToAdd += headers
        case .redirect?:
            report.fail("cannot use cors plugin on non-Route_Route route actions")
        default:
            guard let policy = RouteCorsPolicy.translate(merged, onRoute: true, report: &report, regexes: &regexes)
            else { return }
            route.typedPerFilterConfig[RouteCorsPolicy.filterName] = Google_Protobuf_Any(packing: policy)
            filters.cors = true
        }
    }

    /// Gloo's tracing plugin: sampling percentages (100% when unset) and the route's span name.
    private func applyTracing(_ tracing: RouteTracingSettings, to route: inout Envoy_Config_Route_V3_Route) {
        let percentages = tracing.tracePercentages
        route.tracing.clientSampling = RouteFaultInjection.percentage(percentages?.clientSamplePercentage ?? 100)
        route.tracing.randomSampling = RouteFaultInjection.percentage(percentages?.randomSamplePercentage ?? 100)
        route.tracing.overallSampling = RouteFaultInjection.percentage(percentages?.overallSamplePercentage ?? 100)
        if let descriptor = tracing.routeDescriptor, !descriptor.isEmpty {
            route.decorator.operation = descriptor
            if let propagate = tracing.propagate { route.decorator.propagate = Google_Protobuf_BoolValue(propagate) }
        }
    }

    /// An object value as a `google.protobuf.Struct`; nil when `value` is not an object.
    static func structValue(_ value: ConfigValue) -> Google_Protobuf_Struct? {
        guard let members = value.members else { return nil }
        var result = Google_Protobuf_Struct()
        for member in members { result.fields[member.key] = protobufValue(member.value) }
        return result
    }

    /// Any value as a `google.protobuf.Value`; numbers become doubles, as in protobuf's JSON mapping.
    private static func protobufValue(_ value: ConfigValue) -> Google_Protobuf_Value {
        switch value.content {
        case .null: Google_Protobuf_Value(nilLiteral: ())
        case .bool(let flag): Google_Protobuf_Value(boolValue: flag)
        case .number(let text): Google_Protobuf_Value(numberValue: Double(text) ?? 0)
        case .string(let text): Google_Protobuf_Value(stringValue: text)
        case .array(let values):
            Google_Protobuf_Value(listValue: Google_Protobuf_ListValue(values: values.map(protobufValue)))
        case .object: Google_Protobuf_Value(structValue: structValue(value) ?? Google_Protobuf_Struct())
        }
    }
}
