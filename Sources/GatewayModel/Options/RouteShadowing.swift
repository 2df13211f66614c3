/// Copies a share of a route's requests to another upstream and ignores the answers
/// (`shadowing.options.gloo.solo.io.RouteShadowing`).
public struct RouteShadowing: Codable, Hashable, Sendable {
    /// Where the copies go.
    public var upstream: ResourceRef?
    /// Share of requests copied, 0 to 100.
    public var percentage: Float?
    /// Keep the host as it is instead of appending `-shadow` to it.
    public var disableShadowHostSuffixAppend: Bool?
    /// A host to put on the copies instead.
    public var hostRewriteLiteral: String?

    public init() {}
}
