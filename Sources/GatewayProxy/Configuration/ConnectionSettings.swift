import GatewayModel
public import NIOCore

/// How one listener treats its downstream connections and the requests it forwards: the fields of Gloo's
/// `httpConnectionManagerSettings` the embedded data plane applies, with Envoy's defaults.
public struct ConnectionSettings: Sendable, Hashable {
    /// `useRemoteAddress`: the peer's address is the client's, and is appended to `x-forwarded-for`.
    public var useRemoteAddress = false
    /// `skipXffAppend`.
    public var skipXffAppend = false
    /// `via`: added to requests and responses when set.
    public var via: String?
    /// `generateRequestId` (default true): a request without `x-request-id` gets one.
    public var generateRequestId = true
    /// `preserveExternalRequestId`.
    public var preserveExternalRequestId = false
    /// `serverName`: the `server` header of every response.
    public var serverName = "swift-gateway"
    /// `maxRequestHeadersKb` (Envoy: 60): larger request heads are answered 431.
    public var maxRequestHeadersBytes = 60 * 1024
    /// `requestHeadersTimeout`: the time a client has to send a whole request head; nil is unlimited (Envoy's
    /// default), but a connection with no request at all is closed after `idleTimeout` either way.
    public var requestHeadersTimeout: TimeAmount?
    /// `idleTimeout` (Envoy: 1 hour): a connection with no request in flight is closed after it.
    public var idleTimeout: TimeAmount? = .hours(1)
    /// `streamIdleTimeout` (Envoy: 5 minutes): a request during which nothing moves for this long is reset.
    public var streamIdleTimeout: TimeAmount? = .minutes(5)
    /// `normalizePath` (Gloo's default: on): paths are normalised before routing and forwarding.
    public var normalizePath = true
    /// `mergeSlashes`.
    public var mergeSlashes = false
    /// `acceptHttp10`: HTTP/1.0 requests are served (otherwise answered 426, as Envoy does).
    public var acceptHttp10 = false
    /// `defaultHostForHttp10`: the authority of an HTTP/1.0 request without `Host`.
    public var defaultHostForHttp10: String?
    /// The body a request or response may have when it must be buffered (a transformation, a retry):
    /// `perConnectionBufferLimitBytes`, 1 MiB by default.
    public var bufferLimit = 1 << 20

    public init() {}

    private struct Fields: Decodable {
        var useRemoteAddress: Bool?
        var skipXffAppend: Bool?
        var via: String?
        var generateRequestId: Bool?
        var preserveExternalRequestId: Bool?
        var serverName: String?
        var maxRequestHeadersKb: UInt32?
        var requestHeadersTimeout: ProtoDuration?
        var idleTimeout: ProtoDuration?
        var streamIdleTimeout: ProtoDuration?
        var normalizePath: Bool?
        var mergeSlashes: Bool?
        var acceptHttp10: Bool?
        var defaultHostForHttp10: String?
    }

    /// The settings of a listener with these options; a field that cannot be read keeps its default and is
    /// reported.
    init(listener: Listener, http: HttpListener, problems: inout [DataPlaneProblem], resource: String) {
        if let limit = listener.options?.perConnectionBufferLimitBytes, limit > 0 { bufferLimit = Int(limit) }
        guard let value = http.options?.httpConnectionManagerSettings else { return }
        let fields: Fields
        do {
            fields = try ConfigDecoder().decode(Fields.self, from: value).value
        } catch {
            problems.append(DataPlaneProblem(resource: resource, reason: "httpConnectionManagerSettings: \(error)"))
            return
        }
        useRemoteAddress = fields.useRemoteAddress ?? useRemoteAddress
        skipXffAppend = fields.skipXffAppend ?? skipXffAppend
        via = fields.via.flatMap { $0.isEmpty ? nil : $0 }
        generateRequestId = fields.generateRequestId ?? generateRequestId
        preserveExternalRequestId = fields.preserveExternalRequestId ?? preserveExternalRequestId
        if let name = fields.serverName, !name.isEmpty { serverName = name }
        normalizePath = fields.normalizePath ?? normalizePath
        mergeSlashes = fields.mergeSlashes ?? mergeSlashes
        acceptHttp10 = fields.acceptHttp10 ?? acceptHttp10
        defaultHostForHttp10 = fields.defaultHostForHttp10.flatMap { $0.isEmpty ? nil : $0 }
        if let kilobytes = fields.maxRequestHeadersKb, kilobytes > 0 {
            maxRequestHeadersBytes = Int(min(kilobytes, 8192)) * 1024
        }
        func optional(_ duration: ProtoDuration?, _ fallback: TimeAmount?) -> TimeAmount? {
            guard let duration else { return fallback }
            let amount = TimeAmount(duration)
            return amount > .zero ? amount : nil
        }
        requestHeadersTimeout = optional(fields.requestHeadersTimeout, requestHeadersTimeout)
        idleTimeout = optional(fields.idleTimeout, idleTimeout)
        streamIdleTimeout = optional(fields.streamIdleTimeout, streamIdleTimeout)
    }
}
