internal import GatewayModel
internal import SwiftProtobuf

/// Conversions of durations with the checks Envoy applies to them.
enum RouteDurations {
    static func duration(_ value: ProtoDuration) -> Google_Protobuf_Duration {
        Google_Protobuf_Duration(seconds: value.seconds, nanos: value.nanos)
    }

    /// `value`, or nil with an error when it is negative (Envoy rejects negative durations).
    static func nonNegative(
        _ value: ProtoDuration,
        _ what: String,
        report: inout ListenerPartReport
    )
        -> Google_Protobuf_Duration?
    {
        guard value >= ProtoDuration(seconds: 0) else {
            report.fail("\(what) must not be negative, found \(value)")
            return nil
        }
        return duration(value)
    }

    /// `value`, or nil with an error when it is not greater than zero (Envoy's `gt {}` rule).
    static func positive(
        _ value: ProtoDuration,
        _ what: String,
        report: inout ListenerPartReport
    )
        -> Google_Protobuf_Duration?
    {
        guard value > ProtoDuration(seconds: 0) else {
            report.fail("\(what) must be greater than 0, found \(value)")
            return nil
        }
        return duration(value)
    }
}
