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
    private struct Key: Hashable {
        var name: String
        var codeClass: Int
    }

    private struct Handles {
        var requests: [Key: Counter] = [:]
        var durations: [String: Metrics.Timer] = [:]
        var upstreamRequests: [Key: Counter] = [:]
        var upstreamDurations: [String: Metrics.Timer] = [:]
        var failures: [Key: Counter] = [:]
    }

    private let handles = NIOLockedValueBox(Handles())

    public init() {}

    public func requestCompleted(_ record: RequestRecord) {
        let codeClass = record.status / 100
        let (requests, duration, upstream, upstreamDuration, failure) = handles.withLockedValue { handles in
            let key = Key(name: record.listener, codeClass: codeClass)
            let requests =
                handles.requests[key]
                ?? Self.make(&handles.requests, key) {
                    Counter(
                        label: "gateway_requests_total",
                        dimensions: [("listener", record.listener), ("code_class", Self.codeClass(codeClass))]
                    )
                }
            let duration =
                handles.durations[record.listener]
                ?? Self.make(&handles.durations, record.listener) {
                    Metrics.Timer(
                        label: "gateway_request_duration_seconds",
                        dimensions: [("listener", record.listener)],
                        preferredDisplayUnit: .seconds
                    )
                }
            guard let cluster = record.upstreamCluster else {
                return (requests, duration, nil as Counter?, nil as Metrics.Timer?, nil as Counter?)
            }
            var upstream: Counter?
            var upstreamDuration: Metrics.Timer?
            var failure: Counter?
            if record.upstreamServiceTime != nil {
                let upstreamKey = Key(name: cluster, codeClass: codeClass)
                upstream =
                    handles.upstreamRequests[upstreamKey]
                    ?? Self.make(&handles.upstreamRequests, upstreamKey) {
                        Counter(
                            label: "gateway_upstream_requests_total",
                            dimensions: [("upstream", cluster), ("code_class", Self.codeClass(codeClass))]
                        )
                    }
                upstreamDuration =
                    handles.upstreamDurations[cluster]
                    ?? Self.make(&handles.upstreamDurations, cluster) {
                        Metrics.Timer(
                            label: "gateway_upstream_request_duration_seconds",
                            dimensions: [("upstream", cluster)],
                            preferredDisplayUnit: .seconds
                        )
                    }
            } else if record.responseFlags != "-" {
                let failureKey = Key(name: cluster + " " + record.responseFlags, codeClass: 0)
                failure =
                    handles.failures[failureKey]
                    ?? Self.make(&handles.failures, failureKey) {
                        Counter(
                            label: "gateway_upstream_failures_total",
                            dimensions: [("upstream", cluster), ("flag", record.responseFlags)]
                        )
                    }
            }
            return (requests, duration, upstream, upstreamDuration, failure)
        }
        requests.increment()
        duration.recordNanoseconds(record.duration.nanoseconds)
        upstream?.increment()
        if let time = record.upstreamServiceTime { upstreamDuration?.recordNanoseconds(time.nanoseconds) }
        failure?.increment()
    }

    private static func make<K: Hashable, V>(_ dictionary: inout [K: V], _ key: K, _ value: () -> V) -> V {
        let made = value()
        dictionary[key] = made
        return made
    }

    private static func codeClass(_ value: Int) -> String { value == 0 ? "none" : "\(value)xx" }
}
