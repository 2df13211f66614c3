internal import Foundation
internal import GatewayModel

/// The TLS material of a Gloo `tls` Secret, checked the way Gloo checks it before use: a chain and a key
/// together or neither, both PEM; a root CA alone is fine.
struct SecretMaterial: Hashable, Sendable {
    /// The certificate chain (PEM), with ``privateKey``.
    var certificateChain: String?
    /// The private key (PEM), with ``certificateChain``.
    var privateKey: String?
    /// The CA that verifies the peer (PEM).
    var rootCa: String?
    /// A DER OCSP response to staple, decoded from base64.
    var ocspStaple: [UInt8]?

    /// Whether there is a certificate to present.
    var hasCertificate: Bool { certificateChain != nil }

    /// The material of `secret`, or why it cannot be used, in words that name the Secret.
    static func of(_ secret: Resource<SecretSpec>) -> Result<SecretMaterial, Problem> {
        let name = "\(secret.namespace).\(secret.name)"
        guard let tls = secret.spec.tls, secret.spec.secretType != nil else {
            return .failure(Problem("Secret \(name) is not a TLS secret"))
        }
        var material = SecretMaterial()
        material.certificateChain = tls.certChain.flatMap { $0.isEmpty ? nil : $0 }
        material.privateKey = tls.privateKey.flatMap { $0.isEmpty ? nil : $0 }
        material.rootCa = tls.rootCa.flatMap { $0.isEmpty ? nil : $0 }
        if (material.certificateChain == nil) != (material.privateKey == nil) {
            return .failure(
                Problem("Secret \(name): both or none of cert chain and private key must be provided")
            )
        }
        if let chain = material.certificateChain, !chain.contains("-----BEGIN CERTIFICATE-----") {
            return .failure(Problem("Secret \(name) is not a valid TLS secret: certChain holds no PEM certificate"))
        }
        if let key = material.privateKey, !(key.contains("-----BEGIN") && key.contains("PRIVATE KEY-----")) {
            return .failure(Problem("Secret \(name) is not a valid TLS secret: privateKey holds no PEM private key"))
        }
        if let root = material.rootCa, !root.contains("-----BEGIN CERTIFICATE-----") {
            return .failure(Problem("Secret \(name) is not a valid TLS secret: rootCa holds no PEM certificate"))
        }
        if let staple = tls.ocspStaple, !staple.isEmpty {
            guard let bytes = Data(base64Encoded: staple) else {
                return .failure(Problem("Secret \(name): ocspStaple is not base64"))
            }
            material.ocspStaple = Array(bytes)
        }
        return .success(material)
    }

    /// Why a Secret's material cannot be used.
    struct Problem: Error, Hashable, Sendable {
        var message: String

        init(_ message: String) {
            self.message = message
        }
    }
}
