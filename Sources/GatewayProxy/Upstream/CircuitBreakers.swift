import GatewayModel
import Synchronization

/// The circuit breakers of a cluster as Envoy enforces them for the default priority: at most `maxRequests`
/// upstream requests in flight (each further one is answered `503` with the reset reason `overflow`), and at most
/// `maxRetries` requests in a retry at once (beyond, a request is not retried). Envoy's defaults: 1024 and 3.
public struct CircuitBreakers: Sendable, Hashable {
    public var maxRequests: Int
    public var maxRetries: Int

    public init(maxRequests: Int = 1024, maxRetries: Int = 3) {
        self.maxRequests = maxRequests
        self.maxRetries = maxRetries
    }

    /// The Upstream's own limits, else the settings' (`settings.gloo.circuitBreakers`), as Gloo chooses them;
    /// `notes` receives the limits the embedded data plane does not enforce.
    static func make(
        _ config: CircuitBreakerConfig?,
        defaults: CircuitBreakerConfig?,
        notes: (String) -> Void
    ) -> CircuitBreakers {
        guard let config = config ?? defaults else { return CircuitBreakers() }
        if config.maxConnections != nil || config.maxPendingRequests != nil {
            notes(
                "circuitBreakers: maxConnections and maxPendingRequests are enforced over xDS only; the embedded data plane limits maxRequests and maxRetries"
            )
        }
        return CircuitBreakers(
            maxRequests: config.maxRequests.map(Int.init) ?? 1024,
            maxRetries: config.maxRetries.map(Int.init) ?? 3
        )
    }
}

/// What a cluster has in flight across every event loop, counted against its ``CircuitBreakers``.
final class ClusterLoad: Sendable {
    private let requests = Atomic<Int>(0)
    private let retries = Atomic<Int>(0)

    /// Takes a request slot; false (nothing taken) when `limit` are in flight.
    func startRequest(limit: Int) -> Bool { Self.take(requests, limit: limit) }
    func endRequest() { requests.subtract(1, ordering: .relaxed) }

    /// Takes a retry slot; false (nothing taken) when `limit` requests are retrying.
    func startRetry(limit: Int) -> Bool { Self.take(retries, limit: limit) }
    func endRetry() { retries.subtract(1, ordering: .relaxed) }

    private static func take(_ counter: borrowing Atomic<Int>, limit: Int) -> Bool {
        var current = counter.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = counter.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }
}
