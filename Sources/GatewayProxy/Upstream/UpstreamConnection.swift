import NIOCore
import NIOHTTP1

/// What receives an upstream response: the exchange that sent the request.
protocol UpstreamResponseReceiver: AnyObject {
    func upstreamResponseHead(_ head: HTTPResponseHead)
    func upstreamResponseBody(_ body: ByteBuffer)
    func upstreamResponseEnd()
    /// The connection failed or closed before the response ended: `protocolError` when the upstream's answer was not
    /// HTTP.
    func upstreamConnectionLost(protocolError: Bool)
    /// The upstream connection can take more request body again (or can no longer).
    func upstreamWritabilityChanged(_ writable: Bool)
}

/// One HTTP/1.1 connection to an endpoint, carrying one request at a time. Lives on its event loop; the pool
/// keeps it between requests.
final class UpstreamConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let endpoint: UpstreamCluster.Endpoint
    private(set) var channel: (any Channel)?
    private var context: ChannelHandlerContext?
    /// The exchange whose response this connection is reading; nil while idle.
    private weak var receiver: (any UpstreamResponseReceiver)?
    /// Whether the current response asked to close the connection afterwards.
    private var closeAfterResponse = false
    private var responseComplete = true
    /// The upstream sent something that is not an HTTP response.
    private var protocolError = false
    var requestsServed = 0

    init(endpoint: UpstreamCluster.Endpoint) {
        self.endpoint = endpoint
    }

    var isActive: Bool { channel?.isActive ?? false }
    var isWritable: Bool { channel?.isWritable ?? false }

    /// Whether the connection can carry another request once its response is read.
    var isReusable: Bool { isActive && !closeAfterResponse && responseComplete }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        channel = context.channel
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts an exchange: its response goes to `receiver`.
    func begin(_ receiver: any UpstreamResponseReceiver) {
        self.receiver = receiver
        closeAfterResponse = false
        responseComplete = false
        protocolError = false
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
        case .end:
            responseComplete = true
            let receiver = self.receiver
            self.receiver = nil
            receiver?.upstreamResponseEnd()
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
            receiver?.upstreamConnectionLost(protocolError: protocolError)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError { protocolError = true }
        closeAfterResponse = true
        context.close(promise: nil)
    }
}
