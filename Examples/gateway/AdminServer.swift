import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway's admin endpoints over HTTP/1.1: `GET /ready` and `GET /reports`.
struct AdminServer {
    /// Answers one request: status, content type and body.
    typealias Handler = @Sendable (_ path: String) -> (status: HTTPResponseStatus, contentType: String, body: String)

    let host: String
    let port: Int
    let handler: Handler

    /// Binds the socket and returns the channel; the server runs until the channel is closed.
    func start() async throws -> any Channel {
        let handler = self.handler
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(handler: handler))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}

/// Reads a request head and answers it; bodies are ignored.
private final class AdminHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: AdminServer.Handler
    private var head: HTTPRequestHead?

    init(handler: @escaping AdminServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            let answer =
                head.method == .GET
                ? handler(path) : (.methodNotAllowed, "text/plain", "method not allowed\n")
            var buffer = context.channel.allocator.buffer(capacity: answer.body.utf8.count)
            buffer.writeString(answer.body)
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: answer.contentType)
            headers.add(name: "content-length", value: String(buffer.readableBytes))
            let keepAlive = head.isKeepAlive
            if !keepAlive { headers.add(name: "connection", value: "close") }
            context.write(
                wrapOutboundOut(
                    .head(HTTPResponseHead(version: head.version, status: answer.status, headers: headers))
                ),
                promise: nil
            )
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            if !keepAlive {
                written.futureResult.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
            }
        }
    }
}
