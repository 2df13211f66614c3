import NIOConcurrencyHelpers
import NIOCore

/// The open downstream connections of a server, so that a shutdown can drain them: each is told to close once
/// its request in flight is answered, and the server waits until all have.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var draining = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Registers a new connection; false when the server is draining and the connection should close at once.
    func opened(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.draining else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func closed(_ channel: any Channel) {
        let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.channels[ObjectIdentifier(channel)] = nil
            guard state.draining, state.channels.isEmpty else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        for continuation in waiting { continuation.resume() }
    }

    var count: Int { state.withLockedValue { $0.channels.count } }

    /// Tells every connection to finish its request in flight and close, and returns once all have closed.
    func drain() async {
        let channels = state.withLockedValue { state in
            state.draining = true
            return Array(state.channels.values)
        }
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state in
                if state.channels.isEmpty { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Closes every connection still open.
    func closeAll() {
        for channel in state.withLockedValue({ Array($0.channels.values) }) { channel.close(promise: nil) }
    }
}

/// Sent to each connection's pipeline when the server drains.
struct DrainEvent: Sendable {}
