/// Something in the configuration the embedded data plane does not serve, named by resource and reason. The rest
/// of the configuration is served; the affected route answers as Envoy does for a missing cluster (503).
public struct DataPlaneProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// `<Kind> <namespace>.<name>`, or the virtual host and route for a route's problem.
    public var resource: String
    public var reason: String

    public init(resource: String, reason: String) {
        self.resource = resource
        self.reason = reason
    }

    public var description: String { "\(resource): \(reason)" }
}
