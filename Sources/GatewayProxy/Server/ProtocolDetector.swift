import NIOCore

/// Tells HTTP/2 with prior knowledge (h2c: the connection starts with HTTP/2's preface) from HTTP/1.1 on a plain
/// connection, as Envoy's `AUTO` codec does, then sets up the pipeline for the one the client speaks and steps
/// aside, passing on what it read.
final class ProtocolDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let configure: (_ http2: Bool) throws -> Void
    private var buffered: ByteBuffer?

    /// `configure` adds the handlers of the detected protocol to the end of the pipeline.
    init(configure: @escaping (_ http2: Bool) throws -> Void) {
        self.configure = configure
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if var buffered {
            buffered.writeBuffer(&incoming)
            self.buffered = buffered
        } else {
            buffered = incoming
        }
        guard let bytes = buffered else { return }
        let seen = min(bytes.readableBytes, Self.preface.count)
        let prefix = bytes.readableBytesView.prefix(seen)
        // Undecided while what arrived is still a beginning of the preface.
        if prefix.elementsEqual(Self.preface.prefix(seen)) && seen < Self.preface.count { return }
        let http2 = seen == Self.preface.count && prefix.elementsEqual(Self.preface)
        do {
            try configure(http2)
        } catch {
            context.close(promise: nil)
            return
        }
        buffered = nil
        context.fireChannelRead(wrapInboundOut(bytes))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
