import NIOCore
import Synchronization

/// The health of one endpoint, shared by every event loop: what active health checks concluded, and whether
/// outlier detection ejected it. Survives configuration reloads while the cluster keeps the endpoint.
final class EndpointHealth: Sendable {
    /// 0 healthy, 1 failed its health check. An endpoint starts healthy.
    private let failedCheck = Atomic<Bool>(false)
    /// When an ejection ends, in `NIODeadline` nanoseconds; 0 when not ejected.
    private let ejectedUntil = Atomic<Int64>(0)
    private let consecutiveFailures = Atomic<Int>(0)
    private let ejections = Atomic<Int>(0)

    var isHealthy: Bool { !failedCheck.load(ordering: .relaxed) }

    /// Whether requests may go to the endpoint now.
    func isUsable(at now: NIODeadline) -> Bool {
        guard isHealthy else { return false }
        let until = ejectedUntil.load(ordering: .relaxed)
        return until == 0 || now.uptimeNanoseconds >= UInt64(max(until, 0))
    }

    func isEjected(at now: NIODeadline) -> Bool {
        let until = ejectedUntil.load(ordering: .relaxed)
        return until != 0 && now.uptimeNanoseconds < UInt64(max(until, 0))
    }

    /// Records a health check's verdict; returns whether the endpoint's health changed.
    func setHealthy(_ healthy: Bool) -> Bool {
        failedCheck.exchange(!healthy, ordering: .relaxed) == healthy
    }

    /// Records an upstream success for outlier detection.
    func recordSuccess() {
        if consecutiveFailures.load(ordering: .relaxed) != 0 { consecutiveFailures.store(0, ordering: .relaxed) }
    }

    /// Records an upstream failure (5xx, connect failure, reset); returns true when it reaches `policy`'s limit.
    func recordFailure(_ policy: OutlierPolicy) -> Bool {
        consecutiveFailures.wrappingAdd(1, ordering: .relaxed).newValue >= policy.consecutive5xx
    }

    /// Ejects the endpoint for the base time × its ejections so far.
    func eject(_ policy: OutlierPolicy, now: NIODeadline) {
        consecutiveFailures.store(0, ordering: .relaxed)
        let count = ejections.wrappingAdd(1, ordering: .relaxed).newValue
        let duration = min(policy.baseEjectionTime * Int64(count), OutlierPolicy.maxEjectionTime)
        ejectedUntil.store(Int64((now + duration).uptimeNanoseconds), ordering: .relaxed)
    }
}
