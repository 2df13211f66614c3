public import GatewayModel

/// The whole configuration a ``ConfigurationSource`` holds at one moment: every resource read, with the
/// report of each, and the problems that kept a file from being read.
public struct ConfigurationSnapshot: Sendable, Hashable {
    /// Every resource read, as ``ResourceLoader`` reads them: the input of ``ProxyBuilder``.
    public var resources: ResourceSet
    /// Problems found while reading the resources; every resource read has an entry.
    public var reports: ResourceReports
    /// Files or paths that could not be read or parsed, one message each as `gatewayctl` prints them:
    /// `<path>: no such file or directory`, `<file>: cannot read the file`, or a syntax error's
    /// `<file>:<line>:<column>: <message>`.
    public var fileErrors: [String]
    /// Increases with each snapshot a source produces; a source's first snapshot has revision 1.
    public var revision: Int

    /// A snapshot of `resources` with their `reports`.
    public init(
        resources: ResourceSet = ResourceSet(),
        reports: ResourceReports = ResourceReports(),
        fileErrors: [String] = [],
        revision: Int
    ) {
        self.resources = resources
        self.reports = reports
        self.fileErrors = fileErrors
        self.revision = revision
    }
}
