// Member-wise decoding for the types a configuration holds thousands of (see ``ConfigMemberwiseDecodable``).
// A field left out here only sends objects that set it through `Codable`; `MemberwiseDecodingTests` checks
// that both ways decode the same values.

extension Route: ConfigMemberwiseDecodable {
    static var configTemplate: Route { Route() }

    static func decodeMember(_ member: ConfigMember, into value: inout Route) throws -> Bool {
        switch member.key {
        case "matchers": value.matchers = try member.optional()
        case "inheritableMatchers": value.inheritableMatchers = try member.optional()
        case "inheritablePathMatchers": value.inheritablePathMatchers = try member.optional()
        case "routeAction": value.routeAction = try member.optional()
        case "redirectAction": value.redirectAction = try member.optional()
        case "directResponseAction": value.directResponseAction = try member.optional()
        case "delegateAction": value.delegateAction = try member.optional()
        case "graphqlApiRef": value.graphqlApiRef = try member.optional()
        case "options": value.options = try member.optional()
        case "name": value.name = try member.optional()
        case "optionsConfigRefs": value.optionsConfigRefs = try member.optional()
        case "metadataStatic": value.metadataStatic = try member.optional()
        default: return false
        }
        return true
    }
}

extension Matcher: ConfigMemberwiseDecodable {
    static var configTemplate: Matcher { Matcher() }

    static func decodeMember(_ member: ConfigMember, into value: inout Matcher) throws -> Bool {
        switch member.key {
        case "prefix": value.prefix = try member.optional()
        case "exact": value.exact = try member.optional()
        case "regex": value.regex = try member.optional()
        case "connectMatcher": value.connectMatcher = try member.optional()
        case "caseSensitive": value.caseSensitive = try member.optional()
        case "headers": value.headers = try member.optional()
        case "queryParameters": value.queryParameters = try member.optional()
        case "methods": value.methods = try member.optional()
        default: return false
        }
        return true
    }
}

extension HeaderMatcher: ConfigMemberwiseDecodable {
    static var configTemplate: HeaderMatcher { HeaderMatcher(name: "") }
    static var requiredMembers: [String] { ["name"] }

    static func decodeMember(_ member: ConfigMember, into value: inout HeaderMatcher) throws -> Bool {
        switch member.key {
        case "name": value.name = try member.required()
        case "value": value.value = try member.optional()
        case "regex": value.regex = try member.optional()
        case "invertMatch": value.invertMatch = try member.optional()
        default: return false
        }
        return true
    }
}

extension QueryParameterMatcher: ConfigMemberwiseDecodable {
    static var configTemplate: QueryParameterMatcher { QueryParameterMatcher(name: "") }
    static var requiredMembers: [String] { ["name"] }

    static func decodeMember(_ member: ConfigMember, into value: inout QueryParameterMatcher) throws -> Bool {
        switch member.key {
        case "name": value.name = try member.required()
        case "value": value.value = try member.optional()
        case "regex": value.regex = try member.optional()
        default: return false
        }
        return true
    }
}

extension RouteAction: ConfigMemberwiseDecodable {
    static var configTemplate: RouteAction { RouteAction() }

    static func decodeMember(_ member: ConfigMember, into value: inout RouteAction) throws -> Bool {
        switch member.key {
        case "single": value.single = try member.optional()
        case "multi": value.multi = try member.optional()
        case "upstreamGroup": value.upstreamGroup = try member.optional()
        case "clusterHeader": value.clusterHeader = try member.optional()
        case "dynamicForwardProxy": value.dynamicForwardProxy = try member.optional()
        default: return false
        }
        return true
    }
}

extension Destination: ConfigMemberwiseDecodable {
    static var configTemplate: Destination { Destination() }

    static func decodeMember(_ member: ConfigMember, into value: inout Destination) throws -> Bool {
        switch member.key {
        case "upstream": value.upstream = try member.optional()
        case "kube": value.kube = try member.optional()
        case "consul": value.consul = try member.optional()
        case "destinationSpec": value.destinationSpec = try member.optional()
        case "subset": value.subset = try member.optional()
        default: return false
        }
        return true
    }
}

extension MultiDestination: ConfigMemberwiseDecodable {
    static var configTemplate: MultiDestination { MultiDestination() }

    static func decodeMember(_ member: ConfigMember, into value: inout MultiDestination) throws -> Bool {
        switch member.key {
        case "destinations": value.destinations = try member.optional()
        default: return false
        }
        return true
    }
}

extension WeightedDestination: ConfigMemberwiseDecodable {
    static var configTemplate: WeightedDestination { WeightedDestination() }

    static func decodeMember(_ member: ConfigMember, into value: inout WeightedDestination) throws -> Bool {
        switch member.key {
        case "destination": value.destination = try member.optional()
        case "weight": value.weight = try member.optional()
        case "options": value.options = try member.optional()
        default: return false
        }
        return true
    }
}

extension DirectResponseAction: ConfigMemberwiseDecodable {
    static var configTemplate: DirectResponseAction {
        var action = DirectResponseAction(status: 0)
        action.status = nil
        return action
    }

    static func decodeMember(_ member: ConfigMember, into value: inout DirectResponseAction) throws -> Bool {
        switch member.key {
        case "status": value.status = try member.optional()
        case "body": value.body = try member.optional()
        default: return false
        }
        return true
    }
}

extension RedirectAction: ConfigMemberwiseDecodable {
    static var configTemplate: RedirectAction { RedirectAction() }

    static func decodeMember(_ member: ConfigMember, into value: inout RedirectAction) throws -> Bool {
        switch member.key {
        case "hostRedirect": value.hostRedirect = try member.optional()
        case "pathRedirect": value.pathRedirect = try member.optional()
        case "prefixRewrite": value.prefixRewrite = try member.optional()
        case "regexRewrite": value.regexRewrite = try member.optional()
        case "responseCode": value.responseCode = try member.optional()
        case "httpsRedirect": value.httpsRedirect = try member.optional()
        case "stripQuery": value.stripQuery = try member.optional()
        case "portRedirect": value.portRedirect = try member.optional()
        default: return false
        }
        return true
    }
}

extension DelegateAction: ConfigMemberwiseDecodable {
    static var configTemplate: DelegateAction { DelegateAction() }

    static func decodeMember(_ member: ConfigMember, into value: inout DelegateAction) throws -> Bool {
        switch member.key {
        case "name": value.name = try member.optional()
        case "namespace": value.namespace = try member.optional()
        case "ref": value.ref = try member.optional()
        case "selector": value.selector = try member.optional()
        default: return false
        }
        return true
    }
}

extension ResourceRef: ConfigMemberwiseDecodable {
    static var configTemplate: ResourceRef { ResourceRef(name: "") }
    static var requiredMembers: [String] { ["name"] }

    static func decodeMember(_ member: ConfigMember, into value: inout ResourceRef) throws -> Bool {
        switch member.key {
        case "name": value.name = try member.required()
        case "namespace": value.namespace = try member.optional()
        default: return false
        }
        return true
    }
}

extension VirtualHostSpec: ConfigMemberwiseDecodable {
    static var configTemplate: VirtualHostSpec { VirtualHostSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout VirtualHostSpec) throws -> Bool {
        switch member.key {
        case "domains": value.domains = try member.optional()
        case "routes": value.routes = try member.optional()
        case "options": value.options = try member.optional()
        case "optionsConfigRefs": value.optionsConfigRefs = try member.optional()
        default: return false
        }
        return true
    }
}

extension RouteTableSpec: ConfigMemberwiseDecodable {
    static var configTemplate: RouteTableSpec { RouteTableSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout RouteTableSpec) throws -> Bool {
        switch member.key {
        case "routes": value.routes = try member.optional()
        case "weight": value.weight = try member.optional()
        case "namespacedStatuses": value.namespacedStatuses = try member.optional()
        default: return false
        }
        return true
    }
}

extension ResourceMetadata: ConfigMemberwiseDecodable {
    static var configTemplate: ResourceMetadata { ResourceMetadata(name: "") }
    static var requiredMembers: [String] { ["name"] }

    static func decodeMember(_ member: ConfigMember, into value: inout ResourceMetadata) throws -> Bool {
        switch member.key {
        case "name": value.name = try member.required()
        case "namespace": value.namespace = try member.optional()
        case "labels": value.labels = try member.optional()
        case "annotations": value.annotations = try member.optional()
        case "resourceVersion": value.resourceVersion = try member.optional()
        case "generation": value.generation = try member.optional()
        case "uid": value.uid = try member.optional()
        case "creationTimestamp": value.creationTimestamp = try member.optional()
        case "ownerReferences": value.ownerReferences = try member.optional()
        case "finalizers": value.finalizers = try member.optional()
        case "managedFields": value.managedFields = try member.optional()
        default: return false
        }
        return true
    }
}
