import GatewayModel
import NIOCore
import NIOHTTP1
import Testing

@testable import GatewayProxy

@Suite("Access log, request ids, retries, forwarded headers")
struct RecordAndHeadersTests {
    @Test("an access log line in Envoy's default format")
    func accessLogLine() {
        var record = RequestRecord()
        record.startWallClock = 1_795_796_266.268
        record.method = "GET"
        record.path = "/echo/abc?q=1"
        record.status = 200
        record.bytesSent = 207
        record.duration = .milliseconds(5)
        record.upstreamServiceTime = .milliseconds(5)
        record.userAgent = "curl/7.88.1"
        record.requestID = "c5e0762f-6a5d-422c-8c2b-63d02529f225"
        record.authority = "localhost:10000"
        record.upstreamHost = "127.0.0.1:9001"
        #expect(
            AccessLog.line(record)
                == #"[2026-11-27T16:17:46.268Z] "GET /echo/abc?q=1 HTTP/1.1" 200 - 0 207 5 5 "-" "curl/7.88.1" "#
                + #""c5e0762f-6a5d-422c-8c2b-63d02529f225" "localhost:10000" "127.0.0.1:9001""#
        )
        var local = RequestRecord()
        local.startWallClock = 0
        local.method = "GET"
        local.path = "/missing"
        local.status = 404
        local.responseFlags = "NR"
        #expect(
            AccessLog.line(local)
                == #"[1970-01-01T00:00:00.000Z] "GET /missing HTTP/1.1" 404 NR 0 0 0 - "-" "-" "-" "-" "-""#
        )
        #expect(AccessLog.timestamp(951_782_400.5) == "2000-02-29T00:00:00.500Z")
    }

    @Test("request ids are version 4 UUIDs")
    func requestIDs() {
        var random = SystemRandomNumberGenerator()
        let ids = (0..<100).map { _ in RequestID.make(using: &random) }
        #expect(Set(ids).count == 100)
        for id in ids {
            let parts = id.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(id[id.index(id.startIndex, offsetBy: 14)] == "4")
            #expect("89ab".contains(id[id.index(id.startIndex, offsetBy: 19)]))
        }
        // Digits in order, most significant first, with the version and variant bits set.
        struct Fixed: RandomNumberGenerator {
            var values: [UInt64] = [0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210]
            mutating func next() -> UInt64 { values.removeFirst() }
        }
        var fixed = Fixed()
        #expect(RequestID.make(using: &fixed) == "01234567-89ab-4def-bedc-ba9876543210")
    }

    @Test("retry back-off: fully jittered below base × 2^(n-1), capped")
    func backOff() throws {
        var policy = RetryPolicy()
        policy.retryOn = "5xx,connect-failure"
        let plan = try #require(RetryPlan(policy))
        #expect(plan.numRetries == 1)
        #expect(plan.retries(status: 503) && !plan.retries(status: 404))
        var random = SystemRandomNumberGenerator()
        for attempt in 1...8 {
            let ceiling = min(25 << (attempt - 1), 250)
            for _ in 0..<50 {
                let wait = plan.backOff(attempt: attempt, random: random.next())
                #expect(wait >= .zero && wait < .milliseconds(Int64(ceiling)))
            }
        }
        policy.retryOn = "unknown-condition"
        #expect(RetryPlan(policy) == nil)
    }

    @Test("forwarded headers: hop-by-hop and control headers dropped, XFF appended at the edge, ids kept or replaced")
    func forwardedHeaders() {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/a")
        head.headers = [
            "Host": "x", "X-Forwarded-For": "1.2.3.4", "X-Request-Id": "mine", "Connection": "keep-alive, X-Drop",
            "X-Drop": "1", "Keep-Alive": "timeout=5", "TE": "gzip, trailers", "X-Envoy-Retry-On": "5xx",
            "X-Forwarded-Proto": "https", "Transfer-Encoding": "chunked",
        ]
        var settings = ConnectionSettings()
        let inner = ForwardedHeaders.connectionManagerHeaders(
            of: head,
            authority: "x",
            clientAddress: "10.0.0.9",
            settings: settings,
            generatedRequestID: nil
        )
        #expect(
            inner.map { "\($0.name): \($0.value)" } == [
                "x-forwarded-for: 1.2.3.4", "x-request-id: mine", "te: trailers", "x-forwarded-proto: https",
                "host: x", "transfer-encoding: chunked",
            ]
        )
        settings.useRemoteAddress = true
        settings.via = "1.1 gw"
        let edge = ForwardedHeaders.connectionManagerHeaders(
            of: head,
            authority: "x",
            clientAddress: "10.0.0.9",
            settings: settings,
            generatedRequestID: "new-id"
        )
        #expect(edge.first(name: "x-forwarded-for") == "1.2.3.4,10.0.0.9")
        #expect(edge.first(name: "x-forwarded-proto") == "http")
        #expect(edge[canonicalForm: "x-request-id"] == ["new-id"])
        #expect(edge.first(name: "via") == "1.1 gw")
        #expect(edge.first(name: "x-envoy-external-address") == "10.0.0.9")

        var empty = HTTPRequestHead(version: .http1_1, method: .PUT, uri: "/a")
        empty.headers = ["Host": "x"]
        let framed = ForwardedHeaders.connectionManagerHeaders(
            of: empty,
            authority: "x",
            clientAddress: nil,
            settings: ConnectionSettings(),
            generatedRequestID: nil
        )
        #expect(framed.first(name: "content-length") == "0", "Envoy frames an empty PUT")
    }

    @Test("response headers: lower-case, hop-by-hop dropped, server replaced in place")
    func responseHeaders() {
        let upstream: HTTPHeaders = [
            "Content-Length": "2", "Server": "upstream", "Connection": "keep-alive, X-Foo", "X-Foo": "bar",
            "Keep-Alive": "timeout=5",
        ]
        let headers = ForwardedHeaders.responseHeaders(from: upstream, serverName: "swift-gateway")
        #expect(
            headers.map { "\($0.name): \($0.value)" } == [
                "content-length: 2", "server: swift-gateway", "x-foo: bar",
            ]
        )
    }
}
