internal import SwiftProtobuf

/// Rules for secrets (SDS resources) and for the TLS contexts that use them: SDS references, upstream and
/// downstream TLS contexts, subject-alternative-name matchers.
///
/// Whether a referenced secret exists, and holds what the reference needs, is checked by ``Consistency``.
enum SecretValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_Secret.self, checkSecret),
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig.self, checkSDSConfig),
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext.self, checkUpstreamTLS),
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext.self, checkDownstreamTLS),
        MessageRule(Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher.self, checkSANMatcher),
        MessageRule(
            Envoy_Extensions_TransportSockets_Tls_V3_CertificateValidationContext.self,
            checkValidationContext
        ),
        MessageRule(
            Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext.CombinedCertificateValidationContext.self,
            checkCombinedValidationContext
        ),
    ]

    /// Secret names are unique in a snapshot (each is one SDS resource, or one static secret).
    static func checkSecretSet(
        _ secrets: [Envoy_Extensions_TransportSockets_Tls_V3_Secret],
        in context: inout ValidationContext
    ) {
        var names = Set<String>(minimumCapacity: secrets.count)
        for secret in secrets where !names.insert(secret.name).inserted {
            context.report(.secret, secret.name, "name", "duplicate secret \(secret.name) found")
        }
    }

    private static func checkSecret(
        _ secret: Envoy_Extensions_TransportSockets_Tls_V3_Secret,
        _ context: inout ValidationContext
    ) {
        // Envoy does not require the name, but an SDS resource and a static secret are found by it.
        if secret.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if secret.type == nil { context.report("", "Secret type not implemented") }
    }

    private static func checkSDSConfig(
        _ config: Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig,
        _ context: inout ValidationContext
    ) {
        if config.name.isEmpty { context.report("name", PGV.nonEmpty) }
    }

    private static func checkUpstreamTLS(
        _ tls: Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext,
        _ context: inout ValidationContext
    ) {
        if tls.sni.utf8.count > 255 { context.report("sni", PGV.maxBytes(255)) }
    }

    /// A server needs a certificate, inline or from SDS.
    private static func checkDownstreamTLS(
        _ tls: Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext,
        _ context: inout ValidationContext
    ) {
        let common = tls.commonTlsContext
        if common.tlsCertificates.isEmpty && common.tlsCertificateSdsSecretConfigs.isEmpty {
            context.report("common_tls_context", "No TLS certificates found for server context")
        }
        // lt 2^32 s, printed by PGV as a Go duration.
        if tls.hasSessionTimeout, tls.sessionTimeout.seconds >= 4_294_967_296 {
            context.report("session_timeout", "value must be inside range [0s, 1193046h28m16s)")
        }
    }

    /// Pinned certificate digests have fixed sizes: a base64 SHA-256 SPKI is 44 bytes, a hex SHA-256
    /// fingerprint 64 to 95 (with colons).
    private static func checkValidationContext(
        _ validation: Envoy_Extensions_TransportSockets_Tls_V3_CertificateValidationContext,
        _ context: inout ValidationContext
    ) {
        for (index, spki) in validation.verifyCertificateSpki.enumerated() {
            let count = spki.utf8.count
            if count < 44 {
                context.report("verify_certificate_spki[\(index)]", "value length must be at least 44 characters")
            } else if count > 44 {
                context.report("verify_certificate_spki[\(index)]", PGV.maxBytes(44))
            }
        }
        for (index, hash) in validation.verifyCertificateHash.enumerated() {
            let count = hash.utf8.count
            if count < 64 {
                context.report("verify_certificate_hash[\(index)]", "value length must be at least 64 characters")
            } else if count > 95 {
                context.report("verify_certificate_hash[\(index)]", PGV.maxBytes(95))
            }
        }
        if validation.hasMaxVerifyDepth, validation.maxVerifyDepth.value > 100 {
            context.report("max_verify_depth", PGV.lessOrEqual(100))
        }
    }

    private static func checkCombinedValidationContext(
        _ combined: Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext.CombinedCertificateValidationContext,
        _ context: inout ValidationContext
    ) {
        if !combined.hasDefaultValidationContext { context.report("default_validation_context", PGV.required) }
        if !combined.hasValidationContextSdsSecretConfig {
            context.report("validation_context_sds_secret_config", PGV.required)
        }
    }

    private static func checkSANMatcher(
        _ matcher: Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher,
        _ context: inout ValidationContext
    ) {
        if matcher.sanType == .unspecified { context.report("san_type", PGV.notIn("SAN_TYPE_UNSPECIFIED")) }
        if !matcher.hasMatcher { context.report("matcher", PGV.required) }
    }
}
