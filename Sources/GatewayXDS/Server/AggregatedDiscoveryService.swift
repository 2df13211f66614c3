public import GRPCCore

/// Envoy's Aggregated Discovery Service over gRPC, state of the world and delta, served from a
/// ``SnapshotCache``.
///
/// Each stream reads requests in one task and writes in one other, the only writer, so nonces and the
/// order of types stay consistent (CDS, EDS, LDS, RDS, removals last). Streams share the snapshots' encoded
/// resources; what a stream holds beyond them is its subscriptions and the versions it sent.
///
/// Register it with any grpc-swift 2 server, or let ``XDSServer`` run one.
public struct AggregatedDiscoveryService: Envoy_Service_Discovery_V3_AggregatedDiscoveryService.SimpleServiceProtocol {
    public let cache: SnapshotCache

    public init(cache: SnapshotCache) {
        self.cache = cache
    }

    private enum Event: Sendable {
        case sotwRequest(Envoy_Service_Discovery_V3_DiscoveryRequest)
        case deltaRequest(Envoy_Service_Discovery_V3_DeltaDiscoveryRequest)
        case snapshot(XDSSnapshot)
    }

    public func streamAggregatedResources(
        request: RPCAsyncSequence<Envoy_Service_Discovery_V3_DiscoveryRequest, any Error>,
        response: RPCWriter<Envoy_Service_Discovery_V3_DiscoveryResponse>,
        context: ServerContext
    ) async throws {
        try await serve(variant: .stateOfTheWorld, requests: request, wrap: Event.sotwRequest) { events, stream in
            var state = SotWStreamState()
            for await event in events {
                switch event {
                case .sotwRequest(let message):
                    if message.hasNode { stream.open(message.node) }
                    let outcome: SotWStreamState.Outcome
                    do {
                        outcome = try state.receive(message, snapshot: stream.snapshot)
                    } catch {
                        throw RPCError(
                            code: .invalidArgument,
                            message: "the first request must identify the node (node.id)"
                        )
                    }
                    if let nack = outcome.nack { cache.record(nack, stream: stream.id) }
                    if let (type, version) = outcome.acknowledged {
                        cache.recordAcknowledgement(type, version: version, stream: stream.id)
                    }
                    for message in outcome.responses { try await response.write(message) }
                case .snapshot(let snapshot):
                    stream.snapshot = snapshot
                    for message in state.update(to: snapshot) { try await response.write(message) }
                case .deltaRequest:
                    break
                }
            }
        }
    }

    public func deltaAggregatedResources(
        request: RPCAsyncSequence<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest, any Error>,
        response: RPCWriter<Envoy_Service_Discovery_V3_DeltaDiscoveryResponse>,
        context: ServerContext
    ) async throws {
        try await serve(variant: .delta, requests: request, wrap: Event.deltaRequest) { events, stream in
            var state = DeltaStreamState()
            for await event in events {
                switch event {
                case .deltaRequest(let message):
                    if message.hasNode { stream.open(message.node) }
                    let outcome: DeltaStreamState.Outcome
                    do {
                        outcome = try state.receive(message, snapshot: stream.snapshot)
                    } catch {
                        throw RPCError(
                            code: .invalidArgument,
                            message: "the first request must identify the node (node.id)"
                        )
                    }
                    if let nack = outcome.nack { cache.record(nack, stream: stream.id) }
                    if let (type, version) = outcome.acknowledged {
                        cache.recordAcknowledgement(type, version: version, stream: stream.id)
                    }
                    for message in outcome.responses { try await response.write(message) }
                case .snapshot(let snapshot):
                    stream.snapshot = snapshot
                    for message in state.update(to: snapshot) { try await response.write(message) }
                case .sotwRequest:
                    break
                }
            }
        }
    }

    /// Runs one stream: a task forwards requests into `events`, the cache forwards snapshots of the
    /// stream's node once it is known, and `body` (the only writer) handles both in arrival order.
    private func serve<Request: Sendable>(
        variant: StreamStatus.Variant,
        requests: RPCAsyncSequence<Request, any Error>,
        wrap: @escaping @Sendable (Request) -> Event,
        body: (AsyncStream<Event>, StreamRegistration) async throws -> Void
    ) async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let registration = StreamRegistration(cache: cache, variant: variant) { snapshot in
            continuation.yield(.snapshot(snapshot))
        }
        defer { registration.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                for try await request in requests { continuation.yield(wrap(request)) }
            }
            try await body(events, registration)
            group.cancelAll()
        }
    }
}

/// A stream's place in the cache: registered when its first request names the node, removed when it ends.
private final class StreamRegistration {
    let cache: SnapshotCache
    let variant: StreamStatus.Variant
    let deliver: @Sendable (XDSSnapshot) -> Void
    /// The snapshot the stream serves from: the cache's when the stream opened, then each one delivered.
    var snapshot: XDSSnapshot?
    private(set) var id: UInt64 = 0
    private var isOpen = false

    init(cache: SnapshotCache, variant: StreamStatus.Variant, deliver: @escaping @Sendable (XDSSnapshot) -> Void) {
        self.cache = cache
        self.variant = variant
        self.deliver = deliver
    }

    /// Registers the stream with its node's key, once: the first request carries the node.
    func open(_ node: Envoy_Config_Core_V3_Node) {
        guard !isOpen, !node.id.isEmpty else { return }
        isOpen = true
        let (id, snapshot) = cache.beginStream(
            key: NodeKey.of(node),
            nodeID: node.id,
            protocol: variant,
            deliver: deliver
        )
        self.id = id
        self.snapshot = snapshot
    }

    func close() {
        if isOpen { cache.endStream(id) }
    }
}
