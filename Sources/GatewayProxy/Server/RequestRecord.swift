public import NIOCore

/// One request as the access log and metrics see it once it has been answered: the fields of Envoy's default
/// access log format.
public struct RequestRecord: Sendable {
    /// When the request head arrived.
    public var start: NIODeadline = .now()
    /// Wall-clock time of `start`, in seconds since 1970.
    public var startWallClock: Double = 0
    public var method = ""
    /// `:path` as received (`X-ENVOY-ORIGINAL-PATH?:PATH`).
    public var path = ""
    public var protocolVersion = "HTTP/1.1"
    /// The status sent; 0 when the connection closed before a response began.
    public var status = 0
    /// Envoy's response flags: `NR` no route, `UH` no healthy upstream, `UF` upstream connection failure,
    /// `UT` upstream timeout, `UC` upstream connection termination, `DC` downstream connection termination,
    /// `-` none.
    public var responseFlags = "-"
    public var bytesReceived = 0
    public var bytesSent = 0
    /// Time to the last byte of the response.
    public var duration: TimeAmount = .zero
    /// Time from the upstream request's start to its response head; nil when nothing was forwarded.
    public var upstreamServiceTime: TimeAmount?
    public var forwardedFor: String?
    public var userAgent: String?
    public var requestID: String?
    public var authority: String?
    /// `host:port` of the upstream endpoint that answered.
    public var upstreamHost: String?
    /// `<namespace>/<name>` of the Upstream.
    public var upstreamCluster: String?
    /// The served listener's name.
    public var listener = ""
    /// How many times the request was sent upstream.
    public var attempts = 0

    public init() {}
}

/// Receives every answered request: the access log and the metrics.
public protocol RequestObserver: Sendable {
    func requestCompleted(_ record: RequestRecord)
}

/// Observes nothing.
public struct NoRequestObserver: RequestObserver {
    public init() {}
    public func requestCompleted(_ record: RequestRecord) {}
}
