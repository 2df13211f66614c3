import NIOConcurrencyHelpers
public import NIOCore
import NIOHTTP1
import NIOHTTP2
public import NIOPosix
import NIOSSL
import NIOTLS
public import Tracing

/// The embedded data plane: serves the HTTP listeners of a ``DataPlaneConfiguration`` on SwiftNIO, and takes a
/// new configuration at any time without dropping a connection.
///
/// ```swift
/// let server = GatewayServer(threads: 2)
/// let failures = try await server.apply(DataPlaneConfiguration(proxies: proxies, resources: resources))
/// // … later, on SIGTERM:
/// await server.shutdown(gracePeriod: .seconds(10))
/// ```
public final class GatewayServer: Sendable {
    /// A listener that could not be bound.
    public struct BindFailure: Error, Sendable, CustomStringConvertible {
        public var listener: String
        public var address: String
        public var reason: String
        public var description: String { "listener \(listener) could not bind \(address): \(reason)" }
    }

    private struct Bound {
        var channel: any Channel
        var slot: ListenerSlot
    }

    private let group: MultiThreadedEventLoopGroup
    private let ownsGroup: Bool
    private let loops: EventLoopStates
    private let registry = ConnectionRegistry()
    private let healthRegistry: HealthRegistry
    /// The running health checkers, by cluster name.
    private let checkers = NIOLockedValueBox<[String: HealthChecker]>([:])
    private let observer: any RequestObserver
    /// Bound listeners by `address:port`.
    private let bound = NIOLockedValueBox<[String: Bound]>([:])
    /// The largest request head any listener accepts; the parser's limit (each listener checks its own).
    private let maxRequestHeadersBytes: Int

    /// How long requests in flight may take to finish when the server shuts down as a service.
    public let drainPeriod: TimeAmount

    /// A server with `threads` event loops (one per core by default). `maxRequestHeadersBytes` bounds what the
    /// parser reads of a request head (each listener then applies its own `maxRequestHeadersKb`); with a `tracer`,
    /// every forwarded request is a server span whose context goes upstream.
    public convenience init(
        threads: Int = System.coreCount,
        observer: any RequestObserver = NoRequestObserver(),
        tracer: (any Tracer)? = nil,
        maxRequestHeadersBytes: Int = 60 * 1024,
        drainPeriod: TimeAmount = .seconds(10)
    ) {
        self.init(
            group: MultiThreadedEventLoopGroup(numberOfThreads: max(threads, 1)),
            ownsGroup: true,
            observer: observer,
            tracer: tracer,
            maxRequestHeadersBytes: maxRequestHeadersBytes,
            drainPeriod: drainPeriod
        )
    }

    /// A server on an event loop group the application owns (and shuts down after the server).
    public convenience init(
        group: MultiThreadedEventLoopGroup,
        observer: any RequestObserver = NoRequestObserver(),
        tracer: (any Tracer)? = nil,
        maxRequestHeadersBytes: Int = 60 * 1024,
        drainPeriod: TimeAmount = .seconds(10)
    ) {
        self.init(
            group: group,
            ownsGroup: false,
            observer: observer,
            tracer: tracer,
            maxRequestHeadersBytes: maxRequestHeadersBytes,
            drainPeriod: drainPeriod
        )
    }

    private init(
        group: MultiThreadedEventLoopGroup,
        ownsGroup: Bool,
        observer: any RequestObserver,
        tracer: (any Tracer)?,
        maxRequestHeadersBytes: Int,
        drainPeriod: TimeAmount
    ) {
        self.group = group
        self.ownsGroup = ownsGroup
        self.observer = observer
        self.maxRequestHeadersBytes = maxRequestHeadersBytes
        self.drainPeriod = drainPeriod
        let healthRegistry = HealthRegistry()
        self.healthRegistry = healthRegistry
        loops = EventLoopStates(
            group: group,
            healthRegistry: healthRegistry,
            tracing: tracer.map(RequestTracing.init)
        )
    }

    /// Open downstream connections.
    public var connectionCount: Int { registry.count }

    /// The port each listener is bound to, by listener name (useful with port 0).
    public var boundPorts: [String: Int] {
        bound.withLockedValue { bound in
            Dictionary(
                bound.values.map { ($0.slot.current.name, $0.channel.localAddress?.port ?? 0) },
                uniquingKeysWith: { first, _ in first }
            )
        }
    }

    /// Serves `configuration` from now on: listeners at a new address are bound, listeners at a known address
    /// switch to their new routes at once (requests in flight finish on the routes they started with), and
    /// listeners no longer configured stop accepting. Returns the listeners that could not be bound; the others
    /// are served.
    @discardableResult
    public func apply(_ configuration: DataPlaneConfiguration) async -> [BindFailure] {
        updateHealthCheckers(configuration.clusters)
        var failures: [BindFailure] = []
        var wanted: [String: ServedListener] = [:]
        for listener in configuration.listeners {
            wanted[Self.key(listener)] = listener
        }
        let existing = bound.withLockedValue { $0 }
        for (key, old) in existing where wanted[key] == nil {
            old.channel.close(promise: nil)
            _ = bound.withLockedValue { $0.removeValue(forKey: key) }
        }
        for (key, listener) in wanted {
            if let known = existing[key] {
                known.slot.current = listener
                continue
            }
            let slot = ListenerSlot(listener)
            do {
                let channel = try await bind(listener, slot: slot)
                bound.withLockedValue { $0[key] = Bound(channel: channel, slot: slot) }
            } catch {
                failures.append(
                    BindFailure(listener: listener.name, address: key, reason: "\(error)")
                )
            }
        }
        return failures
    }

    /// Keeps the health checkers of clusters whose check and endpoints are unchanged, starts the new ones and
    /// stops the rest; health of endpoints no longer configured is forgotten.
    private func updateHealthCheckers(_ clusters: [UpstreamCluster]) {
        healthRegistry.retain(clusters)
        let stopped = checkers.withLockedValue { checkers -> [HealthChecker] in
            var stopped: [HealthChecker] = []
            var next: [String: HealthChecker] = [:]
            for cluster in clusters {
                guard let policy = cluster.healthCheck else { continue }
                if let running = checkers[cluster.name], running.policy == policy,
                    running.cluster.endpoints == cluster.endpoints
                {
                    next[cluster.name] = running
                    checkers[cluster.name] = nil
                    continue
                }
                next[cluster.name] = HealthChecker(
                    cluster: cluster,
                    policy: policy,
                    health: healthRegistry.health(of: cluster),
                    eventLoop: group.next()
                )
            }
            stopped = Array(checkers.values)
            checkers = next
            return stopped
        }
        for checker in stopped { checker.stop() }
    }

    private static func key(_ listener: ServedListener) -> String {
        "\(listener.bindAddress):\(listener.bindPort)"
    }

    private func bind(_ listener: ServedListener, slot: ListenerSlot) async throws -> any Channel {
        let loops = self.loops
        let registry = self.registry
        let observer = self.observer
        // The parser stops a head somewhat over the limit; the exact limit (on the head as sent) is checked per
        // listener once the head is parsed.
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = maxRequestHeadersBytes + 4096
        limits.maxHeaderFieldSize = maxRequestHeadersBytes + 4096
        let decoderLimits = limits
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let state = loops.state(of: channel.eventLoop) else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    let connection = DownstreamConnection(
                        slot: slot,
                        loop: state,
                        registry: registry,
                        observer: observer,
                        decoderLimits: decoderLimits
                    )
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionGuard(registry: registry, idleTimeout: slot.current.settings.idleTimeout)
                    )
                    guard let tls = slot.current.tls else {
                        try connection.addHTTPHandlers(to: channel, tls: nil)
                        return
                    }
                    // The server name the client asks for chooses the certificate; a name no certificate
                    // serves (and no catch-all) closes the connection, as Envoy does without a filter chain.
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(
                            SNIHandler { result in
                                channel.eventLoop.makeCompletedFuture {
                                    let name: String? =
                                        switch result {
                                        case .hostname(let name): name
                                        case .fallback: nil
                                        }
                                    guard let context = (slot.current.tls ?? tls).context(forServerName: name) else {
                                        channel.close(promise: nil)
                                        throw ChannelError.ioOnClosedChannel
                                    }
                                    try connection.addHTTPHandlers(to: channel, tls: context)
                                }
                            }
                        )
                    )
                }
            }
            .bind(host: listener.bindAddress, port: listener.bindPort)
            .get()
    }

    /// Stops accepting, lets every connection finish its request in flight (for at most `gracePeriod`), closes
    /// what remains and stops the event loops.
    public func shutdown(gracePeriod: TimeAmount = .seconds(10)) async {
        let listeners = bound.withLockedValue { bound in
            defer { bound = [:] }
            return bound.values.map(\.channel)
        }
        for channel in listeners { try? await channel.close() }
        let registry = self.registry
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await registry.drain() }
            group.addTask { try? await Task.sleep(for: .nanoseconds(gracePeriod.nanoseconds)) }
            await group.next()
            group.cancelAll()
        }
        registry.closeAll()
        for checker in checkers.withLockedValue({ checkers in
            defer { checkers = [:] }
            return Array(checkers.values)
        }) {
            checker.stop()
        }
        for eventLoop in group.makeIterator() {
            let loops = self.loops
            try? await eventLoop.submit { loops.state(of: eventLoop)?.pool.closeIdle() }.get()
        }
        if ownsGroup { try? await group.shutdownGracefully() }
    }
}

/// Each event loop's ``EventLoopState``, made once; a state is handed out only on its own loop.
private struct EventLoopStates: @unchecked Sendable {
    private let states: [ObjectIdentifier: EventLoopState]

    init(group: MultiThreadedEventLoopGroup, healthRegistry: HealthRegistry, tracing: RequestTracing?) {
        var states: [ObjectIdentifier: EventLoopState] = [:]
        for loop in group.makeIterator() {
            states[ObjectIdentifier(loop)] = EventLoopState(
                eventLoop: loop,
                healthRegistry: healthRegistry,
                tracing: tracing
            )
        }
        self.states = states
    }

    /// The state of `eventLoop`; call on that loop only.
    func state(of eventLoop: any EventLoop) -> EventLoopState? {
        eventLoop.preconditionInEventLoop()
        return states[ObjectIdentifier(eventLoop)]
    }
}

/// What a new downstream connection needs to set up its pipeline: after TLS (when the listener terminates it),
/// the request-start detector, NIO's HTTP/1.1 server handlers and the ``DownstreamHandler``.
private struct DownstreamConnection: Sendable {
    let slot: ListenerSlot
    let loop: NIOLoopBound<EventLoopState>
    let registry: ConnectionRegistry
    let observer: any RequestObserver
    let decoderLimits: NIOHTTPDecoderLimitConfiguration

    init(
        slot: ListenerSlot,
        loop: EventLoopState,
        registry: ConnectionRegistry,
        observer: any RequestObserver,
        decoderLimits: NIOHTTPDecoderLimitConfiguration
    ) {
        self.slot = slot
        self.loop = NIOLoopBound(loop, eventLoop: loop.eventLoop)
        self.registry = registry
        self.observer = observer
        self.decoderLimits = decoderLimits
    }

    /// Sets up a new connection: TLS with ALPN (`h2` or `http/1.1`) when `tls` is given, else detection of
    /// HTTP/2 with prior knowledge.
    func addHTTPHandlers(to channel: any Channel, tls: NIOSSLContext?) throws {
        let operations = channel.pipeline.syncOperations
        guard let tls else {
            try operations.addHandler(
                ProtocolDetector { http2 in
                    if http2 {
                        try self.addHTTP2Handlers(to: channel, scheme: "http")
                    } else {
                        try self.addHTTP1Handlers(to: channel, scheme: "http")
                    }
                }
            )
            return
        }
        try operations.addHandler(NIOSSLServerHandler(context: tls))
        try operations.addHandler(
            ApplicationProtocolNegotiationHandler { result, channel in
                channel.eventLoop.makeCompletedFuture {
                    if case .negotiated("h2") = result {
                        try self.addHTTP2Handlers(to: channel, scheme: "https")
                    } else {
                        try self.addHTTP1Handlers(to: channel, scheme: "https")
                    }
                }
            }
        )
    }

    /// NIO's HTTP/1.1 server codec and a ``DownstreamHandler`` (which answers pipelined requests in order).
    private func addHTTP1Handlers(to channel: any Channel, scheme: String) throws {
        let operations = channel.pipeline.syncOperations
        let detector = RequestStartDetector()
        try operations.addHandler(detector)
        try operations.configureHTTPServerPipeline(
            withPipeliningAssistance: false,
            withErrorHandling: false,
            withOutboundHeaderValidation: true,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: decoderLimits
        )
        try operations.addHandler(downstreamHandler(detector: detector, scheme: scheme))
    }

    /// HTTP/2: each stream a channel of its own, translated to HTTP/1-style parts for a ``DownstreamHandler``.
    private func addHTTP2Handlers(to channel: any Channel, scheme: String) throws {
        let handlers = self
        let drain = HTTP2ConnectionDrain(registry: registry)
        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server,
            connectionConfiguration: .init(),
            streamConfiguration: .init(),
            streamDelegate: drain,
            inboundStreamInitializer: { stream in
                stream.eventLoop.makeCompletedFuture {
                    let operations = stream.pipeline.syncOperations
                    try operations.addHandler(HeadersOnlyResponses())
                    try operations.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                    // A stream's head arrives whole: there are no slow bytes to time.
                    try operations.addHandler(
                        handlers.downstreamHandler(detector: RequestStartDetector(), scheme: scheme)
                    )
                }
            }
        )
        try channel.pipeline.syncOperations.addHandler(drain)
    }

    private func downstreamHandler(detector: RequestStartDetector, scheme: String) -> DownstreamHandler {
        DownstreamHandler(
            slot: slot,
            loop: loop.value,
            registry: registry,
            observer: observer,
            detector: detector,
            scheme: scheme
        )
    }
}
