import NIOCore
import NIOPosix
import Testing

@testable import GatewayProxy

@Suite("UpstreamPool")
struct UpstreamPoolTests {
    /// What the pool held at each step, read on its event loop.
    struct Steps: Sendable {
        var listsAfterRelease = 0
        var tookTheIdleConnection = false
        var listsAfterClose = 0
        var idleAfterClose = true
    }

    @Test("a closed idle connection leaves the pool, and its endpoint's list with it")
    func closedConnectionsAreForgotten() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let loop = group.next()
        let steps = try await loop.flatSubmit { () -> EventLoopFuture<Steps> in
            let pool = UpstreamPool(eventLoop: loop)
            let endpoint = UpstreamCluster.Endpoint(host: "127.0.0.1", port: port)
            let done = loop.makePromise(of: Steps.self)
            pool.newConnection(to: endpoint, connectTimeout: .seconds(5), tls: nil) { result in
                guard case .success(let connection) = result, let channel = connection.channel else {
                    done.fail(ChannelError.connectPending)
                    return
                }
                var steps = Steps()
                pool.release(connection, maxRequests: 0)
                steps.listsAfterRelease = pool.endpointsWithIdleList
                steps.tookTheIdleConnection = pool.idleConnection(to: endpoint) === connection
                pool.release(connection, maxRequests: 0)
                // As when the upstream closes a keep-alive connection it no longer wants (later: a connection is
                // pooled well after it became active).
                loop.execute { channel.close(promise: nil) }
                channel.closeFuture.assumeIsolated().whenComplete { _ in
                    steps.listsAfterClose = pool.endpointsWithIdleList
                    steps.idleAfterClose = pool.idleConnection(to: endpoint) != nil
                    done.succeed(steps)
                }
            }
            return done.futureResult
        }.get()
        #expect(steps.listsAfterRelease == 1)
        #expect(steps.tookTheIdleConnection)
        #expect(steps.listsAfterClose == 0)
        #expect(!steps.idleAfterClose)
        try await server.close()
        try await group.shutdownGracefully()
    }
}
