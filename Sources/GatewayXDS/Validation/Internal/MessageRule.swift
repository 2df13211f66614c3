internal import SwiftProtobuf

/// The checks for one message type, run by ``ProtoWalker`` on every message of that type in a resource.
struct MessageRule: Sendable {
    let type: ObjectIdentifier
    /// The check, on a message of `type` at the address given (a dynamic cast per message would cost more than
    /// most checks).
    private let body: @Sendable (UnsafeRawPointer, inout ValidationContext) -> Void

    init<M: SwiftProtobuf.Message>(_ type: M.Type, _ body: @escaping @Sendable (M, inout ValidationContext) -> Void) {
        self.type = ObjectIdentifier(type)
        self.body = { address, context in body(address.assumingMemoryBound(to: M.self).pointee, &context) }
    }

    /// Runs the check on `message`, if it is of the rule's type.
    func check<M: SwiftProtobuf.Message>(_ message: M, _ context: inout ValidationContext) {
        guard ObjectIdentifier(M.self) == type else { return }
        withUnsafePointer(to: message) { body(UnsafeRawPointer($0), &context) }
    }
}

/// Every rule of every resource family, by message type.
enum MessageRules {
    /// What the walker does with a message of one type: the rules to run, and whether to walk into it.
    struct ForType: Sendable {
        var rules: [MessageRule] = []
        var isOpaque = false
    }

    /// Every type with rules, or that the walker does not enter.
    static let byType: [ObjectIdentifier: ForType] = {
        var byType = rulesByType.mapValues { ForType(rules: $0) }
        for type in ProtoWalker.opaqueTypes { byType[type, default: ForType()].isOpaque = true }
        return byType
    }()

    private static let rulesByType: [ObjectIdentifier: [MessageRule]] = {
        let all =
            ListenerValidation.rules + HTTPFilterValidation.rules + RouteValidation.rules + ClusterValidation.rules
            + EndpointValidation.rules + SecretValidation.rules + CommonValidation.rules + Consistency.rules
        return Dictionary(grouping: all, by: \.type)
    }()
}

/// Envoy's protoc-gen-validate messages, as they appear after `caused by …: ` in a NACK.
enum PGV {
    static let required = "value is required"
    static let nonEmpty = "value length must be at least 1 characters"
    static let definedEnum = "value must be one of the defined enum values"
    static let positiveDuration = "value must be greater than 0s"
    /// `well_known_regex: HTTP_HEADER_NAME` / `HTTP_HEADER_VALUE` with `strict: false`.
    static let headerPattern = #"value does not match regex pattern "^[^\x00\n\r]*$""#
    /// `well_known_regex: HTTP_HEADER_VALUE` with `strict: true` (the default), as Envoy prints it.
    static let strictHeaderValuePattern = #"value does not match regex pattern "^[^\x00-\b\n-\x1f\x7f]*$""#

    static func oneofRequired(_ oneof: String) -> String {
        "field: \"\(oneof)\", reason: is required"
    }

    static func minItems(_ count: Int) -> String {
        "value must contain at least \(count) item(s)"
    }

    static func maxItems(_ count: Int) -> String {
        "value must contain no more than \(count) item(s)"
    }

    static func maxBytes(_ count: Int) -> String {
        "value length must be at most \(count) bytes"
    }

    static func lessOrEqual(_ bound: some BinaryInteger) -> String {
        "value must be less than or equal to \(bound)"
    }

    static func greaterOrEqual(_ bound: some BinaryInteger) -> String {
        "value must be greater than or equal to \(bound)"
    }

    static func greater(_ bound: some BinaryInteger) -> String {
        "value must be greater than \(bound)"
    }

    /// `[low, high)`, or `[low, high]` when `closed`.
    static func inside(_ low: some BinaryInteger, _ high: some BinaryInteger, closed: Bool = false) -> String {
        "value must be inside range [\(low), \(high)\(closed ? "]" : ")")"
    }

    static func notIn(_ name: String) -> String {
        "value must not be in list [\(name)]"
    }
}

/// Envoy's check of every `Duration` in a resource (`MessageUtil::validateDurationFields`).
enum DurationRule {
    /// Protobuf's limit: 10 000 years.
    static let maxSeconds: Int64 = 315_576_000_000

    /// Envoy's error for `duration`, or nil when it is acceptable.
    static func problem(_ duration: Google_Protobuf_Duration) -> String? {
        if duration.seconds < 0 || duration.nanos < 0 {
            return "Invalid duration: Expected positive duration"
        }
        if duration.seconds > maxSeconds || duration.nanos > 999_999_999 {
            return "Invalid duration: Duration out-of-range"
        }
        return nil
    }

    /// Whether `duration`, a valid one, breaks `gt: {bound}` (by default `gt: {}`). Invalid durations are
    /// reported once, by ``problem(_:)``, as Envoy does.
    static func isNotAbove(_ duration: Google_Protobuf_Duration, _ boundNanoseconds: Int64 = 0) -> Bool {
        problem(duration) == nil && duration.totalNanoseconds <= boundNanoseconds
    }

    /// Whether `duration`, a valid one, breaks `gte: {bound}`.
    static func isBelow(_ duration: Google_Protobuf_Duration, _ boundNanoseconds: Int64) -> Bool {
        problem(duration) == nil && duration.totalNanoseconds < boundNanoseconds
    }
}

extension Google_Protobuf_Duration {
    /// The duration in nanoseconds, saturating beyond `Int64`'s range.
    var totalNanoseconds: Int64 {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(Int64(nanos))
        return sumOverflow ? (nanos < 0 ? .min : .max) : sum
    }
}
