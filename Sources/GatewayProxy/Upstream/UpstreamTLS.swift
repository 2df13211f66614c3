import Foundation
import GatewayModel
import NIOSSL

/// TLS to an Upstream's endpoints, as Gloo sets it up: `sslConfig` (its root CA verifies the server's chain, its
/// certificate and key authenticate the gateway, `sni` names the server), or, for `useTls` or port 443, TLS
/// without verification. Each endpoint's server name is its `sniAddr`, else the `sni`, else (with
/// `autoSniRewrite`, the default) its address when that is a host name.
struct UpstreamTLS: Sendable {
    let context: NIOSSLContext
    let serverName: String?

    struct MaterialError: Error, CustomStringConvertible {
        var description: String
    }

    /// The TLS of `upstream`, nil when it has none.
    static func make(_ upstream: Resource<UpstreamSpec>, resources: ResourceSet) throws -> UpstreamTLS? {
        let spec = upstream.spec
        guard let ssl = spec.sslConfig else {
            let automatic = spec.static?.useTls == true || (spec.static?.hosts ?? []).contains { $0.port == 443 }
            guard automatic else { return nil }
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            if spec.usesHttp2 { configuration.applicationProtocols = ["h2"] }
            return UpstreamTLS(context: try NIOSSLContext(configuration: configuration), serverName: nil)
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        let (chain, key, rootCa) = try material(ssl, resources: resources)
        if let rootCa {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(rootCa.utf8)))
            // Envoy checks names only against `verifySubjectAltName`.
            configuration.certificateVerification = .noHostnameVerification
        } else {
            configuration.certificateVerification = .none
        }
        if let chain, let key {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(chain.utf8)).map {
                .certificate($0)
            }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
        }
        if let protocols = ssl.alpnProtocols {
            configuration.applicationProtocols = protocols
        } else if spec.usesHttp2 {
            // Servers such as gRPC's insist on ALPN agreeing on h2.
            configuration.applicationProtocols = ["h2"]
        }
        return UpstreamTLS(
            context: try NIOSSLContext(configuration: configuration),
            serverName: ssl.sni.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    private static func material(
        _ ssl: UpstreamSslConfig,
        resources: ResourceSet
    ) throws -> (chain: String?, key: String?, rootCa: String?) {
        if let reference = ssl.secretRef {
            guard let tls = resources.secret(reference)?.spec.tls else {
                throw MaterialError(description: "sslConfig.secretRef: no TLS Secret \(reference.name)")
            }
            return (tls.certChain, tls.privateKey, tls.rootCa)
        }
        if let files = ssl.sslFiles {
            func read(_ path: String?) throws -> String? {
                try path.map { try String(contentsOfFile: $0, encoding: .utf8) }
            }
            return (try read(files.tlsCert), try read(files.tlsKey), try read(files.rootCa))
        }
        if ssl.sds != nil {
            throw MaterialError(description: "sslConfig.sds is served over xDS only")
        }
        return (nil, nil, nil)
    }
}
