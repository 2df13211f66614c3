/// The kinds of resource this library reads, with their API group and Kubernetes kind name.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case gateway = "Gateway"
    case virtualService = "VirtualService"
    case routeTable = "RouteTable"
    case upstream = "Upstream"
    case upstreamGroup = "UpstreamGroup"
    case settings = "Settings"
    case secret = "Secret"
    case proxy = "Proxy"

    /// The `apiVersion` resources of this kind are written with.
    public var apiVersion: String {
        switch self {
        case .gateway, .virtualService, .routeTable: "gateway.solo.io/v1"
        case .upstream, .upstreamGroup, .settings, .secret, .proxy: "gloo.solo.io/v1"
        }
    }

    /// The kind named by a document's `kind` and `apiVersion`; nil for kinds this library does not know.
    public init?(kind: String, apiVersion: String) {
        guard let known = ResourceKind(rawValue: kind), known.apiVersion == apiVersion else { return nil }
        self = known
    }

    /// The order in which reports list kinds: the user layer first.
    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// The `spec` of a resource kind.
public protocol ResourceSpec: Codable, Hashable, Sendable {
    static var kind: ResourceKind { get }
}

/// Kubernetes object metadata: the fields this library reads, the rest kept as written.
public struct ResourceMetadata: Codable, Hashable, Sendable {
    public var name: String
    /// Defaults to `default` (see ``Resource/namespace``).
    public var namespace: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var resourceVersion: String?
    public var generation: Int64?
    public var uid: String?
    public var creationTimestamp: ConfigValue?
    public var ownerReferences: ConfigValue?
    public var finalizers: ConfigValue?
    public var managedFields: ConfigValue?

    public init(name: String, namespace: String? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
    }
}

/// One resource in the Kubernetes shape: `apiVersion`, `kind`, `metadata`, `spec`.
public struct Resource<Spec: ResourceSpec>: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ResourceMetadata
    @Indirect public var spec: Spec
    /// Status written by a controller; read and kept, never interpreted.
    public var status: ConfigValue?

    public init(name: String, namespace: String = "default", labels: [String: String]? = nil, spec: Spec) {
        self.apiVersion = Spec.kind.apiVersion
        self.kind = Spec.kind.rawValue
        self.metadata = ResourceMetadata(name: name, namespace: namespace, labels: labels)
        self.spec = spec
    }

    public var name: String { metadata.name }

    /// The namespace, `default` when the metadata has none.
    public var namespace: String {
        metadata.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }

    /// A reference to this resource.
    public var ref: ResourceRef { ResourceRef(name: name, namespace: namespace) }

    /// The labels, empty when there are none.
    public var labels: [String: String] { metadata.labels ?? [:] }
}
