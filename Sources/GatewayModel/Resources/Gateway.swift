/// The `spec` of a Gateway (`gateway.solo.io/v1`): one listener of one or more proxies.
public struct GatewaySpec: ResourceSpec {
    public static var kind: ResourceKind { .gateway }

    /// Whether the listener serves TLS: a plain ``httpGateway`` then selects only VirtualServices with an
    /// `sslConfig`, and without one when false.
    public var ssl: Bool?
    public var bindAddress: String?
    public var bindPort: UInt32?
    /// The proxies this listener belongs to; default `["gateway-proxy"]`.
    public var proxyNames: [String]?
    public var options: ListenerOptions?
    public var useProxyProto: Bool?
    public var routeOptions: ConfigValue?
    public var httpGateway: HttpGateway?
    public var tcpGateway: TcpGateway?
    public var hybridGateway: HybridGateway?
    /// Deprecated mirror of the status; kept as written.
    public var namespacedStatuses: ConfigValue?

    public init() {}

    /// The proxies this Gateway belongs to: `proxyNames` as written, or `gateway-proxy` when empty (Gloo's
    /// `GetProxyNamesForGateway`; the Helm chart, not the controller, turns camelCase names into kebab-case).
    public var effectiveProxyNames: [String] {
        let names = proxyNames ?? []
        return names.isEmpty ? ["gateway-proxy"] : names
    }

    /// The listener type that is set, if exactly one is.
    public var listenerKind: ListenerKind? {
        switch (httpGateway != nil, tcpGateway != nil, hybridGateway != nil) {
        case (true, false, false): .http
        case (false, true, false): .tcp
        case (false, false, true): .hybrid
        default: nil
        }
    }

    public enum ListenerKind: String, Hashable, Sendable {
        case http, tcp, hybrid
    }
}

/// An HTTP listener's choice of VirtualServices (`gateway.solo.io.HttpGateway`).
///
/// When several ways are given, expressions win over the label selector, which wins over refs. None at all
/// selects every VirtualService in the namespaces given (all when empty).
public struct HttpGateway: Codable, Hashable, Sendable {
    public var virtualServices: [ResourceRef]?
    public var virtualServiceSelector: [String: String]?
    public var virtualServiceExpressions: VirtualServiceExpressions?
    /// Namespaces to select from; `*` means all.
    public var virtualServiceNamespaces: [String]?
    public var options: HttpListenerOptions?

    public init() {}
}

/// Set-based label requirements (`gateway.solo.io.VirtualServiceSelectorExpressions`).
public struct VirtualServiceExpressions: Codable, Hashable, Sendable {
    public var expressions: [LabelExpression]?

    public init() {}
}

/// One label requirement: `key operator values`.
public struct LabelExpression: Codable, Hashable, Sendable {
    public var key: String
    public var `operator`: Operator?
    public var values: [String]?

    public init(key: String, operator: Operator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Gloo's expression operators, with Kubernetes label-selector meaning.
    public enum Operator: String, ProtoEnum {
        case equals = "Equals"
        case doubleEquals = "DoubleEquals"
        case notEquals = "NotEquals"
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
        case greaterThan = "GreaterThan"
        case lessThan = "LessThan"
    }
}
