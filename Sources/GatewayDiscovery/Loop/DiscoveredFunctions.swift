public import GatewayModel

/// The functions discovery found on one Upstream, in the fields Gloo Edge writes them to.
public enum DiscoveredFunctions: Hashable, Sendable {
    /// REST functions from a Swagger/OpenAPI document: `serviceSpec.rest` (`transformations`, `swaggerInfo`).
    case rest(RestServiceSpec)
    /// gRPC services from server reflection: `serviceSpec.grpcJsonTranscoder` (`protoDescriptorBin`, `services`,
    /// `matchIncomingRequestRoute`).
    case grpc(GrpcJsonTranscoder)
    /// Lambda functions, versions and aliases: `aws.lambdaFunctions`.
    case lambda([AwsLambdaUpstream.LambdaFunction])

    /// How many functions (operations, services, Lambda versions and aliases).
    public var count: Int {
        switch self {
        case .rest(let spec): spec.transformations?.count ?? 0
        case .grpc(let transcoder): transcoder.services?.count ?? 0
        case .lambda(let functions): functions.count
        }
    }

    /// `spec` with these functions written in: REST and gRPC functions into the service spec of a kind that
    /// carries one (kept settings stay, such as the transcoder's print options or a user's `swaggerInfo`), Lambda
    /// functions replacing `lambdaFunctions` wholesale, as Gloo Edge does.
    public func applied(to spec: UpstreamSpec) -> UpstreamSpec {
        var spec = spec
        switch self {
        case .rest(let discovered):
            var serviceSpec = spec.serviceSpec ?? ServiceSpec()
            var rest = serviceSpec.rest ?? RestServiceSpec()
            rest.transformations = discovered.transformations
            if rest.swaggerInfo?.swaggerSpec == nil { rest.swaggerInfo = discovered.swaggerInfo }
            serviceSpec.pluginType = .rest(rest)
            spec.setServiceSpec(serviceSpec)
        case .grpc(let discovered):
            var serviceSpec = spec.serviceSpec ?? ServiceSpec()
            var transcoder = serviceSpec.grpcJsonTranscoder ?? GrpcJsonTranscoder()
            transcoder.descriptorSet = discovered.descriptorSet
            transcoder.services = discovered.services
            transcoder.matchIncomingRequestRoute = discovered.matchIncomingRequestRoute
            serviceSpec.pluginType = .grpcJsonTranscoder(transcoder)
            spec.setServiceSpec(serviceSpec)
        case .lambda(let functions):
            spec.aws?.lambdaFunctions = functions
        }
        return spec
    }
}

extension UpstreamSpec {
    /// Sets the service spec of the kind that carries one (kube, static, pipe, consul); other kinds are unchanged.
    mutating func setServiceSpec(_ serviceSpec: ServiceSpec) {
        if kube != nil {
            kube?.serviceSpec = serviceSpec
        } else if self.static != nil {
            self.static?.serviceSpec = serviceSpec
        } else if pipe != nil {
            pipe?.serviceSpec = serviceSpec
        } else if consul != nil {
            consul?.serviceSpec = serviceSpec
        }
    }
}
