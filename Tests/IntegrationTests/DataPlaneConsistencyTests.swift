import AsyncHTTPClient
import Foundation
import GatewayModel
import GatewayProxy
import GatewayXDS
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// The same configuration served by both data planes at once — the embedded one, and Envoy 1.40 from the static
/// bootstrap `gatewayctl xds` prints — must answer a set of requests the same way: the quickstart, and gRPC over
/// HTTP/2 upstreams.
@Suite("Embedded data plane and Envoy agree", .serialized)
struct DataPlaneConsistencyTests {
    /// The quickstart's files with its two ports replaced.
    static func quickstart(front: Int, petStore: Int) throws -> ResourceLoader {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/quickstart")
        var loader = ResourceLoader()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "bindPort: 8080", with: "bindPort: \(front)")
                .replacingOccurrences(of: "8081", with: String(petStore))
                .replacingOccurrences(of: "bindAddress: '::'", with: "bindAddress: 127.0.0.1")
            try loader.load(text, file: name)
        }
        return loader
    }

    static func proxies(_ loader: ResourceLoader) -> [Resource<ProxySpec>] {
        let options = ProxyBuilder.Options(settings: loader.resources.settings.first?.spec)
        return ProxyBuilder(options: options).build(loader.resources, reports: loader.reports)
            .preservingLastValid(from: [])
    }

    struct Answer: Equatable, CustomStringConvertible {
        var status: Int
        var headers: [String: String]
        var body: String
        var description: String { "\(status) \(headers.sorted { $0.key < $1.key }) \(body.debugDescription)" }
    }

    /// Headers both data planes set the same way (`server`, `date` and timing headers differ by design).
    static let comparedHeaders = ["content-type", "content-length", "location", "x-served-by", "x-envoy-overloaded"]

    static func ask(
        _ client: HTTPClient,
        port: Int,
        method: HTTPMethod,
        path: String,
        host: String
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.replaceOrAdd(name: "host", value: host)
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for name in comparedHeaders { headers[name] = response.headers.first(name: name) }
        return Answer(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }

    /// Envoy serving `loader`'s first Proxy from a static bootstrap, once it accepts on every one of `ports`; nil
    /// (with an issue recorded) when it does not within 20 s.
    static func envoy(serving loader: ResourceLoader, ports: [Int]) async throws -> XDSEnvoy? {
        let proxy = try #require(Self.proxies(loader).first)
        var options = XDSTranslator.Options()
        options.delivery = .embedded
        let translation = XDSTranslator(options: options).translate(proxy, in: loader.resources)
        let bootstrap = EnvoyBootstrap.static(translation.resources, adminPort: 0)
        let envoy = try await XDSEnvoy(bootstrapJSON: try EnvoyBootstrap.json(bootstrap))
        let deadline = ContinuousClock.now + .seconds(20)
        while !ports.allSatisfy({ LoopbackHTTP.accepts(port: $0) }) {
            guard ContinuousClock.now < deadline else {
                Issue.record("Envoy's listeners did not open: \(envoy.logTail())")
                envoy.stop()
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return envoy
    }

    /// The configuration `make(port)` builds, served on a free port by the embedded data plane (`threads` event
    /// loops) and on another by Envoy; nil (with an issue recorded) when Envoy does not start.
    static func bothDataPlanes(
        threads: Int = 1,
        serving make: (Int) throws -> ResourceLoader
    ) async throws -> (gateway: Int, server: GatewayServer, envoy: Int, envoyProcess: XDSEnvoy)? {
        let ports = (gateway: try LoopbackHTTP.freePort(), envoy: try LoopbackHTTP.freePort())
        let loader = try make(ports.gateway)
        let configuration = DataPlaneConfiguration(proxies: Self.proxies(loader), resources: loader.resources)
        #expect(configuration.problems.isEmpty, "\(configuration.problems)")
        let server = GatewayServer(threads: threads)
        #expect(await server.apply(configuration).isEmpty)
        guard let envoy = try await Self.envoy(serving: try make(ports.envoy), ports: [ports.envoy]) else {
            await server.shutdown(gracePeriod: .zero)
            return nil
        }
        return (ports.gateway, server, ports.envoy, envoy)
    }

    @Test("the quickstart: same status, body and headers for every request")
    func quickstartAnswers() async throws {
        let gatewayPorts = (front: try LoopbackHTTP.freePort(), petStore: try LoopbackHTTP.freePort())
        let envoyPorts = (front: try LoopbackHTTP.freePort(), petStore: try LoopbackHTTP.freePort())

        let gatewayConfig = try Self.quickstart(front: gatewayPorts.front, petStore: gatewayPorts.petStore)
        let server = GatewayServer(threads: 1)
        let failures = await server.apply(
            DataPlaneConfiguration(proxies: Self.proxies(gatewayConfig), resources: gatewayConfig.resources)
        )
        #expect(failures.isEmpty)

        let envoyConfig = try Self.quickstart(front: envoyPorts.front, petStore: envoyPorts.petStore)
        guard let envoy = try await Self.envoy(serving: envoyConfig, ports: [envoyPorts.front, envoyPorts.petStore])
        else { return }
        defer { envoy.stop() }

        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

        // `/pet-names` is left out: its transformation needs envoy-gloo, which vanilla Envoy is not.
        let requests: [(HTTPMethod, String, String)] = [
            (.GET, "/hello", "localhost"), (.GET, "/HELLO", "localhost"), (.GET, "/hello/", "localhost"),
            (.GET, "/hello?x=1", "example.com"), (.HEAD, "/hello", "localhost"), (.POST, "/hello", "localhost"),
            (.GET, "/api/pets", "localhost"), (.GET, "/api/pets/1", "localhost"), (.GET, "/api/pets/2", "shop"),
            (.GET, "/api/pets/3", "localhost"), (.POST, "/api/pets/1", "localhost"),
            (.GET, "/api/pets/1?full=true", "localhost"), (.GET, "/api/petsandmore", "localhost"),
            (.GET, "/api/pets/../pets/2", "localhost"), (.GET, "/api/pets/%31", "localhost"),
            (.GET, "/x/../hello", "localhost"), (.GET, "/docs", "localhost"), (.GET, "/docs/guide?page=2", "localhost"),
            (.GET, "/nope", "localhost"), (.DELETE, "/api/pets/1", "localhost"), (.GET, "/", "localhost"),
        ]
        for (method, path, host) in requests {
            let ours = try await Self.ask(client, port: gatewayPorts.front, method: method, path: path, host: host)
            let envoys = try await Self.ask(client, port: envoyPorts.front, method: method, path: path, host: host)
            #expect(ours == envoys, "\(method) \(path) (host \(host))")
        }
        try await client.shutdown()
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// A gRPC service behind a plain and a TLS HTTP/2 Upstream, by virtual host; the plain one's connections
    /// carry 5 streams each.
    static func grpcConfiguration(port: Int, plain: Int, tls: Int, certificate: URL) throws -> ResourceLoader {
        var loader = ResourceLoader()
        try loader.load(
            """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: grpc, namespace: default}
            spec: {bindAddress: 127.0.0.1, bindPort: \(port), httpGateway: {}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: plain, namespace: default}
            spec:
              virtualHost:
                domains: [plain]
                routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: plain, namespace: default}}}}]
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: secure, namespace: default}
            spec:
              virtualHost:
                domains: [secure]
                routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: secure, namespace: default}}}}]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: plain, namespace: default}
            spec:
              useHttp2: true
              connectionConfig: {maxRequestsPerConnection: 5}
              static: {hosts: [{addr: 127.0.0.1, port: \(plain)}]}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: secure, namespace: default}
            spec:
              useHttp2: true
              sslConfig: {sni: localhost, sslFiles: {rootCa: \(certificate.path)}}
              static: {hosts: [{addr: 127.0.0.1, port: \(tls)}]}
            """,
            file: "grpc.yaml"
        )
        return loader
    }

    /// What `Goldens/peers/grpc_client.py` reports for calls through `port` to the virtual host `authority`.
    static func grpcCalls(port: Int, authority: String) async throws -> [String: Any] {
        guard let python = XDSPeers.executable("python3") else { throw XDSPeers.Failure("python3 is not on the PATH") }
        let output = try await PeerProcess.run(
            python,
            arguments: [
                try XDSPeers.script("grpc_client.py").path, "--target", "127.0.0.1:\(port)", "--authority", authority,
            ],
            input: [],
            timeout: .seconds(60)
        )
        guard let report = (try? JSONSerialization.jsonObject(with: Data(output.stdout))) as? [String: Any] else {
            throw XDSPeers.Failure(
                "grpc_client.py printed \(String(decoding: output.stdout, as: UTF8.self)) \(output.stderr)"
            )
        }
        return report
    }

    @Test("gRPC over HTTP/2 upstreams, plain and TLS: the same answers, trailers, trailers-only errors and resets")
    func grpcAnswers() async throws {
        let certificates = try XDSPeers.temporaryDirectory("grpc-tls")
        let plain = try await PythonPeer("grpc_reflection_server.py", arguments: ["--reflection", "v1alpha"])
        defer { plain.stop() }
        let secure = try await PythonPeer(
            "grpc_reflection_server.py",
            arguments: ["--reflection", "v1alpha", "--tls", certificates.path]
        )
        defer { secure.stop() }
        let certificate = certificates.appendingPathComponent("server.crt")
        guard
            let planes = try await Self.bothDataPlanes(serving: { port in
                try Self.grpcConfiguration(
                    port: port,
                    plain: plain.port("grpc"),
                    tls: secure.port("grpc"),
                    certificate: certificate
                )
            })
        else { return }
        let (server, envoy) = (planes.server, planes.envoyProcess)
        let ports = (gateway: planes.gateway, envoy: planes.envoy)
        defer { envoy.stop() }

        for authority in ["plain", "secure"] {
            let ours = try await Self.grpcCalls(port: ports.gateway, authority: authority)
            let envoys = try await Self.grpcCalls(port: ports.envoy, authority: authority)
            #expect(ours["errors"] as? [String] == [], "\(authority): \(ours)")
            #expect(
                ours["services"] as? [String]
                    == ["demo.shop.Catalog", "demo.shop.Orders", "grpc.reflection.v1alpha.ServerReflection"],
                "\(authority): \(ours)"
            )
            #expect(ours["files"] as? [String] == ["demo/shop/shop.proto", "demo/shop/shop.proto"], "\(ours)")
            #expect(ours["v1_code"] as? String == "UNIMPLEMENTED", "\(authority): \(ours)")
            #expect(ours["parallel"] as? Int == 20, "\(authority): \(ours)")
            #expect(NSDictionary(dictionary: ours) == NSDictionary(dictionary: envoys), "\(ours) \(envoys)")
        }

        // Without `te: trailers`, the gRPC server resets the stream: both answer 503 with the reset reason.
        var client = HTTPClient.Configuration()
        client.httpVersion = .http1Only
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: client)
        for path in ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "/no.Such/Method"] {
            let ours = try await Self.ask(http, port: ports.gateway, method: .POST, path: path, host: "plain")
            let envoys = try await Self.ask(http, port: ports.envoy, method: .POST, path: path, host: "plain")
            #expect(ours == envoys, "\(path)")
        }
        try await http.shutdown()
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// Two Upstreams on one echo server with tight circuit breakers: one request in flight, no retries.
    static func breakerConfiguration(port: Int, echo: Int) throws -> ResourceLoader {
        var loader = ResourceLoader()
        try loader.load(
            """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: breakers, namespace: default}
            spec: {bindAddress: 127.0.0.1, bindPort: \(port), httpGateway: {}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: breakers, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /delay}]
                    routeAction: {single: {upstream: {name: one-at-a-time, namespace: default}}}
                  - matchers: [{prefix: /flaky}]
                    routeAction: {single: {upstream: {name: no-retries, namespace: default}}}
                    options: {retries: {retryOn: 5xx, numRetries: 2}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: one-at-a-time, namespace: default}
            spec:
              circuitBreakers: {maxRequests: 1}
              static: {hosts: [{addr: 127.0.0.1, port: \(echo)}]}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: no-retries, namespace: default}
            spec:
              circuitBreakers: {maxRetries: 0}
              static: {hosts: [{addr: 127.0.0.1, port: \(echo)}]}
            """,
            file: "breakers.yaml"
        )
        return loader
    }

    @Test("circuit breakers: a request over maxRequests gets 503 overflow; maxRetries 0 retries nothing")
    func circuitBreakers() async throws {
        let echo = try await EchoUpstreams(["echo"])
        defer { echo.stop() }
        guard
            let planes = try await Self.bothDataPlanes(
                threads: 2,
                serving: { port in
                    try Self.breakerConfiguration(port: port, echo: echo["echo"])
                }
            )
        else { return }
        let (server, envoy) = (planes.server, planes.envoyProcess)
        let ports = (gateway: planes.gateway, envoy: planes.envoy)
        defer { envoy.stop() }

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        for (plane, port) in [("gateway", ports.gateway), ("envoy", ports.envoy)] {
            // One request holds the only slot; the next is refused while it does, and served once it is done.
            let holding = Task {
                try await Self.ask(client, port: port, method: .GET, path: "/delay/700", host: "breakers")
            }
            try await Task.sleep(for: .milliseconds(250))
            let refused = try await Self.ask(client, port: port, method: .GET, path: "/delay/1", host: "breakers")
            #expect(
                refused
                    == Answer(
                        status: 503,
                        headers: [
                            "content-type": "text/plain", "content-length": "81", "x-envoy-overloaded": "true",
                        ],
                        body: "upstream connect error or disconnect/reset before headers. reset reason: overflow"
                    ),
                "\(plane): \(refused)"
            )
            #expect(try await holding.value.status == 200, "\(plane)")
            let after = try await Self.ask(client, port: port, method: .GET, path: "/delay/1", host: "breakers")
            #expect(after.status == 200, "\(plane)")

            // The first answer is a 503 the policy would retry; the breaker allows no retry, so it is the answer.
            let flaky = try await Self.ask(
                client,
                port: port,
                method: .GET,
                path: "/flaky/\(plane)/1",
                host: "breakers"
            )
            #expect(flaky.status == 503, "\(plane): \(flaky)")
        }
        let overflows = try await envoy.stats(filter: "upstream_rq_retry_overflow")
        #expect(
            overflows.first { $0.key.hasSuffix("upstream_rq_retry_overflow") && $0.value == 1 } != nil,
            "\(overflows)"
        )
        try await client.shutdown()
        await server.shutdown(gracePeriod: .seconds(1))
    }
}
