import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// The upstream connections of one event loop, per endpoint. HTTP/1.1: a request takes the most recently used
/// idle connection or opens a new one; a connection whose response ended goes back, unless it must close.
/// HTTP/2: one session per endpoint carries every request as a stream; requests that arrive while it connects
/// wait for it.
final class UpstreamPool {
    private let eventLoop: any EventLoop
    private var idle: [UpstreamCluster.Endpoint: [UpstreamConnection]] = [:]
    private var sessions: [UpstreamCluster.Endpoint: HTTP2Session] = [:]
    private typealias StreamRequest = (maxRequests: Int, body: (Result<UpstreamConnection, any Error>) -> Void)
    private var waitingForSession: [UpstreamCluster.Endpoint: [StreamRequest]] = [:]
    /// Idle connections kept per endpoint; more are closed.
    let maxIdlePerEndpoint: Int

    init(eventLoop: any EventLoop, maxIdlePerEndpoint: Int = 256) {
        self.eventLoop = eventLoop
        self.maxIdlePerEndpoint = maxIdlePerEndpoint
    }

    /// Calls `body` with a new connection to `endpoint`, open within `connectTimeout`, or with the reason there
    /// is none; on this pool's event loop. With `http2`, the connection is a new stream of the endpoint's session.
    /// (An HTTP/1.1 request first takes an idle connection with ``idleConnection(to:)``, which needs no callback.)
    func newConnection(
        to endpoint: UpstreamCluster.Endpoint,
        connectTimeout: TimeAmount,
        tls: UpstreamTLS?,
        http2: Bool = false,
        maxRequests: Int = 0,
        _ body: @escaping (Result<UpstreamConnection, any Error>) -> Void
    ) {
        if http2 {
            stream(to: endpoint, connectTimeout: connectTimeout, tls: tls, maxRequests: maxRequests, body)
            return
        }
        connect(to: endpoint, connectTimeout: connectTimeout, tls: tls) { operations in
            try operations.addHTTPClientHandlers(leftOverBytesStrategy: .dropBytes)
            try operations.addHandler(UpstreamConnection(endpoint: endpoint))
        }
        .whenComplete { result in
            body(
                result.flatMap { channel in
                    Result {
                        let connection = try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)
                        connection.onClose = { [weak self] in self?.forget($0) }
                        return connection
                    }
                }
            )
        }
    }

    /// The most recently used idle HTTP/1.1 connection to `endpoint` that is still open, taken out of the pool.
    /// (An endpoint keeps its list while it has connections, even empty, so that taking and giving back allocate
    /// nothing.)
    func idleConnection(to endpoint: UpstreamCluster.Endpoint) -> UpstreamConnection? {
        guard let index = idle.index(forKey: endpoint) else { return nil }
        while let connection = idle.values[index].popLast() {
            if connection.isActive { return connection }
        }
        return nil
    }

    /// Drops a closed connection from its endpoint's idle list, and the list once it is empty: an endpoint gone
    /// from the configuration leaves nothing behind when its last connection closes.
    private func forget(_ connection: UpstreamConnection) {
        guard let index = idle.index(forKey: connection.endpoint) else { return }
        idle.values[index].removeAll { $0 === connection }
        if idle.values[index].isEmpty { idle.remove(at: index) }
    }

    /// How many endpoints have an idle list (for tests).
    var endpointsWithIdleList: Int { idle.count }

    /// Opens a TCP connection to `endpoint` (TLS first, when the cluster has it), its pipeline completed by
    /// `handlers`.
    private func connect(
        to endpoint: UpstreamCluster.Endpoint,
        connectTimeout: TimeAmount,
        tls: UpstreamTLS?,
        handlers: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
    ) -> EventLoopFuture<any Channel>.Isolated {
        // Only loops that do real I/O can connect (not, say, an embedded loop in a test).
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            return eventLoop.makeFailedFuture(ChannelError.operationUnsupported).assumeIsolated()
        }
        return
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
                    try handlers(operations)
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .assumeIsolated()
    }

    /// A new stream on the endpoint's session, connecting the session first when there is none that takes
    /// streams.
    private func stream(
        to endpoint: UpstreamCluster.Endpoint,
        connectTimeout: TimeAmount,
        tls: UpstreamTLS?,
        maxRequests: Int,
        _ body: @escaping (Result<UpstreamConnection, any Error>) -> Void
    ) {
        if let session = sessions[endpoint], session.takesStreams {
            session.openStream(maxRequests: maxRequests, body)
            return
        }
        sessions[endpoint] = nil
        if waitingForSession[endpoint] != nil {
            waitingForSession[endpoint]?.append((maxRequests, body))
            return
        }
        waitingForSession[endpoint] = [(maxRequests, body)]
        connect(to: endpoint, connectTimeout: connectTimeout, tls: tls) { operations in
            var connection = NIOHTTP2Handler.ConnectionConfiguration()
            // As Envoy: no server push.
            connection.initialSettings = nioDefaultSettings + [HTTP2Setting(parameter: .enablePush, value: 0)]
            _ = try operations.configureHTTP2Pipeline(
                mode: .client,
                connectionConfiguration: connection,
                streamConfiguration: .init(),
                inboundStreamInitializer: { stream in stream.close() }
            )
            try operations.addHandler(HTTP2Session.GoAwayWatcher())
        }
        .whenComplete { [self] result in
            switch result {
            case .success(let channel):
                do {
                    let operations = channel.pipeline.syncOperations
                    let multiplexer = try operations.handler(type: NIOHTTP2Handler.self).syncMultiplexer()
                    let watcher = try operations.handler(type: HTTP2Session.GoAwayWatcher.self)
                    let session = HTTP2Session(
                        endpoint: endpoint,
                        channel: channel,
                        multiplexer: multiplexer,
                        tls: tls != nil
                    )
                    watcher.session = session
                    sessions[endpoint] = session
                    for request in waitingForSession.removeValue(forKey: endpoint) ?? [] {
                        session.openStream(maxRequests: request.maxRequests, request.body)
                    }
                } catch {
                    channel.close(promise: nil)
                    sessionFailed(endpoint, error)
                }
            case .failure(let error):
                sessionFailed(endpoint, error)
            }
        }
    }

    private func sessionFailed(_ endpoint: UpstreamCluster.Endpoint, _ error: any Error) {
        for request in waitingForSession.removeValue(forKey: endpoint) ?? [] { request.body(.failure(error)) }
    }

    /// Takes `connection` back after its response, or closes it when it cannot carry another request or
    /// `maxRequests` (when above 0) is reached. A stream of an HTTP/2 session closes by itself.
    func release(_ connection: UpstreamConnection, maxRequests: Int) {
        if connection.multiplexed { return }
        let endpoint = connection.endpoint
        guard connection.isReusable, maxRequests == 0 || connection.requestsServed < maxRequests,
            idle[endpoint, default: []].count < maxIdlePerEndpoint
        else {
            connection.channel?.close(promise: nil)
            return
        }
        idle[endpoint, default: []].append(connection)
    }

    /// Closes every idle connection, and every HTTP/2 session once its streams end.
    func closeIdle() {
        for connection in idle.values.joined() { connection.channel?.close(promise: nil) }
        idle = [:]
        for session in sessions.values { session.retire() }
        sessions = [:]
    }
}
