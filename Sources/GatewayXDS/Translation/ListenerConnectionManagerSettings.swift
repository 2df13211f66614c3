internal import GatewayModel

/// The fields of Gloo's `HttpConnectionManagerSettings` (`hcm.options.gloo.solo.io`) that Envoy's HTTP
/// connection manager expresses and this gateway translates, read from the listener's
/// `options.httpConnectionManagerSettings`. Fields not declared here are reported as not sent.
struct ListenerConnectionManagerSettings: Decodable {
    var skipXffAppend: Bool?
    var via: String?
    var xffNumTrustedHops: UInt32?
    var useRemoteAddress: Bool?
    var generateRequestId: Bool?
    var proxy100Continue: Bool?
    var streamIdleTimeout: ProtoDuration?
    var idleTimeout: ProtoDuration?
    var maxRequestHeadersKb: UInt32?
    var requestTimeout: ProtoDuration?
    var requestHeadersTimeout: ProtoDuration?
    var drainTimeout: ProtoDuration?
    var delayedCloseTimeout: ProtoDuration?
    var serverName: String?
    var stripAnyHostPort: Bool?
    var acceptHttp10: Bool?
    var defaultHostForHttp10: String?
    var allowChunkedLength: Bool?
    var enableTrailers: Bool?
    var properCaseHeaderKeyFormat: Bool?
    var forwardClientCertDetails: ForwardClientCertDetails?
    var setCurrentClientCertDetails: SetCurrentClientCertDetails?
    var preserveExternalRequestId: Bool?
    var upgrades: [ProtocolUpgradeConfig]?
    var maxConnectionDuration: ProtoDuration?
    var maxStreamDuration: ProtoDuration?
    var maxHeadersCount: UInt32?
    var headersWithUnderscoresAction: HeadersWithUnderscoresAction?
    var maxRequestsPerConnection: UInt32?
    var serverHeaderTransformation: ServerHeaderTransformation?
    var pathWithEscapedSlashesAction: PathWithEscapedSlashesAction?
    var codecType: CodecType?
    var mergeSlashes: Bool?
    var normalizePath: Bool?
    var http2ProtocolOptions: Http2ProtocolOptions?
    var appendXForwardedPort: Bool?

    /// Which parts of a client certificate go into `x-forwarded-client-cert`.
    struct SetCurrentClientCertDetails: Decodable {
        var subject: Bool?
        var cert: Bool?
        var chain: Bool?
        var dns: Bool?
        var uri: Bool?
    }

    /// The HTTP/2 settings Gloo exposes (`protocol.options.gloo.solo.io.Http2ProtocolOptions`).
    struct Http2ProtocolOptions: Decodable {
        var maxConcurrentStreams: UInt32?
        var initialStreamWindowSize: UInt32?
        var initialConnectionWindowSize: UInt32?
    }

    enum ForwardClientCertDetails: String, ProtoEnum {
        case sanitize = "SANITIZE"
        case forwardOnly = "FORWARD_ONLY"
        case appendForward = "APPEND_FORWARD"
        case sanitizeSet = "SANITIZE_SET"
        case alwaysForwardOnly = "ALWAYS_FORWARD_ONLY"
    }

    enum HeadersWithUnderscoresAction: String, ProtoEnum {
        case allow = "ALLOW"
        case rejectClientRequest = "REJECT_CLIENT_REQUEST"
        case dropHeader = "DROP_HEADER"
    }

    enum ServerHeaderTransformation: String, ProtoEnum {
        case overwrite = "OVERWRITE"
        case appendIfAbsent = "APPEND_IF_ABSENT"
        case passThrough = "PASS_THROUGH"
    }

    enum PathWithEscapedSlashesAction: String, ProtoEnum {
        case implementationSpecificDefault = "IMPLEMENTATION_SPECIFIC_DEFAULT"
        case keepUnchanged = "KEEP_UNCHANGED"
        case rejectRequest = "REJECT_REQUEST"
        case unescapeAndRedirect = "UNESCAPE_AND_REDIRECT"
        case unescapeAndForward = "UNESCAPE_AND_FORWARD"
    }

    enum CodecType: String, ProtoEnum {
        case auto = "AUTO"
        case http1 = "HTTP1"
        case http2 = "HTTP2"
    }
}

/// The router filter settings of Gloo's `router.options.gloo.solo.io.Router`.
struct ListenerRouterSettings: Decodable {
    var suppressEnvoyHeaders: Bool?
    var dynamicStats: Bool?
}
