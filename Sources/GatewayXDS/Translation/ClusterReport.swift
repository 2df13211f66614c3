internal import GatewayModel
internal import SwiftProtobuf

/// The errors and warnings met while translating one Upstream into a cluster, each naming the field it is
/// about, plus the checked conversions of values Envoy constrains.
///
/// An error means Envoy would reject the cluster (or Gloo rejects the Upstream): the cluster is left out and
/// the Upstream is Rejected. A warning means something written is not sent to Envoy, or not exactly.
struct ClusterReport {
    private(set) var errors: [String] = []
    private(set) var warnings: [String] = []

    /// Records that the value at `path` makes the cluster invalid.
    mutating func fail(_ path: String, _ reason: String) {
        errors.append("\(path): \(reason)")
    }

    /// Records a warning about the value at `path`.
    mutating func warn(_ path: String, _ reason: String) {
        warnings.append("\(path): \(reason)")
    }

    /// Records that the option `name` at `path` is read but not sent to Envoy, and why.
    mutating func notSent(_ name: String, at path: String, because reason: String) {
        warnings.append("option '\(name)' at \(path) is not sent to Envoy: \(reason)")
    }

    /// Whether nothing has failed so far.
    var isValid: Bool { errors.isEmpty }

    // MARK: - Checked conversions

    /// `value` as a protobuf duration, without checks.
    static func duration(_ value: ProtoDuration) -> Google_Protobuf_Duration {
        Google_Protobuf_Duration(seconds: value.seconds, nanos: value.nanos)
    }

    /// `value` as a protobuf duration when it is greater than zero (Envoy's `gt {}` rule); nil when absent or,
    /// with an error, when it is not.
    mutating func positiveDuration(_ value: ProtoDuration?, at path: String) -> Google_Protobuf_Duration? {
        guard let value else { return nil }
        guard value > ProtoDuration(seconds: 0) else {
            fail(path, "must be greater than 0, found \(value)")
            return nil
        }
        return Self.duration(value)
    }

    /// `value` as a protobuf duration when it is not negative; nil when absent or, with an error, negative.
    mutating func nonNegativeDuration(_ value: ProtoDuration?, at path: String) -> Google_Protobuf_Duration? {
        guard let value else { return nil }
        guard value >= ProtoDuration(seconds: 0) else {
            fail(path, "must not be negative, found \(value)")
            return nil
        }
        return Self.duration(value)
    }

    /// A percentage (0–100) as a `UInt32Value`; nil when absent or, with an error, above 100.
    mutating func percentage(_ value: UInt32?, at path: String) -> Google_Protobuf_UInt32Value? {
        guard let value else { return nil }
        guard value <= 100 else {
            fail(path, "must be a percentage from 0 to 100, found \(value)")
            return nil
        }
        return Google_Protobuf_UInt32Value(value)
    }

    /// A TCP port: 1 to 65535 (the error for a missing port is Gloo's).
    mutating func port(_ value: UInt32?, at path: String) -> UInt32? {
        guard let value, value != 0 else {
            fail(path, "port cannot be empty for host")
            return nil
        }
        guard value <= 65535 else {
            fail(path, "port must be at most 65535, found \(value)")
            return nil
        }
        return value
    }
}
