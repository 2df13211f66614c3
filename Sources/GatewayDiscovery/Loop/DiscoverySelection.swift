public import GatewayModel

/// Which Upstreams function discovery looks at, as Gloo Edge's discovery syncer selects them (its code, which
/// differs from its docs in the details below).
///
/// - The mode is `settings.discovery.fdsMode`; with no `discovery` block (or no Settings) it is `WHITELIST`, and
///   with a block that leaves the mode out it is `BLACKLIST` (the field's zero value).
/// - The label `discovery.solo.io/function_discovery` (`enabled` / `disabled`) is read from the Upstream's
///   `metadata.labels` only, and from the labels of its namespace (a `kube` Upstream's service namespace) when the
///   namespace is known. `kube-system` and `kube-public` count as disabled unless labelled `enabled` — again only
///   when they are known namespaces.
/// - `BLACKLIST`: every Upstream except those labelled `disabled` or in a disabled namespace (an Upstream labelled
///   `enabled` overrides its namespace).
/// - `WHITELIST`: AWS Upstreams as in `BLACKLIST`; others only when labelled `enabled`, or in an `enabled`
///   namespace and not labelled `disabled`.
/// - `DISABLED`: none.
public struct DiscoverySelection: Sendable, Hashable {
    /// The label that opts an Upstream or namespace in or out.
    public static let label = "discovery.solo.io/function_discovery"

    /// The mode in force.
    public var mode: SettingsSpec.DiscoveryOptions.FdsMode
    /// The labels of the namespaces that are known, by name (empty when resources come from files).
    public var namespaceLabels: [String: [String: String]]

    /// A selection in `mode`.
    public init(mode: SettingsSpec.DiscoveryOptions.FdsMode, namespaceLabels: [String: [String: String]] = [:]) {
        self.mode = mode
        self.namespaceLabels = namespaceLabels
    }

    /// The selection `settings` asks for (see the type's documentation for the defaults).
    public init(settings: SettingsSpec?, namespaceLabels: [String: [String: String]] = [:]) {
        let mode: SettingsSpec.DiscoveryOptions.FdsMode =
            if let discovery = settings?.discovery { discovery.fdsMode ?? .blacklist } else { .whitelist }
        self.init(mode: mode, namespaceLabels: namespaceLabels)
    }

    /// Whether discovery looks at `upstream`.
    public func selects(_ upstream: Resource<UpstreamSpec>) -> Bool {
        let labels = upstream.labels
        let enabled = labels[Self.label] == "enabled"
        let disabled = labels[Self.label] == "disabled"
        let namespace = upstream.spec.kube?.serviceNamespace ?? upstream.namespace
        let namespaceDisabled = isDisabled(namespace: namespace)
        let blacklistRule = (!namespaceDisabled || enabled) && !disabled
        switch mode {
        case .disabled:
            return false
        case .blacklist:
            return blacklistRule
        case .whitelist:
            if upstream.spec.aws != nil { return blacklistRule }
            let namespaceEnabled = namespaceLabels[namespace]?[Self.label] == "enabled"
            return (namespaceEnabled && !disabled) || enabled
        }
    }

    private func isDisabled(namespace: String) -> Bool {
        guard let labels = namespaceLabels[namespace] else { return false }
        if labels[Self.label] == "disabled" { return true }
        if namespace == "kube-system" || namespace == "kube-public" { return labels[Self.label] != "enabled" }
        return false
    }
}
