internal import GatewayModel
internal import SwiftProtobuf

/// TLS termination for listener filter chains, as Gloo's `ResolveDownstreamSslConfig` builds it, with one
/// difference: a `secretRef`'s certificate and root CA are delivered over SDS (or, for a static bootstrap, as
/// named secrets) instead of inline, so key material stays out of listeners.
enum ListenerTLSContext {
    /// The TLS transport socket's name.
    static let transportSocketName = "envoy.transport_sockets.tls"
    /// Gloo's default SDS cluster for `sds` configs without a cluster name.
    static let defaultSdsClusterName = "gateway_proxy_sds"
    /// `alpnProtocols: [allow_empty]` asks for no ALPN at all.
    static let allowEmptyALPN = "allow_empty"

    /// Gloo's `ConsolidateSslConfigurations`: configurations that differ only in SNI domains become one, whose
    /// domains are the union (or none, matching everything, when one of them has none). Order is kept.
    static func consolidated(_ configurations: [SslConfig]) -> [SslConfig] {
        var result: [SslConfig] = []
        var positions: [SslConfig: Int] = [:]
        for configuration in configurations {
            var key = configuration
            key.sniDomains = nil
            guard let position = positions[key] else {
                positions[key] = result.count
                result.append(configuration)
                continue
            }
            let existing = result[position].sniDomains ?? []
            let added = configuration.sniDomains ?? []
            if existing.isEmpty || added.isEmpty {
                result[position].sniDomains = nil
            } else {
                result[position].sniDomains = existing + added.filter { !existing.contains($0) }
            }
        }
        return result
    }

    /// Gloo's `MergeSslConfig`: every field `configuration` leaves unset is taken from `defaults` (a hybrid
    /// gateway matcher's TLS settings).
    static func merged(_ configuration: SslConfig, defaults: SslConfig?) -> SslConfig {
        guard let defaults else { return configuration }
        var merged = configuration
        if merged.sslSecrets == nil && merged.secretRef == nil && merged.sslFiles == nil && merged.sds == nil {
            merged.secretRef = defaults.secretRef
            merged.sslFiles = defaults.sslFiles
            merged.sds = defaults.sds
        }
        if (merged.sniDomains ?? []).isEmpty { merged.sniDomains = defaults.sniDomains }
        if (merged.verifySubjectAltName ?? []).isEmpty { merged.verifySubjectAltName = defaults.verifySubjectAltName }
        if merged.parameters == nil { merged.parameters = defaults.parameters }
        if (merged.alpnProtocols ?? []).isEmpty { merged.alpnProtocols = defaults.alpnProtocols }
        if merged.oneWayTls == nil { merged.oneWayTls = defaults.oneWayTls }
        if merged.disableTlsSessionResumption == nil {
            merged.disableTlsSessionResumption = defaults.disableTlsSessionResumption
        }
        if merged.transportSocketConnectTimeout == nil {
            merged.transportSocketConnectTimeout = defaults.transportSocketConnectTimeout
        }
        if merged.ocspStaplePolicy == nil { merged.ocspStaplePolicy = defaults.ocspStaplePolicy }
        return merged
    }

    /// The server-side TLS context for `configuration`, or nil (with an error) when its certificate cannot be
    /// resolved or Envoy would reject it.
    static func downstreamContext(
        _ configuration: SslConfig,
        context: inout TranslationContext,
        report: inout ListenerPartReport
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext? {
        var common = Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext()
        let sans = configuration.verifySubjectAltName ?? []
        var rootCA: Envoy_Config_Core_V3_DataSource?
        var rootCAFromSecret: Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig?
        switch configuration.sslSecrets {
        case .secretRef(let ref)?:
            guard let secret = context.resources.secret(ref) else {
                report.fail("SSL secret not found: list did not find secret \(ref.namespace ?? "default").\(ref.name)")
                return nil
            }
            let material: SecretMaterial
            switch SecretMaterial.of(secret) {
            case .success(let value): material = value
            case .failure(let problem):
                report.fail(problem.message)
                return nil
            }
            guard material.hasCertificate else {
                report.fail("no certificate information found in Secret \(secret.namespace).\(secret.name)")
                return nil
            }
            common.tlsCertificateSdsSecretConfigs = [context.sdsSecretConfig(named: context.referenceSecret(ref))]
            if material.rootCa != nil {
                rootCAFromSecret = context.sdsSecretConfig(named: context.referenceValidationContext(ref))
            }
        case .sslFiles(let files)?:
            guard let chain = files.tlsCert, !chain.isEmpty, let key = files.tlsKey, !key.isEmpty else {
                report.fail("no certificate information found: sslFiles needs tlsCert and tlsKey")
                return nil
            }
            var certificate = Envoy_Extensions_TransportSockets_Tls_V3_TlsCertificate()
            certificate.certificateChain.filename = chain
            certificate.privateKey.filename = key
            if let staple = files.ocspStaple, !staple.isEmpty { certificate.ocspStaple.filename = staple }
            common.tlsCertificates = [certificate]
            if let root = files.rootCa, !root.isEmpty {
                var source = Envoy_Config_Core_V3_DataSource()
                source.filename = root
                rootCA = source
            }
        case .sds(let sds)?:
            guard applySds(sds, sans: sans, to: &common, report: &report) else { return nil }
        case nil:
            let sources = [configuration.secretRef != nil, configuration.sslFiles != nil, configuration.sds != nil]
            report.fail(
                sources.contains(true)
                    ? "only one of secretRef, sslFiles and sds may be set in an sslConfig"
                    : "no certificate information found"
            )
            return nil
        }
        if let rootCAFromSecret {
            // The root CA comes over SDS like the certificate; SANs are checked by a static context merged with it.
            if sans.isEmpty {
                common.validationContextSdsSecretConfig = rootCAFromSecret
            } else {
                var combined =
                    Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext
                    .CombinedCertificateValidationContext()
                combined.defaultValidationContext.matchTypedSubjectAltNames = subjectAltNameMatchers(sans)
                combined.validationContextSdsSecretConfig = rootCAFromSecret
                common.combinedValidationContext = combined
            }
        } else if let rootCA {
            var validation = Envoy_Extensions_TransportSockets_Tls_V3_CertificateValidationContext()
            validation.trustedCa = rootCA
            validation.matchTypedSubjectAltNames = subjectAltNameMatchers(sans)
            common.validationContext = validation
        } else if !sans.isEmpty && configuration.sds == nil {
            report.fail("a root_ca must be provided if verify_subject_alt_name is not empty")
            return nil
        }
        if let parameters = configuration.parameters {
            common.tlsParams = tlsParameters(parameters)
        }
        let alpn = configuration.alpnProtocols ?? []
        if alpn.isEmpty {
            common.alpnProtocols = ["h2", "http/1.1"]
        } else if alpn != [allowEmptyALPN] {
            common.alpnProtocols = alpn
        }

        var downstream = Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext()
        if common.validationContextType != nil {
            let oneWay = configuration.oneWayTls ?? false
            downstream.requireClientCertificate = Google_Protobuf_BoolValue(!oneWay)
            // A validation context makes Envoy ask for a client certificate even when it is not required.
            if oneWay { common.validationContextType = nil }
        }
        downstream.commonTlsContext = common
        if configuration.disableTlsSessionResumption == true {
            downstream.disableStatelessSessionResumption = true
        }
        switch configuration.ocspStaplePolicy {
        case .strictStapling?: downstream.ocspStaplePolicy = .strictStapling
        case .mustStaple?: downstream.ocspStaplePolicy = .mustStaple
        case .lenientStapling?, nil: break
        }
        return downstream
    }

    /// Gloo's `handleSds`: certificates and validation context from an external SDS server.
    private static func applySds(
        _ sds: SdsConfig,
        sans: [String],
        to common: inout Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext,
        report: inout ListenerPartReport
    ) -> Bool {
        let certificates = sds.certificatesSecretName ?? ""
        let validation = sds.validationContextName ?? ""
        guard !certificates.isEmpty || !validation.isEmpty else {
            report.fail("at least one of certificates_secret_name or validation_context_name must be provided")
            return false
        }
        guard sans.isEmpty || !validation.isEmpty else {
            report.fail("must provide validation context name if verifying SAN")
            return false
        }
        guard sds.callCredentials == nil else {
            report.fail(
                "sds.callCredentials needs Envoy's file-based gRPC credentials plugin (deprecated in Gloo), which this gateway does not translate"
            )
            return false
        }
        var source = Envoy_Config_Core_V3_ConfigSource()
        source.resourceApiVersion = .v3
        source.apiConfigSource.apiType = .grpc
        source.apiConfigSource.transportApiVersion = .v3
        var service = Envoy_Config_Core_V3_GrpcService()
        let target = sds.targetUri ?? ""
        if !target.isEmpty && (sds.clusterName ?? "").isEmpty {
            service.googleGrpc.targetUri = target
            service.googleGrpc.statPrefix = certificates.isEmpty ? validation : certificates
        } else {
            let cluster = sds.clusterName ?? ""
            service.envoyGrpc.clusterName = cluster.isEmpty ? defaultSdsClusterName : cluster
        }
        source.apiConfigSource.grpcServices = [service]
        func secret(_ name: String) -> Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig {
            var config = Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig()
            config.name = name
            config.sdsConfig = source
            return config
        }
        if !certificates.isEmpty { common.tlsCertificateSdsSecretConfigs = [secret(certificates)] }
        if !validation.isEmpty {
            if sans.isEmpty {
                common.validationContextSdsSecretConfig = secret(validation)
            } else {
                var combined =
                    Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext
                    .CombinedCertificateValidationContext()
                combined.defaultValidationContext.matchTypedSubjectAltNames = subjectAltNameMatchers(sans)
                combined.validationContextSdsSecretConfig = secret(validation)
                common.combinedValidationContext = combined
            }
        }
        return true
    }

    /// Gloo matches each SAN exactly, whatever its type (Envoy's deprecated `match_subject_alt_names`); the
    /// typed form needs one matcher per SAN type.
    static func subjectAltNameMatchers(
        _ sans: [String]
    )
        -> [Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher]
    {
        var matchers: [Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher] = []
        for san in sans {
            for type in [
                Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher.SanType.dns, .uri, .email, .ipAddress,
            ] {
                var matcher = Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher()
                matcher.sanType = type
                matcher.matcher = MatcherTranslation.stringMatcher(exact: san)
                matchers.append(matcher)
            }
        }
        return matchers
    }

    /// TLS versions, cipher suites and curves.
    static func tlsParameters(_ parameters: SslParameters) -> Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters {
        func version(
            _ value: SslParameters.ProtocolVersion?
        ) -> Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters.TlsProtocol {
            switch value {
            case .tlsV1_0?: .tlsv10
            case .tlsV1_1?: .tlsv11
            case .tlsV1_2?: .tlsv12
            case .tlsV1_3?: .tlsv13
            case .tlsAuto?, nil: .tlsAuto
            }
        }
        var out = Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters()
        out.tlsMinimumProtocolVersion = version(parameters.minimumProtocolVersion)
        out.tlsMaximumProtocolVersion = version(parameters.maximumProtocolVersion)
        out.cipherSuites = parameters.cipherSuites ?? []
        out.ecdhCurves = parameters.ecdhCurves ?? []
        return out
    }
}
