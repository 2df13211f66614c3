internal import GatewayModel
internal import SwiftProtobuf

/// TLS from Envoy to an upstream: an Upstream's `sslConfig` (`UpstreamSslConfig`) as an
/// `UpstreamTlsContext`, and the TLS Gloo turns on by itself for some backends.
///
/// Unlike Gloo, which inlines a Secret's PEM into the cluster, certificates and root CAs go out as SDS secrets
/// (``SecretTranslation``): one copy per Secret, shared by every cluster and listener that uses it.
enum UpstreamTlsTranslation {
    /// The transport socket name of Envoy's TLS.
    static let transportSocketName = "envoy.transport_sockets.tls"

    /// What one `sslConfig` needs besides the context: the SDS secrets it names, by Envoy name.
    struct Translated {
        var context: Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext
        var secrets: [String: ResourceRef] = [:]
    }

    /// The TLS context of `config`, found at `path`, for an upstream in `namespace`; nil with an error (or, when
    /// the settings ask for it, with a warning for a missing Secret, the cluster then going without TLS as in
    /// Gloo).
    static func translate(
        _ config: UpstreamSslConfig,
        at path: String,
        namespace: String,
        context: TranslationContext,
        report: inout ClusterReport
    ) -> Translated? {
        let settings = context.resources.settings.first?.spec
        var translated = Translated(context: .init())
        var common = Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext()
        let subjectAltNames = config.verifySubjectAltName ?? []

        let sourceCount = [config.secretRef != nil, config.sslFiles != nil, config.sds != nil].filter { $0 }.count
        guard sourceCount <= 1 else {
            report.fail(path, "only one of secretRef, sslFiles and sds may be set")
            return nil
        }
        if let secretRef = config.secretRef {
            let ref = secretRef.resolved(in: namespace)
            guard let secret = context.resources.secret(ref) else {
                let message = "SSL secret not found: list did not find secret \(ref.namespace ?? "").\(ref.name)"
                if settings?.gateway?.validation?.warnMissingTlsSecret == true {
                    report.warn("\(path).secretRef", message)
                } else {
                    report.fail("\(path).secretRef", message)
                }
                return nil
            }
            let material: SecretMaterial
            switch SecretMaterial.of(secret) {
            case .success(let value): material = value
            case .failure(let problem):
                report.fail("\(path).secretRef", problem.message)
                return nil
            }
            if material.hasCertificate, config.oneWayTls != true {
                let name = EnvoyNames.secret(ref)
                translated.secrets[name] = ref
                common.tlsCertificateSdsSecretConfigs = [
                    SecretReference.sdsSecretConfig(named: name, delivery: context.options.delivery)
                ]
            }
            if material.rootCa != nil {
                let name = EnvoyNames.validationContextSecret(ref)
                translated.secrets[name] = ref
                let sds = SecretReference.sdsSecretConfig(named: name, delivery: context.options.delivery)
                if subjectAltNames.isEmpty {
                    common.validationContextSdsSecretConfig = sds
                } else {
                    var combined =
                        Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext
                        .CombinedCertificateValidationContext()
                    combined.defaultValidationContext.matchTypedSubjectAltNames = subjectAltNames.map(sanMatcher)
                    combined.validationContextSdsSecretConfig = sds
                    common.combinedValidationContext = combined
                }
            } else if !subjectAltNames.isEmpty {
                report.fail("\(path).verifySubjectAltName", rootCaRequired)
            }
        } else if let files = config.sslFiles {
            let certificate = files.tlsCert.flatMap { $0.isEmpty ? nil : $0 }
            let key = files.tlsKey.flatMap { $0.isEmpty ? nil : $0 }
            if (certificate == nil) != (key == nil) {
                report.fail("\(path).sslFiles", "both or none of cert chain and private key must be provided")
            }
            if let certificate, let key, config.oneWayTls != true {
                var tlsCertificate = Envoy_Extensions_TransportSockets_Tls_V3_TlsCertificate()
                tlsCertificate.certificateChain.filename = certificate
                tlsCertificate.privateKey.filename = key
                if let staple = files.ocspStaple, !staple.isEmpty {
                    tlsCertificate.ocspStaple.filename = staple
                }
                common.tlsCertificates = [tlsCertificate]
            }
            if let rootCa = files.rootCa, !rootCa.isEmpty {
                var validation = Envoy_Extensions_TransportSockets_Tls_V3_CertificateValidationContext()
                validation.trustedCa.filename = rootCa
                validation.matchTypedSubjectAltNames = subjectAltNames.map(sanMatcher)
                common.validationContext = validation
            } else if !subjectAltNames.isEmpty {
                report.fail("\(path).verifySubjectAltName", rootCaRequired)
            }
        } else if let sds = config.sds {
            common = externalSds(sds, subjectAltNames: subjectAltNames, at: "\(path).sds", report: &report)
        }

        if let parameters = config.parameters ?? settings?.upstreamOptions?.sslParameters {
            let parametersPath =
                config.parameters == nil ? "settings.upstreamOptions.sslParameters" : "\(path).parameters"
            common.tlsParams = tlsParameters(parameters, at: parametersPath, report: &report)
        }
        common.alpnProtocols = config.alpnProtocols ?? []

        translated.context.commonTlsContext = common
        if let sni = config.sni, !sni.isEmpty {
            guard sni.utf8.count <= 255 else {
                report.fail("\(path).sni", "must be at most 255 bytes")
                return nil
            }
            translated.context.sni = sni
        }
        translated.context.allowRenegotiation = config.allowRenegotiation ?? false
        return report.isValid ? translated : nil
    }

    /// The TLS context Gloo sets up by itself (a static upstream on port 443 or with `useTls`; Lambda and Azure
    /// Functions): server name `serverName`, TLS parameters from the settings' `upstreamOptions`, no
    /// verification of the server's certificate (as in Gloo).
    static func automatic(
        serverName: String,
        context: TranslationContext,
        report: inout ClusterReport
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext {
        var tls = Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext()
        tls.sni = serverName
        if let parameters = context.resources.settings.first?.spec.upstreamOptions?.sslParameters {
            tls.commonTlsContext.tlsParams = tlsParameters(
                parameters,
                at: "settings.upstreamOptions.sslParameters",
                report: &report
            )
        }
        return tls
    }

    /// `context` as a cluster transport socket.
    static func transportSocket(
        _ context: Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext
    ) -> Envoy_Config_Core_V3_TransportSocket {
        var socket = Envoy_Config_Core_V3_TransportSocket()
        socket.name = transportSocketName
        socket.typedConfig = Google_Protobuf_Any(packing: context)
        return socket
    }

    // MARK: - Parts

    private static let rootCaRequired = "a root_ca must be provided if verify_subject_alt_name is not empty"

    /// Certificates from a secret discovery service other than this control plane (Gloo's `SDSConfig`), over
    /// gRPC to the cluster `clusterName` (default `gateway_proxy_sds`, Gloo's SDS sidecar).
    private static func externalSds(
        _ sds: SdsConfig,
        subjectAltNames: [String],
        at path: String,
        report: inout ClusterReport
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext {
        var common = Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext()
        let certificates = sds.certificatesSecretName.flatMap { $0.isEmpty ? nil : $0 }
        let validation = sds.validationContextName.flatMap { $0.isEmpty ? nil : $0 }
        guard certificates != nil || validation != nil else {
            report.fail(path, "at least one of certificates_secret_name or validation_context_name must be provided")
            return common
        }
        if !subjectAltNames.isEmpty, validation == nil {
            report.fail(path, "must provide validation context name if verifying SAN")
            return common
        }
        if sds.callCredentials != nil {
            report.notSent(
                "callCredentials",
                at: "\(path).callCredentials",
                because: "deprecated in Gloo and unsupported"
            )
        }
        func reference(_ name: String) -> Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig {
            var service = Envoy_Config_Core_V3_GrpcService()
            let targetUri = sds.targetUri.flatMap { $0.isEmpty ? nil : $0 }
            if let targetUri, sds.clusterName?.isEmpty ?? true {
                service.googleGrpc.targetUri = targetUri
                service.googleGrpc.statPrefix = name
            } else {
                service.envoyGrpc.clusterName = sds.clusterName.flatMap { $0.isEmpty ? nil : $0 } ?? "gateway_proxy_sds"
            }
            var config = Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig()
            config.name = name
            config.sdsConfig.resourceApiVersion = .v3
            config.sdsConfig.apiConfigSource.apiType = .grpc
            config.sdsConfig.apiConfigSource.transportApiVersion = .v3
            config.sdsConfig.apiConfigSource.grpcServices = [service]
            return config
        }
        if let certificates {
            common.tlsCertificateSdsSecretConfigs = [reference(certificates)]
        }
        if let validation {
            if subjectAltNames.isEmpty {
                common.validationContextSdsSecretConfig = reference(validation)
            } else {
                var combined =
                    Envoy_Extensions_TransportSockets_Tls_V3_CommonTlsContext
                    .CombinedCertificateValidationContext()
                combined.defaultValidationContext.matchTypedSubjectAltNames = subjectAltNames.map(sanMatcher)
                combined.validationContextSdsSecretConfig = reference(validation)
                common.combinedValidationContext = combined
            }
        }
        return common
    }

    /// Versions, cipher suites and curves.
    private static func tlsParameters(
        _ parameters: SslParameters,
        at path: String,
        report: inout ClusterReport
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters {
        var result = Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters()
        result.tlsMinimumProtocolVersion = protocolVersion(parameters.minimumProtocolVersion)
        result.tlsMaximumProtocolVersion = protocolVersion(parameters.maximumProtocolVersion)
        if result.tlsMinimumProtocolVersion != .tlsAuto, result.tlsMaximumProtocolVersion != .tlsAuto,
            result.tlsMinimumProtocolVersion.rawValue > result.tlsMaximumProtocolVersion.rawValue
        {
            // Envoy accepts this, but no version is left to negotiate.
            report.warn(path, "minimumProtocolVersion is above maximumProtocolVersion; every TLS handshake will fail")
        }
        result.cipherSuites = parameters.cipherSuites ?? []
        result.ecdhCurves = parameters.ecdhCurves ?? []
        return result
    }

    private static func protocolVersion(
        _ version: SslParameters.ProtocolVersion?
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_TlsParameters.TlsProtocol {
        switch version {
        case nil, .tlsAuto: .tlsAuto
        case .tlsV1_0: .tlsv10
        case .tlsV1_1: .tlsv11
        case .tlsV1_2: .tlsv12
        case .tlsV1_3: .tlsv13
        }
    }

    /// An exact match of one subject alternative name. Gloo sends Envoy's deprecated untyped matcher, which
    /// compares against names of every type; the typed one needs a type, so it is taken from the value's
    /// form: a URI (`spiffe://…`), an IP address, an e-mail address, or else a DNS name.
    static func sanMatcher(_ name: String) -> Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher {
        var matcher = Envoy_Extensions_TransportSockets_Tls_V3_SubjectAltNameMatcher()
        matcher.matcher.exact = name
        matcher.sanType =
            if name.contains("://") || name.hasPrefix("urn:") {
                .uri
            } else if EndpointAddress.isIPLiteral(name) {
                .ipAddress
            } else if name.contains("@") {
                .email
            } else {
                .dns
            }
        return matcher
    }
}
