/// Faults injected into a share of a route's requests (`fault.options.gloo.solo.io.RouteFaults`).
public struct RouteFaults: Codable, Hashable, Sendable {
    /// Answer some requests with an error status instead of forwarding them.
    public var abort: Abort?
    /// Hold some requests for a while before forwarding them.
    public var delay: Delay?

    public init() {}

    /// An injected error response (`RouteAbort`).
    public struct Abort: Codable, Hashable, Sendable {
        /// Share of requests affected, 0 to 100.
        public var percentage: Float?
        /// Status to answer with (200 ..< 600).
        public var httpStatus: UInt32?

        public init() {}
    }

    /// An injected delay (`RouteDelay`).
    public struct Delay: Codable, Hashable, Sendable {
        /// Share of requests affected, 0 to 100.
        public var percentage: Float?
        /// How long to wait.
        public var fixedDelay: ProtoDuration?

        public init() {}
    }
}
