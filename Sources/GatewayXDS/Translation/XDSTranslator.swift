public import GatewayModel

/// Translates a Proxy, with the Upstreams and Secrets it uses, into Envoy resources with Gloo Edge's names:
/// listeners `listener-<address>-<port>`, route configurations `<listener>-routes`, clusters
/// `<upstream>_<namespace>`.
///
/// Everything Envoy expresses natively is translated; options it cannot express (transformations, for
/// example) become warnings on the resource that holds them, never silently dropped.
///
/// ```swift
/// let translation = XDSTranslator().translate(proxy, in: resources)
/// for report in translation.reports.reports { print(report) }
/// ```
public struct XDSTranslator: Sendable {
    /// Settings that change the shape of the output.
    public struct Options: Sendable, Hashable {
        /// How listeners and clusters receive their route configurations, endpoints and secrets.
        public var delivery: Delivery = .aggregated

        public init() {}
    }

    /// Where route configurations, endpoints and TLS secrets live.
    public enum Delivery: Sendable, Hashable {
        /// Separate resources over ADS: RDS route configurations, EDS endpoints, SDS secrets.
        case aggregated
        /// Embedded in their parents, for a static bootstrap: inline `route_config`, `load_assignment`, and
        /// secrets referenced by name from `static_resources.secrets`.
        case embedded
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The Envoy resources of `proxy`, and the warnings and errors met on the way, reported on the
    /// resources (VirtualServices, Upstreams, Gateways, …) that caused them.
    public func translate(_ proxy: Resource<ProxySpec>, in resources: ResourceSet) -> XDSTranslation {
        var context = TranslationContext(resources: resources, options: options)
        var output = XDSResources()
        ListenerTranslation.translate(proxy, into: &output, context: &context)
        ClusterTranslation.translate(resources.upstreams, into: &output, context: &context)
        SecretTranslation.translate(context.referencedSecrets, into: &output, context: &context)
        output.sortByName()
        return XDSTranslation(resources: output, reports: context.reports)
    }
}

/// The result of translating one proxy.
public struct XDSTranslation: Sendable {
    /// The resources to publish (after ``XDSValidator`` accepts them).
    public var resources: XDSResources
    /// Warnings and errors, on the resources that caused them.
    public var reports: ResourceReports
}

/// State shared by the parts of one translation.
struct TranslationContext {
    let resources: ResourceSet
    let options: XDSTranslator.Options
    var reports = ResourceReports()
    /// Secrets that listeners and clusters reference by Envoy name, with the Secret resource each comes from.
    var referencedSecrets: [String: ResourceRef] = [:]

    init(resources: ResourceSet, options: XDSTranslator.Options) {
        self.resources = resources
        self.options = options
    }

    mutating func warn(_ id: ResourceID, _ message: String) {
        reports.addWarning(id, message)
    }

    mutating func fail(_ id: ResourceID, _ message: String) {
        reports.addError(id, message)
    }

    /// Registers a Secret a listener or cluster uses and returns its Envoy name.
    mutating func referenceSecret(_ ref: ResourceRef) -> String {
        let name = EnvoyNames.secret(ref)
        referencedSecrets[name] = ref
        return name
    }
}
