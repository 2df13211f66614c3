import Foundation
import GatewayProxy
import NIOHTTP1
import TestSupport
import Testing

/// TLS termination by the embedded data plane: certificates from a Secret and from files, chosen by SNI, checked
/// with curl (which sends the server name and verifies the certificate against the one the test made).
@Suite("Embedded data plane: TLS termination", .serialized)
struct EmbeddedTLSTests {
    /// A self-signed certificate and its key for `name` (openssl), in `directory`.
    static func certificate(_ name: String, file: String, in directory: URL) async throws -> (cert: URL, key: URL) {
        let cert = directory.appendingPathComponent("\(file).crt")
        let key = directory.appendingPathComponent("\(file).key")
        let status = try await run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(name)",
                "-addext", "subjectAltName=DNS:\(name)", "-keyout", key.path, "-out", cert.path,
            ]
        ).status
        guard status == 0 else { throw XDSPeers.Failure("openssl failed for \(name)") }
        return (cert, key)
    }

    /// Runs `tool` from the PATH without a test thread waiting on it (on a 2-core machine a blocked thread stalls
    /// every other suite): its exit status and standard output.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        guard let executable = XDSPeers.executable(tool) else { throw XDSPeers.Failure("\(tool) is not on the PATH") }
        let output = try await PeerProcess.run(executable, arguments: arguments, input: [], timeout: .seconds(30))
        return (output.status, String(decoding: output.stdout, as: UTF8.self))
    }

    /// A GET with curl, resolving `host` to 127.0.0.1 and trusting `ca`: the body, or nil when the handshake or
    /// the request failed. The `Host` header is the name without the port, which the virtual hosts list.
    static func get(host: String, port: Int, path: String, ca: URL) async throws -> String? {
        let result = try await run(
            "curl",
            [
                "-s", "--fail-with-body", "--max-time", "5", "--resolve", "\(host):\(port):127.0.0.1",
                "-H", "Host: \(host)",
                "--cacert", ca.path, "https://\(host):\(port)\(path)",
            ]
        )
        return result.status == 0 ? result.output : nil
    }

    @Test("certificates chosen by SNI: exact, wildcard, from a Secret or files; an unknown name is refused")
    func sniCertificates() async throws {
        let directory = try XDSPeers.temporaryDirectory("tls")
        let a = try await Self.certificate("a.example.com", file: "a", in: directory)
        let b = try await Self.certificate("*.b.example.com", file: "b", in: directory)
        func indented(_ url: URL) throws -> String {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { "      " + $0 }
                .joined(separator: "\n")
        }
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: tls, namespace: default}
            spec: {bindAddress: 127.0.0.1, bindPort: @PORT@, ssl: true, httpGateway: {}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Secret
            metadata: {name: a-cert, namespace: default}
            spec:
              tls:
                certChain: |
            \(try indented(a.cert))
                privateKey: |
            \(try indented(a.key))
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: a, namespace: default}
            spec:
              sslConfig:
                secretRef: {name: a-cert, namespace: default}
                sniDomains: [a.example.com]
              virtualHost:
                domains: [a.example.com]
                routes:
                  - matchers: [{exact: /who}]
                    directResponseAction: {status: 200, body: "a"}
                  - matchers: [{prefix: /}]
                    routeAction: {single: {upstream: {name: echo, namespace: default}}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: b, namespace: default}
            spec:
              sslConfig:
                sslFiles: {tlsCert: \(b.cert.path), tlsKey: \(b.key.path)}
                sniDomains: ['*.b.example.com']
              virtualHost:
                domains: ['*.b.example.com']
                routes: [{matchers: [{exact: /who}], directResponseAction: {status: 200, body: "b"}}]
            ---

            """ + upstreamYAML("echo")
        let gateway = try await EmbeddedGateway(yaml, upstreams: try await EchoUpstreams(["echo"]))
        defer { Task { await gateway.stop() } }
        let port = gateway.port
        let problems = try await gateway.apply(yaml).configuration.problems
        #expect(problems.isEmpty, "\(problems)")

        #expect(try await Self.get(host: "a.example.com", port: port, path: "/who", ca: a.cert) == "a")
        #expect(try await Self.get(host: "x.b.example.com", port: port, path: "/who", ca: b.cert) == "b")
        // The certificate follows the name: a's name with only b's certificate trusted fails verification.
        #expect(try await Self.get(host: "a.example.com", port: port, path: "/who", ca: b.cert) == nil)
        // No certificate for this name, and none without names: the connection is refused.
        #expect(try await Self.get(host: "c.example.com", port: port, path: "/who", ca: a.cert) == nil)

        // Forwarded over plaintext, with the scheme the client used.
        let echoed = try #require(try await Self.get(host: "a.example.com", port: port, path: "/any", ca: a.cert))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(echoed.utf8)) as? [String: Any])
        #expect((json["headers"] as? [String: String])?["x-forwarded-proto"] == "https")
    }

    @Test("TLS to upstreams: verified against sslConfig's root CA with its sni; a wrong CA fails the connection")
    func upstreamTLS() async throws {
        let directory = try XDSPeers.temporaryDirectory("upstream-tls")
        let server = try await Self.certificate("backend.internal", file: "backend", in: directory)
        let other = try await Self.certificate("other.internal", file: "other", in: directory)
        let upstreams = try await EchoUpstreams(["secure"], tls: (server.cert.path, server.key.path))
        func upstream(_ name: String, _ ssl: String) -> String {
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: \(name), namespace: default}
            spec:
              static: {hosts: [{addr: 127.0.0.1, port: @UPSTREAM:secure@}]}
              sslConfig: \(ssl)
            ---

            """
        }
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: tls-upstreams, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                  - matchers: [{prefix: /verified}]
                    routeAction: {single: {upstream: {name: verified, namespace: default}}}
                  - matchers: [{prefix: /untrusted}]
                    routeAction: {single: {upstream: {name: untrusted, namespace: default}}}
            ---

            """
            + upstream("verified", "{sslFiles: {rootCa: \(server.cert.path)}, sni: backend.internal}")
            + upstream("untrusted", "{sslFiles: {rootCa: \(other.cert.path)}}")
        let gateway = try await EmbeddedGateway(yaml, upstreams: upstreams)
        defer { Task { await gateway.stop() } }
        let verified = try await gateway.send(.GET, "/verified")
        #expect(verified.status == 200)
        #expect(verified.echo["path"] as? String == "/verified")
        let untrusted = try await gateway.send(.GET, "/untrusted")
        #expect(untrusted.status == 503)
        #expect(untrusted.text.hasPrefix("upstream connect error or disconnect/reset before headers."))
    }

    /// curl's `%{http_version}` and body for one request with `options`.
    static func curl(_ options: [String], url: String) async throws -> (version: String, body: String)? {
        let result = try await run(
            "curl",
            ["-s", "--fail-with-body", "--max-time", "5", "-w", "\n%{http_version}"] + options + [url]
        )
        guard result.status == 0, let split = result.output.lastIndex(of: "\n") else { return nil }
        return (String(result.output[result.output.index(after: split)...]), String(result.output[..<split]))
    }

    @Test("HTTP/2: with prior knowledge on a plain listener, by ALPN on a TLS one; HTTP/1.1 still served on both")
    func http2() async throws {
        let directory = try XDSPeers.temporaryDirectory("h2")
        let a = try await Self.certificate("a.example.com", file: "a", in: directory)
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: plain, namespace: default}
            spec: {bindAddress: 127.0.0.1, bindPort: @PORT@, httpGateway: {}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: secure, namespace: default}
            spec: {bindAddress: 127.0.0.1, bindPort: @SECURE@, ssl: true, httpGateway: {}}
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: both, namespace: default}
            spec:
              sslConfig: {sslFiles: {tlsCert: \(a.cert.path), tlsKey: \(a.key.path)}}
              virtualHost:
                domains: ['*']
                routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: echo, namespace: default}}}}]
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: plain, namespace: default}
            spec:
              virtualHost:
                domains: ['*']
                routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: echo, namespace: default}}}}]
            ---

            """
        let secure = try LoopbackHTTP.freePort()
        let gateway = try await EmbeddedGateway.withEcho(
            yaml.replacingOccurrences(of: "@SECURE@", with: String(secure))
        )
        defer { Task { await gateway.stop() } }
        let plain = "http://127.0.0.1:\(gateway.port)/plain?x=1"
        let h2c = try #require(try await Self.curl(["--http2-prior-knowledge"], url: plain))
        #expect(h2c.version == "2")
        #expect(h2c.body.contains("\"path\": \"/plain?x=1\""))
        #expect(try await Self.curl(["--http1.1"], url: plain)?.version == "1.1")

        let tls = ["--resolve", "a.example.com:\(secure):127.0.0.1", "--cacert", a.cert.path]
        let url = "https://a.example.com:\(secure)/secure"
        let alpn = try #require(try await Self.curl(tls + ["--http2"], url: url))
        #expect(alpn.version == "2")
        #expect(alpn.body.contains("\"x-forwarded-proto\": \"https\""))
        #expect(try await Self.curl(tls + ["--http1.1"], url: url)?.version == "1.1")
    }
}
