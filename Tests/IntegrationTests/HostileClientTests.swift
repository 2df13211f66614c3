import Foundation
import NIOHTTP1
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile clients against the embedded data plane, driven by `Goldens/peers/hostile_client.py`: each attack gets
/// the answer Envoy 1.40 gives (or a stricter one), nothing reaches the upstream twice, and the gateway keeps
/// serving everyone else.
@Suite("Hostile clients", .serialized)
struct HostileClientTests {
    static let configuration = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: hostile, namespace: default}
        spec:
          virtualHost:
            domains: ['*']
            routes:
              - matchers: [{prefix: /transformed}]
                routeAction: {single: {upstream: {name: echo, namespace: default}}}
                options:
                  stagedTransformations:
                    regular:
                      requestTransforms:
                        - requestTransformation:
                            transformationTemplate: {parseBodyBehavior: DontParse, body: {text: 'buffered'}}
              - matchers: [{prefix: /direct}]
                directResponseAction: {status: 202, body: direct}
              - matchers: [{prefix: /}]
                routeAction: {single: {upstream: {name: echo, namespace: default}}}
        ---
        apiVersion: gateway.solo.io/v1
        kind: Gateway
        metadata: {name: hostile, namespace: default}
        spec:
          bindAddress: 127.0.0.1
          bindPort: @PORT@
          httpGateway: {options: {}}
        ---

        """
            + """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: echo, namespace: default}
            spec: {static: {hosts: [{addr: 127.0.0.1, port: @UPSTREAM:echo@}]}}
            """

    /// The configuration with `requestHeadersTimeout` set on the Gateway.
    static func withHeadersTimeout(_ timeout: String) -> String {
        configuration.replacingOccurrences(
            of: "httpGateway: {options: {}}",
            with: "httpGateway: {options: {httpConnectionManagerSettings: {requestHeadersTimeout: \(timeout)}}}"
        )
    }

    /// Runs one scenario of the peer against `port` and returns its JSON report. The peer runs without a test
    /// thread waiting on it (a blocked thread would stall every other suite on a 2-core machine); it stops itself
    /// at `deadline`, and is killed 10 s later if it did not.
    static func attack(_ port: Int, _ arguments: [String], deadline: Int = 30) async throws -> [String: Any] {
        guard let python = XDSPeers.executable("python3") else { throw XDSPeers.Failure("python3 is not on the PATH") }
        let script = try XDSPeers.script("hostile_client.py")
        let output = try await PeerProcess.run(
            python,
            arguments: [
                script.path, "--target", "127.0.0.1:\(port)", "--deadline", String(deadline), "--no-stdin-watch",
            ]
                + arguments,
            input: [],
            timeout: .seconds(deadline + 10)
        )
        guard let report = (try? JSONSerialization.jsonObject(with: Data(output.stdout))) as? [String: Any] else {
            throw XDSPeers.Failure(
                "hostile_client.py \(arguments) printed \(String(decoding: output.stdout, as: UTF8.self)) \(output.stderr)"
            )
        }
        return report
    }

    static func status(_ report: [String: Any]) -> Int? { report["status"] as? Int }
    static func closed(_ report: [String: Any]) -> Bool { report["closed"] as? Bool ?? false }
    static func variants(_ report: [String: Any]) -> [[String: Any]] { report["variants"] as? [[String: Any]] ?? [] }

    @Test("malformed, smuggling and oversized requests are refused as Envoy refuses them, and the connection closed")
    func refusals() async throws {
        let gateway = try await EmbeddedGateway(Self.configuration, upstreams: try await EchoUpstreams(["echo"]))
        defer { Task { await gateway.stop() } }
        let port = gateway.port

        let oversized = try await Self.attack(port, ["oversized-headers"])
        #expect(Self.status(oversized) == 431 && Self.closed(oversized), "\(oversized)")
        // The 60 KiB limit is on the whole head as sent: 61,440 bytes pass, one more does not.
        let atLimit = try await Self.attack(port, ["oversized-headers", "--bytes", "61384"])
        #expect(Self.status(atLimit) == 200, "\(atLimit)")
        let overLimit = try await Self.attack(port, ["oversized-headers", "--bytes", "61385"])
        #expect(Self.status(overLimit) == 431, "\(overLimit)")

        for scenario in ["smuggle-cl-te", "smuggle-double-cl"] {
            let report = try await Self.attack(port, [scenario])
            #expect(Self.status(report) == 400 && Self.closed(report), "\(scenario): \(report)")
            #expect(report["second_response"] as? Bool == false, "\(scenario): \(report)")
        }
        for variant in Self.variants(try await Self.attack(port, ["smuggle-te-obfuscated"])) {
            let status = variant["status"] as? Int ?? 0
            #expect([400, 501].contains(status) && Self.closed(variant), "\(variant)")
            #expect(variant["second_response"] as? Bool == false, "\(variant)")
        }
        for scenario in ["invalid-method", "invalid-path", "bad-header", "invalid-version"] {
            let variants = Self.variants(try await Self.attack(port, [scenario]))
            #expect(!variants.isEmpty)
            for variant in variants {
                // Envoy answers 426 to `HTTP/9.9`; the parser here refuses it as malformed (400).
                #expect(variant["status"] as? Int == 400 && Self.closed(variant), "\(scenario): \(variant)")
            }
        }
        // The upstream never saw any of them, and the gateway still serves.
        let served = try await gateway.send(.GET, "/after")
        #expect(served.status == 200)
    }

    @Test("bodies: streamed without a limit, 413 over the buffer limit where a transformation reads them")
    func bodies() async throws {
        let gateway = try await EmbeddedGateway(Self.configuration, upstreams: try await EchoUpstreams(["echo"]))
        defer { Task { await gateway.stop() } }
        let streamed = try await Self.attack(
            gateway.port,
            ["oversized-body", "--bytes", "10485760", "--path", "/echo"]
        )
        #expect(Self.status(streamed) == 200, "\(streamed)")
        let chunked = try await Self.attack(
            gateway.port,
            ["oversized-body", "--bytes", "10485760", "--chunked", "--path", "/any"]
        )
        #expect(Self.status(chunked) == 200, "\(chunked)")
        let buffered = try await Self.attack(
            gateway.port,
            ["oversized-body", "--bytes", "2097152", "--path", "/transformed"]
        )
        #expect(Self.status(buffered) == 413, "\(buffered)")
        let small = try await Self.attack(
            gateway.port,
            ["oversized-body", "--bytes", "1000", "--path", "/transformed"]
        )
        #expect(Self.status(small) == 200, "\(small)")
    }

    @Test("pipelined requests are answered in order")
    func pipelining() async throws {
        let gateway = try await EmbeddedGateway(Self.configuration, upstreams: try await EchoUpstreams(["echo"]))
        defer { Task { await gateway.stop() } }
        let report = try await Self.attack(gateway.port, ["pipelined", "--count", "200"])
        let statuses = report["statuses"] as? [Int] ?? []
        #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 }, "\(report)")
        // Answers made on the spot wait for the forwarded ones before them.
        let mixed = try await Self.attack(
            gateway.port,
            ["pipelined", "--count", "60", "--paths", "/a,/direct,/direct"]
        )
        let expected = (0..<60).map { $0 % 3 == 0 ? 200 : 202 }
        #expect(mixed["statuses"] as? [Int] == expected, "\(mixed)")
        // Bytes that do not parse behind good requests are answered 400 in their turn, then the connection closes.
        let garbage = try await Self.attack(
            gateway.port,
            ["pipelined", "--count", "3", "--trailing-garbage", "BAD REQUEST\\r\\n\\r\\n"]
        )
        #expect(garbage["statuses"] as? [Int] == [200, 200, 200, 400] && Self.closed(garbage), "\(garbage)")
    }

    @Test("slowloris: a head that never completes gets 408 at the request headers timeout")
    func slowloris() async throws {
        let gateway = try await EmbeddedGateway(
            Self.withHeadersTimeout("1s"),
            upstreams: try await EchoUpstreams(["echo"])
        )
        defer { Task { await gateway.stop() } }
        let report = try await Self.attack(gateway.port, ["slowloris", "--interval", "0.2", "--duration", "5"])
        #expect(Self.status(report) == 408 && Self.closed(report), "\(report)")
        let closedAfter = report["closed_after"] as? Double ?? 99
        #expect(closedAfter >= 0.9 && closedAfter < 2.5, "\(report)")
    }

    @Test("connections that never send a byte are closed at the idle timeout")
    func silentConnections() async throws {
        let gateway = try await EmbeddedGateway(
            Self.configuration.replacingOccurrences(
                of: "httpGateway: {options: {}}",
                with: "httpGateway: {options: {httpConnectionManagerSettings: {idleTimeout: 1s}}}"
            ),
            upstreams: try await EchoUpstreams(["echo"])
        )
        defer { Task { await gateway.stop() } }
        let report = try await Self.attack(
            gateway.port,
            ["idle-connections", "--count", "200", "--hold", "3", "--probe-path", "/probe"]
        )
        #expect(report["idle_closed_by_server"] as? Int == 200, "\(report)")
        #expect((report["probe_statuses"] as? [Int] ?? []).allSatisfy { $0 == 200 }, "\(report)")
        // After its requests, a keep-alive connection is closed one idle timeout after the last response.
        let served = try await Self.attack(
            gateway.port,
            ["pipelined", "--count", "5", "--paths", "/a,/direct", "--close-wait", "4"]
        )
        let closedAfter = served["close_delay"] as? Double ?? 99
        #expect(served["responses"] as? Int == 5 && Self.closed(served), "\(served)")
        #expect(closedAfter >= 0.9 && closedAfter < 2.5, "\(served)")
    }

    @Test("10,000 idle connections: the gateway keeps serving others")
    func idleConnections() async throws {
        // The gateway runs in this process: it needs a descriptor per connection.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let count = Int(min(10_000, max(Int(limit.rlim_cur) - 1_000, 100)))
        let gateway = try await EmbeddedGateway(Self.configuration, upstreams: try await EchoUpstreams(["echo"]))
        defer { Task { await gateway.stop() } }
        let report = try await Self.attack(
            gateway.port,
            ["idle-connections", "--count", String(count), "--hold", "3", "--probe-path", "/probe"],
            deadline: 60
        )
        #expect(report["opened"] as? Int == count, "\(report)")
        let probes = report["probe_statuses"] as? [Int] ?? []
        #expect(!probes.isEmpty && probes.allSatisfy { $0 == 200 }, "\(report)")
        #expect((report["probe_max_latency"] as? Double ?? 99) < 1, "\(report)")
        #expect(report["idle_closed_by_server"] as? Int ?? -1 == 0, "\(report)")
        if count < 10_000 { Issue.record("only \(count) descriptors available for the idle connections") }
    }
}
