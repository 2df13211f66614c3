/// The `spec` of an UpstreamGroup (`gloo.solo.io/v1`): a named, reusable weighted split over destinations that
/// routes reference with `routeAction.upstreamGroup`.
public struct UpstreamGroupSpec: ResourceSpec {
    /// The resource kind, `UpstreamGroup`.
    public static var kind: ResourceKind { .upstreamGroup }

    /// The destinations and their weights.
    public var destinations: [WeightedDestination]?
    /// Deprecated mirror of the status; kept as written.
    public var namespacedStatuses: ConfigValue?

    /// An empty group.
    public init() {}

    /// A group over these destinations.
    public init(destinations: [WeightedDestination]) {
        self.destinations = destinations
    }
}
