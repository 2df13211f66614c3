/// Where a route sends requests (`gloo.solo.io.Destination`): an Upstream, a Kubernetes Service or a Consul
/// service, optionally narrowed to a function and a subset of endpoints.
///
/// The target is a `oneof`: at most one of ``upstream``, ``kube`` and ``consul`` is set;
/// ``destinationType`` gives the one that is.
public struct Destination: Codable, Hashable, Sendable {
    /// An Upstream; without a namespace, the namespace of the resource holding the route.
    public var upstream: ResourceRef?
    /// A Kubernetes Service, reached without writing an Upstream for it.
    @IndirectOptional public var kube: KubeServiceDestination? = nil
    /// A Consul service, reached without writing an Upstream for it.
    @IndirectOptional public var consul: ConsulServiceDestination? = nil
    /// The function of the upstream to call (Lambda, Azure, REST or gRPC).
    @IndirectOptional public var destinationSpec: DestinationSpec? = nil
    /// Only endpoints with these metadata values.
    public var subset: Subset?

    /// An empty destination.
    public init() {}

    /// A destination of the given kind.
    public init(_ destinationType: DestinationType, destinationSpec: DestinationSpec? = nil, subset: Subset? = nil) {
        self.destinationType = destinationType
        self.destinationSpec = destinationSpec
        self.subset = subset
    }

    /// A destination for the Upstream `ref`.
    public static func upstream(_ ref: ResourceRef) -> Destination {
        Destination(.upstream(ref))
    }

    /// The kinds of destination.
    public enum DestinationType: Hashable, Sendable {
        /// An Upstream.
        case upstream(ResourceRef)
        /// A Kubernetes Service port.
        case kube(KubeServiceDestination)
        /// A Consul service.
        case consul(ConsulServiceDestination)
    }

    /// The target, when exactly one kind is set. Setting it clears the others.
    public var destinationType: DestinationType? {
        get {
            switch (upstream, kube, consul) {
            case (let value?, nil, nil): .upstream(value)
            case (nil, let value?, nil): .kube(value)
            case (nil, nil, let value?): .consul(value)
            default: nil
            }
        }
        set {
            upstream = nil
            kube = nil
            consul = nil
            switch newValue {
            case .upstream(let value): upstream = value
            case .kube(let value): kube = value
            case .consul(let value): consul = value
            case nil: break
            }
        }
    }

    /// How many target kinds are set (exactly one is valid).
    public var destinationTypeCount: Int {
        [upstream != nil, kube != nil, consul != nil].filter { $0 }.count
    }
}

/// A port of a Kubernetes Service as a destination (`gloo.solo.io.KubernetesServiceDestination`).
public struct KubeServiceDestination: Codable, Hashable, Sendable {
    /// The Service.
    public var ref: ResourceRef?
    /// The Service port.
    public var port: UInt32?

    /// The Service `ref` on `port`.
    public init(ref: ResourceRef? = nil, port: UInt32? = nil) {
        self.ref = ref
        self.port = port
    }
}

/// A Consul service as a destination (`gloo.solo.io.ConsulServiceDestination`).
public struct ConsulServiceDestination: Codable, Hashable, Sendable {
    /// The Consul service name.
    public var serviceName: String?
    /// Only instances with all these tags.
    public var tags: [String]?
    /// Only instances in these data centers; empty means all.
    public var dataCenters: [String]?

    /// The service `serviceName`.
    public init(serviceName: String? = nil, tags: [String]? = nil, dataCenters: [String]? = nil) {
        self.serviceName = serviceName
        self.tags = tags
        self.dataCenters = dataCenters
    }
}

/// A subset of an upstream's endpoints, by metadata values (`gloo.solo.io.Subset`).
public struct Subset: Codable, Hashable, Sendable {
    /// Endpoints must have these key/value pairs.
    public var values: [String: String]?

    /// The subset with these values.
    public init(values: [String: String]? = nil) {
        self.values = values
    }
}

/// The function of an upstream a destination calls (`gloo.solo.io.DestinationSpec`).
///
/// The kind is a `oneof`: at most one of ``aws``, ``azure``, ``rest`` and ``grpc`` is set;
/// ``destinationType`` gives the one that is.
public struct DestinationSpec: Codable, Hashable, Sendable {
    /// An AWS Lambda function.
    public var aws: Aws?
    /// An Azure Function.
    public var azure: Azure?
    /// A function of a REST service spec.
    public var rest: Rest?
    /// A method of a legacy gRPC service spec.
    public var grpc: Grpc?

    /// An empty spec.
    public init() {}

    /// A spec of the given kind.
    public init(_ destinationType: DestinationType) {
        self.destinationType = destinationType
    }

    /// The kinds of function.
    public enum DestinationType: Hashable, Sendable {
        /// A Lambda function.
        case aws(Aws)
        /// An Azure Function.
        case azure(Azure)
        /// A REST function.
        case rest(Rest)
        /// A gRPC method.
        case grpc(Grpc)
    }

    /// The function, when exactly one kind is set. Setting it clears the others.
    public var destinationType: DestinationType? {
        get {
            switch (aws, azure, rest, grpc) {
            case (let value?, nil, nil, nil): .aws(value)
            case (nil, let value?, nil, nil): .azure(value)
            case (nil, nil, let value?, nil): .rest(value)
            case (nil, nil, nil, let value?): .grpc(value)
            default: nil
            }
        }
        set {
            aws = nil
            azure = nil
            rest = nil
            grpc = nil
            switch newValue {
            case .aws(let value): aws = value
            case .azure(let value): azure = value
            case .rest(let value): rest = value
            case .grpc(let value): grpc = value
            case nil: break
            }
        }
    }

    /// A call to a Lambda function of an AWS upstream (`aws.options.gloo.solo.io.DestinationSpec`).
    public struct Aws: Codable, Hashable, Sendable {
        /// The ``AwsLambdaUpstream/LambdaFunction/logicalName`` of the function.
        public var logicalName: String?
        /// Wait for the result, or fire and forget.
        public var invocationStyle: InvocationStyle?
        /// Send the request's method, path, query and headers in the event, not only the body. Use it or
        /// ``wrapAsApiGateway``, not both.
        public var requestTransformation: Bool?
        /// Deprecated form of ``unwrapAsApiGateway``.
        public var responseTransformation: Bool?
        /// Read the function's answer as an ALB-style response (status, headers, body).
        public var unwrapAsAlb: Bool?
        /// Read the function's answer as an API Gateway proxy response (status, headers, body).
        public var unwrapAsApiGateway: Bool?
        /// Send the request as an API Gateway proxy event (Enterprise).
        public var wrapAsApiGateway: Bool?

        /// An empty spec.
        public init() {}

        /// A call to the function `logicalName`.
        public init(logicalName: String, invocationStyle: InvocationStyle? = nil) {
            self.logicalName = logicalName
            self.invocationStyle = invocationStyle
        }

        /// How Lambda is invoked.
        public enum InvocationStyle: String, ProtoEnum {
            /// `RequestResponse`: wait for the function's result.
            case sync = "SYNC"
            /// `Event`: queue the call and answer at once.
            case async = "ASYNC"
        }
    }

    /// A call to a function of an Azure upstream (`azure.options.gloo.solo.io.DestinationSpec`).
    public struct Azure: Codable, Hashable, Sendable {
        /// The function name.
        public var functionName: String?

        /// A call to `functionName`.
        public init(functionName: String? = nil) {
            self.functionName = functionName
        }
    }

    /// A call to a function of a REST service spec (`rest.options.gloo.solo.io.DestinationSpec`).
    public struct Rest: Codable, Hashable, Sendable {
        /// The key of ``RestServiceSpec/transformations``.
        public var functionName: String?
        /// Values taken from the request for the function's template.
        public var parameters: Parameters?
        /// A transformation applied to the function's response.
        public var responseTransformation: TransformationTemplate?

        /// A call to `functionName`.
        public init(functionName: String? = nil, parameters: Parameters? = nil) {
            self.functionName = functionName
            self.parameters = parameters
        }
    }

    /// A call to a method of a legacy gRPC service spec (`grpc.options.gloo.solo.io.DestinationSpec`).
    public struct Grpc: Codable, Hashable, Sendable {
        /// The protobuf package.
        public var package: String?
        /// The service name within the package.
        public var service: String?
        /// The method name.
        public var function: String?
        /// Values taken from the request for the method's input message.
        public var parameters: Parameters?

        /// An empty spec.
        public init() {}

        /// A call to `package.service/function`.
        public init(package: String, service: String, function: String) {
            self.package = package
            self.service = service
            self.function = function
        }
    }

    /// Where a function's inputs come from in the request (`transformation.options.gloo.solo.io.Parameters`).
    ///
    /// Each value is a template in which `{name}` captures part of the header or path as the variable `name`.
    public struct Parameters: Codable, Hashable, Sendable {
        /// Templates matched against request headers, by header name.
        public var headers: [String: String]?
        /// A template matched against the request path.
        public var path: String?

        /// The given templates.
        public init(headers: [String: String]? = nil, path: String? = nil) {
            self.headers = headers
            self.path = path
        }
    }
}

/// One of several destinations of a route, with its share of traffic (`gloo.solo.io.WeightedDestination`).
public struct WeightedDestination: Codable, Hashable, Sendable {
    /// Where the traffic goes.
    public var destination: Destination?
    /// The share of traffic relative to the other destinations' weights.
    public var weight: UInt32?
    /// Options applied only to traffic sent to this destination.
    public var options: WeightedDestinationOptions?

    /// An empty entry.
    public init() {}

    /// `destination` with `weight`.
    public init(destination: Destination, weight: UInt32? = nil) {
        self.destination = destination
        self.weight = weight
    }
}

/// Traffic split over several destinations by weight (`gloo.solo.io.MultiDestination`).
public struct MultiDestination: Codable, Hashable, Sendable {
    /// The destinations and their weights.
    public var destinations: [WeightedDestination]?

    /// A split over these destinations.
    public init(destinations: [WeightedDestination]? = nil) {
        self.destinations = destinations
    }
}
