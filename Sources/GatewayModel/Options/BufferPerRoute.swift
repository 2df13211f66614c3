/// Request buffering limit of Envoy's buffer filter (`envoy.extensions.filters.http.buffer.v3.Buffer`).
public struct BufferSettings: Codable, Hashable, Sendable {
    /// Requests with larger bodies are answered with 413.
    public var maxRequestBytes: UInt32?

    public init() {}
}

/// A virtual host's, route's or destination's override of the buffer filter
/// (`envoy.extensions.filters.http.buffer.v3.BufferPerRoute`).
///
/// ``disabled`` and ``buffer`` form a `oneof`.
public struct BufferPerRoute: Codable, Hashable, Sendable {
    /// Turns buffering off here (only `true` is valid).
    public var disabled: Bool?
    /// Settings that replace the listener's.
    public var buffer: BufferSettings?

    public init() {}
}
