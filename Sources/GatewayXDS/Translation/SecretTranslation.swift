internal import Foundation
internal import GatewayModel

/// Turns the Secrets that listeners and clusters reference into Envoy SDS secrets
/// (`envoy.extensions.transport_sockets.tls.v3.Secret`), inline PEM.
///
/// Each referenced name is one of a Secret's two Envoy forms: ``EnvoyNames/secret(_:)`` is its certificate
/// chain and key (`tls_certificate`), ``EnvoyNames/validationContextSecret(_:)`` its root CA
/// (`validation_context { trusted_ca }`). With ``XDSTranslator/Delivery/aggregated`` they are served over SDS;
/// with ``XDSTranslator/Delivery/embedded`` they belong in the bootstrap's `static_resources.secrets`.
enum SecretTranslation {
    /// Adds the SDS secret of every referenced name to `output`. A name that cannot be served (its Secret is
    /// missing, is not a TLS secret or lacks the part named) gets an error on the Secret; ``missing(_:in:)``
    /// lists those names so that what references them is not published dangling.
    static func translate(
        _ referenced: [String: ResourceRef],
        into output: inout XDSResources,
        context: inout TranslationContext
    ) {
        for name in referenced.keys.sorted() {
            guard let ref = referenced[name] else { continue }
            switch secret(named: name, ref: ref, in: context.resources) {
            case .success(let secret):
                output.secrets.append(secret)
            case .failure(let problem):
                context.fail(secretID(ref), problem.message)
            }
        }
    }

    /// The referenced names that ``translate(_:into:context:)`` cannot serve. Envoy keeps a listener or cluster
    /// whose secret never arrives warming (then without TLS material), so the referencing resource should be
    /// left out instead.
    static func missing(_ referenced: [String: ResourceRef], in resources: ResourceSet) -> Set<String> {
        Set(
            referenced.compactMap { name, ref in
                if case .failure = secret(named: name, ref: ref, in: resources) { return name }
                return nil
            }
        )
    }

    /// The SDS secret `name` made of the Secret `ref`.
    static func secret(
        named name: String,
        ref: ResourceRef,
        in resources: ResourceSet
    ) -> Result<Envoy_Extensions_TransportSockets_Tls_V3_Secret, SecretMaterial.Problem> {
        guard let resource = resources.secret(ref) else {
            let namespace = ref.namespace ?? "default"
            return .failure(.init("Secret \(namespace).\(ref.name) is referenced but does not exist"))
        }
        let material: SecretMaterial
        switch SecretMaterial.of(resource) {
        case .success(let value): material = value
        case .failure(let problem): return .failure(problem)
        }
        var secret = Envoy_Extensions_TransportSockets_Tls_V3_Secret()
        secret.name = name
        if name == EnvoyNames.validationContextSecret(ref) {
            guard let rootCa = material.rootCa else {
                return .failure(
                    .init("Secret \(resource.namespace).\(resource.name) has no rootCa to verify peers with")
                )
            }
            secret.validationContext.trustedCa = inlineString(rootCa)
        } else {
            guard let chain = material.certificateChain, let key = material.privateKey else {
                return .failure(
                    .init("Secret \(resource.namespace).\(resource.name) has no certChain and privateKey to present")
                )
            }
            var certificate = Envoy_Extensions_TransportSockets_Tls_V3_TlsCertificate()
            certificate.certificateChain = inlineString(chain)
            certificate.privateKey = inlineString(key)
            if let staple = material.ocspStaple {
                certificate.ocspStaple.inlineBytes = Data(staple)
            }
            secret.tlsCertificate = certificate
        }
        return .success(secret)
    }

    private static func inlineString(_ text: String) -> Envoy_Config_Core_V3_DataSource {
        var source = Envoy_Config_Core_V3_DataSource()
        source.inlineString = text
        return source
    }

    private static func secretID(_ ref: ResourceRef) -> ResourceID {
        ResourceID(kind: ResourceKind.secret.rawValue, namespace: ref.namespace ?? "default", name: ref.name)
    }
}
