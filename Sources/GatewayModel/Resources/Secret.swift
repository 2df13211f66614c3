/// The `spec` of a Gloo Secret (`gloo.solo.io/v1`): credentials or certificates that other resources
/// reference by `secretRef`.
///
/// The kind is a `oneof`: at most one of ``aws``, ``azure``, ``tls``, ``oauth``, ``apiKey``, ``header``,
/// ``credentials``, ``encryption`` and ``extensions`` is set; ``secretType`` gives the one that is.
public struct SecretSpec: ResourceSpec {
    /// The resource kind, `Secret`.
    public static var kind: ResourceKind { .secret }

    /// AWS access keys (for Lambda and EC2 upstreams).
    public var aws: Aws?
    /// Azure Function keys.
    public var azure: Azure?
    /// A TLS certificate chain and key, with an optional root CA.
    public var tls: Tls?
    /// An OAuth client secret (Enterprise external auth); kept as written.
    public var oauth: ConfigValue?
    /// An API key (Enterprise external auth); kept as written.
    public var apiKey: ConfigValue?
    /// Headers to add to requests, e.g. for upstream authentication.
    public var header: Header?
    /// A user name and password.
    public var credentials: Credentials?
    /// A key for encrypting session values.
    public var encryption: EncryptionKey?
    /// Secrets of extensions, by extension name; kept as written.
    public var extensions: ConfigValue?

    /// An empty secret.
    public init() {}

    /// A secret of the given kind.
    public init(_ secretType: SecretType) {
        self.secretType = secretType
    }

    /// AWS credentials (`gloo.solo.io.AwsSecret`).
    public struct Aws: Codable, Hashable, Sendable {
        /// The access key ID.
        public var accessKey: String?
        /// The secret access key.
        public var secretKey: String?
        /// A session token, for temporary credentials.
        public var sessionToken: String?

        /// An access key pair and optional session token.
        public init(accessKey: String? = nil, secretKey: String? = nil, sessionToken: String? = nil) {
            self.accessKey = accessKey
            self.secretKey = secretKey
            self.sessionToken = sessionToken
        }
    }

    /// Azure Function keys (`gloo.solo.io.AzureSecret`).
    public struct Azure: Codable, Hashable, Sendable {
        /// Keys by name.
        public var apiKeys: [String: String]?

        /// These keys.
        public init(apiKeys: [String: String]? = nil) {
            self.apiKeys = apiKeys
        }
    }

    /// A certificate and key in PEM (`gloo.solo.io.TlsSecret`).
    public struct Tls: Codable, Hashable, Sendable {
        /// The certificate chain, leaf first.
        public var certChain: String?
        /// The private key.
        public var privateKey: String?
        /// The CA that verifies peers' certificates.
        public var rootCa: String?
        /// A DER-encoded OCSP response to staple, base64 as protobuf's JSON form writes bytes.
        public var ocspStaple: String?

        /// An empty secret.
        public init() {}

        /// A chain and key, and optionally a root CA.
        public init(certChain: String, privateKey: String, rootCa: String? = nil) {
            self.certChain = certChain
            self.privateKey = privateKey
            self.rootCa = rootCa
        }
    }

    /// Headers by name (`gloo.solo.io.HeaderSecret`).
    public struct Header: Codable, Hashable, Sendable {
        /// Header values by name.
        public var headers: [String: String]?

        /// These headers.
        public init(headers: [String: String]? = nil) {
            self.headers = headers
        }
    }

    /// A user name and password (`gloo.solo.io.AccountCredentialsSecret`).
    public struct Credentials: Codable, Hashable, Sendable {
        /// The user or account name.
        public var username: String?
        /// The password or shared secret.
        public var password: String?

        /// A user name and password.
        public init(username: String? = nil, password: String? = nil) {
            self.username = username
            self.password = password
        }
    }

    /// A symmetric key (`gloo.solo.io.EncryptionKeySecret`).
    public struct EncryptionKey: Codable, Hashable, Sendable {
        /// The key.
        public var key: String?

        /// The key `key`.
        public init(key: String? = nil) {
            self.key = key
        }
    }

    /// The kinds of secret.
    public enum SecretType: Hashable, Sendable {
        /// AWS credentials.
        case aws(Aws)
        /// Azure keys.
        case azure(Azure)
        /// A TLS certificate.
        case tls(Tls)
        /// An OAuth secret, as written.
        case oauth(ConfigValue)
        /// An API key, as written.
        case apiKey(ConfigValue)
        /// Headers.
        case header(Header)
        /// A user name and password.
        case credentials(Credentials)
        /// An encryption key.
        case encryption(EncryptionKey)
        /// Extension secrets, as written.
        case extensions(ConfigValue)
    }

    /// The secret, when exactly one kind is set. Setting it clears the others.
    public var secretType: SecretType? {
        get {
            let count = [
                aws != nil, azure != nil, tls != nil, oauth != nil, apiKey != nil, header != nil, credentials != nil,
                encryption != nil, extensions != nil,
            ]
            .filter { $0 }.count
            guard count == 1 else { return nil }
            if let aws { return .aws(aws) }
            if let azure { return .azure(azure) }
            if let tls { return .tls(tls) }
            if let oauth { return .oauth(oauth) }
            if let apiKey { return .apiKey(apiKey) }
            if let header { return .header(header) }
            if let credentials { return .credentials(credentials) }
            if let encryption { return .encryption(encryption) }
            if let extensions { return .extensions(extensions) }
            return nil
        }
        set {
            aws = nil
            azure = nil
            tls = nil
            oauth = nil
            apiKey = nil
            header = nil
            credentials = nil
            encryption = nil
            extensions = nil
            switch newValue {
            case .aws(let value): aws = value
            case .azure(let value): azure = value
            case .tls(let value): tls = value
            case .oauth(let value): oauth = value
            case .apiKey(let value): apiKey = value
            case .header(let value): header = value
            case .credentials(let value): credentials = value
            case .encryption(let value): encryption = value
            case .extensions(let value): extensions = value
            case nil: break
            }
        }
    }
}
