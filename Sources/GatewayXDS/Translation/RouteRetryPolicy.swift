internal import GatewayModel
internal import SwiftProtobuf

/// Retry policies of routes and virtual hosts, as Gloo's basic route plugin converts them (`convertPolicy`):
/// `numRetries` 0 means Envoy's 1, back-off intervals are checked, `previousPriorities` becomes Envoy's
/// `envoy.retry_priorities.previous_priorities` predicate.
enum RouteRetryPolicy {
    /// The name of Envoy's previous-priorities retry predicate.
    static let previousPrioritiesName = "envoy.retry_priorities.previous_priorities"

    /// The Envoy policy for `policy`, or nil (with errors) when Envoy would reject it.
    static func translate(_ policy: RetryPolicy, report: inout ListenerPartReport) -> Envoy_Config_Route_V3_RetryPolicy?
    {
        var out = Envoy_Config_Route_V3_RetryPolicy()
        var valid = true
        out.retryOn = policy.retryOn ?? ""
        let retries = policy.numRetries ?? 0
        out.numRetries = Google_Protobuf_UInt32Value(retries == 0 ? 1 : retries)
        if let timeout = policy.perTryTimeout {
            guard let duration = RouteDurations.nonNegative(timeout, "retries.perTryTimeout", report: &report) else {
                return nil
            }
            out.perTryTimeout = duration
        }
        if let backOff = policy.retryBackOff {
            let base = backOff.baseInterval
            let max = backOff.maxInterval
            switch (base, max) {
            case (nil, nil):
                break
            case (nil, _?):
                report.fail("retries.retryBackOff: max interval was defined, but the base interval was not")
                valid = false
            case (let base?, let max):
                // Envoy needs a base of at least 1ms and a maximum no smaller than the base.
                if base < ProtoDuration(seconds: 0, nanos: 1_000_000) {
                    report.fail("retries.retryBackOff.baseInterval must be at least 1ms, found \(base)")
                    valid = false
                }
                if let max, max < base || max <= ProtoDuration(seconds: 0) {
                    report.fail("retries.retryBackOff: base interval \(base) is greater than max interval \(max)")
                    valid = false
                }
                out.retryBackOff.baseInterval = RouteDurations.duration(base)
                if let max { out.retryBackOff.maxInterval = RouteDurations.duration(max) }
            }
        }
        if let previous = policy.previousPriorities {
            var config = Envoy_Extensions_Retry_Priority_PreviousPriorities_V3_PreviousPrioritiesConfig()
            // Envoy needs an update frequency above 0; Gloo uses 1 when none is given.
            let frequency = previous.updateFrequency ?? 1
            guard frequency > 0, frequency <= UInt32(Int32.max) else {
                report.fail("retries.previousPriorities.updateFrequency must be between 1 and \(Int32.max)")
                return nil
            }
            config.updateFrequency = Int32(frequency)
            out.retryPriority.name = previousPrioritiesName
            out.retryPriority.typedConfig = Google_Protobuf_Any(packing: config)
        }
        out.retriableStatusCodes = policy.retriableStatusCodes ?? []
        if let rateLimited = policy.rateLimitedRetryBackOff {
            let headers = rateLimited.resetHeaders ?? []
            // RateLimitedRetryBackOff needs at least one reset header, each with a name.
            if headers.isEmpty || headers.contains(where: { ($0.name ?? "").isEmpty }) {
                report.fail("retries.rateLimitedRetryBackOff needs at least one reset header, each with a name")
                valid = false
            }
            for header in headers {
                var reset = Envoy_Config_Route_V3_RetryPolicy.ResetHeader()
                reset.name = header.name ?? ""
                reset.format = header.format == .unixTimestamp ? .unixTimestamp : .seconds
                out.rateLimitedRetryBackOff.resetHeaders.append(reset)
            }
            if let max = rateLimited.maxInterval {
                guard
                    let interval = RouteDurations.positive(
                        max,
                        "retries.rateLimitedRetryBackOff.maxInterval",
                        report: &report
                    )
                else { return nil }
                out.rateLimitedRetryBackOff.maxInterval = interval
            }
        }
        return valid ? out : nil
    }
}
