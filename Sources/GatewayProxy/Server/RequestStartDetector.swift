import NIOCore

/// Sits before the HTTP decoder and tells its connection when the first byte of a request arrives, which starts
/// the request headers timeout (Envoy starts it there, not at connect, so idle keep-alive connections are left
/// alone). Passes everything on untouched.
final class RequestStartDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?

    /// Called once per request, on the first bytes after `expectRequest()`.
    var onFirstByte: (() -> Void)?
    private var waiting = true

    /// The next bytes start a new request.
    func expectRequest() { waiting = true }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes `bytes` straight to the socket, past the HTTP handlers (which have no request to answer), then
    /// closes the connection.
    func writeRawAndClose(_ bytes: ByteBuffer) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if waiting {
            waiting = false
            onFirstByte?()
        }
        context.fireChannelRead(data)
    }
}
