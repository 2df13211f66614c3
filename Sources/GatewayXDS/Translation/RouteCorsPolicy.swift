internal import GatewayModel
internal import SwiftProtobuf

/// CORS policies for Envoy's `envoy.filters.http.cors` filter, set per virtual host and route in
/// `typed_per_filter_config`, as Gloo's cors plugin builds them: exact `allowOrigin` strings and
/// `allowOriginRegex` expressions, comma-joined lists, `disableForRoute` as a 0% `filter_enabled`, and the
/// virtual host's `corsPolicyMergeSettings` applied to route policies.
enum RouteCorsPolicy {
    /// The CORS filter's name, also the `typed_per_filter_config` key.
    static let filterName = "envoy.filters.http.cors"
    /// The runtime key Gloo gives the `filter_enabled` fraction of a route that turns CORS off.
    static let disabledRuntimeKey = "gloo.routeplugin.cors"

    /// The Envoy policy for `cors`, or nil (with an error) when Gloo or Envoy would reject it.
    static func translate(
        _ cors: CorsPolicy,
        onRoute: Bool,
        report: inout ListenerPartReport,
        regexes: inout MatcherRegex
    ) -> Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy? {
        let origins = cors.allowOrigin ?? []
        let originRegexes = cors.allowOriginRegex ?? []
        guard !origins.isEmpty || !originRegexes.isEmpty else {
            report.fail("invalid cors config: must provide at least one of AllowOrigin or AllowOriginRegex")
            return nil
        }
        var policy = Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy()
        for origin in origins {
            policy.allowOriginStringMatch.append(MatcherTranslation.stringMatcher(exact: origin))
        }
        var valid = true
        for pattern in originRegexes {
            valid = regexes.check(pattern, "the cors allowOriginRegex", report: &report) && valid
            policy.allowOriginStringMatch.append(MatcherTranslation.stringMatcher(regex: pattern))
        }
        policy.allowMethods = (cors.allowMethods ?? []).joined(separator: ",")
        policy.allowHeaders = (cors.allowHeaders ?? []).joined(separator: ",")
        policy.exposeHeaders = (cors.exposeHeaders ?? []).joined(separator: ",")
        policy.maxAge = cors.maxAge ?? ""
        if cors.allowCredentials == true {
            policy.allowCredentials = Google_Protobuf_BoolValue(true)
        }
        if onRoute, cors.disableForRoute == true {
            var disabled = Envoy_Config_Core_V3_RuntimeFractionalPercent()
            disabled.defaultValue.numerator = 0
            disabled.defaultValue.denominator = .hundred
            disabled.runtimeKey = disabledRuntimeKey
            policy.filterEnabled = disabled
        } else if !onRoute, cors.disableForRoute == true {
            report.warn("cors.disableForRoute only applies to route CORS policies and has no effect on a virtual host")
        }
        return valid ? policy : nil
    }

    /// A route's policy combined with its virtual host's as `settings` say (Gloo's `mergeCors`): Envoy already
    /// lets route fields win, so only a `UNION` of `exposeHeaders` changes anything.
    static func merged(route: CorsPolicy, virtualHost: CorsPolicy?, settings: CorsPolicyMergeSettings?) -> CorsPolicy {
        guard let virtualHost, let settings, settings.exposeHeaders == .union,
            let hostHeaders = virtualHost.exposeHeaders, let routeHeaders = route.exposeHeaders
        else { return route }
        var merged = route
        var seen = Set<String>()
        merged.exposeHeaders = (hostHeaders + routeHeaders).filter { seen.insert($0).inserted }
        return merged
    }

    /// The headers Gloo adds to a direct response of a route with CORS, which the CORS filter never sees.
    static func directResponseHeaders(_ cors: CorsPolicy) -> [Envoy_Config_Core_V3_HeaderValueOption] {
        var seen = Set<String>()
        let origins = ((cors.allowOrigin ?? []) + (cors.allowOriginRegex ?? [])).filter { seen.insert($0).inserted }
        let headers: [(String, String)] = [
            ("Access-Control-Allow-Origin", origins.joined(separator: ",")),
            ("Access-Control-Allow-Methods", (cors.allowMethods ?? []).joined(separator: ",")),
            ("Access-Control-Allow-Headers", (cors.allowHeaders ?? []).joined(separator: ",")),
            ("Access-Control-Expose-Headers", (cors.exposeHeaders ?? []).joined(separator: ",")),
            ("Access-Control-Max-Age", cors.maxAge ?? ""),
            ("Access-Control-Allow-Credentials", cors.allowCredentials == true ? "true" : "false"),
        ]
        return headers.map { key, value in
            var option = Envoy_Config_Core_V3_HeaderValueOption()
            option.header.key = key
            option.header.value = value
            return option
        }
    }
}
