import GRPCCore
public import GRPCNIOTransportHTTP2

/// A gRPC server for Envoy's Aggregated Discovery Service, with the transport settings Envoy needs.
///
/// ```swift
/// let cache = SnapshotCache()
/// let server = XDSServer(cache: cache, host: "127.0.0.1", port: 18000)
/// try await server.run { address in print("xDS at \(address)") }
/// ```
public struct XDSServer: Sendable {
    public let cache: SnapshotCache
    public var host: String
    /// The port; 0 picks a free one (``run(onListening:)`` tells which).
    public var port: Int

    public init(cache: SnapshotCache, host: String = "127.0.0.1", port: Int = 18000) {
        self.cache = cache
        self.host = host
        self.port = port
    }

    /// The transport settings: Envoy bootstraps commonly ping every 30 s (`connection_keepalive`), which the
    /// default 5-minute minimum would answer with GOAWAY, so pings are allowed every 5 s, also between
    /// calls; discovery requests list resource names and grow with the configuration, so up to 32 MiB.
    public static var transportConfig: HTTP2ServerTransport.Posix.Config {
        .defaults { config in
            config.connection.keepalive.clientBehavior = .init(
                minPingIntervalWithoutCalls: .seconds(5),
                allowWithoutCalls: true
            )
            config.rpc.maxRequestPayloadSize = 32 * 1024 * 1024
        }
    }

    /// Serves until the task is cancelled or the transport fails. `onListening` receives the bound
    /// address (`host:port`) once the socket listens.
    public func run(onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let address: GRPCNIOTransportCore.SocketAddress =
            host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        let transport = HTTP2ServerTransport.Posix(
            address: address,
            transportSecurity: .plaintext,
            config: Self.transportConfig
        )
        let server = GRPCServer(transport: transport, services: [AggregatedDiscoveryService(cache: cache)])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            let bound = try await transport.listeningAddress
            if let ipv4 = bound.ipv4 {
                onListening("\(ipv4.host):\(ipv4.port)")
            } else if let ipv6 = bound.ipv6 {
                onListening("[\(ipv6.host)]:\(ipv6.port)")
            }
        }
    }
}
