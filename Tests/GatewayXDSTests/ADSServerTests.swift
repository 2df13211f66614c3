import GRPCCore
import GRPCInProcessTransport
import SwiftProtobuf
import Synchronization
import Testing

@testable import GatewayXDS

/// The real ``AggregatedDiscoveryService`` over grpc-swift's in-process transport, driven by scripted ADS
/// clients: snapshots pushed by the cache, ACKs and NACKs reaching the cache's status, streams waiting for a
/// key, many streams at once, and streams going away.
@Suite("ADS server")
struct ADSServerTests {
    typealias Fixture = ProtocolFixture
    typealias ADSClient = Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Client<InProcessTransport.Client>
    typealias SotWStream = ScriptedStream<
        Envoy_Service_Discovery_V3_DiscoveryRequest, Envoy_Service_Discovery_V3_DiscoveryResponse
    >
    typealias DeltaStream = ScriptedStream<
        Envoy_Service_Discovery_V3_DeltaDiscoveryRequest, Envoy_Service_Discovery_V3_DeltaDiscoveryResponse
    >

    /// Runs `body` with a client of an ADS server serving `cache` in process.
    static func withServer(
        _ cache: SnapshotCache,
        _ body: (ADSClient) async throws -> Void
    ) async throws {
        let transport = InProcessTransport()
        try await withGRPCServer(
            transport: transport.server,
            services: [AggregatedDiscoveryService(cache: cache)]
        ) { _ in
            try await withGRPCClient(transport: transport.client) { client in
                try await body(ADSClient(wrapping: client))
            }
        }
    }

    static func openSotW(_ client: ADSClient) -> SotWStream {
        ScriptedStream { requests, inbox in
            try await client.streamAggregatedResources { writer in
                for await request in requests { try await writer.write(request) }
            } onResponse: { response in
                for try await message in response.messages { inbox.push(message) }
            }
        }
    }

    static func openDelta(_ client: ADSClient) -> DeltaStream {
        ScriptedStream { requests, inbox in
            try await client.deltaAggregatedResources { writer in
                for await request in requests { try await writer.write(request) }
            } onResponse: { response in
                for try await message in response.messages { inbox.push(message) }
            }
        }
    }

    /// Waits until `condition` holds, for at most `timeout`.
    static func eventually(
        within timeout: Duration = .seconds(5),
        _ condition: () -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    // MARK: - State of the world

    @Test("A SotW stream gets snapshots pushed, ACKs and NACKs reach the cache, its end unregisters it")
    func sotwStream() async throws {
        let cache = SnapshotCache()
        let first = Fixture.snapshot()
        cache.setSnapshot(first, forKey: Fixture.nodeID)
        try await Self.withServer(cache) { client in
            let stream = Self.openSotW(client)
            stream.send(Fixture.request(.cluster, withNode: true))
            let clusters = try #require(await stream.next())
            #expect(try Fixture.names(clusters) == ["alpha", "beta"])
            #expect(clusters.versionInfo == first.version(of: .cluster))
            stream.send(Fixture.ack(clusters))
            stream.send(Fixture.request(.clusterLoadAssignment, names: ["alpha", "beta"]))
            let endpoints = try #require(await stream.next())
            #expect(try Fixture.names(endpoints) == ["alpha", "beta"])
            stream.send(Fixture.ack(endpoints, names: ["alpha", "beta"]))
            stream.send(Fixture.request(.listener))
            let listeners = try #require(await stream.next())
            stream.send(Fixture.ack(listeners))
            #expect(await stream.quiet())

            let status = try #require(cache.streams.first)
            #expect(cache.streams.count == 1)
            #expect(status.nodeID == Fixture.nodeID)
            #expect(status.nodeKey == Fixture.nodeID)
            #expect(status.variant == .stateOfTheWorld)
            #expect(status.acknowledged[.cluster] == first.version(of: .cluster))
            #expect(status.acknowledged[.clusterLoadAssignment] == first.version(of: .clusterLoadAssignment))

            // A pushed snapshot changing a cluster: CDS, then its endpoints.
            let second = Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 1) }
            cache.setSnapshot(second, forKey: Fixture.nodeID)
            let pushedClusters = try #require(await stream.next())
            let pushedEndpoints = try #require(await stream.next())
            #expect(pushedClusters.typeURL == XDSResourceType.cluster.typeURL)
            #expect(pushedEndpoints.typeURL == XDSResourceType.clusterLoadAssignment.typeURL)
            #expect(pushedEndpoints.versionInfo == second.version(of: .clusterLoadAssignment))

            // Envoy rejects the clusters and accepts the endpoints.
            stream.send(
                Fixture.nack(
                    pushedClusters,
                    lastGoodVersion: clusters.versionInfo,
                    message: "Error adding/updating cluster(s) alpha: bad timeout"
                )
            )
            stream.send(Fixture.ack(pushedEndpoints, names: ["alpha", "beta"]))
            #expect(await stream.quiet())
            #expect(
                try await Self.eventually {
                    cache.streams.first?.acknowledged[.clusterLoadAssignment]
                        == second.version(of: .clusterLoadAssignment)
                }
            )
            let nack = try #require(cache.nacks.last)
            #expect(cache.nacks.count == 1)
            #expect(nack.type == .cluster)
            #expect(nack.version == second.version(of: .cluster))
            #expect(nack.nodeID == Fixture.nodeID)
            #expect(nack.message == "Error adding/updating cluster(s) alpha: bad timeout")
            #expect(cache.streams.first?.rejected[.cluster] == second.version(of: .cluster))
            #expect(cache.streams.first?.acknowledged[.cluster] == first.version(of: .cluster))

            // The rejected snapshot published again is not sent again; a fix is.
            cache.setSnapshot(second, forKey: Fixture.nodeID)
            #expect(await stream.quiet())
            let third = Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 2) }
            cache.setSnapshot(third, forKey: Fixture.nodeID)
            let fixed = try #require(await stream.next())
            #expect(fixed.versionInfo == third.version(of: .cluster))
            stream.send(Fixture.ack(fixed))
            #expect(try await Self.eventually { cache.streams.first?.rejected[.cluster] == nil })

            await stream.close()
            #expect(stream.failure == nil)
            #expect(try await Self.eventually { cache.streams.isEmpty })
            #expect(cache.nacks.count == 1)
        }
    }

    @Test("A stream whose snapshot key does not exist yet waits, and gets it when it is published")
    func waitsForKey() async throws {
        let cache = SnapshotCache()
        let key = NodeKey.proxy("gateway-proxy", namespace: "gloo-system")
        cache.setSnapshot(Fixture.snapshot(), forKey: "someone-else")
        try await Self.withServer(cache) { client in
            let stream = Self.openSotW(client)
            var request = Fixture.request(.cluster)
            request.node = Fixture.node(id: "envoy-7", role: key)
            stream.send(request)
            stream.send(Fixture.request(.listener))
            #expect(await stream.quiet())
            #expect(try await Self.eventually { cache.streams.first?.nodeKey == key })
            #expect(cache.streams.first?.nodeID == "envoy-7")

            // Someone else's snapshot does not reach it.
            cache.setSnapshot(Fixture.snapshot { $0.clusters.removeAll() }, forKey: "someone-else")
            #expect(await stream.quiet())

            let snapshot = Fixture.snapshot()
            cache.setSnapshot(snapshot, forKey: key)
            let first = try #require(await stream.next())
            let second = try #require(await stream.next())
            #expect(Fixture.types([first, second]) == [.cluster, .listener])
            #expect(try Fixture.names(first) == ["alpha", "beta"])
            #expect(try Fixture.names(second) == ["http"])
            await stream.close()
        }
    }

    @Test("A first request without node.id ends the stream with INVALID_ARGUMENT")
    func missingNodeFails() async throws {
        let cache = SnapshotCache()
        cache.setSnapshot(Fixture.snapshot(), forKey: Fixture.nodeID)
        try await Self.withServer(cache) { client in
            let stream = Self.openSotW(client)
            stream.send(Fixture.request(.cluster))
            #expect(await stream.next() == nil)
            await stream.finished()
            let error = try #require(stream.failure as? RPCError)
            #expect(error.code == .invalidArgument)
            #expect(cache.streams.isEmpty)
            await stream.close()

            let delta = Self.openDelta(client)
            delta.send(Fixture.deltaRequest(.cluster))
            #expect(await delta.next() == nil)
            await delta.finished()
            #expect((delta.failure as? RPCError)?.code == .invalidArgument)
            await delta.close()
        }
    }

    // MARK: - Delta

    @Test("A delta stream gets snapshots pushed, ACKs and NACKs reach the cache, its end unregisters it")
    func deltaStream() async throws {
        let cache = SnapshotCache()
        try await Self.withServer(cache) { client in
            let stream = Self.openDelta(client)
            stream.send(Fixture.deltaRequest(.cluster, withNode: true))
            stream.send(Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["alpha"]))
            #expect(await stream.quiet())
            #expect(try await Self.eventually { cache.streams.count == 1 })
            #expect(cache.streams.first?.variant == .delta)

            // The snapshot arrives after the requests: every subscribed type is answered in ADS order.
            let first = Fixture.snapshot()
            cache.setSnapshot(first, forKey: Fixture.nodeID)
            let clusters = try #require(await stream.next())
            let endpoints = try #require(await stream.next())
            #expect(try Fixture.names(clusters) == ["alpha", "beta"])
            #expect(try Fixture.names(endpoints) == ["alpha"])
            stream.send(Fixture.deltaAck(clusters))
            stream.send(Fixture.deltaAck(endpoints))
            #expect(await stream.quiet())
            #expect(
                try await Self.eventually {
                    cache.streams.first?.acknowledged == [
                        .cluster: first.version(of: .cluster),
                        .clusterLoadAssignment: first.version(of: .clusterLoadAssignment),
                    ]
                }
            )

            // Subscribing to another name sends only that one.
            stream.send(Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["beta"], nonce: endpoints.nonce))
            let beta = try #require(await stream.next())
            #expect(try Fixture.names(beta) == ["beta"])
            stream.send(Fixture.deltaAck(beta))

            // A cluster removed: the update first, the removals last.
            let second = Fixture.snapshot {
                $0.clusters = [Fixture.cluster("alpha", connectTimeout: 1)]
                $0.clusterLoadAssignments.removeLast()
            }
            cache.setSnapshot(second, forKey: Fixture.nodeID)
            var pushed: [Envoy_Service_Discovery_V3_DeltaDiscoveryResponse] = []
            for _ in 0..<4 { pushed.append(try #require(await stream.next())) }
            #expect(Fixture.types(pushed) == [.cluster, .clusterLoadAssignment, .cluster, .clusterLoadAssignment])
            #expect(try pushed.map(Fixture.names) == [["alpha"], ["alpha"], [], []])
            #expect(pushed.map(\.removedResources) == [[], [], ["beta"], ["beta"]])

            // Envoy rejects the updated cluster.
            var nack = Fixture.deltaAck(pushed[0])
            nack.errorDetail.code = 13
            nack.errorDetail.message = "Error adding/updating cluster(s) alpha"
            stream.send(nack)
            for response in pushed[1...] { stream.send(Fixture.deltaAck(response)) }
            #expect(await stream.quiet())
            #expect(try await Self.eventually { cache.nacks.count == 1 })
            #expect(cache.nacks.first?.type == .cluster)
            #expect(cache.nacks.first?.message == "Error adding/updating cluster(s) alpha")

            await stream.close()
            #expect(stream.failure == nil)
            #expect(try await Self.eventually { cache.streams.isEmpty })
        }
    }

    @Test("A delta reconnect gets only what changed while it was away")
    func deltaReconnect() async throws {
        let cache = SnapshotCache()
        let before = Fixture.snapshot()
        cache.setSnapshot(before, forKey: Fixture.nodeID)
        try await Self.withServer(cache) { client in
            let first = Self.openDelta(client)
            first.send(Fixture.deltaRequest(.cluster, withNode: true))
            let all = try #require(await first.next())
            #expect(all.resources.count == 2)
            await first.close()

            let now = Fixture.snapshot {
                $0.clusters = [Fixture.cluster("alpha"), Fixture.cluster("gamma")]
            }
            cache.setSnapshot(now, forKey: Fixture.nodeID)
            let second = Self.openDelta(client)
            let known = Dictionary(uniqueKeysWithValues: all.resources.map { ($0.name, $0.version) })
            second.send(Fixture.deltaRequest(.cluster, initialVersions: known, withNode: true))
            let catchUp = try #require(await second.next())
            #expect(try Fixture.names(catchUp) == ["gamma"])
            #expect(catchUp.removedResources == ["beta"])
            await second.close()
        }
    }

    // MARK: - Scale

    @Test("200 concurrent streams all receive an update")
    func manyStreams() async throws {
        let cache = SnapshotCache()
        let streamCount = 200
        let first = Fixture.snapshot()
        cache.setSnapshot(first, forKey: Fixture.nodeID)
        try await Self.withServer(cache) { client in
            let clock = ContinuousClock()
            let openStart = clock.now
            var streams: [SotWStream] = []
            for index in 0..<streamCount {
                let stream = Self.openSotW(client)
                var request = Fixture.request(.cluster, withNode: true)
                request.node.id = "envoy-\(index)"
                request.node.metadata.fields["role"] = Google_Protobuf_Value(stringValue: Fixture.nodeID)
                stream.send(request)
                streams.append(stream)
            }
            let initial = try await Self.collect(from: streams)
            let opened = clock.now - openStart
            #expect(initial.allSatisfy { $0?.versionInfo == first.version(of: .cluster) })
            for (stream, response) in zip(streams, initial) {
                if let response { stream.send(Fixture.ack(response)) }
            }
            #expect(try await Self.eventually { cache.streams.count == streamCount })
            #expect(Set(cache.streams.map(\.nodeID)).count == streamCount)

            let second = Fixture.snapshot { $0.clusters.append(Fixture.cluster("gamma")) }
            let updateStart = clock.now
            cache.setSnapshot(second, forKey: Fixture.nodeID)
            let updates = try await Self.collect(from: streams)
            let updated = clock.now - updateStart
            #expect(updates.allSatisfy { $0?.versionInfo == second.version(of: .cluster) })
            #expect(try updates.allSatisfy { try $0.map(Fixture.names) == ["alpha", "beta", "gamma"] })
            print("ADS in process: \(streamCount) SotW streams opened and answered in \(opened), updated in \(updated)")

            let closeStart = clock.now
            for stream in streams { stream.end() }
            for stream in streams { await stream.finished() }
            #expect(try await Self.eventually { cache.streams.isEmpty })
            print("ADS in process: \(streamCount) streams closed and unregistered in \(clock.now - closeStart)")
            #expect(streams.allSatisfy { $0.failure == nil })
        }
    }

    /// The next response of every stream, awaited concurrently.
    static func collect(
        from streams: [SotWStream]
    ) async throws -> [Envoy_Service_Discovery_V3_DiscoveryResponse?] {
        try await withThrowingTaskGroup(of: (Int, Envoy_Service_Discovery_V3_DiscoveryResponse?).self) { group in
            for (index, stream) in streams.enumerated() {
                group.addTask { (index, await stream.next(within: .seconds(30))) }
            }
            var responses = [Envoy_Service_Discovery_V3_DiscoveryResponse?](repeating: nil, count: streams.count)
            for try await (index, response) in group { responses[index] = response }
            return responses
        }
    }

    @Test("Concurrent publishes of one key leave every stream on the snapshot the cache holds")
    func concurrentPublishes() async throws {
        let cache = SnapshotCache()
        let snapshots = (0..<40).map { index in
            Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: Int64(index + 1)) }
        }
        cache.setSnapshot(snapshots[0], forKey: Fixture.nodeID)
        try await Self.withServer(cache) { client in
            let stream = Self.openSotW(client)
            stream.send(Fixture.request(.cluster, withNode: true))
            _ = try #require(await stream.next())
            #expect(try await Self.eventually { cache.streams.count == 1 })
            await withTaskGroup(of: Void.self) { group in
                for snapshot in snapshots.dropFirst() {
                    group.addTask { cache.setSnapshot(snapshot, forKey: Fixture.nodeID) }
                }
            }
            let final = try #require(cache.snapshot(forKey: Fixture.nodeID))
            var last: Envoy_Service_Discovery_V3_DiscoveryResponse?
            while let response = await stream.next(within: .milliseconds(300)) { last = response }
            #expect(last?.versionInfo == final.version(of: .cluster))
            await stream.close()
        }
    }
}

// MARK: - Scripted clients

/// One ADS stream driven by a test: requests go out as the test sends them, responses wait in an inbox.
struct ScriptedStream<Request: Sendable, Response: Sendable>: Sendable {
    private let requests: AsyncStream<Request>.Continuation
    private let inbox: Inbox<Response>
    private let task: Task<Void, Never>

    /// Starts `call` with the requests the test sends and an inbox for what the server answers.
    init(_ call: @escaping @Sendable (AsyncStream<Request>, Inbox<Response>) async throws -> Void) {
        let (requests, continuation) = AsyncStream.makeStream(of: Request.self)
        let inbox = Inbox<Response>()
        self.requests = continuation
        self.inbox = inbox
        task = Task {
            do {
                try await call(requests, inbox)
                inbox.finish(failure: nil)
            } catch {
                inbox.finish(failure: error)
            }
        }
    }

    func send(_ request: Request) {
        requests.yield(request)
    }

    /// The next response, or nil when none comes within `timeout` or the stream ended.
    func next(within timeout: Duration = .seconds(5)) async -> Response? {
        await inbox.next(within: timeout)
    }

    /// Whether no response comes for a while.
    func quiet(for duration: Duration = .milliseconds(150)) async -> Bool {
        await inbox.next(within: duration) == nil
    }

    /// Half-closes the stream: the server sees the end of the requests.
    func end() {
        requests.finish()
    }

    /// Waits until the call returned.
    func finished() async {
        await task.value
    }

    /// Half-closes the stream and waits until the call returned.
    func close() async {
        end()
        await finished()
    }

    /// The error the call ended with, once it ended.
    var failure: (any Error)? {
        inbox.failure
    }
}

/// Elements pushed by one task and awaited, with a deadline, by another.
final class Inbox<Element: Sendable>: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Element?, Never>
    }

    private struct State {
        var buffer: [Element] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waiter: Waiter?
        var nextID: UInt64 = 0
        /// The latest wait whose deadline passed (perhaps before it started waiting).
        var expired: UInt64 = 0
    }

    private let state = Mutex(State())

    func push(_ element: Element) {
        let waiter = state.withLock { state -> Waiter? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffer.append(element)
            return nil
        }
        waiter?.continuation.resume(returning: element)
    }

    func finish(failure: (any Error)?) {
        let waiter = state.withLock { state -> Waiter? in
            state.finished = true
            state.failure = failure
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: nil)
    }

    var failure: (any Error)? {
        state.withLock { $0.failure }
    }

    /// The next element; nil once finished and drained, or when nothing comes within `timeout`.
    func next(within timeout: Duration) async -> Element? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Element?? in
                if state.head < state.buffer.count {
                    let element = state.buffer[state.head]
                    state.head += 1
                    if state.head == state.buffer.count {
                        state.buffer.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return .some(element)
                }
                if state.finished || state.expired >= id { return .some(nil) }
                state.waiter = Waiter(id: id, continuation: continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            state.expired = max(state.expired, id)
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(returning: nil)
    }
}
