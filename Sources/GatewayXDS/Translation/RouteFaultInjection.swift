internal import GatewayModel

/// Per-route fault injection for Envoy's `envoy.filters.http.fault` filter (Gloo's faultinjection plugin):
/// an abort with a status and a delay, each for a percentage of requests (as millionths, like Gloo).
enum RouteFaultInjection {
    /// The fault filter's name, also the `typed_per_filter_config` key.
    static let filterName = "envoy.filters.http.fault"

    /// The per-route fault config for `faults`; nil when it configures nothing or (with an error) when Envoy
    /// would reject it.
    static func translate(
        _ faults: RouteFaults,
        report: inout ListenerPartReport
    )
        -> Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault?
    {
        var fault = Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault()
        var valid = true
        if let abort = faults.abort {
            let status = abort.httpStatus ?? 0
            if status < 200 || status >= 600 {
                report.fail("invalid abort status code '\(status)', must be in range of [200,600)")
                valid = false
            }
            fault.abort.httpStatus = status
            fault.abort.percentage = percentage(abort.percentage ?? 0)
        }
        if let delay = faults.delay {
            let fixed = delay.fixedDelay ?? ProtoDuration(seconds: 0)
            // Envoy needs a delay above zero (Gloo checks whole seconds; any positive delay is valid in Envoy).
            if let duration = RouteDurations.positive(fixed, "faults.delay.fixedDelay", report: &report) {
                fault.delay.fixedDelay = duration
            } else {
                valid = false
            }
            fault.delay.percentage = percentage(delay.percentage ?? 0)
        }
        guard valid else { return nil }
        return faults.abort == nil && faults.delay == nil ? nil : fault
    }

    /// A percentage (0 to 100) as Gloo's `ToEnvoyPercentage` writes it: millionths.
    static func percentage(_ value: Float) -> Envoy_Type_V3_FractionalPercent {
        var fraction = Envoy_Type_V3_FractionalPercent()
        // Out-of-range and non-finite values would overflow the conversion; Envoy caps at 100% anyway.
        let clamped = value.isFinite ? min(max(value, 0), 100) : 0
        fraction.numerator = UInt32((clamped * 10_000).rounded(.towardZero))
        fraction.denominator = .million
        return fraction
    }
}
