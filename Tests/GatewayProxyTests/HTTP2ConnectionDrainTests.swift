import NIOCore
import NIOEmbedded
import NIOHTTP2
import Testing

@testable import GatewayProxy

/// The drain of an HTTP/2 connection: GOAWAY at once, the connection closed when its last stream ends.
@Suite("HTTP/2 connection drain")
struct HTTP2ConnectionDrainTests {
    /// A connection whose drain handler has two streams open.
    static func connection() throws -> (EmbeddedChannel, HTTP2ConnectionDrain, ConnectionRegistry) {
        let registry = ConnectionRegistry()
        let drain = HTTP2ConnectionDrain(registry: registry)
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.pipeline.syncOperations.addHandler(drain)
        for id in [1, 3] { drain.streamCreated(HTTP2StreamID(id), channel: channel) }
        return (channel, drain, registry)
    }

    @Test("GOAWAY with no error and the highest stream id; closed when the last stream ends")
    func goAwayThenClose() throws {
        let (channel, drain, registry) = try Self.connection()
        #expect(registry.count == 1)
        channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        let frame = try #require(try channel.readOutbound(as: HTTP2Frame.self))
        guard case .goAway(let lastStreamID, let errorCode, _) = frame.payload else {
            Issue.record("expected GOAWAY, got \(frame.payload)")
            return
        }
        #expect(frame.streamID == .rootStream && lastStreamID == .maxID && errorCode == .noError)
        #expect(channel.isActive)
        drain.streamClosed(HTTP2StreamID(1), channel: channel)
        #expect(channel.isActive)
        drain.streamClosed(HTTP2StreamID(3), channel: channel)
        #expect(!channel.isActive)
        #expect(registry.count == 0)
    }

    @Test("a connection that opens while the server drains gets GOAWAY and closes")
    func openedWhileDraining() async throws {
        let registry = ConnectionRegistry()
        let draining = Task { await registry.drain() }
        while !(await Self.isDraining(registry)) { await Task.yield() }
        let channel = EmbeddedChannel()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        try channel.pipeline.syncOperations.addHandler(HTTP2ConnectionDrain(registry: registry))
        let frame = try channel.readOutbound(as: HTTP2Frame.self)
        #expect(frame?.streamID == .rootStream)
        #expect(!channel.isActive)
        await draining.value
    }

    /// Whether the registry refuses new connections (it drains).
    static func isDraining(_ registry: ConnectionRegistry) async -> Bool {
        let probe = EmbeddedChannel()
        defer { _ = try? probe.finish() }
        let accepted = registry.opened(probe)
        if accepted { registry.closed(probe) }
        return !accepted
    }
}
