/// Carries out a ``DiscoveryPlan`` with the real discoveries: Swagger/OpenAPI over HTTP, gRPC reflection, Lambda.
public struct FunctionDiscoverer: Sendable {
    /// Reads Swagger and OpenAPI documents.
    public var swagger: SwaggerDiscovery
    /// Asks gRPC servers.
    public var grpc: GRPCReflectionDiscovery
    /// Lists Lambda functions.
    public var lambda: LambdaDiscovery

    /// Discoveries that keep to `limits`.
    public init(limits: DiscoveryLimits = DiscoveryLimits()) {
        let http = DiscoveryHTTPClient(limits: limits)
        swagger = SwaggerDiscovery(http: http)
        grpc = GRPCReflectionDiscovery(limits: limits)
        lambda = LambdaDiscovery(http: http)
    }

    /// The functions `plan` finds.
    public func discover(_ plan: DiscoveryPlan) async throws(DiscoveryError) -> DiscoveredFunctions {
        switch plan {
        case .swagger(let source):
            return .rest(try await swagger.discover(source).spec)
        case .grpc(let host, let port, let security):
            return .grpc(try await grpc.discover(host: host, port: port, security: security).transcoder)
        case .lambda(let region, let credentials, let endpoint):
            return .lambda(try await lambda.discover(region: region, credentials: credentials, endpoint: endpoint))
        case .blocked(let error):
            throw error
        case .detect(let host, let port, let tls):
            // As Gloo Edge: a service with no spec yet is probed for every kind; the first one found wins.
            let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            let root = (tls ? "https://" : "http://") + authority
            let swaggerError: DiscoveryError
            do {
                return .rest(try await swagger.discover(.serviceRoot(root)).spec)
            } catch {
                swaggerError = error
            }
            do {
                let security: GRPCReflectionDiscovery.Security = tls ? .tls(trustRoots: nil, verify: true) : .plaintext
                return .grpc(try await grpc.discover(host: host, port: port, security: security).transcoder)
            } catch {
                let code = swaggerError.code == error.code ? error.code : DiscoveryError.Code.unsupportedDocument
                throw DiscoveryError(
                    code,
                    "found no functions at \(authority): Swagger/OpenAPI: \(swaggerError.message); gRPC: \(error.message)"
                )
            }
        }
    }
}
