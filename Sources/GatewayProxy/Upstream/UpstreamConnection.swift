import NIOCore
import NIOHTTP1
import NIOHTTP2

/// How an upstream connection (or stream) failed before its response ended.
enum UpstreamLoss {
    /// It closed.
    case terminated
    /// The upstream's answer was not HTTP.
    case protocolError
    /// The upstream reset the HTTP/2 stream (RST_STREAM).
    case remoteReset
}

/// What receives an upstream response: the exchange that sent the request.
protocol UpstreamResponseReceiver: AnyObject {
    func upstreamResponseHead(_ head: HTTPResponseHead)
    func upstreamResponseBody(_ body: ByteBuffer)
    func upstreamResponseEnd(trailers: HTTPHeaders?)
    /// The connection failed or closed before the response ended.
    func upstreamConnectionLost(_ loss: UpstreamLoss)
    /// The upstream connection can take more request body again (or can no longer).
    func upstreamWritabilityChanged(_ writable: Bool)
}

/// One request at a time to an endpoint: an HTTP/1.1 connection, which the pool keeps between requests, or one
/// stream of an ``HTTP2Session``, which ends with its request. Lives on its event loop.
final class UpstreamConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let endpoint: UpstreamCluster.Endpoint
    /// A stream of an HTTP/2 connection rather than a connection of its own.
    let multiplexed: Bool
    private(set) var channel: (any Channel)?
    private var context: ChannelHandlerContext?
    /// The exchange whose response this connection is reading; nil while idle. Held strongly (a weak reference
    /// would cost every exchange a side table) and let go at the end of the response, on `abandon()` and when
    /// the connection closes.
    private var receiver: (any UpstreamResponseReceiver)?
    /// Whether the current response asked to close the connection afterwards.
    private var closeAfterResponse = false
    private var responseComplete = true
    /// Why the connection is going away, when it is an error.
    private var loss = UpstreamLoss.terminated
    var requestsServed = 0
    /// Called once the connection has closed, so that its pool forgets it.
    var onClose: ((UpstreamConnection) -> Void)?

    init(endpoint: UpstreamCluster.Endpoint, multiplexed: Bool = false) {
        self.endpoint = endpoint
        self.multiplexed = multiplexed
    }

    var isActive: Bool { channel?.isActive ?? false }
    var isWritable: Bool { channel?.isWritable ?? false }

    /// Whether the connection can carry another request once its response is read (a stream never can).
    var isReusable: Bool { !multiplexed && isActive && !closeAfterResponse && responseComplete }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        channel = context.channel
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Reading the response is paused: the client's connection cannot take more of it yet.
    private(set) var isReadingPaused = false

    /// Pauses or resumes reading the response, as the client's connection fills up or drains.
    func pauseReading(_ paused: Bool) {
        guard paused != isReadingPaused, let channel else { return }
        isReadingPaused = paused
        _ = try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: !paused)
    }

    /// Starts an exchange: its response goes to `receiver`. A connection back from the pool reads again, though
    /// the client of its last response could not take more when that response ended.
    func begin(_ receiver: any UpstreamResponseReceiver) {
        pauseReading(false)
        self.receiver = receiver
        closeAfterResponse = false
        responseComplete = false
        loss = .terminated
        requestsServed += 1
    }

    /// Detaches the exchange (its response is no longer wanted): the connection closes unless the response ended.
    func abandon() {
        receiver = nil
        if !responseComplete { channel?.close(promise: nil) }
    }

    func write(_ part: HTTPClientRequestPart, flush: Bool) {
        guard let context else { return }
        if flush {
            context.writeAndFlush(wrapOutboundOut(part), promise: nil)
        } else {
            context.write(wrapOutboundOut(part), promise: nil)
        }
    }

    func flush() {
        context?.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // Informational responses (100 Continue) are not forwarded; the final one follows.
            if head.status.code >= 100 && head.status.code < 200 && head.status != .switchingProtocols { return }
            if !head.isKeepAlive { closeAfterResponse = true }
            receiver?.upstreamResponseHead(head)
        case .body(let buffer):
            receiver?.upstreamResponseBody(buffer)
        case .end(let trailers):
            responseComplete = true
            let receiver = self.receiver
            self.receiver = nil
            receiver?.upstreamResponseEnd(trailers: trailers)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        receiver?.upstreamWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeAfterResponse = true
        if !responseComplete {
            let receiver = self.receiver
            self.receiver = nil
            receiver?.upstreamConnectionLost(loss)
        }
        onClose?(self)
        onClose = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError { loss = .protocolError }
        if error is NIOHTTP2Errors.StreamClosed { loss = .remoteReset }
        closeAfterResponse = true
        context.close(promise: nil)
    }
}
