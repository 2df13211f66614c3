import GatewayModel
public import NIOCore

/// An Upstream's active HTTP health check (`healthChecks[0].httpHealthCheck`), as Envoy runs it: a request every
/// `interval`; the first success makes a host healthy at once; `unhealthyThreshold` network failures or timeouts in
/// a row, or one answer outside `expectedStatuses`, make it unhealthy; `healthyThreshold` successes in a row make an
/// unhealthy host healthy again.
public struct HealthCheckPolicy: Sendable, Hashable {
    public var interval: TimeAmount
    public var timeout: TimeAmount
    public var unhealthyThreshold: Int
    public var healthyThreshold: Int
    public var path: String
    /// The `Host` of the check; the cluster's name when not set.
    public var host: String?
    public var method: String
    /// Half-open ranges; only 200 by default.
    public var expectedStatuses: [Range<Int>]

    /// The policy of `check`, or the reason it cannot be run here.
    static func make(_ check: HealthCheck) -> Result<HealthCheckPolicy, DataPlaneProblem> {
        func failure(_ reason: String) -> Result<HealthCheckPolicy, DataPlaneProblem> {
            .failure(DataPlaneProblem(resource: "", reason: reason))
        }
        guard let http = check.httpHealthCheck else {
            return failure("only HTTP health checks are run by the embedded data plane; others are served over xDS")
        }
        guard let path = http.path, !path.isEmpty else { return failure("httpHealthCheck.path is required") }
        if http.useHttp2 == true {
            return failure("httpHealthCheck.useHttp2: HTTP/2 health checks are served over xDS only")
        }
        guard let interval = check.interval.map(TimeAmount.init), interval > .zero,
            let timeout = check.timeout.map(TimeAmount.init), timeout > .zero
        else { return failure("interval and timeout are required and must be positive") }
        let ranges = (http.expectedStatuses ?? []).compactMap { range -> Range<Int>? in
            guard let start = range.start, let end = range.end, start < end else { return nil }
            return Int(clamping: start)..<Int(clamping: end)
        }
        let method: String =
            switch http.method {
            case nil, .methodUnspecified?: "GET"
            case let other?: other.rawValue
            }
        return .success(
            HealthCheckPolicy(
                interval: interval,
                timeout: timeout,
                unhealthyThreshold: Int(max(check.unhealthyThreshold ?? 1, 1)),
                healthyThreshold: Int(max(check.healthyThreshold ?? 1, 1)),
                path: path,
                host: http.host.flatMap { $0.isEmpty ? nil : $0 },
                method: method,
                expectedStatuses: ranges.isEmpty ? [200..<201] : ranges
            )
        )
    }

    func expects(_ status: Int) -> Bool { expectedStatuses.contains { $0.contains(status) } }
}

/// An Upstream's passive outlier detection (`outlierDetection`), consecutive 5xx only, with Envoy's defaults:
/// `consecutive5xx` failures in a row (5xx answers, failed connections, resets) eject a host for
/// `baseEjectionTime` × its ejections so far (at most 300 s), unless that would eject more than
/// `maxEjectionPercent` of the hosts.
public struct OutlierPolicy: Sendable, Hashable {
    public var consecutive5xx: Int
    public var baseEjectionTime: TimeAmount
    public var maxEjectionPercent: Int
    public var enforcing: Int

    init(_ detection: OutlierDetection) {
        consecutive5xx = Int(detection.consecutive5xx ?? 5)
        baseEjectionTime = detection.baseEjectionTime.map(TimeAmount.init) ?? .seconds(30)
        maxEjectionPercent = Int(min(detection.maxEjectionPercent ?? 10, 100))
        enforcing = Int(min(detection.enforcingConsecutive5xx ?? 100, 100))
    }

    static let maxEjectionTime = TimeAmount.seconds(300)
}
