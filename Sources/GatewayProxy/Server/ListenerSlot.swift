import NIOConcurrencyHelpers

/// The configuration one bound listener serves now. A reload replaces it in one step; a request reads it once,
/// at its start, and keeps what it read until it ends.
final class ListenerSlot: Sendable {
    private let served: NIOLockedValueBox<ServedListener>

    init(_ listener: ServedListener) {
        served = NIOLockedValueBox(listener)
    }

    var current: ServedListener {
        get { served.withLockedValue { $0 } }
        set { served.withLockedValue { $0 = newValue } }
    }
}
