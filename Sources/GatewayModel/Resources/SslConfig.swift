/// TLS termination for a VirtualService or listener (`gloo.solo.io.SslConfig`).
///
/// The certificate source is a `oneof`: at most one of ``secretRef``, ``sslFiles`` and ``sds`` is set;
/// ``sslSecrets`` gives the one that is.
public struct SslConfig: Codable, Hashable, Sendable {
    /// A Secret holding the certificate chain and key (a Gloo `tls` Secret or a Kubernetes TLS Secret), and
    /// optionally a root CA for client certificates.
    public var secretRef: ResourceRef?
    /// Files on the proxy's filesystem.
    public var sslFiles: SslFiles?
    /// Certificates served by a secret discovery service.
    public var sds: SdsConfig?
    /// The server names (SNI) this configuration serves; empty means any.
    public var sniDomains: [String]?
    /// Accept only client certificates with one of these subject alternative names; needs a root CA.
    public var verifySubjectAltName: [String]?
    /// TLS versions, ciphers and curves.
    public var parameters: SslParameters?
    /// ALPN protocols offered; empty means `h2` and `http/1.1`, and `["allow_empty"]` means none.
    public var alpnProtocols: [String]?
    /// Do not ask for client certificates even when a root CA is present (server-only TLS).
    public var oneWayTls: Bool?
    /// Turn off ticket-based TLS session resumption.
    public var disableTlsSessionResumption: Bool?
    /// How long a new connection may take to finish its TLS handshake.
    public var transportSocketConnectTimeout: ProtoDuration?
    /// What to do with OCSP staples; default ``OcspStaplePolicy/lenientStapling``.
    public var ocspStaplePolicy: OcspStaplePolicy?

    /// An empty configuration.
    public init() {}

    /// TLS with the certificate in the Secret `secretRef`, for `sniDomains`.
    public init(secretRef: ResourceRef, sniDomains: [String]? = nil) {
        self.secretRef = secretRef
        self.sniDomains = sniDomains
    }

    /// The certificate source, when exactly one is set. Setting it clears the others.
    public var sslSecrets: SslSecretSource? {
        get { SslSecretSource(secretRef: secretRef, sslFiles: sslFiles, sds: sds) }
        set {
            secretRef = newValue?.secretRef
            sslFiles = newValue?.sslFiles
            sds = newValue?.sds
        }
    }

    /// How OCSP staples on certificates are used.
    public enum OcspStaplePolicy: String, ProtoEnum {
        /// Staples are optional; a missing or expired one is ignored.
        case lenientStapling = "LENIENT_STAPLING"
        /// Staples are optional, but a certificate whose staple has expired is not used.
        case strictStapling = "STRICT_STAPLING"
        /// Every certificate needs a valid staple.
        case mustStaple = "MUST_STAPLE"
    }
}

/// TLS origination towards an Upstream (`gloo.solo.io.UpstreamSslConfig`).
///
/// The certificate source is a `oneof`: at most one of ``secretRef``, ``sslFiles`` and ``sds`` is set;
/// ``sslSecrets`` gives the one that is.
public struct UpstreamSslConfig: Codable, Hashable, Sendable {
    /// A Secret with a client certificate and key, and optionally a root CA to verify the backend.
    public var secretRef: ResourceRef?
    /// Files on the proxy's filesystem.
    public var sslFiles: SslFiles?
    /// Certificates served by a secret discovery service.
    public var sds: SdsConfig?
    /// The server name (SNI) to send.
    public var sni: String?
    /// Accept only backend certificates with one of these subject alternative names; needs a root CA.
    public var verifySubjectAltName: [String]?
    /// TLS versions, ciphers and curves.
    public var parameters: SslParameters?
    /// ALPN protocols offered; empty means none.
    public var alpnProtocols: [String]?
    /// Allow TLS renegotiation (insecure; default false).
    public var allowRenegotiation: Bool?
    /// Do not present a client certificate even when a root CA is present; no effect with SDS.
    public var oneWayTls: Bool?

    /// An empty configuration.
    public init() {}

    /// TLS with the Secret `secretRef`, sending `sni`.
    public init(secretRef: ResourceRef?, sni: String? = nil) {
        self.secretRef = secretRef
        self.sni = sni
    }

    /// The certificate source, when exactly one is set. Setting it clears the others.
    public var sslSecrets: SslSecretSource? {
        get { SslSecretSource(secretRef: secretRef, sslFiles: sslFiles, sds: sds) }
        set {
            secretRef = newValue?.secretRef
            sslFiles = newValue?.sslFiles
            sds = newValue?.sds
        }
    }
}

/// Where the certificates of an ``SslConfig`` or ``UpstreamSslConfig`` come from (the `ssl_secrets` oneof).
public enum SslSecretSource: Hashable, Sendable {
    /// A Secret.
    case secretRef(ResourceRef)
    /// Files on the proxy.
    case sslFiles(SslFiles)
    /// A secret discovery service.
    case sds(SdsConfig)

    /// The source that is set, or nil when none or several are.
    init?(secretRef: ResourceRef?, sslFiles: SslFiles?, sds: SdsConfig?) {
        switch (secretRef, sslFiles, sds) {
        case (let value?, nil, nil): self = .secretRef(value)
        case (nil, let value?, nil): self = .sslFiles(value)
        case (nil, nil, let value?): self = .sds(value)
        default: return nil
        }
    }

    var secretRef: ResourceRef? {
        if case .secretRef(let value) = self { return value }
        return nil
    }

    var sslFiles: SslFiles? {
        if case .sslFiles(let value) = self { return value }
        return nil
    }

    var sds: SdsConfig? {
        if case .sds(let value) = self { return value }
        return nil
    }
}

/// Paths of PEM files on the proxy's filesystem (`gloo.solo.io.SSLFiles`).
public struct SslFiles: Codable, Hashable, Sendable {
    /// The certificate chain.
    public var tlsCert: String?
    /// The private key.
    public var tlsKey: String?
    /// The CA that verifies the peer's certificate.
    public var rootCa: String?
    /// A DER-encoded OCSP response to staple.
    public var ocspStaple: String?

    /// No files.
    public init() {}

    /// A certificate and key, and optionally a root CA.
    public init(tlsCert: String, tlsKey: String, rootCa: String? = nil) {
        self.tlsCert = tlsCert
        self.tlsKey = tlsKey
        self.rootCa = rootCa
    }
}

/// Certificates fetched from a secret discovery service (`gloo.solo.io.SDSConfig`).
///
/// How Envoy reaches the service is a `oneof`: ``callCredentials`` or ``clusterName``.
public struct SdsConfig: Codable, Hashable, Sendable {
    /// The address of the service (a Unix domain socket).
    public var targetUri: String?
    /// Credentials sent with each call.
    public var callCredentials: CallCredentials?
    /// An Envoy cluster that reaches the service.
    public var clusterName: String?
    /// The name of the secret with the certificate.
    public var certificatesSecretName: String?
    /// The name of the secret with the validation context (root CA).
    public var validationContextName: String?

    /// An empty configuration.
    public init() {}

    /// Credentials of SDS calls (`gloo.solo.io.CallCredentials`).
    public struct CallCredentials: Codable, Hashable, Sendable {
        /// A token read from a file.
        public var fileCredentialSource: FileCredentialSource?

        /// No credentials.
        public init() {}

        /// A token from a file, sent in a header (`CallCredentials.FileCredentialSource`).
        public struct FileCredentialSource: Codable, Hashable, Sendable {
            /// The file holding the token.
            public var tokenFileName: String?
            /// The header that carries the token.
            public var header: String?

            /// The token in `tokenFileName`, sent in `header`.
            public init(tokenFileName: String? = nil, header: String? = nil) {
                self.tokenFileName = tokenFileName
                self.header = header
            }
        }
    }
}

/// TLS versions, cipher suites and curves (`gloo.solo.io.SslParameters`), as Envoy's `TlsParameters`.
public struct SslParameters: Codable, Hashable, Sendable {
    /// The lowest TLS version accepted.
    public var minimumProtocolVersion: ProtocolVersion?
    /// The highest TLS version accepted.
    public var maximumProtocolVersion: ProtocolVersion?
    /// Allowed cipher suites, in BoringSSL's names.
    public var cipherSuites: [String]?
    /// Allowed ECDH curves.
    public var ecdhCurves: [String]?

    /// Envoy's defaults.
    public init() {}

    /// A TLS protocol version.
    public enum ProtocolVersion: String, ProtoEnum {
        /// Envoy picks.
        case tlsAuto = "TLS_AUTO"
        /// TLS 1.0.
        case tlsV1_0 = "TLSv1_0"
        /// TLS 1.1.
        case tlsV1_1 = "TLSv1_1"
        /// TLS 1.2.
        case tlsV1_2 = "TLSv1_2"
        /// TLS 1.3.
        case tlsV1_3 = "TLSv1_3"
    }
}
