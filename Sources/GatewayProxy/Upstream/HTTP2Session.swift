import NIOCore
import NIOHTTP1
import NIOHTTP2

/// One HTTP/2 connection to an endpoint, carrying many requests at once: each request is a stream channel with
/// its own ``UpstreamConnection``, which sees HTTP/1-style parts, so an exchange does not care which protocol
/// carries it. Streams beyond the endpoint's `SETTINGS_MAX_CONCURRENT_STREAMS` wait in NIOHTTP2 until one ends.
///
/// Lives on its event loop. A session takes no new streams once the endpoint sent GOAWAY, the connection closed,
/// or it carried `maxRequestsPerConnection` streams; it then closes as its last stream ends.
final class HTTP2Session {
    let endpoint: UpstreamCluster.Endpoint
    let channel: any Channel
    private let multiplexer: NIOHTTP2Handler.StreamMultiplexer
    private let scheme: HTTP2FramePayloadToHTTP1ClientCodec.HTTPProtocol
    private var openStreams = 0
    private var streamsStarted = 0
    private var retired = false

    init(
        endpoint: UpstreamCluster.Endpoint,
        channel: any Channel,
        multiplexer: NIOHTTP2Handler.StreamMultiplexer,
        tls: Bool
    ) {
        self.endpoint = endpoint
        self.channel = channel
        self.multiplexer = multiplexer
        scheme = tls ? .https : .http
    }

    /// Whether a new request may start on this session.
    var takesStreams: Bool { !retired && channel.isActive }

    /// Opens a stream for one request; `maxRequests` (when above 0) retires the session at that many streams.
    func openStream(maxRequests: Int, _ body: @escaping (Result<UpstreamConnection, any Error>) -> Void) {
        streamsStarted += 1
        openStreams += 1
        if maxRequests > 0 && streamsStarted >= maxRequests { retired = true }
        let endpoint = endpoint
        let scheme = scheme
        multiplexer.createStreamChannel { stream in
            stream.eventLoop.makeCompletedFuture {
                let operations = stream.pipeline.syncOperations
                try operations.addHandler(HTTP2FramePayloadToHTTP1ClientCodec(httpProtocol: scheme))
                try operations.addHandler(UpstreamConnection(endpoint: endpoint, multiplexed: true))
            }
        }
        .assumeIsolated()
        .whenComplete { [self] result in
            switch result {
            case .success(let stream): stream.closeFuture.assumeIsolated().whenComplete { _ in self.streamEnded() }
            case .failure: streamEnded()
            }
            body(
                result.flatMap { stream in
                    Result { try stream.pipeline.syncOperations.handler(type: UpstreamConnection.self) }
                }
            )
        }
    }

    /// Takes no new streams; closes once the open ones end.
    func retire() {
        retired = true
        if openStreams == 0 { channel.close(promise: nil) }
    }

    private func streamEnded() {
        openStreams -= 1
        if retired && openStreams == 0 { channel.close(promise: nil) }
    }

    /// Retires the session when the endpoint sends GOAWAY.
    final class GoAwayWatcher: ChannelInboundHandler {
        typealias InboundIn = HTTP2Frame
        weak var session: HTTP2Session?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .goAway = unwrapInboundIn(data).payload { session?.retire() }
        }
    }
}
