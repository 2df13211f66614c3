public import GatewayModel

extension EnvoyNames {
    /// The SDS secret holding the root CA of a Gloo TLS Secret (a `validation_context`):
    /// `<name>_<namespace>_cacert`.
    ///
    /// Envoy keeps certificates and validation contexts in separate secrets, while one Gloo Secret may hold
    /// both; its certificate keeps ``secret(_:)``'s name. Kubernetes names contain no `_`, so the suffix
    /// cannot collide with another Secret's certificate name.
    public static func validationContextSecret(_ secret: ResourceRef) -> String {
        "\(EnvoyNames.secret(secret))_cacert"
    }
}

extension TranslationContext {
    /// Registers the root CA of a Secret, which a listener or cluster verifies its peer with, and returns the
    /// name of its SDS validation-context secret.
    mutating func referenceValidationContext(_ ref: ResourceRef) -> String {
        let name = EnvoyNames.validationContextSecret(ref)
        referencedSecrets[name] = ref
        return name
    }

    /// A reference to the secret `name`: over ADS for ``XDSTranslator/Delivery/aggregated``; by name only, for
    /// a secret in the bootstrap's `static_resources.secrets`, for ``XDSTranslator/Delivery/embedded``.
    func sdsSecretConfig(named name: String) -> Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig {
        SecretReference.sdsSecretConfig(named: name, delivery: options.delivery)
    }
}

/// How listeners and clusters point at SDS secrets.
enum SecretReference {
    /// A reference to the secret `name` for `delivery` (see ``TranslationContext/sdsSecretConfig(named:)``).
    static func sdsSecretConfig(
        named name: String,
        delivery: XDSTranslator.Delivery
    ) -> Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig {
        var config = Envoy_Extensions_TransportSockets_Tls_V3_SdsSecretConfig()
        config.name = name
        if delivery == .aggregated {
            config.sdsConfig.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
            config.sdsConfig.resourceApiVersion = .v3
        }
        return config
    }
}
