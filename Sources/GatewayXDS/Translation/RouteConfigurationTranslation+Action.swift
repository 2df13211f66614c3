internal import GatewayModel
internal import SwiftProtobuf

/// An Envoy route action and the per-filter configs the route needs for it (Lambda, transcoding).
struct TranslatedRouteAction {
    var action = Envoy_Config_Route_V3_RouteAction()
    var perFilterConfig: [String: Google_Protobuf_Any] = [:]
}

extension RouteConfigurationTranslation {
    /// Gloo's `setRouteAction`: one destination becomes `cluster`, several (or an UpstreamGroup's) become
    /// `weighted_clusters`, `clusterHeader` becomes `cluster_header`. Destinations this gateway has no cluster
    /// for (Kubernetes and Consul services, the dynamic forward proxy) are errors.
    mutating func translateRouteAction(
        _ action: RouteAction,
        origin: RouteOrigin,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) -> TranslatedRouteAction? {
        var out = TranslatedRouteAction()
        guard action.destinationCount == 1 else {
            report.fail(
                action.destinationCount == 0
                    ? "must specify either 'singleDestination', 'multipleDestinations', 'upstreamGroup', 'clusterHeader', or 'dynamicForwardProxy' for action"
                    : "only one of single, multi, upstreamGroup, clusterHeader and dynamicForwardProxy may be set"
            )
            return nil
        }
        if let single = action.single {
            guard let cluster = clusterName(of: single, report: &report) else { return nil }
            out.action.cluster = cluster
            if let match = subsetMatch(single) { out.action.metadataMatch = match }
            let resources = resources
            guard
                let functions = functionConfigs(
                    for: single,
                    specPath: { origin.route(in: resources).path + ".routeAction.single.destinationSpec" },
                    report: &report,
                    context: &context
                )
            else { return nil }
            out.perFilterConfig = functions
        } else if let multi = action.multi {
            let destinations = multi.destinations ?? []
            let resources = resources
            guard
                weightedClusters(
                    destinations,
                    into: &out,
                    optionsLocation: { position, isSet in
                        origin.destinationOptions(at: position, in: resources, where: isSet)
                    },
                    report: &report,
                    context: &context
                )
            else { return nil }
        } else if let ref = action.upstreamGroup {
            guard ref.namespace != nil, let group = resources.upstreamGroup(ref) else {
                report.fail("*v1.UpstreamGroup { \(ref.namespace ?? "").\(ref.name) } not found")
                return nil
            }
            let id = ResourceID(group)
            // Upstreams named without a namespace are in the group's (Gloo's `verifyUpstreamGroups`).
            var destinations = group.spec.destinations ?? []
            for index in destinations.indices {
                if let upstream = destinations[index].destination?.upstream {
                    destinations[index].destination?.upstream = upstream.resolved(in: group.namespace)
                }
            }
            guard
                weightedClusters(
                    destinations,
                    into: &out,
                    optionsLocation: { position, _ in
                        ListenerLocation(targets: [id], path: "spec.destinations[\(position)].options")
                    },
                    report: &report,
                    context: &context
                )
            else { return nil }
        } else if let header = action.clusterHeader {
            // Gloo's `validateClusterHeader`: ASCII and no colon; Envoy needs a name.
            guard !header.isEmpty, header.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: ":") }),
                MatcherTranslation.isHeaderName(header)
            else {
                report.fail("\(header) is an invalid HTTP header name")
                return nil
            }
            out.action.clusterHeader = header
        } else {
            report.fail(
                "dynamicForwardProxy needs Envoy's dynamic forward proxy filter and cluster, which this gateway does not translate"
            )
            return nil
        }
        return out
    }

    /// Gloo's `setWeightedClusters`: every destination keeps its weight (0 included), and the weights must add
    /// up to more than 0. Per-destination header manipulation applies to its cluster.
    private mutating func weightedClusters(
        _ destinations: [WeightedDestination],
        into out: inout TranslatedRouteAction,
        optionsLocation: (Int, @escaping (WeightedDestinationOptions) -> Bool) -> ListenerLocation,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) -> Bool {
        guard !destinations.isEmpty else {
            report.fail("must specify at least one weighted destination for multi destination routes")
            return false
        }
        var clusters = Envoy_Config_Route_V3_WeightedCluster()
        var total: UInt64 = 0
        var lambdaCount = 0
        var valid = true
        for (position, weighted) in destinations.enumerated() {
            guard let destination = weighted.destination, let name = clusterName(of: destination, report: &report)
            else {
                if weighted.destination == nil { report.fail("no destination type specified") }
                valid = false
                continue
            }
            var cluster = Envoy_Config_Route_V3_WeightedCluster.ClusterWeight()
            cluster.name = name
            let weight = weighted.weight ?? 0
            cluster.weight = Google_Protobuf_UInt32Value(weight)
            total += UInt64(weight)
            if let match = subsetMatch(destination) { cluster.metadataMatch = match }
            if let options = weighted.options {
                if let headers = options.headerManipulation {
                    if let mutation = RouteHeaderMutation.translate(headers, resources: resources, report: &report) {
                        cluster.apply(mutation)
                    } else {
                        valid = false
                    }
                }
                warnNotSent(options, at: position, optionsLocation: optionsLocation, context: &context)
            }
            guard
                let functions = functionConfigs(
                    for: destination,
                    specPath: { "destinations[\(position)].destinationSpec" },
                    report: &report,
                    context: &context
                )
            else {
                valid = false
                continue
            }
            for (filter, config) in functions {
                if filter == RouteLambdaFunction.filterName {
                    // Per cluster, as Gloo does: Envoy enables the disabled filter for the cluster chosen and
                    // invokes that cluster's function.
                    cluster.typedPerFilterConfig[filter] = config
                    lambdaCount += 1
                } else if out.perFilterConfig[filter] == nil {
                    // Gloo sets the first transcoder it finds on the route.
                    out.perFilterConfig[filter] = config
                }
            }
            clusters.clusters.append(cluster)
        }
        if lambdaCount > 0 && lambdaCount < destinations.count {
            report.fail(
                "a route cannot split traffic between AWS Lambda functions and other destinations: Envoy's aws_lambda filter would sign every request"
            )
            valid = false
        }
        if total < 1 {
            report.fail(
                "Incorrect configuration for Weighted Destination for route - Weighted Destinations require a total weight that is greater than or equal to 1"
            )
            valid = false
        } else if total > UInt64(UInt32.max) {
            report.fail("the weights of the destinations add up to \(total); Envoy accepts at most \(UInt32.max)")
            valid = false
        }
        guard valid else { return false }
        out.action.weightedClusters = clusters
        return true
    }

    /// Warnings for the options of a weighted destination that are not sent to Envoy.
    private func warnNotSent(
        _ options: WeightedDestinationOptions,
        at position: Int,
        optionsLocation: (Int, @escaping (WeightedDestinationOptions) -> Bool) -> ListenerLocation,
        context: inout TranslationContext
    ) {
        let fields: [(String, Bool, @Sendable (WeightedDestinationOptions) -> Bool)] = [
            ("transformations", false, { $0.transformations != nil }),
            ("stagedTransformations", false, { $0.stagedTransformations != nil }),
            ("bufferPerRoute", true, { $0.bufferPerRoute != nil }),
            ("csrf", true, { $0.csrf != nil }),
        ]
        for (name, expressible, isSet) in fields where isSet(options) {
            let location = optionsLocation(position, isSet)
            var report = ListenerPartReport()
            report.warn(ListenerPartReport.notSent(name, at: location.path, expressible: expressible))
            report.flush(to: location.targets, in: &context)
        }
    }

    /// The cluster of an Upstream destination (`<name>_<namespace>`). Kubernetes and Consul services have no
    /// cluster in this gateway.
    private func clusterName(of destination: Destination, report: inout ListenerPartReport) -> String? {
        switch destination.destinationType {
        case .upstream(let ref)?:
            return EnvoyNames.cluster(ref)
        case .kube(let kube)?:
            report.fail(
                "kube destination \(kube.ref?.namespace ?? "").\(kube.ref?.name ?? ""):\(kube.port ?? 0) needs Kubernetes service discovery, which this gateway does not have"
            )
        case .consul(let consul)?:
            report.fail(
                "consul destination \(consul.serviceName ?? "") needs Consul service discovery, which this gateway does not have"
            )
        case nil:
            report.fail(
                destination.destinationTypeCount > 1
                    ? "only one of upstream, kube and consul may be set in a destination"
                    : "no destination type specified"
            )
        }
        return nil
    }

    /// The endpoint subset a destination selects, as Envoy load-balancer metadata (`envoy.lb`).
    private func subsetMatch(_ destination: Destination) -> Envoy_Config_Core_V3_Metadata? {
        guard let values = destination.subset?.values, !values.isEmpty else { return nil }
        var fields = Google_Protobuf_Struct()
        for (key, value) in values { fields.fields[key] = Google_Protobuf_Value(stringValue: value) }
        var metadata = Envoy_Config_Core_V3_Metadata()
        metadata.filterMetadata["envoy.lb"] = fields
        return metadata
    }

    /// The per-filter configs that call the destination's function: a Lambda invocation, or transcoding for a
    /// gRPC Upstream. Function kinds that need Gloo's transformation filter are warned about. Nil on errors.
    private mutating func functionConfigs(
        for destination: Destination,
        specPath: () -> String,
        report: inout ListenerPartReport,
        context: inout TranslationContext
    ) -> [String: Google_Protobuf_Any]? {
        guard hasFunctionUpstreams || destination.destinationSpec != nil else { return [:] }
        var configs: [String: Google_Protobuf_Any] = [:]
        let errorsBefore = report.errors.count
        if let invoke = RouteLambdaFunction.invokeConfig(for: destination, resources: resources, report: &report) {
            var perRoute = Envoy_Extensions_Filters_Http_AwsLambda_V3_PerRouteConfig()
            perRoute.invokeConfig = invoke
            configs[RouteLambdaFunction.filterName] = Google_Protobuf_Any(packing: perRoute)
            // The listener-level config only has to be valid: it is disabled, and needs no credentials.
            var listenerLevel = Envoy_Extensions_Filters_Http_AwsLambda_V3_Config()
            listenerLevel.arn = invoke.arn
            filters.useLambda(listenerLevel)
        }
        guard report.errors.count == errorsBefore else { return nil }
        switch destination.destinationSpec?.destinationType {
        case .rest?:
            report.warn(ListenerPartReport.notSent("rest", at: specPath(), expressible: false))
        case .grpc?:
            report.warn(ListenerPartReport.notSent("grpc", at: specPath(), expressible: false))
        case .azure?:
            report.warn(ListenerPartReport.notSent("azure", at: specPath(), expressible: false))
        case .aws?, nil:
            break
        }
        if let ref = destination.upstream, let config = transcoder(for: ref) {
            configs[RouteGrpcTranscoding.filterName] = Google_Protobuf_Any(packing: config)
            filters.useTranscoder(config)
        }
        return configs
    }

    /// The transcoder config of a gRPC Upstream, computed once per Upstream. Its problems are reported on the
    /// Upstream when the route configuration is complete (once, however many routes use it).
    private mutating func transcoder(
        for ref: ResourceRef
    ) -> Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder? {
        if let known = transcoders[ref] { return known.config }
        var result = UpstreamTranscoder()
        if let upstream = resources.upstream(ref), let spec = upstream.spec.serviceSpec?.grpcJsonTranscoder {
            var report = ListenerPartReport()
            result.config = RouteGrpcTranscoding.translate(spec, report: &report)
            for error in report.errors {
                result.reports.addError(ResourceID(upstream), "serviceSpec.grpcJsonTranscoder: \(error)")
            }
        }
        transcoders[ref] = result
        return result.config
    }
}
