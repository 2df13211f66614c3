import GatewayXDS
import Synchronization

/// Which version of each type every simulated Envoy received last, and when the last one of them received the
/// versions expected: the moment the fleet is in sync.
final class SyncTracker: Sendable {
    /// The types a simulated Envoy subscribes to, in the order it does.
    static let types: [XDSResourceType] = [.cluster, .clusterLoadAssignment, .listener, .routeConfiguration]

    private struct State {
        var received: [[String?]]
        var expected: [String?] = Array(repeating: nil, count: SyncTracker.types.count)
        /// Stream and type pairs whose latest version is not the expected one.
        var pending = 0
        /// When the latest expected version arrived.
        var lastArrival: UInt64 = 0
        var waiter: CheckedContinuation<UInt64, Never>?
    }

    private let state: Mutex<State>

    init(streams: Int) {
        state = Mutex(
            State(received: Array(repeating: Array(repeating: nil, count: Self.types.count), count: streams))
        )
    }

    /// Expects `versions` (one per ``types``) from now on.
    func expect(_ versions: [String]) {
        state.withLock { state in
            state.expected = versions
            state.pending = state.received.reduce(0) { pending, stream in
                pending + zip(stream, versions).filter { $0 != $1 }.count
            }
            state.lastArrival = monotonicNanoseconds()
        }
    }

    /// Records that stream `stream` received `version` of the type at `typeIndex` in ``types``.
    func received(stream: Int, typeIndex: Int, version: String) {
        let now = monotonicNanoseconds()
        let waiter: CheckedContinuation<UInt64, Never>? = state.withLock { state in
            let old = state.received[stream][typeIndex]
            state.received[stream][typeIndex] = version
            let expected = state.expected[typeIndex]
            if old != expected, version == expected {
                state.pending -= 1
                state.lastArrival = now
            } else if old == expected, version != expected {
                state.pending += 1
            }
            guard state.pending == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: now)
    }

    /// Waits until every stream has the expected version of every type; returns when the last one arrived
    /// (``monotonicNanoseconds()``).
    func synced() async -> UInt64 {
        await withCheckedContinuation { continuation in
            let done: UInt64? = state.withLock { state in
                if state.pending == 0 { return state.lastArrival }
                state.waiter = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}
