import GatewayDiscovery
import GatewayModel
import Testing

@Suite("Which Upstreams discovery looks at, and what it does for each")
struct DiscoverySelectionTests {
    static func upstream(
        _ name: String,
        namespace: String = "default",
        label: String? = nil,
        aws: Bool = false
    ) -> Resource<UpstreamSpec> {
        var spec = UpstreamSpec()
        if aws {
            spec.aws = AwsLambdaUpstream(region: "us-east-1")
        } else {
            spec.static = StaticUpstream(hosts: [.init(addr: "10.0.0.1", port: 8080)])
        }
        return Resource(
            name: name,
            namespace: namespace,
            labels: label.map { [DiscoverySelection.label: $0] },
            spec: spec
        )
    }

    @Test("the mode: WHITELIST without a discovery block, BLACKLIST when the block leaves it out")
    func defaultMode() {
        #expect(DiscoverySelection(settings: nil).mode == .whitelist)
        var settings = SettingsSpec()
        #expect(DiscoverySelection(settings: settings).mode == .whitelist)
        settings.discovery = SettingsSpec.DiscoveryOptions()
        #expect(DiscoverySelection(settings: settings).mode == .blacklist)
        settings.discovery?.fdsMode = .disabled
        #expect(DiscoverySelection(settings: settings).mode == .disabled)
    }

    /// (mode, upstream label, namespace label, AWS, selected) as Gloo Edge's syncer decides.
    static let cases: [(SettingsSpec.DiscoveryOptions.FdsMode, String?, String?, Bool, Bool)] = [
        (.blacklist, nil, nil, false, true),
        (.blacklist, "disabled", nil, false, false),
        (.blacklist, nil, "disabled", false, false),
        (.blacklist, "enabled", "disabled", false, true),
        (.blacklist, "disabled", "enabled", false, false),
        (.whitelist, nil, nil, false, false),
        (.whitelist, "enabled", nil, false, true),
        (.whitelist, nil, "enabled", false, true),
        (.whitelist, "disabled", "enabled", false, false),
        (.whitelist, nil, nil, true, true),
        (.whitelist, "disabled", nil, true, false),
        (.whitelist, nil, "disabled", true, false),
        (.whitelist, "enabled", "disabled", true, true),
        (.disabled, "enabled", "enabled", false, false),
        (.disabled, nil, nil, true, false),
    ]

    @Test("labels on the Upstream and its namespace select as Gloo Edge's code does", arguments: cases)
    func selection(
        _ testCase: (SettingsSpec.DiscoveryOptions.FdsMode, String?, String?, Bool, Bool)
    ) {
        let (mode, label, namespaceLabel, aws, selected) = testCase
        let namespaces = namespaceLabel.map { ["shop": [DiscoverySelection.label: $0]] } ?? [:]
        let selection = DiscoverySelection(mode: mode, namespaceLabels: namespaces)
        #expect(selection.selects(Self.upstream("u", namespace: "shop", label: label, aws: aws)) == selected)
    }

    @Test("kube-system and kube-public are left out in BLACKLIST mode when known, unless enabled")
    func systemNamespaces() {
        let known = DiscoverySelection(mode: .blacklist, namespaceLabels: ["kube-system": [:]])
        #expect(!known.selects(Self.upstream("dns", namespace: "kube-system")))
        #expect(known.selects(Self.upstream("dns", namespace: "kube-system", label: "enabled")))
        let enabled = DiscoverySelection(
            mode: .blacklist,
            namespaceLabels: ["kube-system": [DiscoverySelection.label: "enabled"]]
        )
        #expect(enabled.selects(Self.upstream("dns", namespace: "kube-system")))
        #expect(DiscoverySelection(mode: .blacklist).selects(Self.upstream("dns", namespace: "kube-system")))
    }

    @Test("plans: Swagger document, gRPC server, detection, Lambda credentials, deprecated gRPC blocked")
    func plans() {
        var swagger = Self.upstream("swagger")
        var rest = RestServiceSpec()
        rest.swaggerInfo = .init(url: "http://10.0.0.1:8080/swagger.json")
        swagger.spec.static?.serviceSpec = ServiceSpec(.rest(rest))
        #expect(
            DiscoveryPlan.plan(for: swagger, secrets: [], environment: [:])
                == .swagger(.url("http://10.0.0.1:8080/swagger.json"))
        )

        var grpc = Self.upstream("grpc")
        grpc.spec.static?.serviceSpec = ServiceSpec(.grpcJsonTranscoder(GrpcJsonTranscoder()))
        grpc.spec.static?.useTls = true
        #expect(
            DiscoveryPlan.plan(for: grpc, secrets: [], environment: [:])
                == .grpc(host: "10.0.0.1", port: 8080, security: .tls(trustRoots: nil, verify: true))
        )

        #expect(
            DiscoveryPlan.plan(for: Self.upstream("plain"), secrets: [], environment: [:])
                == .detect(host: "10.0.0.1", port: 8080, tls: false)
        )

        var legacy = Self.upstream("legacy")
        legacy.spec.static?.serviceSpec = ServiceSpec(.grpc(GrpcServiceSpec()))
        guard case .blocked(let error)? = DiscoveryPlan.plan(for: legacy, secrets: [], environment: [:]) else {
            Issue.record("a deprecated gRPC spec is not blocked")
            return
        }
        #expect(error.message.contains("deprecated serviceSpec.grpc"))

        var lambda = Self.upstream("lambda", aws: true)
        lambda.spec.aws?.secretRef = ResourceRef(name: "aws-creds")
        let secret = Resource(
            name: "aws-creds",
            spec: SecretSpec(.aws(.init(accessKey: "AKID", secretKey: "SECRET")))
        )
        #expect(
            DiscoveryPlan.plan(
                for: lambda,
                secrets: [secret],
                environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]
            )
                == .lambda(
                    region: "us-east-1",
                    credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET"),
                    endpoint: "http://127.0.0.1:5000"
                )
        )
        guard case .blocked(let missing)? = DiscoveryPlan.plan(for: lambda, secrets: [], environment: [:]) else {
            Issue.record("a missing secret does not block Lambda discovery")
            return
        }
        #expect(missing.code == .missingCredentials && missing.message.contains("default.aws-creds"))
        let ambient = Self.upstream("ambient", aws: true)
        #expect(
            DiscoveryPlan.plan(
                for: ambient,
                secrets: [],
                environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_SESSION_TOKEN": "T"]
            )
                == .lambda(
                    region: "us-east-1",
                    credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "S", sessionToken: "T"),
                    endpoint: nil
                )
        )
    }

    @Test("discovered functions go where Gloo Edge writes them; settings already there stay")
    func applied() {
        var upstream = Self.upstream("grpc").spec
        var existing = GrpcJsonTranscoder()
        existing.printOptions = .init()
        existing.printOptions?.addWhitespace = true
        upstream.static?.serviceSpec = ServiceSpec(.grpcJsonTranscoder(existing))
        var discovered = GrpcJsonTranscoder(protoDescriptorBin: "AAAA", services: ["a.B"])
        discovered.matchIncomingRequestRoute = true
        let grpc = DiscoveredFunctions.grpc(discovered).applied(to: upstream)
        let transcoder = grpc.static?.serviceSpec?.grpcJsonTranscoder
        #expect(transcoder?.protoDescriptorBin == "AAAA" && transcoder?.services == ["a.B"])
        #expect(transcoder?.matchIncomingRequestRoute == true && transcoder?.printOptions?.addWhitespace == true)

        var rest = RestServiceSpec(transformations: ["f": TransformationTemplate()])
        rest.swaggerInfo = .init(url: "http://found/swagger.json")
        let restSpec = DiscoveredFunctions.rest(rest).applied(to: Self.upstream("r").spec)
        #expect(restSpec.static?.serviceSpec?.rest == rest)

        var lambda = Self.upstream("l", aws: true).spec
        lambda.aws?.lambdaFunctions = [.init(logicalName: "manual", lambdaFunctionName: "manual")]
        let functions = [
            AwsLambdaUpstream.LambdaFunction(logicalName: "f", lambdaFunctionName: "f", qualifier: "$LATEST")
        ]
        #expect(DiscoveredFunctions.lambda(functions).applied(to: lambda).aws?.lambdaFunctions == functions)
    }
}
