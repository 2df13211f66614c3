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

    public func streamAggregatedResources(
        request: RPCAsyncSequence<Envoy_Service_Discovery_V3_DiscoveryRequest, any Error>,
        response: RPCWriter<Envoy_Service_Discovery_V3_DiscoveryResponse>,
        context: ServerContext
    ) async throws {
        try await serve(SotWStreamState.self, requests: request, responses: response)
    }

    public func deltaAggregatedResources(
        request: RPCAsyncSequence<Envoy_Service_Discovery_V3_DeltaDiscoveryRequest, any Error>,
        response: RPCWriter<Envoy_Service_Discovery_V3_DeltaDiscoveryResponse>,
        context: ServerContext
    ) async throws {
        try await serve(DeltaStreamState.self, requests: request, responses: response)
    }

    private enum Event<Request: Sendable>: Sendable {
        case request(Request)
        case snapshot(XDSSnapshot)
    }

    /// Runs one stream: a task forwards requests into `events`, the cache forwards snapshots of the stream's
    /// node once it is known, and this loop, the only writer, handles both in arrival order.
    private func serve<State: DiscoveryStreamState>(
        _: State.Type,
        requests: RPCAsyncSequence<State.Request, any Error>,
        responses: RPCWriter<State.Response>
    ) async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event<State.Request>.self)
        let stream = StreamRegistration(cache: cache, variant: State.variant) { snapshot in
            continuation.yield(.snapshot(snapshot))
        }
        defer { stream.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                for try await request in requests { continuation.yield(.request(request)) }
            }
            var state = State()
            for await event in events {
                switch event {
                case .request(let request):
                    if request.hasNode { stream.open(request.node) }
                    let outcome: DiscoveryOutcome<State.Response>
                    do {
                        outcome = try state.receive(request, snapshot: stream.snapshot)
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
                    for message in outcome.responses {
                        try await responses.write(State.prepared(message, from: stream.snapshot))
                    }
                case .snapshot(let snapshot):
                    stream.snapshot = snapshot
                    for message in state.update(to: snapshot) {
                        try await responses.write(State.prepared(message, from: stream.snapshot))
                    }
                }
            }
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
