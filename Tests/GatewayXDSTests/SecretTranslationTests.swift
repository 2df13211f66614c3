import Foundation
import GatewayModel
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// Gloo TLS Secrets → Envoy SDS secrets: certificates, root CAs, and what happens when a referenced Secret
/// cannot be served.
@Suite("Translating Secrets to SDS secrets")
struct SecretTranslationTests {
    private static let upstream = """

        ---
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: backend, namespace: apps}
        spec:
          static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
          sslConfig: {secretRef: {name: client, namespace: apps}}
        """

    @Test(
        "A certificate and key become a tls_certificate secret, a root CA a validation_context",
        arguments: [
            XDSTranslator.Delivery.aggregated, .embedded,
        ]
    )
    func certificateAndRootCa(delivery: XDSTranslator.Delivery) throws {
        let result = try ClusterFixture.translate(
            ClusterFixture.tlsSecret(name: "client", namespace: "apps", rootCa: true) + Self.upstream,
            delivery: delivery
        )
        let secrets = result.resources.secrets
        #expect(secrets.map(\.name) == ["client_apps", "client_apps_cacert"])
        let certificate = secrets[0].tlsCertificate
        #expect(certificate.certificateChain.inlineString == ClusterFixture.certificate)
        #expect(certificate.privateKey.inlineString == ClusterFixture.privateKey)
        #expect(!certificate.hasOcspStaple)
        #expect(secrets[1].validationContext.trustedCa.inlineString == ClusterFixture.certificate)
        #expect(result.reports.reports.allSatisfy { $0.errors.isEmpty })
    }

    @Test("A Secret without a root CA has no validation-context secret")
    func certificateOnly() throws {
        let result = try ClusterFixture.translate(
            ClusterFixture.tlsSecret(name: "client", namespace: "apps") + Self.upstream
        )
        #expect(result.resources.secrets.map(\.name) == ["client_apps"])
        let tls = try ClusterFixture.upstreamTls(try #require(result.cluster("backend_apps")).transportSocket)
        #expect(tls.commonTlsContext.validationContextType == nil)
    }

    @Test("An OCSP staple is decoded from base64 into inline bytes")
    func ocspStaple() throws {
        var references = TranslationContext(
            resources: try Self.resources(
                ClusterFixture.tlsSecret(name: "client", namespace: "apps")
                    .replacingOccurrences(of: "  tls:", with: "  tls:\n    ocspStaple: AQID")
            ),
            options: .init()
        )
        let name = references.referenceSecret(ResourceRef(name: "client", namespace: "apps"))
        var output = XDSResources()
        SecretTranslation.translate(references.referencedSecrets, into: &output, context: &references)
        #expect(name == "client_apps")
        #expect(output.secrets.first?.tlsCertificate.ocspStaple.inlineBytes == Data([1, 2, 3]))
    }

    @Test("Referenced Secrets that cannot be served are errors on the Secret and listed as missing")
    func unusableSecrets() throws {
        let resources = try Self.resources(
            ClusterFixture.tlsSecret(name: "ca-only", namespace: "apps", certificate: false, rootCa: true) + """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Secret
                metadata: {name: aws, namespace: apps}
                spec: {aws: {accessKey: a, secretKey: b}}
                ---
                apiVersion: gloo.solo.io/v1
                kind: Secret
                metadata: {name: half, namespace: apps}
                spec: {tls: {certChain: x}}
                """
        )
        var context = TranslationContext(resources: resources, options: .init())
        let caOnly = ResourceRef(name: "ca-only", namespace: "apps")
        _ = context.referenceSecret(caOnly)
        _ = context.referenceValidationContext(caOnly)
        _ = context.referenceSecret(ResourceRef(name: "aws", namespace: "apps"))
        _ = context.referenceSecret(ResourceRef(name: "half", namespace: "apps"))
        _ = context.referenceSecret(ResourceRef(name: "gone", namespace: "apps"))
        let referenced = context.referencedSecrets
        var output = XDSResources()
        SecretTranslation.translate(referenced, into: &output, context: &context)

        #expect(output.secrets.map(\.name) == ["ca-only_apps_cacert"])
        #expect(
            SecretTranslation.missing(referenced, in: resources)
                == ["ca-only_apps", "aws_apps", "half_apps", "gone_apps"]
        )
        func errors(_ name: String) -> [String] {
            context.reports.errors(for: ResourceID(kind: "Secret", namespace: "apps", name: name))
        }
        #expect(errors("ca-only") == ["Secret apps.ca-only has no certChain and privateKey to present"])
        #expect(errors("aws") == ["Secret apps.aws is not a TLS secret"])
        #expect(errors("half") == ["Secret apps.half: both or none of cert chain and private key must be provided"])
        #expect(errors("gone") == ["Secret apps.gone is referenced but does not exist"])
    }

    @Test("An Upstream whose Secret is not a TLS secret is Rejected and sends no secret")
    func upstreamWithWrongSecret() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Secret
            metadata: {name: client, namespace: apps}
            spec: {header: {headers: {x: y}}}
            """ + Self.upstream
        )
        #expect(result.cluster("backend_apps") == nil)
        #expect(result.resources.secrets.isEmpty)
        #expect(
            result.errors("Upstream", "apps", "backend") == [
                "spec.sslConfig.secretRef: Secret apps.client is not a TLS secret"
            ]
        )
    }

    @Test("Validation-context secrets have their own name")
    func names() {
        let ref = ResourceRef(name: "tls", namespace: "gloo-system")
        #expect(EnvoyNames.secret(ref) == "tls_gloo-system")
        #expect(EnvoyNames.validationContextSecret(ref) == "tls_gloo-system_cacert")
    }

    private static func resources(_ yaml: String) throws -> ResourceSet {
        var loader = ResourceLoader()
        try loader.load(yaml, file: "test.yaml")
        return loader.resources
    }
}
