/// Extra statistics of a virtual host (`stats.options.gloo.solo.io.Stats`).
public struct VirtualHostStats: Codable, Hashable, Sendable {
    /// Request classes counted separately.
    public var virtualClusters: [VirtualCluster]?

    public init() {}

    /// A named class of requests with its own statistics (`stats.options.gloo.solo.io.VirtualCluster`).
    public struct VirtualCluster: Codable, Hashable, Sendable {
        /// The statistics name.
        public var name: String?
        /// RE2 expression the path must match.
        public var pattern: String?
        /// HTTP method the request must have; any when empty.
        public var method: String?

        public init() {}
    }
}
