import Synchronization

/// The snapshots a control plane serves, one per proxy, and what the connected Envoys did with them.
///
/// Keys are ``NodeKey`` values (`<namespace>~<proxy>`, or a node id). Setting a snapshot pushes it to every
/// stream of that key; a stream whose key has no snapshot yet waits for one. Snapshots are immutable and
/// shared: every stream sends the same encoded bytes.
///
/// ```swift
/// let cache = SnapshotCache()
/// cache.setSnapshot(XDSSnapshot(translation.resources), forKey: NodeKey.proxy("gateway-proxy", namespace: "gloo-system"))
/// ```
public final class SnapshotCache: Sendable {
    private struct Watcher {
        var key: String
        var deliver: @Sendable (XDSSnapshot) -> Void
    }

    private struct State {
        var snapshots: [String: XDSSnapshot] = [:]
        var watchers: [UInt64: Watcher] = [:]
        var nextID: UInt64 = 0
        var nacks: [NackRecord] = []
        var streams: [UInt64: StreamStatus] = [:]
    }

    private let state = Mutex(State())

    /// The most NACKs kept (the latest ones).
    static let nackLimit = 256

    public init() {}

    /// Publishes `snapshot` for every Envoy of `key`.
    public func setSnapshot(_ snapshot: XDSSnapshot, forKey key: String) {
        // Delivered under the lock, so that streams get concurrent publishes of a key in the order they were
        // stored and end on the snapshot the cache holds.
        state.withLock { state in
            state.snapshots[key] = snapshot
            for watcher in state.watchers.values where watcher.key == key { watcher.deliver(snapshot) }
        }
    }

    /// Stops serving `key`; its streams keep what they have.
    public func removeSnapshot(forKey key: String) {
        _ = state.withLock { $0.snapshots.removeValue(forKey: key) }
    }

    /// The snapshot served for `key`.
    public func snapshot(forKey key: String) -> XDSSnapshot? {
        state.withLock { $0.snapshots[key] }
    }

    /// The keys with a snapshot.
    public var keys: [String] {
        state.withLock { $0.snapshots.keys.sorted() }
    }

    /// The configurations Envoys rejected, oldest first (at most the latest 256).
    public var nacks: [NackRecord] {
        state.withLock { $0.nacks }
    }

    /// The streams connected now.
    public var streams: [StreamStatus] {
        state.withLock { state in state.streams.keys.sorted().compactMap { state.streams[$0] } }
    }

    // MARK: - Streams

    /// Registers a stream of `key`; `deliver` receives every later snapshot of that key until
    /// ``endStream(_:)``. It is called with the cache locked: it must only hand the snapshot on (e.g. yield
    /// it to an `AsyncStream`), never block or call the cache.
    func beginStream(
        key: String,
        nodeID: String,
        protocol kind: StreamStatus.Variant,
        deliver: @escaping @Sendable (XDSSnapshot) -> Void
    ) -> (id: UInt64, snapshot: XDSSnapshot?) {
        state.withLock { state in
            state.nextID += 1
            let id = state.nextID
            state.watchers[id] = Watcher(key: key, deliver: deliver)
            state.streams[id] = StreamStatus(nodeKey: key, nodeID: nodeID, variant: kind)
            return (id, state.snapshots[key])
        }
    }

    func endStream(_ id: UInt64) {
        state.withLock { state in
            state.watchers[id] = nil
            state.streams[id] = nil
        }
    }

    func record(_ nack: NackRecord, stream id: UInt64) {
        state.withLock { state in
            state.nacks.append(nack)
            if state.nacks.count > Self.nackLimit { state.nacks.removeFirst(state.nacks.count - Self.nackLimit) }
            state.streams[id]?.rejected[nack.type] = nack.version
        }
    }

    func recordAcknowledgement(_ type: XDSResourceType, version: String, stream id: UInt64) {
        state.withLock { state in
            state.streams[id]?.acknowledged[type] = version
            state.streams[id]?.rejected[type] = nil
        }
    }
}

/// One connected Envoy stream.
public struct StreamStatus: Sendable, Hashable {
    public enum Variant: String, Sendable, Hashable {
        case stateOfTheWorld = "sotw"
        case delta
    }

    public var nodeKey: String
    public var nodeID: String
    public var variant: Variant
    /// The version of each type the Envoy acknowledged last (delta streams: the type's snapshot version).
    public var acknowledged: [XDSResourceType: String] = [:]
    /// The version of each type the Envoy rejected last, until it acknowledges a later one.
    public var rejected: [XDSResourceType: String] = [:]
}
