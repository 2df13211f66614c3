import AsyncHTTPClient
import Foundation
import GatewayProxy
import InMemoryTracing
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import Tracing

/// The embedded data plane end to end: real sockets, a real upstream (the echo upstream), requests through
/// AsyncHTTPClient.
@Suite("Embedded data plane", .serialized)
struct EmbeddedProxyTests {
    static let echoRoute = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: shop, namespace: default}
        spec:
          virtualHost:
            domains: ['*']
            routes:
              - matchers: [{exact: /hello}]
                directResponseAction: {status: 201, body: "hello\\n"}
                options:
                  headerManipulation:
                    responseHeadersToAdd: [{header: {key: x-route, value: hello}}]
              - matchers: [{prefix: /old}]
                redirectAction: {hostRedirect: new.example.com, prefixRewrite: /new, responseCode: FOUND}
              - matchers: [{prefix: /api/}]
                routeAction: {single: {upstream: {name: echo, namespace: default}}}
                options:
                  prefixRewrite: /v2/
                  hostRewrite: backend.internal
                  headerManipulation:
                    requestHeadersToAdd: [{header: {key: x-tenant, value: blue}, append: false}]
                    requestHeadersToRemove: [x-secret]
                    responseHeadersToAdd: [{header: {key: x-served-by, value: gateway}}]
                    responseHeadersToRemove: [x-echo-server]
              - matchers: [{prefix: /}]
                routeAction: {single: {upstream: {name: echo, namespace: default}}}
        ---

        """

    @Test("direct responses, redirects and no route answer as Envoy does")
    func localReplies() async throws {
        let gateway = try await EmbeddedGateway.withEcho(Self.echoRoute)
        defer { Task { await gateway.stop() } }

        let hello = try await gateway.send(.GET, "/hello")
        #expect(hello.status == 201)
        #expect(hello.text == "hello\n")
        #expect(hello.header("content-type") == "text/plain")
        #expect(hello.header("content-length") == "6")
        #expect(hello.header("x-route") == "hello")
        #expect(hello.header("server") == "swift-gateway")
        #expect(hello.header("date") != nil)

        let redirect = try await gateway.send(.GET, "/old/page?x=1")
        #expect(redirect.status == 302)
        #expect(redirect.header("location") == "http://new.example.com/new/page?x=1")
        #expect(redirect.body.isEmpty)
    }

    @Test("a request for no virtual host is answered 404 with an empty body")
    func noRoute() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: only, namespace: default}
            spec:
              virtualHost:
                domains: [only.example.com]
                routes: [{matchers: [{exact: /x}], directResponseAction: {status: 200}}]
            """
        let gateway = try await EmbeddedGateway(yaml)
        defer { Task { await gateway.stop() } }
        let other = try await gateway.send(.GET, "/x", host: "other.example.com")
        #expect(other.status == 404)
        #expect(other.body.isEmpty)
        let path = try await gateway.send(.GET, "/y", host: "only.example.com")
        #expect(path.status == 404)
        let taken = try await gateway.send(.GET, "/x", host: "only.example.com")
        #expect(taken.status == 200)
    }

    @Test("forwarded requests: prefix and host rewrite, header manipulation, forwarding headers")
    func forwarding() async throws {
        let gateway = try await EmbeddedGateway.withEcho(Self.echoRoute)
        defer { Task { await gateway.stop() } }

        let reply = try await gateway.send(
            .GET,
            "/api/pets/1?full=true",
            headers: [("x-secret", "s3cr3t"), ("x-tenant", "red"), ("connection", "keep-alive, x-hop"), ("x-hop", "1")]
        )
        #expect(reply.status == 200)
        #expect(reply.echo["path"] as? String == "/v2/pets/1?full=true")
        #expect(reply.echo["host"] as? String == "backend.internal")
        #expect(reply.upstreamHeader("x-tenant") == "blue")
        #expect(reply.upstreamHeader("x-secret") == nil)
        #expect(reply.upstreamHeader("x-hop") == nil, "a header the connection header names is hop-by-hop")
        #expect(reply.upstreamHeader("x-forwarded-proto") == "http")
        #expect(reply.upstreamHeader("x-envoy-expected-rq-timeout-ms") == "15000")
        let requestID = try #require(reply.upstreamHeader("x-request-id"))
        #expect(
            requestID.range(
                of: #"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#,
                options: .regularExpression
            ) != nil
        )
        #expect(reply.header("x-served-by") == "gateway")
        #expect(reply.header("x-echo-server") == nil)
        #expect(reply.header("x-envoy-upstream-service-time") != nil)

        // A request id the client sent is kept.
        let kept = try await gateway.send(.GET, "/any", headers: [("x-request-id", "abc-123")])
        #expect(kept.upstreamHeader("x-request-id") == "abc-123")
    }

    @Test("request and response transformations, with the body buffered only where a template reads it")
    func transformations() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: transform, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /greet}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options:
                      stagedTransformations:
                        regular:
                          requestTransforms:
                            - requestTransformation:
                                transformationTemplate:
                                  headers:
                                    x-user: {text: '{{ user.name }}'}
                                    :path: {text: '/echo'}
                                  body: {text: '{"greeting": "hello {{ user.name }}"}'}
                          responseTransforms:
                            - responseTransformation:
                                transformationTemplate:
                                  headers: {x-greeting: {text: '{{ greeting }}'}}
                                  body: {text: '{{ greeting }}!'}
            ---

            """
        let gateway = try await EmbeddedGateway.withEcho(yaml)
        defer { Task { await gateway.stop() } }
        let reply = try await gateway.send(
            .POST,
            "/greet",
            headers: [("content-type", "application/json")],
            body: .bytes(ByteBuffer(string: #"{"user": {"name": "Ada"}}"#))
        )
        #expect(reply.status == 200)
        #expect(reply.text == "hello Ada!")
        #expect(reply.header("x-greeting") == "hello Ada")
        #expect(reply.header("content-length") == "10")

        // A body that is not JSON fails the template: 400 as Envoy answers.
        let bad = try await gateway.send(.POST, "/greet", body: .bytes(ByteBuffer(string: "{not json")))
        #expect(bad.status == 400)
        #expect(bad.text.hasPrefix("bad request"))

        // Over the 1 MiB buffer: 413.
        let large = try await gateway.send(
            .POST,
            "/greet",
            body: .bytes(ByteBuffer(repeating: 0x20, count: (1 << 20) + 1))
        )
        #expect(large.status == 413)
    }

    @Test("regexRewrite rewrites the path (all matches, query kept); faults delay and abort")
    func regexRewriteAndFaults() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: rewrites, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /v1/}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options:
                      regexRewrite: {pattern: {regex: '/v1/([a-z]+)'}, substitution: '/api/\\1'}
                  - matchers: [{prefix: /aborted}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options: {faults: {abort: {percentage: 100, httpStatus: 418}}}
                  - matchers: [{prefix: /delayed}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options: {faults: {delay: {percentage: 100, fixedDelay: 0.3s}}}
            ---

            """
        let gateway = try await EmbeddedGateway.withEcho(yaml)
        defer { Task { await gateway.stop() } }
        let rewritten = try await gateway.send(.GET, "/v1/pets/v1/cats?v1/dogs=1")
        #expect(rewritten.echo["path"] as? String == "/api/pets/api/cats?v1/dogs=1")
        #expect(rewritten.upstreamHeader("x-envoy-original-path") == "/v1/pets/v1/cats?v1/dogs=1")

        let aborted = try await gateway.send(.GET, "/aborted")
        #expect(aborted.status == 418)
        #expect(aborted.text == "fault filter abort")

        let started = ContinuousClock.now
        let delayed = try await gateway.send(
            .POST,
            "/delayed",
            body: .bytes(ByteBuffer(string: "held while delayed"))
        )
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(delayed.status == 200)
        #expect(delayed.echo["bodyLength"] as? Int == 18)
    }

    @Test("CORS as Envoy's filter applies Gloo's policy: preflights answered, origins echoed, others untouched")
    func cors() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: cors, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                options:
                  cors:
                    allowOrigin: [https://good.example]
                    allowOriginRegex: ['https://[a-z]+\\.trusted\\.example']
                    allowMethods: [GET, POST]
                    allowHeaders: [x-custom]
                    exposeHeaders: [x-exposed]
                    maxAge: '600'
                    allowCredentials: true
                routes:
                  - matchers: [{prefix: /open}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options: {cors: {disableForRoute: true, allowOrigin: ['*']}}
                  - matchers: [{prefix: /}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
            ---

            """
        let gateway = try await EmbeddedGateway.withEcho(yaml)
        defer { Task { await gateway.stop() } }
        let preflight = try await gateway.send(
            .OPTIONS,
            "/api",
            headers: [("origin", "https://good.example"), ("access-control-request-method", "POST")]
        )
        #expect(preflight.status == 200)
        #expect(preflight.header("access-control-allow-origin") == "https://good.example")
        #expect(preflight.header("access-control-allow-methods") == "GET,POST")
        #expect(preflight.header("access-control-allow-headers") == "x-custom")
        #expect(preflight.header("access-control-max-age") == "600")
        #expect(preflight.header("access-control-allow-credentials") == "true")
        #expect(preflight.echo.isEmpty, "the upstream never sees an accepted preflight")

        let simple = try await gateway.send(.GET, "/api", headers: [("origin", "https://app.trusted.example")])
        #expect(simple.echo["path"] as? String == "/api")
        #expect(simple.header("access-control-allow-origin") == "https://app.trusted.example")
        #expect(simple.header("access-control-expose-headers") == "x-exposed")

        let other = try await gateway.send(.GET, "/api", headers: [("origin", "https://evil.example")])
        #expect(other.header("access-control-allow-origin") == nil)
        let otherPreflight = try await gateway.send(
            .OPTIONS,
            "/api",
            headers: [("origin", "https://evil.example"), ("access-control-request-method", "POST")]
        )
        #expect(otherPreflight.echo["method"] as? String == "OPTIONS", "forwarded, as Envoy forwards it")
        let disabled = try await gateway.send(.GET, "/open", headers: [("origin", "https://good.example")])
        #expect(disabled.header("access-control-allow-origin") == nil)
    }

    @Test("a flaky upstream is retried; without a retry policy its 503 is passed on")
    func retries() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: retry, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /flaky/retried}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options:
                      retries: {retryOn: 5xx, numRetries: 2}
                  - matchers: [{prefix: /}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
            ---

            """
        let gateway = try await EmbeddedGateway.withEcho(yaml)
        defer { Task { await gateway.stop() } }
        let retried = try await gateway.send(.GET, "/flaky/retried/2")
        #expect(retried.status == 200, "two failures, two retries")
        let exhausted = try await gateway.send(.GET, "/flaky/retried-more/3")
        #expect(exhausted.status == 503, "three failures outlast two retries")
        let plain = try await gateway.send(.GET, "/flaky/plain/1")
        #expect(plain.status == 503)
    }

    @Test("an upstream slower than the route timeout is answered 504; an unreachable one 503")
    func timeoutsAndFailures() async throws {
        let closedPort = try LoopbackHTTP.freePort()
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: slow, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /delay}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
                    options: {timeout: 0.3s}
                  - matchers: [{prefix: /down}]
                    routeAction: {single: {upstream: {name: down, namespace: default}}}
                  - matchers: [{prefix: /missing}]
                    routeAction: {single: {upstream: {name: missing, namespace: default}}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: down, namespace: default}
            spec: {static: {hosts: [{addr: 127.0.0.1, port: \(closedPort)}]}}
            ---

            """
        let gateway = try await EmbeddedGateway.withEcho(yaml)
        defer { Task { await gateway.stop() } }
        let started = ContinuousClock.now
        let slow = try await gateway.send(.GET, "/delay/3000")
        #expect(slow.status == 504)
        #expect(slow.text == "upstream request timeout")
        #expect(ContinuousClock.now - started < .seconds(2))
        let fast = try await gateway.send(.GET, "/delay/10")
        #expect(fast.status == 200)
        // Later requests of the same keep-alive connection time out as the first did.
        for _ in 0..<3 {
            let again = ContinuousClock.now
            let slowAgain = try await gateway.send(.GET, "/delay/3000")
            #expect(slowAgain.status == 504)
            #expect(ContinuousClock.now - again < .seconds(2))
        }

        let down = try await gateway.send(.GET, "/down")
        #expect(down.status == 503)
        #expect(
            down.text
                == "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure"
        )
        #expect(down.header("content-type") == "text/plain")

        let missing = try await gateway.send(.GET, "/missing")
        #expect(missing.status == 503)
    }

    @Test("weighted destinations split traffic within statistical bounds; endpoints take turns")
    func weightedSplit() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: split, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /split}]
                    routeAction:
                      multi:
                        destinations:
                          - {weight: 1, destination: {upstream: {name: a, namespace: default}}}
                          - {weight: 3, destination: {upstream: {name: b, namespace: default}}}
                  - matchers: [{prefix: /pair}]
                    routeAction: {single: {upstream: {name: pair, namespace: default}}}
            ---

            """
        let upstreams = try await EchoUpstreams(["a", "b"])
        let gateway = try await EmbeddedGateway(
            yaml + upstreamYAML("a") + upstreamYAML("b") + upstreamYAML("pair", servers: ["a", "b"]),
            upstreams: upstreams
        )
        defer { Task { await gateway.stop() } }
        let total = 1200
        let servers = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var seen: [String] = []
                    for _ in stride(from: worker, to: total, by: 8) {
                        seen.append(try await gateway.send(.GET, "/split").echo["server"] as? String ?? "?")
                    }
                    return seen
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let toA = servers.filter { $0 == "a" }.count
        // Binomial(1200, 1/4): mean 300, standard deviation 15; five deviations either way.
        #expect((225...375).contains(toA), "\(toA) of \(total) went to the weight-1 destination")
        #expect(servers.filter { $0 == "b" }.count == total - toA)

        var pairs: [String] = []
        for _ in 0..<6 { pairs.append(try await gateway.send(.GET, "/pair").echo["server"] as? String ?? "?") }
        for index in 1..<pairs.count { #expect(pairs[index] != pairs[index - 1], "round robin alternates: \(pairs)") }
    }

    /// A route for every path to the Upstream `pair`, whose two endpoints are `first` and `second` (`host:port`),
    /// with `policy` (YAML lines under its `spec`).
    static func pairOfEndpoints(_ first: String, _ second: String, policy: String) -> String {
        func host(_ address: String) -> String {
            let parts = address.split(separator: ":", maxSplits: 1)
            return "{addr: \(parts[0]), port: \(parts[1])}"
        }
        return """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: pair, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: pair, namespace: default}}}}]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pair, namespace: default}
            spec:
              static:
                hosts: [\(host(first)), \(host(second))]
            \(policy)
            """
    }

    @Test("active health checks take a dead endpoint out within three intervals")
    func healthChecks() async throws {
        let alive = try await EchoUpstreams(["a"])
        let doomed = try await EchoUpstreams(["b"])
        let checked = """
              healthChecks:
                - {timeout: 0.1s, interval: 0.2s, unhealthyThreshold: 2, healthyThreshold: 1,
                   httpHealthCheck: {path: /health}}
            """
        let yaml = Self.pairOfEndpoints(
            "127.0.0.1:\(alive["a"])",
            "127.0.0.1:\(doomed["b"])",
            policy: checked
        )
        let gateway = try await EmbeddedGateway(yaml, upstreams: alive)
        defer { Task { await gateway.stop() } }
        var servers = Set<String>()
        for _ in 0..<6 { servers.insert(try await gateway.send(.GET, "/").echo["server"] as? String ?? "?") }
        #expect(servers == ["a", "b"])

        doomed.stop()
        try await Task.sleep(for: .milliseconds(600))  // three intervals
        for _ in 0..<20 {
            let reply = try await gateway.send(.GET, "/")
            #expect(reply.status == 200)
            #expect(reply.echo["server"] as? String == "a")
        }

        // A failing /health takes the other one out too; with none healthy, both are used again (panic).
        _ = try await gateway.send(.GET, "/admin/health/fail")
        try await Task.sleep(for: .milliseconds(600))
        let panicking = try await gateway.send(.GET, "/")
        #expect(panicking.status == 200 || panicking.status == 503)
    }

    @Test("outlier detection ejects an endpoint after consecutive failures")
    func outlierDetection() async throws {
        let closedPort = try LoopbackHTTP.freePort()
        let upstreams = try await EchoUpstreams(["good"])
        let yaml = Self.pairOfEndpoints(
            "127.0.0.1:@UPSTREAM:good@",
            "127.0.0.1:\(closedPort)",
            policy:
                "  outlierDetection: {consecutive5xx: 3, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}"
        )
        let gateway = try await EmbeddedGateway(yaml, upstreams: upstreams)
        defer { Task { await gateway.stop() } }
        var statuses: [Int] = []
        for _ in 0..<30 { statuses.append(try await gateway.send(.GET, "/").status) }
        #expect(statuses.filter { $0 == 503 }.count == 3, "\(statuses)")
        #expect(statuses.suffix(20).allSatisfy { $0 == 200 }, "\(statuses)")

        // With the default 10%, two endpoints never eject one (as Envoy 1.40): failures keep coming. (A new
        // Upstream: the first one's ejection outlives reloads, as health does.)
        try await gateway.apply(
            yaml.replacingOccurrences(of: "maxEjectionPercent: 50", with: "consecutiveGatewayFailure: 5")
                .replacingOccurrences(of: "name: pair,", with: "name: other,")
        )
        statuses = []
        for _ in 0..<30 { statuses.append(try await gateway.send(.GET, "/").status) }
        #expect(statuses.filter { $0 == 503 }.count == 15, "\(statuses)")
    }

    @Test("ring hash keeps a user on one endpoint; users spread over both")
    func ringHash() async throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: sticky, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /}]
                    routeAction: {single: {upstream: {name: pair, namespace: default}}}
                    options: {lbHash: {hashPolicies: [{header: x-user}]}}
            ---

            """
            + upstreamYAML("pair", servers: ["a", "b"], extra: "  loadBalancerConfig: {ringHash: {}}")
        let gateway = try await EmbeddedGateway(yaml, upstreams: try await EchoUpstreams(["a", "b"]))
        defer { Task { await gateway.stop() } }
        var seen: [String: Set<String>] = [:]
        for round in 0..<3 {
            for user in 0..<16 {
                let reply = try await gateway.send(.GET, "/\(round)", headers: [("x-user", "user\(user)")])
                seen["user\(user)", default: []].insert(reply.echo["server"] as? String ?? "?")
            }
        }
        #expect(seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
        #expect(Set(seen.values.flatMap { $0 }) == ["a", "b"])
    }

    @Test("bodies stream both ways, chunked or sized, far beyond the buffer limit")
    func streaming() async throws {
        let gateway = try await EmbeddedGateway.withEcho(Self.echoRoute)
        defer { Task { await gateway.stop() } }
        let size = 12 << 20
        let download = try await gateway.send(.GET, "/bytes/\(size)")
        #expect(download.status == 200)
        #expect(download.body.count == size)
        #expect(Array(download.body.prefix(12)) == Array("012345678901".utf8))

        var payload = ByteBuffer()
        for index in 0..<(8 << 20) / 16 { payload.writeString(String(format: "%015d\n", index)) }
        let expected = Array(payload.readableBytesView)
        let sized = try await gateway.send(.POST, "/echo", body: .bytes(payload))
        #expect(sized.body == expected)

        // Chunked: a stream of unknown length.
        let pieces = stride(from: 0, to: expected.count, by: 100_000).map {
            ByteBuffer(bytes: expected[$0..<min($0 + 100_000, expected.count)])
        }
        let stream = AsyncStream<ByteBuffer> { continuation in
            for piece in pieces { continuation.yield(piece) }
            continuation.finish()
        }
        let chunked = try await gateway.send(.POST, "/any", body: .stream(stream, length: .unknown))
        #expect(chunked.echo["bodyLength"] as? Int == expected.count)
    }

    @Test("with a tracer, each forwarded request is a server span whose context the upstream receives")
    func tracing() async throws {
        let tracer = InMemoryTracer()
        let gateway = try await EmbeddedGateway(
            Self.echoRoute + upstreamYAML("echo"),
            upstreams: try await EchoUpstreams(["echo"]),
            tracer: tracer
        )
        defer { Task { await gateway.stop() } }
        let reply = try await gateway.send(
            .GET,
            "/traced",
            headers: [(InMemoryTracer.traceIDKey, "trace-1"), (InMemoryTracer.spanIDKey, "client-span")]
        )
        #expect(reply.status == 200)
        #expect(reply.upstreamHeader(InMemoryTracer.traceIDKey) == "trace-1")
        let spanID = try #require(reply.upstreamHeader(InMemoryTracer.spanIDKey))
        #expect(spanID != "client-span", "the upstream's parent is the gateway's span")
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.kind == .server)
        #expect(span.spanContext.traceID == "trace-1")
        #expect(span.spanContext.parentSpanID == "client-span")
        #expect(span.spanContext.spanID == spanID)
        #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(200))
        // Local replies are not forwarded, and get no span.
        _ = try await gateway.send(.GET, "/hello")
        #expect(tracer.finishedSpans.count == 1)
    }

    @Test("a new configuration is taken under load without one failed request")
    func hotReloadUnderLoad() async throws {
        func configuration(_ version: Int) -> String {
            """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: reload, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{exact: /version}]
                    directResponseAction: {status: 200, body: "v\(version)"}
                  - matchers: [{prefix: /}]
                    routeAction: {single: {upstream: {name: \(version % 2 == 0 ? "a" : "b"), namespace: default}}}
            ---

            """ + upstreamYAML("a") + upstreamYAML("b")
        }
        let gateway = try await EmbeddedGateway(
            configuration(0),
            upstreams: try await EchoUpstreams(["a", "b"]),
            threads: 2
        )
        defer { Task { await gateway.stop() } }
        let stop = ManagedFlag()
        let results = try await withThrowingTaskGroup(of: (ok: Int, failed: [String]).self) { group in
            for worker in 0..<6 {
                group.addTask {
                    var ok = 0
                    var failed: [String] = []
                    while !stop.isSet {
                        do {
                            let reply = try await gateway.send(.GET, worker % 2 == 0 ? "/version" : "/delay/5")
                            if reply.status == 200 { ok += 1 } else { failed.append("status \(reply.status)") }
                        } catch {
                            failed.append("\(error)")
                        }
                    }
                    return (ok, failed)
                }
            }
            for version in 1...40 {
                try await Task.sleep(for: .milliseconds(25))
                try await gateway.apply(configuration(version))
            }
            stop.set()
            return try await group.reduce(into: (ok: 0, failed: [String]())) {
                $0.ok += $1.ok
                $0.failed += $1.failed
            }
        }
        #expect(results.failed.isEmpty, "\(results.failed.prefix(5))")
        #expect(results.ok > 100)
        #expect(try await gateway.send(.GET, "/version").text == "v40")
    }

    @Test("shutting down lets the requests in flight finish, over HTTP/1.1 and HTTP/2")
    func drainsInFlightRequests() async throws {
        let gateway = try await EmbeddedGateway.withEcho(Self.echoRoute)
        let inFlight = Task { try await gateway.send(.GET, "/delay/800") }
        let overHTTP2 = Task {
            try await EmbeddedTLSTests.curl(
                ["--http2-prior-knowledge"],
                url: "http://127.0.0.1:\(gateway.port)/delay/800"
            )
        }
        try await Task.sleep(for: .milliseconds(200))
        await gateway.server.shutdown(gracePeriod: .seconds(5))
        let reply = try await inFlight.value
        #expect(reply.status == 200)
        #expect(try await overHTTP2.value?.version == "2")
        #expect(!LoopbackHTTP.accepts(port: gateway.port))
        try? await gateway.client.shutdown()
        gateway.upstreams?.stop()
    }
}

/// A flag set once, read from many tasks.
final class ManagedFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
