/// Tracing settings of a route (`tracing.options.gloo.solo.io.RouteTracingSettings`).
public struct RouteTracingSettings: Codable, Hashable, Sendable {
    /// Span name for the route (Envoy's `decorator.operation`).
    public var routeDescriptor: String?
    public var tracePercentages: TracePercentages?
    /// Whether the trace context is passed upstream; default true.
    public var propagate: Bool?

    public init() {}
}

/// Sampling rates, each 0 to 100 (`tracing.options.gloo.solo.io.TracePercentages`).
public struct TracePercentages: Codable, Hashable, Sendable {
    /// Requests carrying `x-client-trace-id`; default 100.
    public var clientSamplePercentage: Float?
    /// Requests without a forced decision; default 100.
    public var randomSamplePercentage: Float?
    /// Cap applied after the other two; default 100.
    public var overallSamplePercentage: Float?

    public init() {}
}
