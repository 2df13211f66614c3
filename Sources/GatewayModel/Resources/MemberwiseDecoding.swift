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

extension UpstreamSpec: ConfigMemberwiseDecodable {
    static var configTemplate: UpstreamSpec { UpstreamSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout UpstreamSpec) throws -> Bool {
        switch member.key {
        case "namespacedStatuses": value.namespacedStatuses = try member.optional()
        case "discoveryMetadata": value.discoveryMetadata = try member.optional()
        case "sslConfig": value.sslConfig = try member.optional()
        case "circuitBreakers": value.circuitBreakers = try member.optional()
        case "loadBalancerConfig": value.loadBalancerConfig = try member.optional()
        case "healthChecks": value.healthChecks = try member.optional()
        case "outlierDetection": value.outlierDetection = try member.optional()
        case "kube": value.kube = try member.optional()
        case "static": value.`static` = try member.optional()
        case "pipe": value.pipe = try member.optional()
        case "aws": value.aws = try member.optional()
        case "azure": value.azure = try member.optional()
        case "consul": value.consul = try member.optional()
        case "awsEc2": value.awsEc2 = try member.optional()
        case "gcp": value.gcp = try member.optional()
        case "ai": value.ai = try member.optional()
        case "failover": value.failover = try member.optional()
        case "connectionConfig": value.connectionConfig = try member.optional()
        case "protocolSelection": value.protocolSelection = try member.optional()
        case "useHttp2": value.useHttp2 = try member.optional()
        case "initialStreamWindowSize": value.initialStreamWindowSize = try member.optional()
        case "initialConnectionWindowSize": value.initialConnectionWindowSize = try member.optional()
        case "maxConcurrentStreams": value.maxConcurrentStreams = try member.optional()
        case "overrideStreamErrorOnInvalidHttpMessage":
            value.overrideStreamErrorOnInvalidHttpMessage = try member.optional()
        case "httpProxyHostname": value.httpProxyHostname = try member.optional()
        case "httpConnectSslConfig": value.httpConnectSslConfig = try member.optional()
        case "httpConnectHeaders": value.httpConnectHeaders = try member.optional()
        case "ignoreHealthOnHostRemoval": value.ignoreHealthOnHostRemoval = try member.optional()
        case "respectDnsTtl": value.respectDnsTtl = try member.optional()
        case "dnsRefreshRate": value.dnsRefreshRate = try member.optional()
        case "proxyProtocolVersion": value.proxyProtocolVersion = try member.optional()
        case "preconnectPolicy": value.preconnectPolicy = try member.optional()
        case "disableIstioAutoMtls": value.disableIstioAutoMtls = try member.optional()
        default: return false
        }
        return true
    }
}

extension StaticUpstream: ConfigMemberwiseDecodable {
    static var configTemplate: StaticUpstream { StaticUpstream() }

    static func decodeMember(_ member: ConfigMember, into value: inout StaticUpstream) throws -> Bool {
        switch member.key {
        case "hosts": value.hosts = try member.optional()
        case "useTls": value.useTls = try member.optional()
        case "serviceSpec": value.serviceSpec = try member.optional()
        case "autoSniRewrite": value.autoSniRewrite = try member.optional()
        default: return false
        }
        return true
    }
}

extension StaticUpstream.Host: ConfigMemberwiseDecodable {
    static var configTemplate: StaticUpstream.Host { StaticUpstream.Host(addr: "") }
    static var requiredMembers: [String] { ["addr"] }

    static func decodeMember(_ member: ConfigMember, into value: inout StaticUpstream.Host) throws -> Bool {
        switch member.key {
        case "addr": value.addr = try member.required()
        case "port": value.port = try member.optional()
        case "sniAddr": value.sniAddr = try member.optional()
        case "loadBalancingWeight": value.loadBalancingWeight = try member.optional()
        case "healthCheckConfig": value.healthCheckConfig = try member.optional()
        case "metadata": value.metadata = try member.optional()
        default: return false
        }
        return true
    }
}

extension HealthCheck: ConfigMemberwiseDecodable {
    static var configTemplate: HealthCheck { HealthCheck() }

    static func decodeMember(_ member: ConfigMember, into value: inout HealthCheck) throws -> Bool {
        switch member.key {
        case "timeout": value.timeout = try member.optional()
        case "interval": value.interval = try member.optional()
        case "initialJitter": value.initialJitter = try member.optional()
        case "intervalJitter": value.intervalJitter = try member.optional()
        case "intervalJitterPercent": value.intervalJitterPercent = try member.optional()
        case "unhealthyThreshold": value.unhealthyThreshold = try member.optional()
        case "healthyThreshold": value.healthyThreshold = try member.optional()
        case "reuseConnection": value.reuseConnection = try member.optional()
        case "httpHealthCheck": value.httpHealthCheck = try member.optional()
        case "tcpHealthCheck": value.tcpHealthCheck = try member.optional()
        case "grpcHealthCheck": value.grpcHealthCheck = try member.optional()
        case "customHealthCheck": value.customHealthCheck = try member.optional()
        case "noTrafficInterval": value.noTrafficInterval = try member.optional()
        case "unhealthyInterval": value.unhealthyInterval = try member.optional()
        case "unhealthyEdgeInterval": value.unhealthyEdgeInterval = try member.optional()
        case "healthyEdgeInterval": value.healthyEdgeInterval = try member.optional()
        case "eventLogPath": value.eventLogPath = try member.optional()
        case "alwaysLogHealthCheckFailures": value.alwaysLogHealthCheckFailures = try member.optional()
        default: return false
        }
        return true
    }
}

extension HealthCheck.HttpHealthCheck: ConfigMemberwiseDecodable {
    static var configTemplate: HealthCheck.HttpHealthCheck { HealthCheck.HttpHealthCheck() }

    static func decodeMember(_ member: ConfigMember, into value: inout HealthCheck.HttpHealthCheck) throws -> Bool {
        switch member.key {
        case "host": value.host = try member.optional()
        case "path": value.path = try member.optional()
        case "serviceName": value.serviceName = try member.optional()
        case "requestHeadersToAdd": value.requestHeadersToAdd = try member.optional()
        case "requestHeadersToRemove": value.requestHeadersToRemove = try member.optional()
        case "useHttp2": value.useHttp2 = try member.optional()
        case "expectedStatuses": value.expectedStatuses = try member.optional()
        case "responseAssertions": value.responseAssertions = try member.optional()
        case "method": value.method = try member.optional()
        default: return false
        }
        return true
    }
}

extension VirtualServiceSpec: ConfigMemberwiseDecodable {
    static var configTemplate: VirtualServiceSpec { VirtualServiceSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout VirtualServiceSpec) throws -> Bool {
        switch member.key {
        case "virtualHost": value.virtualHost = try member.optional()
        case "sslConfig": value.sslConfig = try member.optional()
        case "displayName": value.displayName = try member.optional()
        case "namespacedStatuses": value.namespacedStatuses = try member.optional()
        default: return false
        }
        return true
    }
}

extension RouteOptions: ConfigMemberwiseDecodable {
    static var configTemplate: RouteOptions { RouteOptions() }

    static func decodeMember(_ member: ConfigMember, into value: inout RouteOptions) throws -> Bool {
        switch member.key {
        case "transformations": value.transformations = try member.optional()
        case "faults": value.faults = try member.optional()
        case "prefixRewrite": value.prefixRewrite = try member.optional()
        case "timeout": value.timeout = try member.optional()
        case "retries": value.retries = try member.optional()
        case "extensions": value.extensions = try member.optional()
        case "tracing": value.tracing = try member.optional()
        case "shadowing": value.shadowing = try member.optional()
        case "headerManipulation": value.headerManipulation = try member.optional()
        case "hostRewrite": value.hostRewrite = try member.optional()
        case "autoHostRewrite": value.autoHostRewrite = try member.optional()
        case "hostRewritePathRegex": value.hostRewritePathRegex = try member.optional()
        case "hostRewriteHeader": value.hostRewriteHeader = try member.optional()
        case "appendXForwardedHost": value.appendXForwardedHost = try member.optional()
        case "cors": value.cors = try member.optional()
        case "lbHash": value.lbHash = try member.optional()
        case "upgrades": value.upgrades = try member.optional()
        case "ratelimitBasic": value.ratelimitBasic = try member.optional()
        case "ratelimitEarly": value.ratelimitEarly = try member.optional()
        case "rateLimitEarlyConfigs": value.rateLimitEarlyConfigs = try member.optional()
        case "ratelimit": value.ratelimit = try member.optional()
        case "rateLimitConfigs": value.rateLimitConfigs = try member.optional()
        case "ratelimitRegular": value.ratelimitRegular = try member.optional()
        case "rateLimitRegularConfigs": value.rateLimitRegularConfigs = try member.optional()
        case "waf": value.waf = try member.optional()
        case "jwt": value.jwt = try member.optional()
        case "jwtStaged": value.jwtStaged = try member.optional()
        case "jwtProvidersStaged": value.jwtProvidersStaged = try member.optional()
        case "rbac": value.rbac = try member.optional()
        case "extauth": value.extauth = try member.optional()
        case "dlp": value.dlp = try member.optional()
        case "bufferPerRoute": value.bufferPerRoute = try member.optional()
        case "csrf": value.csrf = try member.optional()
        case "stagedTransformations": value.stagedTransformations = try member.optional()
        case "envoyMetadata": value.envoyMetadata = try member.optional()
        case "regexRewrite": value.regexRewrite = try member.optional()
        case "maxStreamDuration": value.maxStreamDuration = try member.optional()
        case "idleTimeout": value.idleTimeout = try member.optional()
        case "extProcEarly": value.extProcEarly = try member.optional()
        case "extProc": value.extProc = try member.optional()
        case "extProcLate": value.extProcLate = try member.optional()
        case "ai": value.ai = try member.optional()
        default: return false
        }
        return true
    }
}

extension VirtualHostOptions: ConfigMemberwiseDecodable {
    static var configTemplate: VirtualHostOptions { VirtualHostOptions() }

    static func decodeMember(_ member: ConfigMember, into value: inout VirtualHostOptions) throws -> Bool {
        switch member.key {
        case "extensions": value.extensions = try member.optional()
        case "retries": value.retries = try member.optional()
        case "stats": value.stats = try member.optional()
        case "headerManipulation": value.headerManipulation = try member.optional()
        case "cors": value.cors = try member.optional()
        case "transformations": value.transformations = try member.optional()
        case "ratelimitBasic": value.ratelimitBasic = try member.optional()
        case "ratelimitEarly": value.ratelimitEarly = try member.optional()
        case "rateLimitEarlyConfigs": value.rateLimitEarlyConfigs = try member.optional()
        case "ratelimit": value.ratelimit = try member.optional()
        case "rateLimitConfigs": value.rateLimitConfigs = try member.optional()
        case "ratelimitRegular": value.ratelimitRegular = try member.optional()
        case "rateLimitRegularConfigs": value.rateLimitRegularConfigs = try member.optional()
        case "waf": value.waf = try member.optional()
        case "jwt": value.jwt = try member.optional()
        case "jwtStaged": value.jwtStaged = try member.optional()
        case "rbac": value.rbac = try member.optional()
        case "extauth": value.extauth = try member.optional()
        case "dlp": value.dlp = try member.optional()
        case "bufferPerRoute": value.bufferPerRoute = try member.optional()
        case "csrf": value.csrf = try member.optional()
        case "includeRequestAttemptCount": value.includeRequestAttemptCount = try member.optional()
        case "includeAttemptCountInResponse": value.includeAttemptCountInResponse = try member.optional()
        case "stagedTransformations": value.stagedTransformations = try member.optional()
        case "extProcEarly": value.extProcEarly = try member.optional()
        case "extProc": value.extProc = try member.optional()
        case "extProcLate": value.extProcLate = try member.optional()
        case "corsPolicyMergeSettings": value.corsPolicyMergeSettings = try member.optional()
        default: return false
        }
        return true
    }
}

extension CorsPolicy: ConfigMemberwiseDecodable {
    static var configTemplate: CorsPolicy { CorsPolicy() }

    static func decodeMember(_ member: ConfigMember, into value: inout CorsPolicy) throws -> Bool {
        switch member.key {
        case "allowOrigin": value.allowOrigin = try member.optional()
        case "allowOriginRegex": value.allowOriginRegex = try member.optional()
        case "allowMethods": value.allowMethods = try member.optional()
        case "allowHeaders": value.allowHeaders = try member.optional()
        case "exposeHeaders": value.exposeHeaders = try member.optional()
        case "maxAge": value.maxAge = try member.optional()
        case "allowCredentials": value.allowCredentials = try member.optional()
        case "disableForRoute": value.disableForRoute = try member.optional()
        default: return false
        }
        return true
    }
}

extension RetryPolicy: ConfigMemberwiseDecodable {
    static var configTemplate: RetryPolicy { RetryPolicy() }

    static func decodeMember(_ member: ConfigMember, into value: inout RetryPolicy) throws -> Bool {
        switch member.key {
        case "retryOn": value.retryOn = try member.optional()
        case "numRetries": value.numRetries = try member.optional()
        case "perTryTimeout": value.perTryTimeout = try member.optional()
        case "retryBackOff": value.retryBackOff = try member.optional()
        case "previousPriorities": value.previousPriorities = try member.optional()
        case "retriableStatusCodes": value.retriableStatusCodes = try member.optional()
        case "rateLimitedRetryBackOff": value.rateLimitedRetryBackOff = try member.optional()
        default: return false
        }
        return true
    }
}

extension HeaderManipulation: ConfigMemberwiseDecodable {
    static var configTemplate: HeaderManipulation { HeaderManipulation() }

    static func decodeMember(_ member: ConfigMember, into value: inout HeaderManipulation) throws -> Bool {
        switch member.key {
        case "requestHeadersToAdd": value.requestHeadersToAdd = try member.optional()
        case "requestHeadersToRemove": value.requestHeadersToRemove = try member.optional()
        case "responseHeadersToAdd": value.responseHeadersToAdd = try member.optional()
        case "responseHeadersToRemove": value.responseHeadersToRemove = try member.optional()
        default: return false
        }
        return true
    }
}

extension RouteTableSelector: ConfigMemberwiseDecodable {
    static var configTemplate: RouteTableSelector { RouteTableSelector() }

    static func decodeMember(_ member: ConfigMember, into value: inout RouteTableSelector) throws -> Bool {
        switch member.key {
        case "namespaces": value.namespaces = try member.optional()
        case "labels": value.labels = try member.optional()
        case "expressions": value.expressions = try member.optional()
        default: return false
        }
        return true
    }
}

extension Subset: ConfigMemberwiseDecodable {
    static var configTemplate: Subset { Subset() }

    static func decodeMember(_ member: ConfigMember, into value: inout Subset) throws -> Bool {
        switch member.key {
        case "values": value.values = try member.optional()
        default: return false
        }
        return true
    }
}

extension KubeServiceDestination: ConfigMemberwiseDecodable {
    static var configTemplate: KubeServiceDestination { KubeServiceDestination() }

    static func decodeMember(_ member: ConfigMember, into value: inout KubeServiceDestination) throws -> Bool {
        switch member.key {
        case "ref": value.ref = try member.optional()
        case "port": value.port = try member.optional()
        default: return false
        }
        return true
    }
}

extension ConsulServiceDestination: ConfigMemberwiseDecodable {
    static var configTemplate: ConsulServiceDestination { ConsulServiceDestination() }

    static func decodeMember(_ member: ConfigMember, into value: inout ConsulServiceDestination) throws -> Bool {
        switch member.key {
        case "serviceName": value.serviceName = try member.optional()
        case "tags": value.tags = try member.optional()
        case "dataCenters": value.dataCenters = try member.optional()
        default: return false
        }
        return true
    }
}

extension DestinationSpec: ConfigMemberwiseDecodable {
    static var configTemplate: DestinationSpec { DestinationSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout DestinationSpec) throws -> Bool {
        switch member.key {
        case "aws": value.aws = try member.optional()
        case "azure": value.azure = try member.optional()
        case "rest": value.rest = try member.optional()
        case "grpc": value.grpc = try member.optional()
        default: return false
        }
        return true
    }
}

extension GatewaySpec: ConfigMemberwiseDecodable {
    static var configTemplate: GatewaySpec { GatewaySpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout GatewaySpec) throws -> Bool {
        switch member.key {
        case "ssl": value.ssl = try member.optional()
        case "bindAddress": value.bindAddress = try member.optional()
        case "bindPort": value.bindPort = try member.optional()
        case "proxyNames": value.proxyNames = try member.optional()
        case "options": value.options = try member.optional()
        case "useProxyProto": value.useProxyProto = try member.optional()
        case "routeOptions": value.routeOptions = try member.optional()
        case "httpGateway": value.httpGateway = try member.optional()
        case "tcpGateway": value.tcpGateway = try member.optional()
        case "hybridGateway": value.hybridGateway = try member.optional()
        case "namespacedStatuses": value.namespacedStatuses = try member.optional()
        default: return false
        }
        return true
    }
}

extension HttpGateway: ConfigMemberwiseDecodable {
    static var configTemplate: HttpGateway { HttpGateway() }

    static func decodeMember(_ member: ConfigMember, into value: inout HttpGateway) throws -> Bool {
        switch member.key {
        case "virtualServices": value.virtualServices = try member.optional()
        case "virtualServiceSelector": value.virtualServiceSelector = try member.optional()
        case "virtualServiceExpressions": value.virtualServiceExpressions = try member.optional()
        case "virtualServiceNamespaces": value.virtualServiceNamespaces = try member.optional()
        case "options": value.options = try member.optional()
        default: return false
        }
        return true
    }
}

extension SslConfig: ConfigMemberwiseDecodable {
    static var configTemplate: SslConfig { SslConfig() }

    static func decodeMember(_ member: ConfigMember, into value: inout SslConfig) throws -> Bool {
        switch member.key {
        case "secretRef": value.secretRef = try member.optional()
        case "sslFiles": value.sslFiles = try member.optional()
        case "sds": value.sds = try member.optional()
        case "sniDomains": value.sniDomains = try member.optional()
        case "verifySubjectAltName": value.verifySubjectAltName = try member.optional()
        case "parameters": value.parameters = try member.optional()
        case "alpnProtocols": value.alpnProtocols = try member.optional()
        case "oneWayTls": value.oneWayTls = try member.optional()
        case "disableTlsSessionResumption": value.disableTlsSessionResumption = try member.optional()
        case "transportSocketConnectTimeout": value.transportSocketConnectTimeout = try member.optional()
        case "ocspStaplePolicy": value.ocspStaplePolicy = try member.optional()
        default: return false
        }
        return true
    }
}

extension UpstreamSslConfig: ConfigMemberwiseDecodable {
    static var configTemplate: UpstreamSslConfig { UpstreamSslConfig() }

    static func decodeMember(_ member: ConfigMember, into value: inout UpstreamSslConfig) throws -> Bool {
        switch member.key {
        case "secretRef": value.secretRef = try member.optional()
        case "sslFiles": value.sslFiles = try member.optional()
        case "sds": value.sds = try member.optional()
        case "sni": value.sni = try member.optional()
        case "verifySubjectAltName": value.verifySubjectAltName = try member.optional()
        case "parameters": value.parameters = try member.optional()
        case "alpnProtocols": value.alpnProtocols = try member.optional()
        case "allowRenegotiation": value.allowRenegotiation = try member.optional()
        case "oneWayTls": value.oneWayTls = try member.optional()
        default: return false
        }
        return true
    }
}

extension KubeUpstream: ConfigMemberwiseDecodable {
    static var configTemplate: KubeUpstream { KubeUpstream() }

    static func decodeMember(_ member: ConfigMember, into value: inout KubeUpstream) throws -> Bool {
        switch member.key {
        case "serviceName": value.serviceName = try member.optional()
        case "serviceNamespace": value.serviceNamespace = try member.optional()
        case "servicePort": value.servicePort = try member.optional()
        case "selector": value.selector = try member.optional()
        case "serviceSpec": value.serviceSpec = try member.optional()
        case "subsetSpec": value.subsetSpec = try member.optional()
        default: return false
        }
        return true
    }
}

extension AwsLambdaUpstream: ConfigMemberwiseDecodable {
    static var configTemplate: AwsLambdaUpstream { AwsLambdaUpstream() }

    static func decodeMember(_ member: ConfigMember, into value: inout AwsLambdaUpstream) throws -> Bool {
        switch member.key {
        case "region": value.region = try member.optional()
        case "secretRef": value.secretRef = try member.optional()
        case "lambdaFunctions": value.lambdaFunctions = try member.optional()
        case "roleArn": value.roleArn = try member.optional()
        case "awsAccountId": value.awsAccountId = try member.optional()
        case "disableRoleChaining": value.disableRoleChaining = try member.optional()
        case "destinationOverrides": value.destinationOverrides = try member.optional()
        default: return false
        }
        return true
    }
}

extension ConsulUpstream: ConfigMemberwiseDecodable {
    static var configTemplate: ConsulUpstream { ConsulUpstream() }

    static func decodeMember(_ member: ConfigMember, into value: inout ConsulUpstream) throws -> Bool {
        switch member.key {
        case "serviceName": value.serviceName = try member.optional()
        case "serviceTags": value.serviceTags = try member.optional()
        case "subsetTags": value.subsetTags = try member.optional()
        case "instanceTags": value.instanceTags = try member.optional()
        case "instanceBlacklistTags": value.instanceBlacklistTags = try member.optional()
        case "serviceSpec": value.serviceSpec = try member.optional()
        case "consistencyMode": value.consistencyMode = try member.optional()
        case "queryOptions": value.queryOptions = try member.optional()
        case "connectEnabled": value.connectEnabled = try member.optional()
        case "dataCenters": value.dataCenters = try member.optional()
        default: return false
        }
        return true
    }
}

extension LoadBalancerConfig: ConfigMemberwiseDecodable {
    static var configTemplate: LoadBalancerConfig { LoadBalancerConfig() }

    static func decodeMember(_ member: ConfigMember, into value: inout LoadBalancerConfig) throws -> Bool {
        switch member.key {
        case "healthyPanicThreshold": value.healthyPanicThreshold = try member.optional()
        case "updateMergeWindow": value.updateMergeWindow = try member.optional()
        case "roundRobin": value.roundRobin = try member.optional()
        case "leastRequest": value.leastRequest = try member.optional()
        case "random": value.random = try member.optional()
        case "ringHash": value.ringHash = try member.optional()
        case "maglev": value.maglev = try member.optional()
        case "localityWeightedLbConfig": value.localityWeightedLbConfig = try member.optional()
        case "useHostnameForHashing": value.useHostnameForHashing = try member.optional()
        case "closeConnectionsOnHostSetChange": value.closeConnectionsOnHostSetChange = try member.optional()
        default: return false
        }
        return true
    }
}

extension CircuitBreakerConfig: ConfigMemberwiseDecodable {
    static var configTemplate: CircuitBreakerConfig { CircuitBreakerConfig() }

    static func decodeMember(_ member: ConfigMember, into value: inout CircuitBreakerConfig) throws -> Bool {
        switch member.key {
        case "maxConnections": value.maxConnections = try member.optional()
        case "maxPendingRequests": value.maxPendingRequests = try member.optional()
        case "maxRequests": value.maxRequests = try member.optional()
        case "maxRetries": value.maxRetries = try member.optional()
        case "trackRemaining": value.trackRemaining = try member.optional()
        default: return false
        }
        return true
    }
}

extension ConnectionConfig: ConfigMemberwiseDecodable {
    static var configTemplate: ConnectionConfig { ConnectionConfig() }

    static func decodeMember(_ member: ConfigMember, into value: inout ConnectionConfig) throws -> Bool {
        switch member.key {
        case "maxRequestsPerConnection": value.maxRequestsPerConnection = try member.optional()
        case "connectTimeout": value.connectTimeout = try member.optional()
        case "tcpKeepalive": value.tcpKeepalive = try member.optional()
        case "perConnectionBufferLimitBytes": value.perConnectionBufferLimitBytes = try member.optional()
        case "commonHttpProtocolOptions": value.commonHttpProtocolOptions = try member.optional()
        case "http1ProtocolOptions": value.http1ProtocolOptions = try member.optional()
        default: return false
        }
        return true
    }
}

extension OutlierDetection: ConfigMemberwiseDecodable {
    static var configTemplate: OutlierDetection { OutlierDetection() }

    static func decodeMember(_ member: ConfigMember, into value: inout OutlierDetection) throws -> Bool {
        switch member.key {
        case "consecutive5xx": value.consecutive5xx = try member.optional()
        case "interval": value.interval = try member.optional()
        case "baseEjectionTime": value.baseEjectionTime = try member.optional()
        case "maxEjectionPercent": value.maxEjectionPercent = try member.optional()
        case "enforcingConsecutive5xx": value.enforcingConsecutive5xx = try member.optional()
        case "enforcingSuccessRate": value.enforcingSuccessRate = try member.optional()
        case "successRateMinimumHosts": value.successRateMinimumHosts = try member.optional()
        case "successRateRequestVolume": value.successRateRequestVolume = try member.optional()
        case "successRateStdevFactor": value.successRateStdevFactor = try member.optional()
        case "consecutiveGatewayFailure": value.consecutiveGatewayFailure = try member.optional()
        case "enforcingConsecutiveGatewayFailure": value.enforcingConsecutiveGatewayFailure = try member.optional()
        case "splitExternalLocalOriginErrors": value.splitExternalLocalOriginErrors = try member.optional()
        case "consecutiveLocalOriginFailure": value.consecutiveLocalOriginFailure = try member.optional()
        case "enforcingConsecutiveLocalOriginFailure":
            value.enforcingConsecutiveLocalOriginFailure = try member.optional()
        case "enforcingLocalOriginSuccessRate": value.enforcingLocalOriginSuccessRate = try member.optional()
        default: return false
        }
        return true
    }
}

extension DelegateOptionsRefs: ConfigMemberwiseDecodable {
    static var configTemplate: DelegateOptionsRefs { DelegateOptionsRefs() }

    static func decodeMember(_ member: ConfigMember, into value: inout DelegateOptionsRefs) throws -> Bool {
        switch member.key {
        case "delegateOptions": value.delegateOptions = try member.optional()
        default: return false
        }
        return true
    }
}

extension UpstreamGroupSpec: ConfigMemberwiseDecodable {
    static var configTemplate: UpstreamGroupSpec { UpstreamGroupSpec() }

    static func decodeMember(_ member: ConfigMember, into value: inout UpstreamGroupSpec) throws -> Bool {
        switch member.key {
        case "destinations": value.destinations = try member.optional()
        case "namespacedStatuses": value.namespacedStatuses = try member.optional()
        default: return false
        }
        return true
    }
}
