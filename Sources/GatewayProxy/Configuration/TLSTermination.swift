import Foundation
import GatewayModel
import NIOSSL

/// TLS termination of one listener: a server context per `sslConfig` of its virtual services, chosen by the
/// client's server name (SNI) as Envoy's filter chains are: an exact `sniDomains` entry, then the longest
/// wildcard (`*.example.com`), then an `sslConfig` without domains.
struct TLSTermination: Sendable {
    struct Certificate: Sendable {
        /// `sniDomains`, lower-case; empty matches every name.
        var serverNames: [String]
        var context: NIOSSLContext
    }

    var certificates: [Certificate]

    /// Compiles `configurations`; each that cannot be loaded is reported and left out.
    init(_ configurations: [SslConfig], resources: ResourceSet, problems: inout [DataPlaneProblem], listener: String) {
        certificates = []
        for (index, configuration) in configurations.enumerated() {
            do {
                let (chain, key) = try Self.material(configuration, resources: resources)
                var tls = TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(chain.utf8)).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
                )
                tls.applicationProtocols = ["h2", "http/1.1"]
                certificates.append(
                    Certificate(
                        serverNames: (configuration.sniDomains ?? []).map { $0.lowercased() },
                        context: try NIOSSLContext(configuration: tls)
                    )
                )
            } catch {
                problems.append(
                    DataPlaneProblem(resource: "listener \(listener)", reason: "sslConfigurations[\(index)]: \(error)")
                )
            }
        }
    }

    /// The context for a client that asked for `serverName` (nil: no SNI).
    func context(forServerName serverName: String?) -> NIOSSLContext? {
        let name = serverName?.lowercased()
        if let name {
            if let exact = certificates.first(where: { $0.serverNames.contains(name) }) { return exact.context }
            var best: (length: Int, context: NIOSSLContext)?
            for certificate in certificates {
                for pattern in certificate.serverNames where pattern.hasPrefix("*.") {
                    let suffix = pattern.dropFirst()
                    if name.hasSuffix(suffix), name.count > suffix.count, suffix.count > (best?.length ?? -1) {
                        best = (suffix.count, certificate.context)
                    }
                }
            }
            if let best { return best.context }
        }
        return certificates.first { $0.serverNames.isEmpty }?.context
    }

    struct MaterialError: Error, CustomStringConvertible {
        var description: String
    }

    /// The PEM certificate chain and private key of `configuration`: its Secret's `tls`, or its `sslFiles`.
    private static func material(
        _ configuration: SslConfig,
        resources: ResourceSet
    ) throws -> (chain: String, key: String) {
        if let reference = configuration.secretRef {
            guard let secret = resources.secret(reference) else {
                throw MaterialError(
                    description: "Secret \(reference.namespace ?? "default").\(reference.name) not found"
                )
            }
            guard let chain = secret.spec.tls?.certChain, let key = secret.spec.tls?.privateKey else {
                throw MaterialError(
                    description: "Secret \(secret.namespace).\(secret.name) has no tls certChain and privateKey"
                )
            }
            return (chain, key)
        }
        if let files = configuration.sslFiles, let certificate = files.tlsCert, let key = files.tlsKey {
            return (
                try String(contentsOfFile: certificate, encoding: .utf8),
                try String(contentsOfFile: key, encoding: .utf8)
            )
        }
        throw MaterialError(description: "the embedded data plane takes certificates from a secretRef or sslFiles")
    }
}
