import NIOCore

/// Looks after a connection from its accept to its first bytes, before any protocol handler knows about it: the
/// server counts it (so that a shutdown closes it), and it is closed after the listener's idle timeout if the
/// client never says anything. Steps aside at the first bytes; the HTTP handlers take over from there.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let registry: ConnectionRegistry
    private let idleTimeout: TimeAmount?
    private var timer: Scheduled<Void>?
    private var registered = false

    init(registry: ConnectionRegistry, idleTimeout: TimeAmount?) {
        self.registry = registry
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { opened(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context: context)
        context.fireChannelActive()
    }

    private func opened(context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        guard registry.opened(context.channel) else {
            context.close(promise: nil)
            return
        }
        if let idleTimeout {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) { context.close(promise: nil) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer?.cancel()
        timer = nil
        if registered { registry.closed(context.channel) }
        registered = false
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A connection that has not said anything has nothing in flight.
        if event is DrainEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if registered { registry.closed(context.channel) }
        registered = false
        context.fireChannelInactive()
    }
}
