public import GatewayModel
import GatewayRouting
public import GatewayTransform

/// Transformation matchers evaluated with GatewayRouting: a request matcher is an Envoy route match (a matcher
/// without a path matches every path), response matchers are header matchers over the response headers.
public struct RoutingMatching: TransformationMatching {
    public init() {}

    public func requestPredicate(for matcher: Matcher) throws(TransformError) -> @Sendable (HeaderMap) -> Bool {
        var matcher = matcher
        if matcher.pathSpecifierCount == 0 { matcher.prefix = "/" }
        let table: RouteTable
        do {
            table = try RouteTable([try RouteRule(matcher: matcher)])
        } catch {
            throw TransformError(.invalidConfiguration, error.message)
        }
        return { headers in table.firstMatch(Self.request(headers)) != nil }
    }

    public func responsePredicate(
        for matchers: [HeaderMatcher]
    ) throws(TransformError) -> @Sendable (HeaderMap) -> Bool {
        let table: RouteTable
        do {
            table = try RouteTable([RouteRule(.prefix("/", caseSensitive: true), headers: matchers)])
        } catch {
            throw TransformError(.invalidConfiguration, error.message)
        }
        return { headers in table.firstMatch(Self.request(headers, keepingPseudoHeaders: true)) != nil }
    }

    /// The headers as a request to route: pseudo-headers as its fields (and, for a response, `:status` as a
    /// header a matcher can name).
    private static func request(_ headers: HeaderMap, keepingPseudoHeaders: Bool = false) -> RouteRequest {
        func text(_ name: String) -> String? { headers.first(name).map { String(decoding: $0, as: UTF8.self) } }
        let lines = headers.fields.compactMap { field -> RouteRequest.Header? in
            guard keepingPseudoHeaders || field.name.first != UInt8(ascii: ":") else { return nil }
            return RouteRequest.Header(
                String(decoding: field.name, as: UTF8.self),
                String(decoding: field.value, as: UTF8.self)
            )
        }
        return RouteRequest(
            method: text(":method") ?? "GET",
            path: text(":path") ?? "/",
            authority: text(":authority"),
            scheme: text(":scheme") ?? "http",
            headers: lines
        )
    }
}
