import NIOCore
import NIOHTTP2

/// On an HTTP/2 stream, a response without a body leaves as one HEADERS frame that ends the stream, as Envoy
/// sends it. gRPC understands its trailers-only answers (a status without a message) only in that shape. The
/// HTTP/1-style codec writes a head and an end separately; this holds the head's HEADERS frame until the next
/// write or flush, and folds an empty final DATA frame into it.
final class HeadersOnlyResponses: ChannelOutboundHandler {
    typealias OutboundIn = HTTP2Frame.FramePayload
    typealias OutboundOut = HTTP2Frame.FramePayload

    private var held: (headers: HTTP2Frame.FramePayload.Headers, promise: EventLoopPromise<Void>?)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let payload = unwrapOutboundIn(data)
        guard let (headers, heldPromise) = held else {
            if case .headers(let headers) = payload, !headers.endStream {
                held = (headers, promise)
            } else {
                context.write(data, promise: promise)
            }
            return
        }
        held = nil
        if case .data(let frame) = payload, frame.endStream, frame.data.readableBytes == 0 {
            var folded = headers
            folded.endStream = true
            if let heldPromise, let promise { heldPromise.futureResult.cascade(to: promise) }
            context.write(wrapOutboundOut(.headers(folded)), promise: heldPromise ?? promise)
            return
        }
        context.write(wrapOutboundOut(.headers(headers)), promise: heldPromise)
        // Informational heads (100 Continue) come before the final one: that is held in turn.
        self.write(context: context, data: data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        if let (headers, promise) = held {
            held = nil
            context.write(wrapOutboundOut(.headers(headers)), promise: promise)
        }
        context.flush()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        held?.promise?.fail(ChannelError.ioOnClosedChannel)
        held = nil
    }
}
