import NIOCore
import NIOHTTP1

/// The header changes on the way through, as Envoy's connection manager and router make them.
enum ForwardedHeaders {
    /// The id a request gets: a new one unless it has its own and that is kept (behind another proxy, or at the
    /// edge with `preserveExternalRequestId`); nil when it keeps its own or ids are not generated.
    static func newRequestID(
        for head: HTTPRequestHead,
        settings: ConnectionSettings,
        random: inout some RandomNumberGenerator
    ) -> String? {
        guard settings.generateRequestId else { return nil }
        let replacesOwn = settings.useRemoteAddress && !settings.preserveExternalRequestId
        if !replacesOwn && head.headers.contains(name: "x-request-id") { return nil }
        return RequestID.make(using: &random)
    }

    /// Hop-by-hop headers of a request, which describe one connection and are not forwarded (`te` is kept as
    /// `trailers` only).
    static let requestHopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "upgrade", "transfer-encoding", "expect",
    ]

    /// Hop-by-hop headers of a response. Envoy keeps the headers a response's `connection` names.
    static let responseHopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "upgrade", "transfer-encoding",
    ]

    /// Envoy's control headers, which a request from outside may not set (`cleanInternalHeaders`).
    static let controlHeaders: Set<String> = [
        "x-envoy-retry-on", "x-envoy-retry-grpc-on", "x-envoy-max-retries", "x-envoy-upstream-rq-timeout-ms",
        "x-envoy-upstream-rq-per-try-timeout-ms", "x-envoy-expected-rq-timeout-ms", "x-envoy-upstream-alt-stat-name",
        "x-envoy-retriable-status-codes", "x-envoy-retriable-header-names", "x-envoy-upstream-rq-timeout-alt-response",
        "x-envoy-force-trace", "x-envoy-ip-tags", "x-envoy-original-url", "x-envoy-hedge-on-per-try-timeout",
        "x-envoy-internal", "x-envoy-decorator-operation", "x-envoy-downstream-service-cluster",
        "x-envoy-downstream-service-node", "x-envoy-external-address",
    ]

    /// The downstream request's headers as the connection manager passes them on, in their order and lower-case:
    /// hop-by-hop and control headers dropped (a chunked body stays chunked, re-framed at the end), `host` from
    /// the request's authority, then `x-forwarded-for`, `x-forwarded-proto` and `via` as `settings` say, and
    /// `generatedRequestID` replacing the request's own `x-request-id` when there is one.
    static func connectionManagerHeaders(
        of head: HTTPRequestHead,
        authority: String?,
        clientAddress: String?,
        scheme: String = "http",
        settings: ConnectionSettings,
        generatedRequestID: String?
    ) -> HTTPHeaders {
        var named: Set<String> = []
        for value in head.headers[canonicalForm: "connection"] { named.insert(value.lowercased()) }
        let edge = settings.useRemoteAddress
        let appendedAddress = edge && !settings.skipXffAppend ? clientAddress : nil
        let keepsRequestID = generatedRequestID == nil
        var headers = HTTPHeaders()
        headers.reserveCapacity(head.headers.count + 4)
        var chunked = false
        var hasContentLength = false
        var hasRequestID = false
        var hasForwardedFor = false
        var hasForwardedProto = false
        var hasVia = false
        for (name, value) in head.headers {
            let lowered = name.lowercased()
            switch lowered {
            case "transfer-encoding":
                chunked = chunked || value.lowercased().contains("chunked")
            case "host":
                break
            case "te":
                // Only `trailers` survives.
                if value.lowercased().contains("trailers") { headers.add(name: "te", value: "trailers") }
            case "x-request-id":
                guard keepsRequestID, !hasRequestID else { continue }
                hasRequestID = true
                headers.add(name: lowered, value: value)
            case "x-forwarded-proto":
                // At the edge the gateway says what the client used; behind another proxy it trusts that one.
                guard !edge, !hasForwardedProto else { continue }
                hasForwardedProto = true
                headers.add(name: lowered, value: value)
            case "x-forwarded-for" where !hasForwardedFor:
                hasForwardedFor = true
                headers.add(name: lowered, value: appendedAddress.map { value + "," + $0 } ?? value)
            case "via" where !hasVia:
                hasVia = true
                headers.add(name: lowered, value: settings.via.map { value + ", " + $0 } ?? value)
            default:
                if requestHopByHop.contains(lowered) || named.contains(lowered) || controlHeaders.contains(lowered) {
                    continue
                }
                if lowered == "content-length" { hasContentLength = true }
                headers.add(name: lowered, value: value)
            }
        }
        if let authority { headers.replaceOrAdd(name: "host", value: authority) }
        if !hasForwardedFor, let appendedAddress { headers.add(name: "x-forwarded-for", value: appendedAddress) }
        if !hasForwardedProto { headers.add(name: "x-forwarded-proto", value: scheme) }
        if !hasVia, let via = settings.via { headers.add(name: "via", value: via) }
        if edge, let clientAddress { headers.add(name: "x-envoy-external-address", value: clientAddress) }
        if let generatedRequestID { headers.add(name: "x-request-id", value: generatedRequestID) }
        if chunked && !hasContentLength {
            headers.add(name: "transfer-encoding", value: "chunked")
        } else if !hasContentLength && Self.framesEmptyBody(head.method) {
            headers.add(name: "content-length", value: "0")
        }
        return headers
    }

    /// Methods whose body-less requests Envoy sends with `content-length: 0`.
    private static func framesEmptyBody(_ method: HTTPMethod) -> Bool {
        switch method {
        case .POST, .PUT, .PATCH, .OPTIONS: true
        default: false
        }
    }

    /// The router's changes to an upstream request: the path and host rewrites (with the originals kept in
    /// `x-envoy-original-path` and `x-envoy-original-host`), the route's and virtual host's request headers, the
    /// timeout the upstream can expect and the attempt count.
    static func applyRouterHeaders(
        to head: inout HTTPRequestHead,
        plan: ForwardPlan,
        routePlan: RoutePlan,
        matcher: Int,
        endpoint: UpstreamCluster.Endpoint,
        expectedTimeout: TimeAmount?
    ) {
        if let rewrite = plan.pathRewrite {
            let original = head.uri
            head.uri = rewrite.apply(to: original, matcher: matcher)
            if head.uri != original { head.headers.add(name: "x-envoy-original-path", value: original) }
        }
        let originalHost = head.headers.first(name: "host")
        switch plan.hostRewrite {
        case .literal(let host)?: head.headers.replaceOrAdd(name: "host", value: host)
        case .endpoint?: head.headers.replaceOrAdd(name: "host", value: endpoint.host)
        case nil: break
        }
        if plan.hostRewrite != nil, let originalHost {
            head.headers.add(name: "x-envoy-original-host", value: originalHost)
        }
        routePlan.requestHeaders.apply(to: &head.headers)
        if let expectedTimeout {
            head.headers.replaceOrAdd(
                name: "x-envoy-expected-rq-timeout-ms",
                value: String(max(expectedTimeout.nanoseconds / 1_000_000, 0))
            )
        }
    }

    /// An upstream response's headers as sent downstream: names lower-case, hop-by-hop headers dropped (the
    /// downstream connection frames the body its own way), `server` replaced in place.
    static func responseHeaders(from upstream: HTTPHeaders, serverName: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(upstream.count + 3)
        for (name, value) in upstream {
            let lowered = name.lowercased()
            if responseHopByHop.contains(lowered) { continue }
            headers.add(name: lowered, value: lowered == "server" ? serverName : value)
        }
        return headers
    }
}
