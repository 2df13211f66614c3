import GatewayModel
import GatewayRegex
import NIOHTTP1

/// A route's CORS policy, as Envoy's CORS filter applies the one Gloo writes: a preflight (`OPTIONS` with
/// `Origin` and `Access-Control-Request-Method`) from an allowed origin is answered 200 by the gateway; any other
/// request from an allowed origin gets `access-control-allow-origin` (the origin itself), `-allow-credentials`
/// and `-expose-headers` on its response. Requests from other origins pass untouched.
struct CorsPlan: Sendable {
    var origins: Set<String>
    var originPatterns: [SafeRegex]
    var allowMethods: String
    var allowHeaders: String
    var exposeHeaders: String
    var maxAge: String
    var allowCredentials: Bool

    /// The plan for `policy`; the route's policy wins over its virtual host's (with `exposeHeaders` merged as
    /// `corsPolicyMergeSettings` says), and `disableForRoute` turns CORS off. nil: no CORS.
    static func make(
        route: CorsPolicy?,
        virtualHost: CorsPolicy?,
        mergeSettings: CorsPolicyMergeSettings?,
        maxProgramSize: Int
    ) throws(RegexError) -> CorsPlan? {
        var policy: CorsPolicy
        if let route {
            if route.disableForRoute == true { return nil }
            policy = route
            if mergeSettings?.exposeHeaders == .union, let host = virtualHost?.exposeHeaders {
                var seen = Set<String>()
                policy.exposeHeaders = (host + (route.exposeHeaders ?? [])).filter { seen.insert($0).inserted }
            }
        } else if let virtualHost {
            policy = virtualHost
        } else {
            return nil
        }
        var patterns: [SafeRegex] = []
        for pattern in policy.allowOriginRegex ?? [] {
            patterns.append(try SafeRegex(pattern, options: SafeRegex.Options(maxProgramSize: maxProgramSize)))
        }
        return CorsPlan(
            origins: Set(policy.allowOrigin ?? []),
            originPatterns: patterns,
            allowMethods: (policy.allowMethods ?? []).joined(separator: ","),
            allowHeaders: (policy.allowHeaders ?? []).joined(separator: ","),
            exposeHeaders: (policy.exposeHeaders ?? []).joined(separator: ","),
            maxAge: policy.maxAge ?? "",
            allowCredentials: policy.allowCredentials ?? false
        )
    }

    func allows(_ origin: String) -> Bool {
        origins.contains(origin) || originPatterns.contains { $0.matches(origin) }
    }

    /// The headers a preflight from `origin` is answered with.
    func preflightHeaders(origin: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "access-control-allow-origin", value: origin)
        if allowCredentials { headers.add(name: "access-control-allow-credentials", value: "true") }
        if !allowMethods.isEmpty { headers.add(name: "access-control-allow-methods", value: allowMethods) }
        if !allowHeaders.isEmpty { headers.add(name: "access-control-allow-headers", value: allowHeaders) }
        if !maxAge.isEmpty { headers.add(name: "access-control-max-age", value: maxAge) }
        if !exposeHeaders.isEmpty { headers.add(name: "access-control-expose-headers", value: exposeHeaders) }
        return headers
    }

    /// The headers added to the response to any other request from `origin`.
    func responseHeaders(origin: String) -> [(String, String)] {
        var headers = [("access-control-allow-origin", origin)]
        if allowCredentials { headers.append(("access-control-allow-credentials", "true")) }
        if !exposeHeaders.isEmpty { headers.append(("access-control-expose-headers", exposeHeaders)) }
        return headers
    }
}
