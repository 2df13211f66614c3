import AsyncHTTPClient
import Foundation
import GatewayModel
import GatewayProxy
import NIOCore
import NIOHTTP1
import Tracing

/// The embedded data plane serving a YAML configuration in this process, on a free port of 127.0.0.1, with an
/// HTTP client to ask it.
///
/// In the YAML, `@PORT@` is replaced by the gateway's port and `@UPSTREAM:name@` by the port of the echo upstream
/// `name`; without a Gateway resource, one on 127.0.0.1:@PORT@ is added.
final class EmbeddedGateway: Sendable {
    let server: GatewayServer
    let port: Int
    let upstreams: EchoUpstreams?
    let client: HTTPClient

    init(
        _ yaml: String,
        upstreams: EchoUpstreams? = nil,
        threads: Int = 1,
        tracer: (any Tracer)? = nil
    ) async throws {
        server = GatewayServer(threads: threads, tracer: tracer)
        port = try LoopbackHTTP.freePort()
        self.upstreams = upstreams
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let failures = try await apply(yaml).failures
        guard failures.isEmpty else { throw XDSPeers.Failure("could not bind: \(failures)") }
    }

    /// Serves `yaml` from now on; returns the compiled configuration (with its problems) and bind failures.
    @discardableResult
    func apply(
        _ yaml: String
    ) async throws -> (configuration: DataPlaneConfiguration, failures: [GatewayServer.BindFailure]) {
        var text = yaml.replacingOccurrences(of: "@PORT@", with: String(port))
        for (name, port) in upstreams?.ports ?? [:] {
            text = text.replacingOccurrences(of: "@UPSTREAM:\(name)@", with: String(port))
        }
        if !text.contains("kind: Gateway\n") && !text.contains("kind: Gateway\r") {
            text += """

                ---
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: test-gateway, namespace: default}
                spec: {bindAddress: 127.0.0.1, bindPort: \(port), httpGateway: {}}

                """
        }
        var loader = ResourceLoader()
        try loader.load(text, file: "gateway.yaml")
        let options = ProxyBuilder.Options(settings: loader.resources.settings.first?.spec)
        let built = ProxyBuilder(options: options).build(loader.resources, reports: loader.reports)
        let configuration = DataPlaneConfiguration(
            proxies: built.preservingLastValid(from: []),
            resources: loader.resources
        )
        return (configuration, await server.apply(configuration))
    }

    /// One request to the gateway.
    func send(
        _ method: HTTPMethod = .GET,
        _ path: String,
        host: String = "example.com",
        headers: [(String, String)] = [],
        body: HTTPClientRequest.Body? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.replaceOrAdd(name: "host", value: host)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = body }
        let response = try await client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name.lowercased(), $0.value) },
            body: Array(bytes.readableBytesView)
        )
    }

    func stop() async {
        try? await client.shutdown()
        await server.shutdown(gracePeriod: .seconds(2))
        upstreams?.stop()
    }

    /// A response as the client received it.
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

        /// The echo upstream's JSON answer.
        var echo: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }

        /// A request header as the upstream received it.
        func upstreamHeader(_ name: String) -> String? {
            (echo["headers"] as? [String: String])?[name]
        }
    }
}

/// A static Upstream on 127.0.0.1 at the echo upstream `name` (or several).
extension EmbeddedGateway {
    /// The gateway serving `yaml` and, for each of `names`, an Upstream reaching an echo upstream started for it.
    static func withEcho(_ yaml: String, _ names: [String] = ["echo"]) async throws -> EmbeddedGateway {
        try await EmbeddedGateway(
            yaml + names.map { upstreamYAML($0) }.joined(),
            upstreams: try await EchoUpstreams(names)
        )
    }
}

func upstreamYAML(_ name: String, servers: [String]? = nil, extra: String = "") -> String {
    let hosts = (servers ?? [name]).map { "{addr: 127.0.0.1, port: @UPSTREAM:\($0)@}" }.joined(separator: ", ")
    return """
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: \(name), namespace: default}
        spec:
          static:
            hosts: [\(hosts)]
        \(extra)
        ---

        """
}
