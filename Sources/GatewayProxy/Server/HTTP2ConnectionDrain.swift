import NIOCore
import NIOHTTP2

/// An HTTP/2 connection as the server's drain sees it (its streams are registered on their own). When the server
/// drains, the client is told with GOAWAY (no error, every stream it opened still answered, as Envoy's drain
/// sends it), and the connection closes once its last stream ends. NIOHTTP2 reports the streams to it as their
/// delegate, on the connection's event loop.
final class HTTP2ConnectionDrain: ChannelInboundHandler, NIOHTTP2StreamDelegate, @unchecked Sendable {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let registry: ConnectionRegistry
    private var openStreams = 0
    private var draining = false
    private var registered = false
    private var context: ChannelHandlerContext?

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        registered = true
        if !registry.opened(context.channel) { drain(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func streamCreated(_ id: HTTP2StreamID, channel: any Channel) {
        openStreams += 1
    }

    func streamClosed(_ id: HTTP2StreamID, channel: any Channel) {
        openStreams -= 1
        if draining && openStreams == 0 { context?.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is DrainEvent {
            drain(context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func drain(context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        let goAway = HTTP2Frame(
            streamID: .rootStream,
            payload: .goAway(lastStreamID: .maxID, errorCode: .noError, opaqueData: nil)
        )
        context.writeAndFlush(wrapOutboundOut(goAway), promise: nil)
        if openStreams == 0 { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if registered { registry.closed(context.channel) }
        registered = false
        context.fireChannelInactive()
    }
}
