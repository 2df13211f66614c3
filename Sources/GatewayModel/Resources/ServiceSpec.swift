/// What an Upstream's backend serves, so routes can call its functions (`options.gloo.solo.io.ServiceSpec`).
///
/// The kind is a `oneof`: at most one of ``rest``, ``grpc`` and ``grpcJsonTranscoder`` is set;
/// ``pluginType`` gives the one that is.
public struct ServiceSpec: Codable, Hashable, Sendable {
    /// A REST service: one request transformation per function.
    public var rest: RestServiceSpec?
    /// Deprecated gRPC functions, bridged from JSON by a transformation; use ``grpcJsonTranscoder``.
    public var grpc: GrpcServiceSpec?
    /// A gRPC service exposed as JSON over HTTP by Envoy's gRPC-JSON transcoder.
    public var grpcJsonTranscoder: GrpcJsonTranscoder?

    /// An empty spec.
    public init() {}

    /// A spec of the given kind.
    public init(_ pluginType: PluginType) {
        self.pluginType = pluginType
    }

    /// The kinds of service spec.
    public enum PluginType: Hashable, Sendable {
        /// A REST service.
        case rest(RestServiceSpec)
        /// A legacy gRPC service.
        case grpc(GrpcServiceSpec)
        /// A transcoded gRPC service.
        case grpcJsonTranscoder(GrpcJsonTranscoder)
    }

    /// The kind, when exactly one is set. Setting it clears the others.
    public var pluginType: PluginType? {
        get {
            switch (rest, grpc, grpcJsonTranscoder) {
            case (let value?, nil, nil): .rest(value)
            case (nil, let value?, nil): .grpc(value)
            case (nil, nil, let value?): .grpcJsonTranscoder(value)
            default: nil
            }
        }
        set {
            rest = nil
            grpc = nil
            grpcJsonTranscoder = nil
            switch newValue {
            case .rest(let value): rest = value
            case .grpc(let value): grpc = value
            case .grpcJsonTranscoder(let value): grpcJsonTranscoder = value
            case nil: break
            }
        }
    }
}

/// The functions of a REST service (`rest.options.gloo.solo.io.ServiceSpec`), usually written by Swagger
/// discovery.
public struct RestServiceSpec: Codable, Hashable, Sendable {
    /// The request transformation of each function, by function name.
    public var transformations: [String: TransformationTemplate]?
    /// Where the service's Swagger/OpenAPI document came from.
    public var swaggerInfo: SwaggerInfo?

    /// A spec with no functions.
    public init() {}

    /// A spec with these functions.
    public init(transformations: [String: TransformationTemplate], swaggerInfo: SwaggerInfo? = nil) {
        self.transformations = transformations
        self.swaggerInfo = swaggerInfo
    }

    /// The Swagger/OpenAPI document: a URL or the text itself (`ServiceSpec.SwaggerInfo`).
    public struct SwaggerInfo: Codable, Hashable, Sendable {
        /// The URL the document is fetched from.
        public var url: String?
        /// The document itself.
        public var inline: String?

        /// No document.
        public init() {}

        /// A document at `url`.
        public init(url: String) {
            self.url = url
        }

        /// The two ways of giving the document.
        public enum SwaggerSpec: Hashable, Sendable {
            /// Fetched from this URL.
            case url(String)
            /// Given inline.
            case inline(String)
        }

        /// The document source, when exactly one is set. Setting it clears the other.
        public var swaggerSpec: SwaggerSpec? {
            get {
                switch (url, inline) {
                case (let value?, nil): .url(value)
                case (nil, let value?): .inline(value)
                default: nil
                }
            }
            set {
                url = nil
                inline = nil
                switch newValue {
                case .url(let value): url = value
                case .inline(let value): inline = value
                case nil: break
                }
            }
        }
    }
}

/// The deprecated gRPC service spec (`grpc.options.gloo.solo.io.ServiceSpec`): routes call methods through a
/// JSON-to-gRPC transformation.
public struct GrpcServiceSpec: Codable, Hashable, Sendable {
    /// A serialized `FileDescriptorSet`, base64 as protobuf's JSON form writes bytes.
    public var descriptors: String?
    /// The services and methods routes may call.
    public var grpcServices: [GrpcService]?

    /// An empty spec.
    public init() {}

    /// The methods of one gRPC service (`ServiceSpec.GrpcService`).
    public struct GrpcService: Codable, Hashable, Sendable {
        /// The protobuf package, e.g. `bookstore`.
        public var packageName: String?
        /// The service name within the package.
        public var serviceName: String?
        /// The method names.
        public var functionNames: [String]?

        /// A service with these methods.
        public init(packageName: String? = nil, serviceName: String? = nil, functionNames: [String]? = nil) {
            self.packageName = packageName
            self.serviceName = serviceName
            self.functionNames = functionNames
        }
    }
}

/// Settings of Envoy's gRPC-JSON transcoder for a gRPC backend (`grpc_json.options.gloo.solo.io.GrpcJsonTranscoder`).
///
/// The descriptor set is a `oneof`: exactly one of ``protoDescriptor``, ``protoDescriptorBin`` and
/// ``protoDescriptorConfigMap`` should be set; ``descriptorSet`` gives the one that is.
public struct GrpcJsonTranscoder: Codable, Hashable, Sendable {
    /// A path, on the Envoy host, to a serialized `FileDescriptorSet`.
    public var protoDescriptor: String?
    /// A serialized `FileDescriptorSet`, base64-encoded.
    public var protoDescriptorBin: String?
    /// A ConfigMap key holding a base64-encoded `FileDescriptorSet`.
    public var protoDescriptorConfigMap: DescriptorConfigMap?
    /// The fully qualified services to transcode (`package.Service`); at least one.
    public var services: [String]?
    /// How gRPC responses are printed as JSON.
    public var printOptions: PrintOptions?
    /// Match the route on the incoming HTTP path rather than on the gRPC path after transcoding.
    public var matchIncomingRequestRoute: Bool?
    /// Query parameters that do not stop a request from mapping to a method even though no field binds them.
    public var ignoredQueryParameters: [String]?
    /// Map `/package.Service/Method` paths to methods without `google.api.http` annotations.
    public var autoMapping: Bool?
    /// Let requests with query parameters that bind to no field be transcoded anyway (by default such requests
    /// are passed on untranscoded).
    public var ignoreUnknownQueryParameters: Bool?
    /// Turn a gRPC error status into an HTTP status and JSON body.
    public var convertGrpcStatus: Bool?

    /// An empty spec.
    public init() {}

    /// A transcoder for `services` from a base64 descriptor set.
    public init(protoDescriptorBin: String, services: [String]) {
        self.protoDescriptorBin = protoDescriptorBin
        self.services = services
    }

    /// JSON printing options of the transcoder (`GrpcJsonTranscoder.PrintOptions`).
    public struct PrintOptions: Codable, Hashable, Sendable {
        /// Indent and space the JSON for people.
        public var addWhitespace: Bool?
        /// Print fields that have their default value.
        public var alwaysPrintPrimitiveFields: Bool?
        /// Print enum values as numbers.
        public var alwaysPrintEnumsAsInts: Bool?
        /// Use the protobuf field names instead of their lowerCamelCase JSON names.
        public var preserveProtoFieldNames: Bool?

        /// Default printing.
        public init() {}
    }

    /// A ConfigMap key that holds a descriptor set (`GrpcJsonTranscoder.DescriptorConfigMap`).
    public struct DescriptorConfigMap: Codable, Hashable, Sendable {
        /// The ConfigMap.
        public var configMapRef: ResourceRef?
        /// The key; may be left out when the ConfigMap has exactly one.
        public var key: String?

        /// A reference to `key` of `configMapRef`.
        public init(configMapRef: ResourceRef? = nil, key: String? = nil) {
            self.configMapRef = configMapRef
            self.key = key
        }
    }

    /// The ways of giving the descriptor set.
    public enum DescriptorSet: Hashable, Sendable {
        /// A file path.
        case protoDescriptor(String)
        /// Base64 bytes.
        case protoDescriptorBin(String)
        /// A ConfigMap key.
        case protoDescriptorConfigMap(DescriptorConfigMap)
    }

    /// The descriptor set, when exactly one source is set. Setting it clears the others.
    public var descriptorSet: DescriptorSet? {
        get {
            switch (protoDescriptor, protoDescriptorBin, protoDescriptorConfigMap) {
            case (let value?, nil, nil): .protoDescriptor(value)
            case (nil, let value?, nil): .protoDescriptorBin(value)
            case (nil, nil, let value?): .protoDescriptorConfigMap(value)
            default: nil
            }
        }
        set {
            protoDescriptor = nil
            protoDescriptorBin = nil
            protoDescriptorConfigMap = nil
            switch newValue {
            case .protoDescriptor(let value): protoDescriptor = value
            case .protoDescriptorBin(let value): protoDescriptorBin = value
            case .protoDescriptorConfigMap(let value): protoDescriptorConfigMap = value
            case nil: break
            }
        }
    }
}
