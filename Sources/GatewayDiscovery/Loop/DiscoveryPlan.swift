public import GatewayModel

/// What function discovery does for one Upstream, worked out from its spec (as Gloo Edge's discovery plugins
/// decide): read the Swagger document it names, ask its gRPC server, list its Lambda functions, or, when it has no
/// service spec yet, look at its address for a Swagger/OpenAPI document and then for gRPC reflection.
///
/// Plans are compared to tell whether an edited Upstream must be discovered again; the fields discovery itself
/// writes (transformations, descriptors, Lambda functions) are not part of a plan.
public enum DiscoveryPlan: Hashable, Sendable {
    /// Read the document at `source` (`serviceSpec.rest.swaggerInfo`).
    case swagger(SwaggerDiscovery.Source)
    /// Ask the gRPC server at `host`:`port` over reflection (`serviceSpec.grpcJsonTranscoder`).
    case grpc(host: String, port: Int, security: GRPCReflectionDiscovery.Security)
    /// No service spec yet: probe `host`:`port` for a Swagger/OpenAPI document, then for gRPC reflection.
    case detect(host: String, port: Int, tls: Bool)
    /// List the Lambda functions of `region` with these credentials, at `endpoint` when not AWS's own.
    case lambda(region: String, credentials: AWSCredentials, endpoint: String?)
    /// Discovery cannot run; the reason is shown on the Upstream.
    case blocked(DiscoveryError)

    /// The plan for `upstream`; nil when its kind has no functions to discover (Azure, EC2, a pipe without a
    /// spec, Enterprise kinds). `environment` gives the standard `AWS_*` variables: credentials when the Upstream
    /// names no secret, and `AWS_ENDPOINT_URL_LAMBDA` / `AWS_ENDPOINT_URL` for Lambda-compatible APIs.
    public static func plan(
        for upstream: Resource<UpstreamSpec>,
        secrets: [Resource<SecretSpec>],
        environment: [String: String]
    ) -> DiscoveryPlan? {
        let spec = upstream.spec
        if let aws = spec.aws {
            return lambdaPlan(aws, upstream: upstream, secrets: secrets, environment: environment)
        }
        let serviceSpec = spec.serviceSpec
        if serviceSpec?.grpc != nil {
            // As Gloo Edge: an Upstream on the deprecated gRPC spec is never rewritten.
            return .blocked(
                DiscoveryError(
                    .invalidInput,
                    "the Upstream uses the deprecated serviceSpec.grpc; function discovery does not update it "
                        + "(use serviceSpec.grpcJsonTranscoder)"
                )
            )
        }
        if let swaggerInfo = serviceSpec?.rest?.swaggerInfo {
            switch swaggerInfo.swaggerSpec {
            case .url(let url): return .swagger(.url(url))
            case .inline(let text): return .swagger(.inline(text))
            case nil: break
            }
        }
        guard let address = address(of: spec) else { return nil }
        if serviceSpec?.grpcJsonTranscoder != nil {
            return .grpc(
                host: address.host,
                port: address.port,
                security: address.tls ? .tls(trustRoots: nil, verify: true) : .plaintext
            )
        }
        if serviceSpec?.rest != nil { return nil }  // REST functions written by hand, no document to read
        return .detect(host: address.host, port: address.port, tls: address.tls)
    }

    /// The address discovery talks to: a static Upstream's first host (TLS when `useTls`, or on port 443 as
    /// Gloo Edge assumes), or a Kubernetes service's cluster DNS name.
    static func address(of spec: UpstreamSpec) -> (host: String, port: Int, tls: Bool)? {
        if let value = spec.static, let host = value.hosts?.first, !host.addr.isEmpty {
            let port = Int(host.port ?? 80)
            return (host.addr, port, value.useTls ?? (port == 443))
        }
        if let kube = spec.kube, let name = kube.serviceName, let port = kube.servicePort {
            return ("\(name).\(kube.serviceNamespace ?? "default").svc.cluster.local", Int(port), false)
        }
        return nil
    }

    private static func lambdaPlan(
        _ aws: AwsLambdaUpstream,
        upstream: Resource<UpstreamSpec>,
        secrets: [Resource<SecretSpec>],
        environment: [String: String]
    ) -> DiscoveryPlan {
        guard let region = aws.region, !region.isEmpty else {
            return .blocked(DiscoveryError(.invalidInput, "aws.region is not set"))
        }
        let endpoint = [environment["AWS_ENDPOINT_URL_LAMBDA"], environment["AWS_ENDPOINT_URL"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        let credentials: AWSCredentials
        if let ref = aws.secretRef {
            let namespace = ref.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? upstream.namespace
            guard let secret = secrets.first(where: { $0.name == ref.name && $0.namespace == namespace }) else {
                return .blocked(
                    DiscoveryError(
                        .missingCredentials,
                        "aws.secretRef names secret \(namespace).\(ref.name), which does not exist"
                    )
                )
            }
            guard let keys = secret.spec.aws, let id = keys.accessKey, !id.isEmpty, let key = keys.secretKey,
                !key.isEmpty
            else {
                return .blocked(
                    DiscoveryError(
                        .missingCredentials,
                        "secret \(namespace).\(ref.name) has no aws.accessKey and aws.secretKey"
                    )
                )
            }
            credentials = AWSCredentials(accessKeyID: id, secretAccessKey: key, sessionToken: keys.sessionToken)
        } else if let ambient = AWSCredentials.fromEnvironment(environment) {
            credentials = ambient
        } else {
            return .blocked(
                DiscoveryError(
                    .missingCredentials,
                    "no AWS credentials: the Upstream has no aws.secretRef and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set"
                )
            )
        }
        return .lambda(region: region, credentials: credentials, endpoint: endpoint)
    }
}
