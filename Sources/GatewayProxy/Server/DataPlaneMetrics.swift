import Metrics
import NIOConcurrencyHelpers
import NIOCore

/// The data plane's request metrics through swift-metrics, for whatever backend the application bootstraps
/// (Prometheus in `gateway`):
///
/// - `gateway_requests_total{listener, code_class}`: answered requests by status class (`2xx` … `5xx`);
/// - `gateway_request_duration_seconds{listener}`: time from the request head to the last response byte;
/// - `gateway_upstream_requests_total{upstream, code_class}` and `gateway_upstream_request_duration_seconds{upstream}`:
///   the requests each Upstream answered, and its time to the response head;
/// - `gateway_upstream_failures_total{upstream, flag}`: requests answered locally for an upstream's failure, by
///   Envoy's response flag (`UF`, `UC`, `UT`, `UH`, …).
///
/// Metric handles are made once per label set and reused.
public final class DataPlaneMetrics: RequestObserver {
    /// Everything that picks a request's metrics.
    private struct Key: Hashable {
        var listener: String
        var codeClass: Int
        var upstream: String?
        /// Whether the upstream answered; else `flag` says why it did not.
        var answered: Bool
        var flag: String?

        init(_ record: RequestRecord) {
            listener = record.listener
            codeClass = record.status / 100
            upstream = record.upstreamCluster
            answered = record.upstreamServiceTime != nil
            flag = upstream != nil && !answered && record.responseFlags != "-" ? record.responseFlags : nil
        }
    }

    /// The metrics a request with some ``Key`` updates.
    private struct Handles {
        var requests: Counter
        var duration: Metrics.Timer
        var upstreamRequests: Counter?
        var upstreamDuration: Metrics.Timer?
        var failures: Counter?

        init(_ key: Key) {
            let codeClass = key.codeClass == 0 ? "none" : "\(key.codeClass)xx"
            requests = Counter(
                label: "gateway_requests_total",
                dimensions: [("listener", key.listener), ("code_class", codeClass)]
            )
            duration = Metrics.Timer(
                label: "gateway_request_duration_seconds",
                dimensions: [("listener", key.listener)],
                preferredDisplayUnit: .seconds
            )
            guard let upstream = key.upstream else { return }
            if key.answered {
                upstreamRequests = Counter(
                    label: "gateway_upstream_requests_total",
                    dimensions: [("upstream", upstream), ("code_class", codeClass)]
                )
                upstreamDuration = Metrics.Timer(
                    label: "gateway_upstream_request_duration_seconds",
                    dimensions: [("upstream", upstream)],
                    preferredDisplayUnit: .seconds
                )
            } else if let flag = key.flag {
                failures = Counter(
                    label: "gateway_upstream_failures_total",
                    dimensions: [("upstream", upstream), ("flag", flag)]
                )
            }
        }
    }

    private struct State {
        var handles: [Key: Handles] = [:]
        /// The last key used, which the next request most likely shares (compared without hashing).
        var last: (key: Key, handles: Handles)?
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public func requestCompleted(_ record: RequestRecord) {
        let key = Key(record)
        let handles = state.withLockedValue { state in
            if let last = state.last, last.key == key { return last.handles }
            let handles = state.handles[key] ?? Handles(key)
            state.handles[key] = handles
            state.last = (key, handles)
            return handles
        }
        handles.requests.increment()
        handles.duration.recordNanoseconds(record.duration.nanoseconds)
        handles.upstreamRequests?.increment()
        if let time = record.upstreamServiceTime { handles.upstreamDuration?.recordNanoseconds(time.nanoseconds) }
        handles.failures?.increment()
    }
}
