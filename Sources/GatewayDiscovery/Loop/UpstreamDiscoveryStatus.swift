public import GatewayModel

/// Where discovery stands for one Upstream.
public struct UpstreamDiscoveryStatus: Hashable, Sendable {
    /// The outcome of the latest attempt.
    public enum State: String, Hashable, Sendable {
        /// No attempt has finished yet.
        case pending
        /// The latest attempt found the functions in ``UpstreamDiscoveryStatus/functions``.
        case discovered
        /// The latest attempt failed; ``UpstreamDiscoveryStatus/functions`` are those found before, if any.
        case failed
        /// Discovery cannot run for this Upstream as written.
        case blocked
    }

    /// The outcome of the latest attempt.
    public var state: State
    /// The functions of the latest successful attempt: they stay served while later attempts fail.
    public var functions: DiscoveredFunctions?
    /// Why the latest attempt failed, or why discovery is blocked.
    public var error: DiscoveryError?
    /// Attempts that failed in a row.
    public var consecutiveFailures: Int

    /// A status.
    public init(
        state: State,
        functions: DiscoveredFunctions? = nil,
        error: DiscoveryError? = nil,
        consecutiveFailures: Int = 0
    ) {
        self.state = state
        self.functions = functions
        self.error = error
        self.consecutiveFailures = consecutiveFailures
    }

    /// The warning the Upstream's report carries while discovery fails or is blocked; nil otherwise.
    public var warning: String? {
        guard let error, state == .failed || state == .blocked else { return nil }
        if state == .blocked { return "function discovery: \(error.message)" }
        let kept =
            functions.map { "serving the \($0.count) function(s) discovered before" } ?? "no functions discovered yet"
        return "function discovery failed: \(error.message); \(kept)"
    }
}

/// What discovery found for every Upstream it looks at.
public struct DiscoveryResults: Hashable, Sendable {
    /// The status of each Upstream discovery looks at.
    public var statuses: [ResourceID: UpstreamDiscoveryStatus]

    /// Results with these statuses.
    public init(statuses: [ResourceID: UpstreamDiscoveryStatus] = [:]) {
        self.statuses = statuses
    }

    /// `resources` with the discovered functions written into their Upstreams (an Upstream keeps its functions
    /// from the latest successful attempt while discovery fails).
    public func applied(to resources: ResourceSet) -> ResourceSet {
        guard statuses.values.contains(where: { $0.functions != nil }) else { return resources }
        var resources = resources
        for index in resources.upstreams.indices {
            let upstream = resources.upstreams[index]
            guard let functions = statuses[ResourceID(upstream)]?.functions else { continue }
            resources.upstreams[index].spec = functions.applied(to: upstream.spec)
        }
        return resources
    }

    /// Adds a warning to the report of each Upstream whose discovery fails or is blocked.
    public func addWarnings(to reports: inout ResourceReports, for resources: ResourceSet) {
        for upstream in resources.upstreams {
            let id = ResourceID(upstream)
            if let warning = statuses[id]?.warning { reports.addWarning(id, warning) }
        }
    }
}
