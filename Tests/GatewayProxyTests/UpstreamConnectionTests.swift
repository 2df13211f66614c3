import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import GatewayProxy

@Suite("UpstreamConnection")
struct UpstreamConnectionTests {
    /// Receives nothing of interest; the connection only needs someone to answer to.
    final class Receiver: UpstreamResponseReceiver {
        var ended = 0
        func upstreamResponseHead(_ head: HTTPResponseHead) {}
        func upstreamResponseBody(_ body: ByteBuffer) {}
        func upstreamResponseEnd(trailers: HTTPHeaders?) { ended += 1 }
        func upstreamConnectionLost(_ loss: UpstreamLoss) {}
        func upstreamWritabilityChanged(_ writable: Bool) {}
    }

    @Test("a connection whose reading was paused when its response ended reads again for the next exchange")
    func pausedReadingResumesOnReuse() throws {
        let channel = EmbeddedChannel()
        let connection = UpstreamConnection(endpoint: .init(host: "127.0.0.1", port: 8080))
        try channel.pipeline.syncOperations.addHandler(connection)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        let first = Receiver()
        connection.begin(first)
        // The client fell behind while the last of the response arrived.
        connection.pauseReading(true)
        #expect(connection.isReadingPaused)
        try channel.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeInbound(HTTPClientResponsePart.end(nil))
        #expect(first.ended == 1 && connection.isReusable)
        // Back from the pool, for another request: its response must be read.
        connection.begin(Receiver())
        #expect(!connection.isReadingPaused)
    }
}
