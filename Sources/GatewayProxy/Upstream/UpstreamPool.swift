import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The idle upstream connections of one event loop, per endpoint: a request takes the most recently used idle
/// connection or opens a new one; a connection whose response ended goes back, unless it must close.
final class UpstreamPool {
    private let eventLoop: any EventLoop
    private var idle: [UpstreamCluster.Endpoint: [UpstreamConnection]] = [:]
    /// Idle connections kept per endpoint; more are closed.
    let maxIdlePerEndpoint: Int

    init(eventLoop: any EventLoop, maxIdlePerEndpoint: Int = 256) {
        self.eventLoop = eventLoop
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
    }

    /// Calls `body` with an open connection to `endpoint` (an idle one, or a new one within `connectTimeout`),
    /// or with the reason there is none; on this pool's event loop.
    func connection(
        to endpoint: UpstreamCluster.Endpoint,
        connectTimeout: TimeAmount,
        tls: UpstreamTLS?,
        _ body: @escaping (Result<UpstreamConnection, any Error>) -> Void
    ) {
        while var connections = idle[endpoint], let last = connections.popLast() {
            idle[endpoint] = connections.isEmpty ? nil : connections
            if last.isActive {
                body(.success(last))
                return
            }
        }
        // Only loops that do real I/O can connect (not, say, an embedded loop in a test).
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            body(.failure(ChannelError.operationUnsupported))
            return
        }
        bootstrap
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls {
                        try operations.addHandler(
                            try NIOSSLClientHandler(context: tls.context, serverHostname: endpoint.serverName)
                        )
                    }
                    try operations.addHTTPClientHandlers(leftOverBytesStrategy: .dropBytes)
                    try operations.addHandler(UpstreamConnection(endpoint: endpoint))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .assumeIsolated()
            .whenComplete { result in
                body(
                    result.flatMap { channel in
                        Result { try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self) }
                    }
                )
            }
    }

    /// Takes `connection` back after its response, or closes it when it cannot carry another request or
    /// `maxRequests` (when above 0) is reached.
    func release(_ connection: UpstreamConnection, maxRequests: Int) {
        let endpoint = connection.endpoint
        guard connection.isReusable, maxRequests == 0 || connection.requestsServed < maxRequests,
            idle[endpoint, default: []].count < maxIdlePerEndpoint
        else {
            connection.channel?.close(promise: nil)
            return
        }
        idle[endpoint, default: []].append(connection)
    }

    /// Closes every idle connection.
    func closeIdle() {
        for connection in idle.values.joined() { connection.channel?.close(promise: nil) }
        idle = [:]
    }
}
