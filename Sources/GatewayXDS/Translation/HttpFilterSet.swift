internal import SwiftProtobuf

/// The HTTP filters of one HTTP connection manager: only those some route (or the listener's options) uses,
/// in the order of Gloo's filter stages — fault (FaultStage), CORS (CorsStage), gRPC-JSON transcoder (before
/// OutAuthStage), AWS Lambda (OutAuthStage) — and the router always last, as Envoy requires.
///
/// Filters configured only per route are installed with a valid listener-level config: empty for fault and
/// CORS, whose empty configs do nothing; for the transcoder and Lambda (which reject an empty config) the first
/// route's config, marked `disabled` so that only routes carrying their own config enable the filter.
struct HttpFilterSet {
    /// Some route injects faults.
    var fault = false
    /// Some virtual host or route has a CORS policy.
    var cors = false
    /// The listener's own transcoder (`options.grpcJsonTranscoder`), enabled for every route.
    var listenerTranscoder: Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder?
    /// The first route-level transcoder config.
    var routeTranscoder: Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder?
    /// The first route-level Lambda invoke config.
    var lambda: Envoy_Extensions_Filters_Http_AwsLambda_V3_Config?
    /// The router's settings (`options.router`).
    var router = Envoy_Extensions_Filters_Http_Router_V3_Router()

    /// The router filter's name.
    static let routerName = "envoy.filters.http.router"

    /// Records the per-route transcoder config of a route, keeping the first as the listener-level one.
    mutating func useTranscoder(_ config: Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder) {
        if routeTranscoder == nil { routeTranscoder = config }
    }

    /// Records the Lambda invoke config of a route, keeping the first as the listener-level one.
    mutating func useLambda(_ config: Envoy_Extensions_Filters_Http_AwsLambda_V3_Config) {
        if lambda == nil { lambda = config }
    }

    /// Adds the filters `later`, translated from the same starting set, needs for the routes after these
    /// (the first route-level configs stay the listener-level ones).
    mutating func merge(_ later: HttpFilterSet) {
        fault = fault || later.fault
        cors = cors || later.cors
        if routeTranscoder == nil { routeTranscoder = later.routeTranscoder }
        if lambda == nil { lambda = later.lambda }
    }

    /// The filters in order, the router last.
    var httpFilters: [Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter] {
        var filters: [Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter] = []
        if fault {
            filters.append(
                Self.filter(RouteFaultInjection.filterName, Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault())
            )
        }
        if cors {
            filters.append(Self.filter(RouteCorsPolicy.filterName, Envoy_Extensions_Filters_Http_Cors_V3_Cors()))
        }
        if let listenerTranscoder {
            filters.append(Self.filter(RouteGrpcTranscoding.filterName, listenerTranscoder))
        } else if let routeTranscoder {
            filters.append(Self.filter(RouteGrpcTranscoding.filterName, routeTranscoder, disabled: true))
        }
        if let lambda {
            filters.append(Self.filter(RouteLambdaFunction.filterName, lambda, disabled: true))
        }
        filters.append(Self.filter(Self.routerName, router))
        return filters
    }

    private static func filter(
        _ name: String,
        _ config: some SwiftProtobuf.Message,
        disabled: Bool = false
    ) -> Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter {
        var filter = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter()
        filter.name = name
        filter.typedConfig = Google_Protobuf_Any(packing: config)
        filter.disabled = disabled
        return filter
    }
}
