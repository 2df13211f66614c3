internal import SwiftProtobuf

/// Rules for route configurations (RDS resources, or inline in an HTTP connection manager): virtual hosts and
/// their domains, routes, matches, actions, weighted clusters, retries, redirects and direct responses, header
/// mutations and per-filter configurations.
///
/// Besides Envoy's field rules this covers what Envoy's router rejects while building a route table
/// (`source/common/router/config_impl.cc`): duplicate or repeated wildcard domains, several path rewrites,
/// weighted clusters without weight, a retry back-off whose maximum is below its base, and header mutations of
/// pseudo-headers or `host`.
enum RouteValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Config_Route_V3_RouteConfiguration.self, checkRouteConfiguration),
        MessageRule(Envoy_Config_Route_V3_VirtualHost.self, checkVirtualHost),
        MessageRule(Envoy_Config_Route_V3_VirtualCluster.self, checkVirtualCluster),
        MessageRule(Envoy_Config_Route_V3_Route.self, checkRoute),
        MessageRule(Envoy_Config_Route_V3_RouteMatch.self, checkRouteMatch),
        MessageRule(Envoy_Config_Route_V3_HeaderMatcher.self, checkHeaderMatcher),
        MessageRule(Envoy_Config_Route_V3_QueryParameterMatcher.self, checkQueryParameterMatcher),
        MessageRule(Envoy_Config_Route_V3_RouteAction.self, checkRouteAction),
        MessageRule(Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy.self, checkMirrorPolicy),
        MessageRule(Envoy_Config_Route_V3_RouteAction.HashPolicy.self, checkHashPolicy),
        MessageRule(Envoy_Config_Route_V3_RouteAction.UpgradeConfig.self, checkUpgradeConfig),
        MessageRule(Envoy_Config_Route_V3_WeightedCluster.self, checkWeightedCluster),
        MessageRule(Envoy_Config_Route_V3_WeightedCluster.ClusterWeight.self, checkClusterWeight),
        MessageRule(Envoy_Config_Route_V3_RetryPolicy.self, checkRetryPolicy),
        MessageRule(Envoy_Config_Route_V3_RetryPolicy.RetryBackOff.self, checkRetryBackOff),
        MessageRule(Envoy_Config_Route_V3_RetryPolicy.ResetHeader.self, checkResetHeader),
        MessageRule(Envoy_Config_Route_V3_RetryPolicy.RateLimitedRetryBackOff.self, checkRateLimitedRetryBackOff),
        MessageRule(
            Envoy_Extensions_Retry_Priority_PreviousPriorities_V3_PreviousPrioritiesConfig.self,
            checkPreviousPriorities
        ),
        MessageRule(Envoy_Config_Route_V3_RedirectAction.self, checkRedirect),
        MessageRule(Envoy_Config_Route_V3_DirectResponseAction.self, checkDirectResponse),
        MessageRule(Envoy_Config_Route_V3_Decorator.self, checkDecorator),
        MessageRule(Envoy_Config_Route_V3_FilterConfig.self, checkFilterConfig),
    ]

    /// Route configuration names are unique in a snapshot (each is one RDS resource).
    static func checkRouteConfigurationSet(
        _ configurations: [Envoy_Config_Route_V3_RouteConfiguration],
        in context: inout ValidationContext
    ) {
        var names = Set<String>(minimumCapacity: configurations.count)
        for configuration in configurations where !names.insert(configuration.name).inserted {
            context.report(
                .routeConfiguration,
                configuration.name,
                "name",
                "duplicate route configuration \(configuration.name) found"
            )
        }
    }

    // MARK: - Route configuration and virtual hosts

    /// Envoy files every domain, lower-cased, in one table per route configuration: a domain may appear once
    /// across all its virtual hosts, and `*` at most once.
    private static func checkRouteConfiguration(
        _ configuration: Envoy_Config_Route_V3_RouteConfiguration,
        _ context: inout ValidationContext
    ) {
        let route = configuration.name
        var domains = Set<String>()
        var hasWildcard = false
        var hostNames = Set<String>()
        for (hostIndex, host) in configuration.virtualHosts.enumerated() {
            // Envoy 1.40 accepts repeated names, but stats and per-host state are keyed by them.
            if !host.name.isEmpty, !hostNames.insert(host.name).inserted {
                context.report(
                    "virtual_hosts[\(hostIndex)].name",
                    "duplicate virtual host name \(host.name) in route \(route)"
                )
            }
            for (domainIndex, domain) in host.domains.enumerated() {
                let field = "virtual_hosts[\(hostIndex)].domains[\(domainIndex)]"
                let lowered = domain.lowercased()
                if lowered == "*" {
                    if hasWildcard {
                        context.report(field, "Only a single wildcard domain is permitted in route \(route)")
                    }
                    hasWildcard = true
                } else if !domains.insert(lowered).inserted {
                    context.report(
                        field,
                        "Only unique values for domains are permitted. Duplicate entry of domain \(lowered) in "
                            + "route \(route)"
                    )
                }
            }
        }
        checkHeaderMutations(
            add: (configuration.requestHeadersToAdd, configuration.responseHeadersToAdd),
            remove: (configuration.requestHeadersToRemove, configuration.responseHeadersToRemove),
            removalsNonEmpty: false,
            &context
        )
        checkPerFilterConfig(configuration.typedPerFilterConfig, &context)
    }

    private static func checkVirtualHost(
        _ host: Envoy_Config_Route_V3_VirtualHost,
        _ context: inout ValidationContext
    ) {
        if host.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if host.domains.isEmpty { context.report("domains", PGV.minItems(1)) }
        for (index, domain) in host.domains.enumerated() where !HeaderRules.hasNoControlBreaks(domain) {
            context.report("domains[\(index)]", PGV.headerPattern)
        }
        checkHeaderMutations(
            add: (host.requestHeadersToAdd, host.responseHeadersToAdd),
            remove: (host.requestHeadersToRemove, host.responseHeadersToRemove),
            removalsNonEmpty: true,
            &context
        )
        checkPerFilterConfig(host.typedPerFilterConfig, &context)
    }

    private static func checkVirtualCluster(
        _ cluster: Envoy_Config_Route_V3_VirtualCluster,
        _ context: inout ValidationContext
    ) {
        if cluster.name.isEmpty { context.report("name", PGV.nonEmpty) }
    }

    // MARK: - Routes and matches

    private static func checkRoute(_ route: Envoy_Config_Route_V3_Route, _ context: inout ValidationContext) {
        if !route.hasMatch { context.report("match", PGV.required) }
        if route.action == nil { context.report("", PGV.oneofRequired("action")) }
        checkHeaderMutations(
            add: (route.requestHeadersToAdd, route.responseHeadersToAdd),
            remove: (route.requestHeadersToRemove, route.responseHeadersToRemove),
            removalsNonEmpty: true,
            &context
        )
        checkPerFilterConfig(route.typedPerFilterConfig, &context)
        // The weight sum is checked here because Envoy's message names the route.
        if case .route(let action)? = route.action, case .weightedClusters(let weighted)? = action.clusterSpecifier,
            !weighted.clusters.isEmpty
        {
            let total = weighted.clusters.reduce(UInt64(0)) { $0 + UInt64($1.weight.value) }
            if total == 0 {
                context.report(
                    "route.weighted_clusters",
                    "Sum of weights in the weighted_cluster must be greater than 0."
                )
            } else if total > UInt64(UInt32.max) {
                context.report(
                    "route.weighted_clusters",
                    "The sum of weights of all weighted clusters of route \(route.name) exceeds \(UInt32.max)"
                )
            }
        }
    }

    private static func checkRouteMatch(_ match: Envoy_Config_Route_V3_RouteMatch, _ context: inout ValidationContext) {
        switch match.pathSpecifier {
        case nil:
            context.report("", PGV.oneofRequired("path_specifier"))
        case .pathSeparatedPrefix(let prefix):
            // ^[^?#]+[^?#/]$: no query or fragment, and no trailing slash.
            let bytes = prefix.utf8
            if bytes.count < 2 || bytes.contains(UInt8(ascii: "?")) || bytes.contains(UInt8(ascii: "#"))
                || bytes.last == UInt8(ascii: "/")
            {
                context.report("path_separated_prefix", #"value does not match regex pattern "^[^?#]+[^?#/]$""#)
            }
        case .prefix(let prefix) where !HeaderRules.hasNoControlBreaks(prefix):
            context.report("prefix", PGV.headerPattern)
        case .path(let path) where !HeaderRules.hasNoControlBreaks(path):
            context.report("path", PGV.headerPattern)
        default:
            break
        }
    }

    private static func checkHeaderMatcher(
        _ matcher: Envoy_Config_Route_V3_HeaderMatcher,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderName(matcher.name, field: "name")
    }

    private static func checkQueryParameterMatcher(
        _ matcher: Envoy_Config_Route_V3_QueryParameterMatcher,
        _ context: inout ValidationContext
    ) {
        if matcher.name.isEmpty {
            context.report("name", PGV.nonEmpty)
        } else if matcher.name.utf8.count > 1024 {
            context.report("name", PGV.maxBytes(1024))
        }
    }

    // MARK: - Route actions

    private static func checkRouteAction(
        _ action: Envoy_Config_Route_V3_RouteAction,
        _ context: inout ValidationContext
    ) {
        switch action.clusterSpecifier {
        case nil: context.report("", PGV.oneofRequired("cluster_specifier"))
        case .cluster(let name) where name.isEmpty: context.report("cluster", PGV.nonEmpty)
        case .clusterHeader(let header): context.checkHeaderName(header, field: "cluster_header")
        default: break
        }
        let rewrites = (action.prefixRewrite.isEmpty ? 0 : 1) + (action.hasRegexRewrite ? 1 : 0)
        if rewrites > 1 {
            context.report("", "Specify only one of prefix_rewrite, regex_rewrite or path_rewrite_policy")
        }
        if !HeaderRules.hasNoControlBreaks(action.prefixRewrite) {
            context.report("prefix_rewrite", PGV.headerPattern)
        }
        switch action.hostRewriteSpecifier {
        case .hostRewriteLiteral(let host): context.checkHeaderValue(host, field: "host_rewrite_literal")
        case .hostRewriteHeader(let header): context.checkHeaderValue(header, field: "host_rewrite_header")
        default: break
        }
    }

    private static func checkMirrorPolicy(
        _ policy: Envoy_Config_Route_V3_RouteAction.RequestMirrorPolicy,
        _ context: inout ValidationContext
    ) {
        if policy.cluster.isEmpty {
            context.report("", "Exactly one of cluster or cluster_header in request mirror policy need to be specified")
        }
    }

    private static func checkHashPolicy(
        _ policy: Envoy_Config_Route_V3_RouteAction.HashPolicy,
        _ context: inout ValidationContext
    ) {
        switch policy.policySpecifier {
        case nil: context.report("", PGV.oneofRequired("policy_specifier"))
        case .header(let header): context.checkHeaderName(header.headerName, field: "header.header_name")
        case .cookie(let cookie) where cookie.name.isEmpty: context.report("cookie.name", PGV.nonEmpty)
        case .queryParameter(let query) where query.name.isEmpty: context.report("query_parameter.name", PGV.nonEmpty)
        default: break
        }
    }

    private static func checkUpgradeConfig(
        _ upgrade: Envoy_Config_Route_V3_RouteAction.UpgradeConfig,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderName(upgrade.upgradeType, field: "upgrade_type")
    }

    private static func checkWeightedCluster(
        _ weighted: Envoy_Config_Route_V3_WeightedCluster,
        _ context: inout ValidationContext
    ) {
        if weighted.clusters.isEmpty { context.report("clusters", PGV.minItems(1)) }
        if case .headerName(let header)? = weighted.randomValueSpecifier {
            context.checkHeaderValue(header, field: "header_name")
        }
    }

    private static func checkClusterWeight(
        _ weight: Envoy_Config_Route_V3_WeightedCluster.ClusterWeight,
        _ context: inout ValidationContext
    ) {
        switch (weight.name.isEmpty, weight.clusterHeader.isEmpty) {
        case (true, true): context.report("", "At least one of name or cluster_header need to be specified")
        case (false, false): context.report("", "Only one of name or cluster_header can be specified")
        case (true, false): context.checkHeaderName(weight.clusterHeader, field: "cluster_header")
        case (false, true): break
        }
        if !weight.hasWeight { context.report("weight", "Field 'weight' is missing") }
        checkHeaderMutations(
            add: (weight.requestHeadersToAdd, weight.responseHeadersToAdd),
            remove: (weight.requestHeadersToRemove, weight.responseHeadersToRemove),
            removalsNonEmpty: false,
            &context
        )
        if case .hostRewriteLiteral(let host)? = weight.hostRewriteSpecifier {
            context.checkHeaderValue(host, field: "host_rewrite_literal")
        }
        checkPerFilterConfig(weight.typedPerFilterConfig, &context)
    }

    // MARK: - Retries

    private static func checkRetryPolicy(
        _ policy: Envoy_Config_Route_V3_RetryPolicy,
        _ context: inout ValidationContext
    ) {
        if policy.hasRetryPriority {
            let priority = policy.retryPriority
            if priority.name.isEmpty { context.report("retry_priority.name", PGV.nonEmpty) }
            let any: Google_Protobuf_Any? = if case .typedConfig(let any)? = priority.configType { any } else { nil }
            context.checkExtension(
                any,
                named: priority.name,
                field: "retry_priority.typed_config",
                slot: .retryPriority
            )
        }
        for (index, predicate) in policy.retryHostPredicate.enumerated() {
            if predicate.name.isEmpty { context.report("retry_host_predicate[\(index)].name", PGV.nonEmpty) }
            let any: Google_Protobuf_Any? = if case .typedConfig(let any)? = predicate.configType { any } else { nil }
            context.checkExtension(
                any,
                named: predicate.name,
                field: "retry_host_predicate[\(index)].typed_config",
                slot: .retryHostPredicate
            )
        }
    }

    private static func checkRetryBackOff(
        _ backOff: Envoy_Config_Route_V3_RetryPolicy.RetryBackOff,
        _ context: inout ValidationContext
    ) {
        if !backOff.hasBaseInterval {
            context.report("base_interval", PGV.required)
        } else if DurationRule.isNotAbove(backOff.baseInterval) {
            context.report("base_interval", PGV.positiveDuration)
        }
        guard backOff.hasMaxInterval else { return }
        if DurationRule.isNotAbove(backOff.maxInterval) {
            context.report("max_interval", PGV.positiveDuration)
        } else if backOff.hasBaseInterval, DurationRule.problem(backOff.baseInterval) == nil,
            DurationRule.problem(backOff.maxInterval) == nil,
            backOff.maxInterval.totalNanoseconds < backOff.baseInterval.totalNanoseconds
        {
            context.report("max_interval", "retry_policy.max_interval must greater than or equal to the base_interval")
        }
    }

    private static func checkResetHeader(
        _ header: Envoy_Config_Route_V3_RetryPolicy.ResetHeader,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderName(header.name, field: "name")
    }

    private static func checkRateLimitedRetryBackOff(
        _ backOff: Envoy_Config_Route_V3_RetryPolicy.RateLimitedRetryBackOff,
        _ context: inout ValidationContext
    ) {
        if backOff.resetHeaders.isEmpty { context.report("reset_headers", PGV.minItems(1)) }
        if backOff.hasMaxInterval, DurationRule.isNotAbove(backOff.maxInterval) {
            context.report("max_interval", PGV.positiveDuration)
        }
    }

    private static func checkPreviousPriorities(
        _ config: Envoy_Extensions_Retry_Priority_PreviousPriorities_V3_PreviousPrioritiesConfig,
        _ context: inout ValidationContext
    ) {
        if config.updateFrequency <= 0 { context.report("update_frequency", PGV.greater(0)) }
    }

    // MARK: - Other actions

    private static func checkRedirect(
        _ redirect: Envoy_Config_Route_V3_RedirectAction,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderValue(redirect.hostRedirect, field: "host_redirect")
        switch redirect.pathRewriteSpecifier {
        case .pathRedirect(let path): context.checkHeaderValue(path, field: "path_redirect")
        case .prefixRewrite(let prefix): context.checkHeaderValue(prefix, field: "prefix_rewrite")
        default: break
        }
    }

    private static func checkDirectResponse(
        _ response: Envoy_Config_Route_V3_DirectResponseAction,
        _ context: inout ValidationContext
    ) {
        if !(200..<600).contains(response.status) { context.report("status", PGV.inside(200, 600)) }
    }

    private static func checkDecorator(
        _ decorator: Envoy_Config_Route_V3_Decorator,
        _ context: inout ValidationContext
    ) {
        if decorator.operation.isEmpty { context.report("operation", PGV.nonEmpty) }
    }

    /// A per-route filter configuration wrapped in `FilterConfig`; the filter's name is the map key it sits
    /// under.
    private static func checkFilterConfig(
        _ config: Envoy_Config_Route_V3_FilterConfig,
        _ context: inout ValidationContext
    ) {
        guard config.hasConfig else { return }
        if config.isOptional, KnownExtensions.byTypeURL[config.config.typeURL] == nil { return }
        context.checkExtension(
            config.config,
            named: context.steps.last?.key ?? "",
            field: "config",
            slot: .perRouteConfig
        )
    }

    // MARK: - Shared parts

    /// Header lists of a route configuration, virtual host, route or weighted cluster: at most 1000 headers to
    /// add, and only headers Envoy may remove.
    private static func checkHeaderMutations(
        add: (request: [Envoy_Config_Core_V3_HeaderValueOption], response: [Envoy_Config_Core_V3_HeaderValueOption]),
        remove: (request: [String], response: [String]),
        removalsNonEmpty: Bool,
        _ context: inout ValidationContext
    ) {
        if add.request.count > 1000 { context.report("request_headers_to_add", PGV.maxItems(1000)) }
        if add.response.count > 1000 { context.report("response_headers_to_add", PGV.maxItems(1000)) }
        context.checkHeadersToRemove(remove.request, field: "request_headers_to_remove", nonEmpty: removalsNonEmpty)
        context.checkHeadersToRemove(remove.response, field: "response_headers_to_remove", nonEmpty: removalsNonEmpty)
    }

    /// `typed_per_filter_config`: keys name an HTTP filter, values are a per-route configuration type Envoy
    /// knows (or `FilterConfig` around one).
    private static func checkPerFilterConfig(
        _ configs: [String: Google_Protobuf_Any],
        _ context: inout ValidationContext
    ) {
        guard !configs.isEmpty else { return }
        for (name, any) in configs.sorted(by: { $0.key < $1.key }) {
            let field = "typed_per_filter_config[\"\(name)\"]"
            if name.isEmpty {
                // Envoy 1.40 accepts it, but no filter has an empty name, so the configuration is dead.
                context.report(field, "the key must name an HTTP filter")
            }
            context.checkExtension(any, named: name, field: field, slot: .perRouteConfig)
        }
    }
}
