/// A route: matchers, options, and exactly one action (`gateway.solo.io.Route`, and `gloo.solo.io.Route`
/// in a Proxy, where delegation has been resolved).
public struct Route: Codable, Hashable, Sendable {
    /// Any of these selects the route; none means `prefix: /`.
    public var matchers: [Matcher]?
    /// Whether routes this one delegates to inherit its headers, methods and query parameters.
    public var inheritableMatchers: Bool?
    /// Whether routes this one delegates to take its path matcher in place of their own.
    public var inheritablePathMatchers: Bool?
    @IndirectOptional public var routeAction: RouteAction? = nil
    @IndirectOptional public var redirectAction: RedirectAction? = nil
    public var directResponseAction: DirectResponseAction?
    @IndirectOptional public var delegateAction: DelegateAction? = nil
    @IndirectOptional public var graphqlApiRef: ConfigValue? = nil
    @IndirectOptional public var options: RouteOptions? = nil
    public var name: String?
    public var optionsConfigRefs: DelegateOptionsRefs?
    /// Provenance Gloo writes on Proxy routes; kept as written.
    public var metadataStatic: ConfigValue?

    public init() {}

    public init(matchers: [Matcher]? = nil, action: Action, name: String? = nil) {
        self.matchers = matchers
        self.name = name
        self.action = action
    }

    /// The action, when exactly one is set.
    public var action: Action? {
        get {
            switch (routeAction, redirectAction, directResponseAction, delegateAction) {
            case (let action?, nil, nil, nil): .route(action)
            case (nil, let action?, nil, nil): .redirect(action)
            case (nil, nil, let action?, nil): .directResponse(action)
            case (nil, nil, nil, let action?): .delegate(action)
            default: nil
            }
        }
        set {
            routeAction = nil
            redirectAction = nil
            directResponseAction = nil
            delegateAction = nil
            switch newValue {
            case .route(let action): routeAction = action
            case .redirect(let action): redirectAction = action
            case .directResponse(let action): directResponseAction = action
            case .delegate(let action): delegateAction = action
            case nil: break
            }
        }
    }

    /// `options.map(body)`, reading the options in place: reading ``options`` copies every field.
    public func withOptions<Result>(_ body: (RouteOptions) throws -> Result) rethrows -> Result? {
        try _options.map(body)
    }

    /// How many actions are set (exactly one is valid).
    public var actionCount: Int {
        (routeAction == nil ? 0 : 1) + (redirectAction == nil ? 0 : 1) + (directResponseAction == nil ? 0 : 1)
            + (delegateAction == nil ? 0 : 1) + (graphqlApiRef == nil ? 0 : 1)
    }

    /// What a route does with a request it matches.
    public enum Action: Hashable, Sendable {
        case route(RouteAction)
        case redirect(RedirectAction)
        case directResponse(DirectResponseAction)
        case delegate(DelegateAction)
    }
}

/// Forward to one or more upstreams (`gloo.solo.io.RouteAction`).
public struct RouteAction: Codable, Hashable, Sendable {
    public var single: Destination?
    public var multi: MultiDestination?
    public var upstreamGroup: ResourceRef?
    /// Envoy reads the cluster name from this request header.
    public var clusterHeader: String?
    public var dynamicForwardProxy: ConfigValue?

    public init() {}

    public static func single(_ destination: Destination) -> RouteAction {
        var action = RouteAction()
        action.single = destination
        return action
    }

    /// How many destination kinds are set (exactly one is valid).
    public var destinationCount: Int {
        (single == nil ? 0 : 1) + (multi == nil ? 0 : 1) + (upstreamGroup == nil ? 0 : 1)
            + (clusterHeader == nil ? 0 : 1) + (dynamicForwardProxy == nil ? 0 : 1)
    }
}

/// Answer with a redirect (`gloo.solo.io.RedirectAction`).
public struct RedirectAction: Codable, Hashable, Sendable {
    public var hostRedirect: String?
    public var pathRedirect: String?
    public var prefixRewrite: String?
    public var regexRewrite: RegexRewrite?
    /// Default `MOVED_PERMANENTLY` (301).
    public var responseCode: ResponseCode?
    public var httpsRedirect: Bool?
    public var stripQuery: Bool?
    public var portRedirect: UInt32?

    public init() {}

    /// Redirect status codes, by their Envoy names.
    public enum ResponseCode: String, ProtoEnum {
        case movedPermanently = "MOVED_PERMANENTLY"
        case found = "FOUND"
        case seeOther = "SEE_OTHER"
        case temporaryRedirect = "TEMPORARY_REDIRECT"
        case permanentRedirect = "PERMANENT_REDIRECT"

        /// The HTTP status.
        public var status: Int {
            switch self {
            case .movedPermanently: 301
            case .found: 302
            case .seeOther: 303
            case .temporaryRedirect: 307
            case .permanentRedirect: 308
            }
        }
    }
}

/// Answer directly with a status and body (`gloo.solo.io.DirectResponseAction`).
public struct DirectResponseAction: Codable, Hashable, Sendable {
    public var status: UInt32?
    public var body: String?

    public init(status: UInt32, body: String? = nil) {
        self.status = status
        self.body = body
    }
}

/// Hand the request to the routes of one or more RouteTables (`gateway.solo.io.DelegateAction`).
public struct DelegateAction: Codable, Hashable, Sendable {
    /// Deprecated form of ``ref``; wins when set.
    public var name: String?
    /// Deprecated form of ``ref``; wins when set.
    public var namespace: String?
    public var ref: ResourceRef?
    public var selector: RouteTableSelector?

    public init() {}

    public static func ref(_ ref: ResourceRef) -> DelegateAction {
        var action = DelegateAction()
        action.ref = ref
        return action
    }

    /// The referenced table, from the deprecated fields or ``ref``.
    public var effectiveRef: ResourceRef? {
        if !(name ?? "").isEmpty || !(namespace ?? "").isEmpty {
            return ResourceRef(name: name ?? "", namespace: namespace)
        }
        return ref
    }
}

/// Selects RouteTables by namespace and labels (`gateway.solo.io.RouteTableSelector`).
public struct RouteTableSelector: Codable, Hashable, Sendable {
    /// Namespaces to search; default the delegating resource's namespace; `*` means all.
    public var namespaces: [String]?
    public var labels: [String: String]?
    public var expressions: [LabelExpression]?

    public init() {}
}
