/// When and how often a failed upstream request is tried again (`retries.options.gloo.solo.io.RetryPolicy`).
public struct RetryPolicy: Codable, Hashable, Sendable {
    /// Comma-separated Envoy retry conditions, e.g. `5xx,connect-failure`.
    public var retryOn: String?
    /// How many times to retry; Envoy's default is 1.
    public var numRetries: UInt32?
    /// Time limit for each attempt, including the first.
    public var perTryTimeout: ProtoDuration?
    /// Waiting time between attempts.
    public var retryBackOff: RetryBackOff?
    /// Avoids priorities tried before (the only member of the `priority_predicate` oneof).
    public var previousPriorities: PreviousPriorities?
    /// Status codes that count as retriable with the `retriable-status-codes` condition.
    public var retriableStatusCodes: [UInt32]?
    /// Waiting time taken from rate-limit response headers.
    public var rateLimitedRetryBackOff: RateLimitedRetryBackOff?

    public init() {}

    /// Exponential back-off between attempts.
    public struct RetryBackOff: Codable, Hashable, Sendable {
        /// The first wait (at least 1ms); later waits grow from it.
        public var baseInterval: ProtoDuration?
        /// The longest wait; default ten times ``baseInterval``.
        public var maxInterval: ProtoDuration?

        public init() {}
    }

    /// Envoy's `envoy.retry_priorities.previous_priorities` predicate.
    public struct PreviousPriorities: Codable, Hashable, Sendable {
        /// How many attempts may pass before priorities already tried are reconsidered.
        public var updateFrequency: UInt32?

        public init() {}
    }

    /// A back-off read from headers of a rate-limited response.
    public struct RateLimitedRetryBackOff: Codable, Hashable, Sendable {
        /// Headers to read the wait from; the first that parses wins.
        public var resetHeaders: [ResetHeader]?
        /// The longest wait honoured; default 300s.
        public var maxInterval: ProtoDuration?

        public init() {}
    }

    /// A response header carrying the time to wait.
    public struct ResetHeader: Codable, Hashable, Sendable {
        public var name: String?
        public var format: HeaderFormat?

        public init() {}

        /// How the header states the wait.
        public enum HeaderFormat: String, ProtoEnum {
            /// A number of seconds (`Retry-After: 30`).
            case seconds = "SECONDS"
            /// A Unix time at which to try again.
            case unixTimestamp = "UNIX_TIMESTAMP"
        }
    }
}
