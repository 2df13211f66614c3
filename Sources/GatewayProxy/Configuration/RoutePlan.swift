import GatewayModel
import GatewayRegex
import GatewayTransform
import NIOCore
import NIOHTTP1

/// What the data plane does with a request one route takes, compiled from the route and its virtual host.
final class RoutePlan: Sendable {
    enum Action: Sendable {
        /// `directResponseAction`: the status and body (nil when empty).
        case directResponse(status: HTTPResponseStatus, body: ByteBuffer?)
        case redirect(RedirectPlan)
        case forward(ForwardPlan)
        /// A route whose action cannot be served: answered locally with this status and body, as Envoy answers
        /// a route to a cluster it does not have (503).
        case unavailable(status: HTTPResponseStatus, body: String)
    }

    /// The route's name, for the access log.
    let name: String?
    let action: Action
    let requestHeaders: HeaderEdits
    let responseHeaders: HeaderEdits
    /// The route's transformations, or its virtual host's when the route has none (the more specific replaces
    /// the less, as Envoy's per-route filter configuration does).
    let transformations: StagedTransformations?
    /// `faults`: delays and aborts injected before anything else.
    let faults: FaultPlan?
    /// The CORS policy of the route (or its virtual host).
    let cors: CorsPlan?

    init(
        name: String?,
        action: Action,
        requestHeaders: HeaderEdits,
        responseHeaders: HeaderEdits,
        transformations: StagedTransformations?,
        faults: FaultPlan? = nil,
        cors: CorsPlan? = nil
    ) {
        self.faults = faults
        self.cors = cors
        self.name = name
        self.action = action
        self.requestHeaders = requestHeaders
        self.responseHeaders = responseHeaders
        self.transformations = transformations
    }
}

/// A route that forwards: where to, and how the request is changed on its way.
struct ForwardPlan: Sendable {
    struct Target: Sendable {
        var cluster: UpstreamCluster
        var weight: UInt32
    }

    enum PathRewrite: Sendable {
        /// Replaces the matched prefix (or exact path) of the path; per matcher, the length matched, nil for a
        /// matcher that has none (a regex).
        case prefix(matchedLengths: [Int?], replacement: String)
        /// `regexRewrite`: every match in the path (not the query) replaced, as RE2's `GlobalReplace` does.
        case regex(SafeRegex, SafeRegex.Substitution)

        /// `path` (with its query) rewritten for a request taken by matcher `matcher`.
        func apply(to path: String, matcher: Int) -> String {
            switch self {
            case .prefix(let lengths, let replacement):
                guard matcher < lengths.count, let length = lengths[matcher] else { return path }
                return PathRewriting.replacingPrefix(of: path, length: length, with: replacement)
            case .regex(let regex, let substitution):
                return PathRewriting.replacingMatches(in: path, of: regex, with: substitution)
            }
        }
    }

    enum HostRewrite: Sendable {
        case literal(String)
        /// `autoHostRewrite`: the endpoint's host name.
        case endpoint
    }

    var targets: [Target]
    var totalWeight: UInt64
    var pathRewrite: PathRewrite?
    var hostRewrite: HostRewrite?
    /// `timeout`; nil when 0 (disabled). Envoy's default is 15 s.
    var timeout: TimeAmount?
    var retry: RetryPlan?
    /// `lbHash`: how a request's hash is made, for ring hash clusters.
    var hash: RequestHash?

    /// The target for a random number, as Envoy's weighted clusters choose.
    func target(random: UInt64) -> UpstreamCluster? {
        if targets.count == 1 { return targets[0].cluster }
        guard totalWeight > 0 else { return nil }
        let point = random % totalWeight
        var end: UInt64 = 0
        for target in targets {
            end += UInt64(target.weight)
            if point < end { return target.cluster }
        }
        return nil
    }
}

/// `retries` (Gloo's RetryPolicy) as Envoy's router applies it.
struct RetryPlan: Sendable {
    /// The conditions of `retryOn`.
    struct Conditions: OptionSet, Sendable {
        let rawValue: UInt16
        static let serverError = Conditions(rawValue: 1 << 0)
        static let gatewayError = Conditions(rawValue: 1 << 1)
        static let reset = Conditions(rawValue: 1 << 2)
        static let connectFailure = Conditions(rawValue: 1 << 3)
        static let retriableStatusCodes = Conditions(rawValue: 1 << 4)
        static let refusedStream = Conditions(rawValue: 1 << 5)
        static let retriable4xx = Conditions(rawValue: 1 << 6)
    }

    var conditions: Conditions
    var numRetries: Int
    var perTryTimeout: TimeAmount?
    var retriableStatusCodes: Set<Int>
    var baseInterval: TimeAmount
    var maxInterval: TimeAmount

    /// The plan of `policy`, or nil when it retries nothing.
    init?(_ policy: RetryPolicy?) {
        guard let policy else { return nil }
        var conditions: Conditions = []
        for condition in (policy.retryOn ?? "").split(separator: ",") {
            switch condition.filter({ $0 != " " }) {
            case "5xx": conditions.insert(.serverError)
            case "gateway-error": conditions.insert(.gatewayError)
            case "reset", "reset-before-request": conditions.insert(.reset)
            case "connect-failure": conditions.insert(.connectFailure)
            case "retriable-status-codes": conditions.insert(.retriableStatusCodes)
            case "refused-stream": conditions.insert(.refusedStream)
            case "retriable-4xx": conditions.insert(.retriable4xx)
            default: break
            }
        }
        // Gloo turns 0 (or no value) into one retry.
        let retries = Int(max(policy.numRetries ?? 1, 1))
        guard !conditions.isEmpty, retries > 0 else { return nil }
        self.conditions = conditions
        numRetries = retries
        perTryTimeout = policy.perTryTimeout.map(TimeAmount.init).flatMap { $0 > .zero ? $0 : nil }
        retriableStatusCodes = Set((policy.retriableStatusCodes ?? []).map(Int.init))
        baseInterval = policy.retryBackOff?.baseInterval.map(TimeAmount.init) ?? .milliseconds(25)
        maxInterval = policy.retryBackOff?.maxInterval.map(TimeAmount.init) ?? baseInterval * 10
    }

    /// Whether a response with `status` is retried.
    func retries(status: Int) -> Bool {
        if conditions.contains(.serverError) && status >= 500 { return true }
        if conditions.contains(.gatewayError) && (502...504).contains(status) { return true }
        if conditions.contains(.retriable4xx) && status == 409 { return true }
        if conditions.contains(.retriableStatusCodes) && retriableStatusCodes.contains(status) { return true }
        return false
    }

    /// Whether a failure to connect is retried: Envoy counts a reset as a 5xx and a gateway error.
    var retriesConnectFailure: Bool {
        !conditions.isDisjoint(with: [.serverError, .gatewayError, .connectFailure, .reset])
    }

    /// Whether a reset (the connection closed before a complete response head) is retried.
    var retriesReset: Bool { !conditions.isDisjoint(with: [.serverError, .gatewayError, .reset]) }

    /// Whether an attempt that outlived `perTryTimeout` is retried.
    var retriesPerTryTimeout: Bool { !conditions.isDisjoint(with: [.serverError, .gatewayError, .reset]) }

    /// The wait before retry `attempt` (1-based): Envoy's fully jittered exponential back-off.
    func backOff(attempt: Int, random: UInt64) -> TimeAmount {
        let exponent = min(attempt - 1, 30)
        let ceiling = min(baseInterval.nanoseconds << exponent, maxInterval.nanoseconds)
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64(random % UInt64(ceiling)))
    }
}

/// `faults` as Envoy's fault filter applies them: with `delay.percentage` percent chance the request waits
/// `fixedDelay`, then with `abort.percentage` percent chance it is answered `httpStatus` (`fault filter abort`).
struct FaultPlan: Sendable {
    var abortPercentage: Double
    var abortStatus: HTTPResponseStatus
    var delayPercentage: Double
    var delay: TimeAmount?

    /// nil when `faults` injects nothing.
    init?(_ faults: RouteFaults?) {
        guard let faults else { return nil }
        abortPercentage = Double(faults.abort?.percentage ?? 0)
        abortStatus = HTTPResponseStatus(statusCode: Int(faults.abort?.httpStatus ?? 503))
        delayPercentage = Double(faults.delay?.percentage ?? 0)
        delay = faults.delay?.fixedDelay.map(TimeAmount.init)
        if faults.abort == nil && faults.delay == nil { return nil }
    }

    /// The delay this request gets, if any.
    func delay(random: inout some RandomNumberGenerator) -> TimeAmount? {
        guard let delay, delay > .zero, Self.chance(delayPercentage, &random) else { return nil }
        return delay
    }

    /// The status this request is aborted with, if any.
    func abort(random: inout some RandomNumberGenerator) -> HTTPResponseStatus? {
        Self.chance(abortPercentage, &random) ? abortStatus : nil
    }

    private static func chance(_ percentage: Double, _ random: inout some RandomNumberGenerator) -> Bool {
        percentage >= 100 || (percentage > 0 && Double.random(in: 0..<100, using: &random) < percentage)
    }
}
