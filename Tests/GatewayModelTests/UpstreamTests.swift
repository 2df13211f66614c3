import Testing

@testable import GatewayModel

@Suite struct UpstreamTests {
    /// Decodes the first document of `yaml` as `type`, checks that no field went unread and that encoding and
    /// decoding again gives the same value.
    private func decode<T: Codable & Hashable>(
        _ type: T.Type,
        _ yaml: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> T {
        let documents = try ConfigSyntax.parseDocuments(yaml, file: "test.yaml")
        let document = try #require(documents.first, sourceLocation: sourceLocation)
        let result = try ConfigDecoder().decode(type, from: document)
        #expect(result.unknownFields.isEmpty, "unknown fields: \(result.unknownFields)", sourceLocation: sourceLocation)
        let encoded = try ConfigEncoder().encode(result.value)
        let again = try ConfigDecoder().decode(type, from: encoded)
        #expect(again.value == result.value, "round trip changed the value", sourceLocation: sourceLocation)
        #expect(again.unknownFields.isEmpty, sourceLocation: sourceLocation)
        return result.value
    }

    // MARK: - Upstream kinds

    @Test("static upstream with hosts, TLS and cluster policies")
    func staticUpstream() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            static:
              hosts:
              - addr: jsonplaceholder.typicode.com
                port: 443
                sniAddr: jsonplaceholder.typicode.com
                loadBalancingWeight: 3
                healthCheckConfig:
                  path: /healthz
                  method: GET
                metadata:
                  envoy.lb:
                    canary: true
              - addr: 10.0.0.12
                port: "8443"
              useTls: true
              autoSniRewrite: false
            sslConfig:
              secretRef:
                name: upstream-tls
                namespace: gloo-system
              sni: jsonplaceholder.typicode.com
              verifySubjectAltName: [jsonplaceholder.typicode.com]
              parameters:
                minimumProtocolVersion: TLSv1_2
                maximumProtocolVersion: TLSv1_3
                cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256]
              alpnProtocols: [h2, http/1.1]
              allowRenegotiation: false
            circuitBreakers:
              maxConnections: 1024
              maxPendingRequests: 512
              trackRemaining: true
            loadBalancerConfig:
              healthyPanicThreshold: 50
              updateMergeWindow: 2s
              ringHash:
                ringHashConfig:
                  minimumRingSize: 1024
                  maximumRingSize: "8388608"
              useHostnameForHashing: true
            healthChecks:
            - timeout: 1s
              interval: 10s
              unhealthyThreshold: 3
              healthyThreshold: 2
              httpHealthCheck:
                path: /health
                host: example.internal
                expectedStatuses:
                - start: 200
                  end: 300
                requestHeadersToAdd:
                - header: {key: x-check, value: "1"}
                  append: false
                method: HEAD
            - timeout: 0.5s
              interval: 5s
              tcpHealthCheck:
                send: {text: "000000FF"}
                receive: [{text: "0000FF00"}]
            outlierDetection:
              consecutive5xx: 7
              interval: 10s
              baseEjectionTime: 30s
              maxEjectionPercent: 50
              enforcingConsecutive5xx: 100
            connectionConfig:
              maxRequestsPerConnection: 100
              connectTimeout: 0.250s
              tcpKeepalive:
                keepaliveProbes: 3
                keepaliveTime: 60s
                keepaliveInterval: 5s
              perConnectionBufferLimitBytes: 1048576
              commonHttpProtocolOptions:
                idleTimeout: 30s
            protocolSelection: USE_DOWNSTREAM_PROTOCOL
            useHttp2: false
            dnsRefreshRate: 5s
            respectDnsTtl: true
            httpConnectHeaders:
            - key: proxy-authorization
              value: Basic Zm9vOmJhcg==
            preconnectPolicy:
              perUpstreamPreconnectRatio: 1.5
            """
        )
        guard case .static(let upstream) = spec.upstreamType else {
            Issue.record("expected a static upstream, got \(String(describing: spec.upstreamType))")
            return
        }
        #expect(upstream.hosts?.count == 2)
        let first = try #require(upstream.hosts?.first)
        #expect(first.addr == "jsonplaceholder.typicode.com")
        #expect(first.port == 443)
        #expect(first.sniAddr == "jsonplaceholder.typicode.com")
        #expect(first.loadBalancingWeight == 3)
        #expect(first.healthCheckConfig?.path == "/healthz")
        #expect(first.metadata?["envoy.lb"]?["canary"] == .bool(true))
        #expect(upstream.hosts?.last?.port == 8443)
        #expect(upstream.useTls == true)
        #expect(upstream.autoSniRewrite == false)

        let ssl = try #require(spec.sslConfig)
        #expect(ssl.sslSecrets == .secretRef(ResourceRef(name: "upstream-tls", namespace: "gloo-system")))
        #expect(ssl.sni == "jsonplaceholder.typicode.com")
        #expect(ssl.parameters?.minimumProtocolVersion == .tlsV1_2)
        #expect(ssl.parameters?.maximumProtocolVersion == .tlsV1_3)
        #expect(ssl.alpnProtocols == ["h2", "http/1.1"])

        #expect(spec.circuitBreakers?.maxConnections == 1024)
        #expect(spec.circuitBreakers?.trackRemaining == true)
        let balancer = try #require(spec.loadBalancerConfig)
        #expect(balancer.healthyPanicThreshold == 50)
        #expect(balancer.updateMergeWindow == ProtoDuration(seconds: 2))
        #expect(balancer.ringHash?.ringHashConfig?.maximumRingSize == 8_388_608)
        guard case .ringHash = balancer.policy else {
            Issue.record("expected ring hash, got \(String(describing: balancer.policy))")
            return
        }

        let checks = try #require(spec.healthChecks)
        #expect(checks.count == 2)
        #expect(checks[0].timeout == ProtoDuration(seconds: 1))
        #expect(checks[0].unhealthyThreshold == 3)
        guard case .http(let http) = checks[0].healthChecker else {
            Issue.record("expected an HTTP check")
            return
        }
        #expect(http.path == "/health")
        #expect(http.expectedStatuses == [HealthCheck.Int64Range(start: 200, end: 300)])
        #expect(http.requestHeadersToAdd?.first?.header?.key == "x-check")
        #expect(http.requestHeadersToAdd?.first?.append == false)
        #expect(http.method == .head)
        #expect(checks[1].timeout == ProtoDuration(seconds: 0, nanos: 500_000_000))
        #expect(checks[1].tcpHealthCheck?.receive?.first?.text == "0000FF00")

        #expect(spec.outlierDetection?.consecutive5xx == 7)
        #expect(spec.outlierDetection?.baseEjectionTime == ProtoDuration(seconds: 30))
        #expect(spec.outlierDetection?.enforcingConsecutive5xx == 100)
        #expect(spec.connectionConfig?.connectTimeout == ProtoDuration(seconds: 0, nanos: 250_000_000))
        #expect(spec.connectionConfig?.tcpKeepalive?.keepaliveProbes == 3)
        #expect(spec.connectionConfig?.commonHttpProtocolOptions?["idleTimeout"] == .string("30s"))
        #expect(spec.protocolSelection == .useDownstreamProtocol)
        #expect(spec.useHttp2 == false)
        #expect(!spec.usesHttp2)
        #expect(spec.dnsRefreshRate == ProtoDuration(seconds: 5))
        #expect(
            spec.httpConnectHeaders == [
                UpstreamSpec.HeaderValue(key: "proxy-authorization", value: "Basic Zm9vOmJhcg==")
            ]
        )
        #expect(spec.preconnectPolicy?.perUpstreamPreconnectRatio == 1.5)
        #expect(spec.subsetSelectorKeys == nil)
    }

    @Test("a static host needs an address")
    func staticHostWithoutAddress() throws {
        let document = try #require(
            try ConfigSyntax.parseDocuments("static:\n  hosts:\n  - port: 80\n", file: "test.yaml").first
        )
        let error = try #require(throws: ConfigDecodingError.self) {
            try ConfigDecoder().decode(UpstreamSpec.self, from: document)
        }
        #expect(error.path == "static.hosts[0]")
        #expect(error.reason.contains("addr"))
    }

    @Test("kube upstream with subsets and a gRPC transcoder")
    func kubeUpstream() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            discoveryMetadata:
              labels:
                app: bookstore
            kube:
              serviceName: bookstore
              serviceNamespace: default
              servicePort: 8080
              selector:
                app: bookstore
              subsetSpec:
                selectors:
                - keys: [version]
                - keys: [version, region]
                  singleHostPerSubset: false
                fallbackPolicy: DEFAULT_SUBSET
                defaultSubset:
                  values:
                    version: v1
              serviceSpec:
                grpcJsonTranscoder:
                  protoDescriptorBin: CgtoZWxsby5wcm90bxIFaGVsbG8=
                  services:
                  - bookstore.Bookstore
                  printOptions:
                    addWhitespace: true
                    alwaysPrintPrimitiveFields: true
                    alwaysPrintEnumsAsInts: false
                    preserveProtoFieldNames: true
                  matchIncomingRequestRoute: true
                  ignoredQueryParameters: [api_key]
                  autoMapping: true
                  ignoreUnknownQueryParameters: true
                  convertGrpcStatus: true
            """
        )
        let kube = try #require(spec.kube)
        #expect(spec.upstreamType == .kube(kube))
        #expect(spec.discoveryMetadata?.labels == ["app": "bookstore"])
        #expect(kube.serviceName == "bookstore")
        #expect(kube.serviceNamespace == "default")
        #expect(kube.servicePort == 8080)
        #expect(kube.selector == ["app": "bookstore"])
        #expect(kube.subsetSpec?.fallbackPolicy == .defaultSubset)
        #expect(kube.subsetSpec?.defaultSubset?.values == ["version": "v1"])
        #expect(spec.subsetSelectorKeys == [["version"], ["version", "region"]])

        let transcoder = try #require(spec.serviceSpec?.grpcJsonTranscoder)
        #expect(transcoder.descriptorSet == .protoDescriptorBin("CgtoZWxsby5wcm90bxIFaGVsbG8="))
        #expect(transcoder.services == ["bookstore.Bookstore"])
        #expect(transcoder.printOptions?.addWhitespace == true)
        #expect(transcoder.printOptions?.preserveProtoFieldNames == true)
        #expect(transcoder.matchIncomingRequestRoute == true)
        #expect(transcoder.ignoredQueryParameters == ["api_key"])
        #expect(transcoder.autoMapping == true)
        #expect(transcoder.ignoreUnknownQueryParameters == true)
        #expect(transcoder.convertGrpcStatus == true)
        #expect(spec.usesHttp2)
    }

    @Test("a descriptor set from a ConfigMap")
    func transcoderFromConfigMap() throws {
        let spec = try decode(
            ServiceSpec.self,
            """
            grpcJsonTranscoder:
              protoDescriptorConfigMap:
                configMapRef: {name: proto-descriptors, namespace: gloo-system}
                key: bookstore.pb
              services: [bookstore.Bookstore]
            """
        )
        guard case .grpcJsonTranscoder(let transcoder) = spec.pluginType,
            case .protoDescriptorConfigMap(let configMap) = transcoder.descriptorSet
        else {
            Issue.record("expected a transcoder reading a ConfigMap, got \(spec)")
            return
        }
        #expect(configMap.configMapRef == ResourceRef(name: "proto-descriptors", namespace: "gloo-system"))
        #expect(configMap.key == "bookstore.pb")
    }

    @Test("AWS Lambda upstream with functions")
    func awsUpstream() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            aws:
              region: us-east-1
              secretRef:
                name: aws-creds
                namespace: gloo-system
              roleArn: arn:aws:iam::123456789012:role/lambda-invoker
              awsAccountId: "123456789012"
              disableRoleChaining: true
              lambdaFunctions:
              - logicalName: uppercase
                lambdaFunctionName: uppercase
                qualifier: $LATEST
              - logicalName: uppercase:2
                lambdaFunctionName: uppercase
                qualifier: "2"
              destinationOverrides:
                invocationStyle: ASYNC
                unwrapAsApiGateway: true
            """
        )
        guard case .aws(let aws) = spec.upstreamType else {
            Issue.record("expected an aws upstream")
            return
        }
        #expect(aws.region == "us-east-1")
        #expect(aws.secretRef == ResourceRef(name: "aws-creds", namespace: "gloo-system"))
        #expect(aws.roleArn == "arn:aws:iam::123456789012:role/lambda-invoker")
        #expect(aws.awsAccountId == "123456789012")
        #expect(aws.disableRoleChaining == true)
        #expect(
            aws.lambdaFunctions == [
                .init(logicalName: "uppercase", lambdaFunctionName: "uppercase", qualifier: "$LATEST"),
                .init(logicalName: "uppercase:2", lambdaFunctionName: "uppercase", qualifier: "2"),
            ]
        )
        #expect(aws.destinationOverrides?.invocationStyle == .async)
        #expect(aws.destinationOverrides?.unwrapAsApiGateway == true)
        #expect(spec.serviceSpec == nil)
    }

    @Test("Consul upstream and the subsets Gloo derives for it")
    func consulUpstream() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            consul:
              serviceName: payments
              subsetTags: [canary, blue]
              instanceTags: [production]
              instanceBlacklistTags: [draining]
              dataCenters: [dc2, dc1]
              consistencyMode: StaleMode
              queryOptions:
                useCache: true
              connectEnabled: false
            """
        )
        let consul = try #require(spec.consul)
        #expect(spec.upstreamTypeCount == 1)
        #expect(consul.serviceName == "payments")
        #expect(consul.instanceTags == ["production"])
        #expect(consul.instanceBlacklistTags == ["draining"])
        #expect(consul.consistencyMode == .staleMode)
        #expect(consul.queryOptions?.useCache == true)
        #expect(
            spec.subsetSelectorKeys == [
                ["dc_dc1", "dc_dc2"],
                ["tag_blue", "tag_canary"],
                ["dc_dc1", "dc_dc2", "tag_blue", "tag_canary"],
            ]
        )
    }

    @Test("EC2, Azure and pipe upstreams")
    func otherUpstreamKinds() throws {
        let ec2 = try decode(
            UpstreamSpec.self,
            """
            awsEc2:
              region: eu-west-1
              secretRef: {name: aws-creds, namespace: gloo-system}
              roleArn: arn:aws:iam::123456789012:role/ec2-reader
              filters:
              - key: gloo-managed
              - kvPair: {key: app, value: api}
              publicIp: true
              port: 8080
            """
        )
        #expect(ec2.awsEc2?.filters?.map(\.spec) == [.key("gloo-managed"), .kvPair(.init(key: "app", value: "api"))])
        #expect(ec2.awsEc2?.port == 8080)

        let azure = try decode(
            UpstreamSpec.self,
            """
            azure:
              functionAppName: my-functions
              secretRef: {name: azure-keys, namespace: gloo-system}
              functions:
              - functionName: hello
                authLevel: Function
              - functionName: public
            """
        )
        #expect(azure.azure?.functions?.first?.authLevel == .function)
        #expect(azure.azure?.functions?.last?.authLevel == nil)

        let pipe = try decode(UpstreamSpec.self, "pipe:\n  path: /var/run/app.sock\n")
        #expect(pipe.upstreamType == .pipe(PipeUpstream(path: "/var/run/app.sock")))
    }

    @Test("a REST service spec with transformations and Swagger info")
    func restServiceSpec() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            static:
              hosts:
              - addr: petstore.default.svc.cluster.local
                port: 8080
              serviceSpec:
                rest:
                  swaggerInfo:
                    url: http://petstore.default.svc.cluster.local:8080/swagger.json
                  transformations:
                    addPet:
                      body:
                        text: '{"id": {{ default(id, "") }},"name": "{{ default(name, "")}}"}'
                      headers:
                        :method:
                          text: POST
                        :path:
                          text: /api/pets
                        content-type:
                          text: application/json
                    findPetById:
                      body: {}
                      headers:
                        :method:
                          text: GET
                        :path:
                          text: /api/pets/{{ default(id, "") }}
            """
        )
        let rest = try #require(spec.serviceSpec?.rest)
        #expect(spec.serviceSpec?.pluginType == .rest(rest))
        #expect(rest.swaggerInfo?.swaggerSpec == .url("http://petstore.default.svc.cluster.local:8080/swagger.json"))
        #expect(rest.transformations?.keys.sorted() == ["addPet", "findPetById"])
        #expect(rest.transformations?["addPet"]?.headers?[":method"]?.text == "POST")
        #expect(rest.transformations?["findPetById"]?.headers?[":path"]?.text == "/api/pets/{{ default(id, \"\") }}")
        #expect(!spec.usesHttp2)

        let inline = try decode(ServiceSpec.self, "rest:\n  swaggerInfo:\n    inline: 'swagger: \"2.0\"'\n")
        #expect(inline.rest?.swaggerInfo?.swaggerSpec == .inline("swagger: \"2.0\""))
    }

    @Test("the legacy gRPC service spec implies HTTP/2")
    func legacyGrpcServiceSpec() throws {
        let spec = try decode(
            UpstreamSpec.self,
            """
            static:
              hosts: [{addr: grpc.internal, port: 9000}]
              serviceSpec:
                grpc:
                  descriptors: CgtoZWxsby5wcm90bw==
                  grpcServices:
                  - packageName: helloworld
                    serviceName: Greeter
                    functionNames: [SayHello]
            """
        )
        let grpc = try #require(spec.serviceSpec?.grpc)
        #expect(grpc.grpcServices?.first?.functionNames == ["SayHello"])
        #expect(spec.usesHttp2)
    }

    // MARK: - Destinations and groups

    @Test("an UpstreamGroup with weighted destinations")
    func upstreamGroup() throws {
        let spec = try decode(
            UpstreamGroupSpec.self,
            """
            destinations:
            - destination:
                upstream:
                  name: default-petstore-8080
                  namespace: gloo-system
                subset:
                  values:
                    version: v2
              weight: 5
            - destination:
                kube:
                  ref: {name: petstore, namespace: default}
                  port: 8080
              weight: 5
              options:
                headerManipulation:
                  requestHeadersToRemove: [x-debug]
            - destination:
                upstream: {name: lambda, namespace: gloo-system}
                destinationSpec:
                  aws:
                    logicalName: uppercase
                    invocationStyle: SYNC
                    requestTransformation: true
                    unwrapAsAlb: false
              weight: 1
            - destination:
                consul:
                  serviceName: payments
                  tags: [v1]
                  dataCenters: [dc1]
                destinationSpec:
                  rest:
                    functionName: findPetById
                    parameters:
                      headers:
                        x-pet-id: '{id}'
                      path: /pets/{id}
            """
        )
        let destinations = try #require(spec.destinations)
        #expect(destinations.map(\.weight) == [5, 5, 1, nil])
        #expect(
            destinations[0].destination?.upstream
                == ResourceRef(name: "default-petstore-8080", namespace: "gloo-system")
        )
        #expect(destinations[0].destination?.subset?.values == ["version": "v2"])
        #expect(
            destinations[1].destination?.destinationType
                == .kube(KubeServiceDestination(ref: ResourceRef(name: "petstore", namespace: "default"), port: 8080))
        )
        #expect(destinations[1].options != nil)
        guard case .aws(let aws) = destinations[2].destination?.destinationSpec?.destinationType else {
            Issue.record("expected an AWS destination spec")
            return
        }
        #expect(aws.logicalName == "uppercase")
        #expect(aws.invocationStyle == .sync)
        #expect(aws.requestTransformation == true)
        let consul = try #require(destinations[3].destination?.consul)
        #expect(consul == ConsulServiceDestination(serviceName: "payments", tags: ["v1"], dataCenters: ["dc1"]))
        let rest = try #require(destinations[3].destination?.destinationSpec?.rest)
        #expect(rest.functionName == "findPetById")
        #expect(rest.parameters == DestinationSpec.Parameters(headers: ["x-pet-id": "{id}"], path: "/pets/{id}"))
    }

    @Test("a multi destination and the destination oneof accessors")
    func destinationAccessors() throws {
        let multi = try decode(
            MultiDestination.self,
            """
            destinations:
            - destination:
                upstream: {name: a}
                destinationSpec:
                  azure: {functionName: hello}
              weight: 1
            - destination:
                upstream: {name: b}
                destinationSpec:
                  grpc: {package: helloworld, service: Greeter, function: SayHello, parameters: {path: /hello}}
              weight: 2
            """
        )
        #expect(multi.destinations?.first?.destination?.destinationSpec?.azure?.functionName == "hello")
        let grpc = try #require(multi.destinations?.last?.destination?.destinationSpec?.grpc)
        #expect(grpc.package == "helloworld")
        #expect(grpc.function == "SayHello")
        #expect(grpc.parameters?.path == "/hello")

        var destination = Destination.upstream(ResourceRef(name: "a"))
        destination.consul = ConsulServiceDestination(serviceName: "x")
        #expect(destination.destinationType == nil)
        #expect(destination.destinationTypeCount == 2)
        destination.destinationType = .kube(KubeServiceDestination(ref: ResourceRef(name: "svc"), port: 80))
        #expect(destination.upstream == nil)
        #expect(destination.consul == nil)
        #expect(destination.kube?.port == 80)

        var spec = UpstreamSpec(.static(StaticUpstream(hosts: [.init(addr: "a", port: 80)])))
        #expect(spec.upstreamTypeCount == 1)
        spec.upstreamType = .pipe(PipeUpstream(path: "/tmp/s"))
        #expect(spec.static == nil)
        #expect(spec.pipe?.path == "/tmp/s")
    }

    // MARK: - Settings and secrets

    @Test("a Settings excerpt")
    func settings() throws {
        let spec = try decode(
            SettingsSpec.self,
            """
            discoveryNamespace: gloo-system
            watchNamespaces: [default, gloo-system]
            kubernetesArtifactSource: {}
            kubernetesConfigSource: {}
            kubernetesSecretSource: {}
            refreshRate: 60s
            discovery:
              fdsMode: WHITELIST
              udsOptions:
                enabled: true
                watchLabels:
                  discover: "true"
            gloo:
              xdsBindAddr: 0.0.0.0:9977
              restXdsBindAddr: 0.0.0.0:9976
              regexMaxProgramSize: 1024
              disableKubernetesDestinations: true
              transformationEscapeCharacters: true
              enableRestEds: false
              invalidConfigPolicy:
                replaceInvalidRoutes: true
                invalidRouteResponseCode: 404
                invalidRouteResponseBody: Gloo Gateway has invalid configuration.
              awsOptions:
                enableCredentialsDiscovey: false
                fallbackToFirstFunction: true
                credentialRefreshDelay: 900s
              circuitBreakers:
                maxConnections: 2048
            gateway:
              readGatewaysFromAllNamespaces: false
              isolateVirtualHostsBySslConfig: true
              translateEmptyGateways: true
              persistProxySpec: false
              validation:
                alwaysAccept: true
                allowWarnings: true
                disableTransformationValidation: false
                serverEnabled: true
                validationServerGrpcMaxSizeBytes: 104857600
                proxyValidationServerAddr: gloo:9988
              virtualServiceOptions:
                oneWayTls: false
            upstreamOptions:
              sslParameters:
                minimumProtocolVersion: TLSv1_2
              globalAnnotations:
                gloo.solo.io/h2_service: "true"
            watchNamespaceSelectors:
            - matchLabels: {team: edge}
              matchExpressions:
              - key: env
                operator: In
                values: [prod]
            consoleOptions: {}
            ratelimitServer:
              ratelimitServerRef: {name: rate-limit, namespace: gloo-system}
            """
        )
        #expect(spec.discoveryNamespace == "gloo-system")
        #expect(spec.watchNamespaces == ["default", "gloo-system"])
        #expect(spec.refreshRate == ProtoDuration(seconds: 60))
        #expect(spec.discovery?.fdsMode == .whitelist)
        #expect(spec.discovery?.udsOptions?.watchLabels == ["discover": "true"])
        let gloo = try #require(spec.gloo)
        #expect(gloo.xdsBindAddr == "0.0.0.0:9977")
        #expect(gloo.regexMaxProgramSize == 1024)
        #expect(gloo.disableKubernetesDestinations == true)
        #expect(gloo.transformationEscapeCharacters == true)
        #expect(gloo.invalidConfigPolicy?.replaceInvalidRoutes == true)
        #expect(gloo.invalidConfigPolicy?.invalidRouteResponseCode == 404)
        #expect(gloo.invalidConfigPolicy?.invalidRouteResponseBody == "Gloo Gateway has invalid configuration.")
        #expect(gloo.awsOptions?.fallbackToFirstFunction == true)
        #expect(gloo.awsOptions?.credentialRefreshDelay == ProtoDuration(seconds: 900))
        #expect(gloo.circuitBreakers?.maxConnections == 2048)
        let gateway = try #require(spec.gateway)
        #expect(gateway.readGatewaysFromAllNamespaces == false)
        #expect(gateway.isolateVirtualHostsBySslConfig == true)
        #expect(gateway.translateEmptyGateways == true)
        #expect(gateway.validation?.alwaysAccept == true)
        #expect(gateway.validation?.validationServerGrpcMaxSizeBytes == 104_857_600)
        #expect(spec.upstreamOptions?.sslParameters?.minimumProtocolVersion == .tlsV1_2)
        #expect(spec.watchNamespaceSelectors?.first?.matchExpressions?.first?.operator == "In")
        #expect(spec.ratelimitServer?["ratelimitServerRef"]?["name"] == .string("rate-limit"))
        #expect(spec.kubernetesConfigSource?.isEmpty == true)
    }

    @Test("a TLS Secret")
    func tlsSecret() throws {
        let spec = try decode(
            SecretSpec.self,
            """
            tls:
              certChain: |
                -----BEGIN CERTIFICATE-----
                MIIBszCCAVmgAwIBAgIUQ0==
                -----END CERTIFICATE-----
              privateKey: |
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49==
                -----END PRIVATE KEY-----
              rootCa: ""
            """
        )
        guard case .tls(let tls) = spec.secretType else {
            Issue.record("expected a tls secret")
            return
        }
        #expect(tls.certChain?.hasPrefix("-----BEGIN CERTIFICATE-----\n") == true)
        #expect(tls.privateKey?.hasSuffix("-----END PRIVATE KEY-----\n") == true)
        #expect(tls.rootCa == "")

        let aws = try decode(SecretSpec.self, "aws:\n  accessKey: AKIA\n  secretKey: s3cr3t\n")
        #expect(aws.secretType == .aws(SecretSpec.Aws(accessKey: "AKIA", secretKey: "s3cr3t")))
        let header = try decode(SecretSpec.self, "header:\n  headers:\n    authorization: Bearer abc\n")
        #expect(header.header?.headers == ["authorization": "Bearer abc"])
    }

    @Test("a whole Upstream resource")
    func upstreamResource() throws {
        let resource = try decode(
            Resource<UpstreamSpec>.self,
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata:
              name: json-upstream
              namespace: gloo-system
            spec:
              static:
                hosts:
                - addr: jsonplaceholder.typicode.com
                  port: 80
            """
        )
        #expect(resource.spec.static?.hosts?.first?.addr == "jsonplaceholder.typicode.com")
        #expect(
            UpstreamSpec.clusterName(name: resource.name, namespace: resource.namespace) == "json-upstream_gloo-system"
        )
    }

    // MARK: - Enums, errors, names

    @Test("enums given by number")
    func enumsByNumber() throws {
        let destination = try decode(DestinationSpec.self, "aws:\n  logicalName: f\n  invocationStyle: 1\n")
        #expect(destination.aws?.invocationStyle == .async)
        let settings = try decode(SettingsSpec.self, "discovery:\n  fdsMode: 2\n")
        #expect(settings.discovery?.fdsMode == .disabled)
        let ssl = try decode(SslConfig.self, "ocspStaplePolicy: 2\nparameters:\n  minimumProtocolVersion: '3'\n")
        #expect(ssl.ocspStaplePolicy == .mustStaple)
        #expect(ssl.parameters?.minimumProtocolVersion == .tlsV1_2)
        let check = try decode(HealthCheck.HttpHealthCheck.self, "path: /\nmethod: 9\n")
        #expect(check.method == .patch)
        // Names are written back, not numbers.
        #expect(try ConfigEncoder().encode(destination)["aws"]?["invocationStyle"] == .string("ASYNC"))
        #expect(SettingsSpec.DiscoveryOptions.FdsMode.allCases.map(\.protoNumber) == [0, 1, 2])
    }

    @Test("an unknown enum name names the field")
    func badEnumName() throws {
        let document = try #require(
            try ConfigSyntax.parseDocuments(
                """
                destinations:
                - destination:
                    upstream: {name: lambda}
                    destinationSpec:
                      aws:
                        logicalName: f
                        invocationStyle: EVENTUALLY
                """,
                file: "test.yaml"
            )
            .first
        )
        let error = try #require(throws: ConfigDecodingError.self) {
            try ConfigDecoder().decode(UpstreamGroupSpec.self, from: document)
        }
        #expect(error.path == "destinations[0].destination.destinationSpec.aws.invocationStyle")
        #expect(error.reason.contains("EVENTUALLY"))
        #expect(error.location?.line == 7)
        #expect(error.description.contains("destinations[0].destination.destinationSpec.aws.invocationStyle"))
    }

    @Test("unknown fields are reported with their path")
    func unknownFields() throws {
        let document = try #require(
            try ConfigSyntax.parseDocuments("kube:\n  serviceName: a\n  servicePortt: 80\n", file: "test.yaml").first
        )
        let result = try ConfigDecoder().decode(UpstreamSpec.self, from: document)
        #expect(result.unknownFields.map(\.path) == ["kube.servicePortt"])
    }

    @Test(
        "Envoy cluster names",
        arguments: [
            ("petstore", "default", "petstore_default"),
            ("default-petstore-8080", "gloo-system", "default-petstore-8080_gloo-system"),
            ("kube-svc:default-petstore-8080", "gloo-system", "kube-svc:default-petstore-8080_gloo-system"),
            ("no-namespace", "", "no-namespace"),
        ]
    )
    func clusterNames(_ testCase: (name: String, namespace: String, expected: String)) {
        #expect(UpstreamSpec.clusterName(name: testCase.name, namespace: testCase.namespace) == testCase.expected)
        #expect(UpstreamSpec.clusterName(name: testCase.name, namespace: nil) == testCase.name)
    }
}
