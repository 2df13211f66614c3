import GatewayModel
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// Upstreams → Envoy clusters and ClusterLoadAssignments: each backend kind, each option's Envoy form, and
/// the warnings and errors Gloo and Envoy would give.
@Suite("Translating Upstreams to clusters")
struct ClusterTranslationTests {
    @Test(
        "IPv4 addresses: four parts of 0-255 without leading zeros",
        arguments: [
            ("0.0.0.0", true), ("10.0.0.1", true), ("255.255.255.255", true), ("1.22.103.4", true),
            ("256.1.1.1", false), ("01.2.3.4", false), ("00.1.1.1", false), ("1.2.3", false), ("1.2.3.4.5", false),
            ("1..2.3", false), (".1.2.3", false), ("1.2.3.", false), ("1.2.3.4a", false), ("", false),
            ("1234.1.1.1", false), ("1.2.3.-4", false), ("example.com", false),
        ]
    )
    func ipv4(_ text: String, _ valid: Bool) {
        #expect(EndpointAddress.isIPv4(Substring(text)) == valid)
    }

    // MARK: - Backend kinds

    @Test("IP hosts are an EDS cluster with its own ClusterLoadAssignment over ADS")
    func staticIPsAggregated() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: petstore, namespace: apps}
            spec:
              static:
                hosts:
                - {addr: 10.0.0.1, port: 8080, loadBalancingWeight: 3}
                - {addr: '::1', port: 8081}
            """
        )
        let cluster = try #require(result.cluster("petstore_apps"))
        #expect(cluster.type == .eds)
        #expect(cluster.edsClusterConfig.edsConfig.ads == Envoy_Config_Core_V3_AggregatedConfigSource())
        #expect(cluster.edsClusterConfig.edsConfig.resourceApiVersion == .v3)
        #expect(cluster.edsClusterConfig.serviceName.isEmpty)
        #expect(!cluster.hasLoadAssignment)
        #expect(cluster.connectTimeout == Google_Protobuf_Duration(seconds: 5))
        #expect(!cluster.hasTransportSocket)

        let assignment = try #require(result.assignment("petstore_apps"))
        let endpoints = try #require(assignment.endpoints.first).lbEndpoints
        #expect(endpoints.count == 2)
        #expect(endpoints[0].endpoint.address.socketAddress.address == "10.0.0.1")
        #expect(endpoints[0].endpoint.address.socketAddress.portValue == 8080)
        #expect(endpoints[0].endpoint.hostname == "10.0.0.1")
        #expect(endpoints[0].endpoint.healthCheckConfig.hostname == "10.0.0.1")
        #expect(endpoints[0].loadBalancingWeight.value == 3)
        #expect(!endpoints[1].hasLoadBalancingWeight)
        #expect(endpoints[1].endpoint.address.socketAddress.address == "::1")
        #expect(result.reports.reports.allSatisfy { $0.errors.isEmpty && $0.warnings.isEmpty })
    }

    @Test("IP hosts are a STATIC cluster with inline endpoints when embedded")
    func staticIPsEmbedded() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: petstore, namespace: apps}
            spec:
              static:
                hosts: [{addr: 10.0.0.1, port: 8080}]
            """,
            delivery: .embedded
        )
        let cluster = try #require(result.cluster("petstore_apps"))
        #expect(cluster.type == .static)
        #expect(!cluster.hasEdsClusterConfig)
        #expect(cluster.loadAssignment.clusterName == "petstore_apps")
        #expect(
            cluster.loadAssignment.endpoints.first?.lbEndpoints.first?.endpoint.address.socketAddress.address
                == "10.0.0.1"
        )
        #expect(result.resources.clusterLoadAssignments.isEmpty)
    }

    @Test(
        "Host names are a STRICT_DNS cluster, IPv4 only, in both deliveries",
        arguments: [
            XDSTranslator.Delivery.aggregated, .embedded,
        ]
    )
    func staticHostnames(delivery: XDSTranslator.Delivery) throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: httpbin, namespace: apps}
            spec:
              static:
                hosts: [{addr: httpbin.org, port: 80}, {addr: 10.1.2.3, port: 80}]
            """,
            delivery: delivery
        )
        let cluster = try #require(result.cluster("httpbin_apps"))
        #expect(cluster.type == .strictDns)
        #expect(cluster.dnsLookupFamily == .v4Only)
        #expect(cluster.loadAssignment.endpoints.first?.lbEndpoints.count == 2)
        #expect(result.resources.clusterLoadAssignments.isEmpty)
        #expect(!cluster.hasTransportSocket)
    }

    @Test("Port 443 turns TLS on with the first host name, and each host sends its own server name")
    func staticTls() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: external, namespace: apps}
            spec:
              static:
                hosts:
                - {addr: api.example.com, port: 443}
                - {addr: 10.0.0.9, port: 443, sniAddr: other.example.com}
            """
        )
        let cluster = try #require(result.cluster("external_apps"))
        #expect(cluster.transportSocket.name == "envoy.transport_sockets.tls")
        let tls = try ClusterFixture.upstreamTls(cluster.transportSocket)
        #expect(tls.sni == "api.example.com")
        #expect(tls.commonTlsContext.validationContextType == nil)

        #expect(
            cluster.transportSocketMatches.map(\.name) == [
                "api.example.com;api.example.com:443", "other.example.com;10.0.0.9:443",
            ]
        )
        let second = cluster.transportSocketMatches[1]
        #expect(second.match.fields["other.example.com;10.0.0.9:443"] == Google_Protobuf_Value(boolValue: true))
        #expect(try ClusterFixture.upstreamTls(second.transportSocket).sni == "other.example.com")

        let endpoint = try #require(cluster.loadAssignment.endpoints.first?.lbEndpoints[1])
        let match = try #require(endpoint.metadata.filterMetadata["envoy.transport_socket_match"])
        #expect(match.fields["other.example.com;10.0.0.9:443"] == Google_Protobuf_Value(boolValue: true))
    }

    @Test("useTls false keeps port 443 in plain text; autoSniRewrite false sends no per-host names")
    func staticTlsSwitches() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: plain, namespace: apps}
            spec:
              static:
                useTls: false
                hosts: [{addr: 10.0.0.1, port: 443}]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: tls, namespace: apps}
            spec:
              static:
                useTls: true
                autoSniRewrite: false
                hosts: [{addr: 10.0.0.1, port: 8443}]
            """
        )
        #expect(try !#require(result.cluster("plain_apps")).hasTransportSocket)
        let tls = try #require(result.cluster("tls_apps"))
        #expect(try ClusterFixture.upstreamTls(tls.transportSocket).sni == "")
        #expect(tls.transportSocketMatches.isEmpty)
    }

    @Test("Host metadata and per-host health-check paths become endpoint metadata")
    func staticMetadata() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: meta, namespace: apps}
            spec:
              static:
                autoSniRewrite: false
                hosts:
                - addr: 10.0.0.1
                  port: 80
                  metadata: {envoy.lb: {version: v2, canary: true}, envoy.transport_socket_match: {x: true}}
                  healthCheckConfig: {path: /healthz, method: GET}
            """
        )
        let assignment = try #require(result.assignment("meta_apps"))
        let metadata = try #require(assignment.endpoints.first?.lbEndpoints.first?.metadata.filterMetadata)
        #expect(metadata["envoy.lb"]?.fields["version"] == Google_Protobuf_Value(stringValue: "v2"))
        #expect(metadata["envoy.lb"]?.fields["canary"] == Google_Protobuf_Value(boolValue: true))
        #expect(
            metadata["io.solo.health_checkers.advanced_http"]?.fields["path"]
                == Google_Protobuf_Value(stringValue: "/healthz")
        )
        #expect(metadata["envoy.transport_socket_match"] == nil)
        let warnings = result.warnings("Upstream", "apps", "meta")
        #expect(warnings.contains { $0.contains("metadata key envoy.transport_socket_match is reserved") })
        #expect(warnings.contains { $0.contains("advanced_http") })
    }

    @Test(
        "Kinds discovered elsewhere get an empty ClusterLoadAssignment and a warning",
        arguments: [
            ("kube: {serviceName: pets, serviceNamespace: apps, servicePort: 8080}", "kube"),
            ("consul: {serviceName: pets}", "consul"),
            ("awsEc2: {region: us-east-1, port: 80}", "awsEc2"),
        ]
    )
    func discoveredKinds(backend: String, kind: String) throws {
        let yaml = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pets, namespace: apps}
            spec:
              \(backend)
            """
        let aggregated = try ClusterFixture.translate(yaml)
        #expect(try #require(aggregated.cluster("pets_apps")).type == .eds)
        let assignment = try #require(aggregated.assignment("pets_apps"))
        #expect(assignment.endpoints.isEmpty)
        #expect(
            aggregated.warnings("Upstream", "apps", "pets").contains {
                $0.hasPrefix("spec.\(kind): endpoints come from")
            }
        )

        let embedded = try ClusterFixture.translate(yaml, delivery: .embedded)
        let cluster = try #require(embedded.cluster("pets_apps"))
        #expect(cluster.type == .static)
        #expect(cluster.loadAssignment.clusterName == "pets_apps")
        #expect(cluster.loadAssignment.endpoints.isEmpty)
    }

    @Test("A kube upstream's subsets become the cluster's subset configuration")
    func kubeSubsets() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pets, namespace: apps}
            spec:
              kube:
                serviceName: pets
                serviceNamespace: apps
                servicePort: 8080
                subsetSpec:
                  fallbackPolicy: DEFAULT_SUBSET
                  defaultSubset: {values: {version: v1}}
                  selectors: [{keys: [version]}, {keys: [zone], singleHostPerSubset: true}]
            """
        )
        let subsets = try #require(result.cluster("pets_apps")).lbSubsetConfig
        #expect(subsets.fallbackPolicy == .defaultSubset)
        #expect(subsets.defaultSubset.fields["version"] == Google_Protobuf_Value(stringValue: "v1"))
        #expect(subsets.subsetSelectors.map(\.keys) == [["version"], ["zone"]])
        #expect(subsets.subsetSelectors[1].singleHostPerSubset)
    }

    @Test("Lambda is a LOGICAL_DNS cluster to the regional endpoint over TLS")
    func awsLambda() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lambda, namespace: apps}
            spec:
              aws: {region: eu-west-1, lambdaFunctions: [{logicalName: hello, lambdaFunctionName: hello}]}
            """
        )
        let cluster = try #require(result.cluster("lambda_apps"))
        #expect(cluster.type == .logicalDns)
        #expect(cluster.dnsLookupFamily == .v4Only)
        let address = cluster.loadAssignment.endpoints.first?.lbEndpoints.first?.endpoint.address.socketAddress
        #expect(address?.address == "lambda.eu-west-1.amazonaws.com")
        #expect(address?.portValue == 443)
        #expect(try ClusterFixture.upstreamTls(cluster.transportSocket).sni == "lambda.eu-west-1.amazonaws.com")
        #expect(result.warnings("Upstream", "apps", "lambda").isEmpty)
    }

    @Test("Azure Functions are a LOGICAL_DNS cluster to the Function App over TLS")
    func azureFunctions() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: functions, namespace: apps}
            spec:
              azure: {functionAppName: myapp}
            """
        )
        let cluster = try #require(result.cluster("functions_apps"))
        #expect(cluster.type == .logicalDns)
        #expect(
            cluster.loadAssignment.endpoints.first?.lbEndpoints.first?.endpoint.address.socketAddress.address
                == "myapp.azurewebsites.net"
        )
        #expect(try ClusterFixture.upstreamTls(cluster.transportSocket).sni == "myapp.azurewebsites.net")
    }

    @Test("A pipe upstream's endpoint is its Unix socket")
    func pipe() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: local, namespace: apps}
            spec:
              pipe: {path: /var/run/app.sock}
            """
        )
        let assignment = try #require(result.assignment("local_apps"))
        #expect(assignment.endpoints.first?.lbEndpoints.first?.endpoint.address.pipe.path == "/var/run/app.sock")
    }

    // MARK: - Connection and protocol options

    @Test("Connection settings: connect timeout, buffer limit, keepalive, requests per connection, HTTP options")
    func connectionConfig() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: conn, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              ignoreHealthOnHostRemoval: true
              connectionConfig:
                maxRequestsPerConnection: 100
                connectTimeout: 1.5s
                perConnectionBufferLimitBytes: 65536
                tcpKeepalive: {keepaliveProbes: 3, keepaliveTime: 1.2s, keepaliveInterval: 10s}
                commonHttpProtocolOptions:
                  idleTimeout: 30s
                  maxHeadersCount: 50
                  maxStreamDuration: 60s
                  headersWithUnderscoresAction: DROP_HEADER
                http1ProtocolOptions: {enableTrailers: true, properCaseHeaderKeyFormat: true}
            """
        )
        let cluster = try #require(result.cluster("conn_apps"))
        #expect(
            result.reports.reports.allSatisfy { $0.errors.isEmpty && $0.warnings.isEmpty },
            "\(result.reports.reports)"
        )
        #expect(cluster.connectTimeout == Google_Protobuf_Duration(seconds: 1, nanos: 500_000_000))
        #expect(cluster.perConnectionBufferLimitBytes.value == 65536)
        #expect(cluster.ignoreHealthOnHostRemoval)
        let keepalive = cluster.upstreamConnectionOptions.tcpKeepalive
        #expect(keepalive.keepaliveProbes.value == 3)
        #expect(keepalive.keepaliveTime.value == 2)
        #expect(keepalive.keepaliveInterval.value == 10)

        let options = try ClusterFixture.httpOptions(cluster)
        #expect(options.commonHTTPProtocolOptions.maxRequestsPerConnection.value == 100)
        #expect(options.commonHTTPProtocolOptions.idleTimeout == Google_Protobuf_Duration(seconds: 30))
        #expect(options.commonHTTPProtocolOptions.maxHeadersCount.value == 50)
        #expect(options.commonHTTPProtocolOptions.maxStreamDuration == Google_Protobuf_Duration(seconds: 60))
        #expect(options.commonHTTPProtocolOptions.headersWithUnderscoresAction == .dropHeader)
        let http1 = options.explicitHTTPConfig.httpProtocolOptions
        #expect(http1.enableTrailers)
        #expect(http1.headerKeyFormat.properCaseWords == .init())
    }

    @Test("useHttp2 sends HTTP/2 with its window and stream settings")
    func http2() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: h2, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              useHttp2: true
              initialStreamWindowSize: 65536
              initialConnectionWindowSize: 1048576
              maxConcurrentStreams: 100
              overrideStreamErrorOnInvalidHttpMessage: true
            """
        )
        let options = try ClusterFixture.httpOptions(try #require(result.cluster("h2_apps")))
        let http2 = options.explicitHTTPConfig.http2ProtocolOptions
        #expect(http2.initialStreamWindowSize.value == 65536)
        #expect(http2.initialConnectionWindowSize.value == 1_048_576)
        #expect(http2.maxConcurrentStreams.value == 100)
        #expect(http2.overrideStreamErrorOnInvalidHTTPMessage.value)
    }

    @Test("A gRPC service spec implies HTTP/2")
    func grpcImpliesHttp2() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: grpc, namespace: apps}
            spec:
              static:
                hosts: [{addr: 10.0.0.1, port: 9000}]
                serviceSpec: {grpcJsonTranscoder: {protoDescriptorBin: AAAA, services: [a.B]}}
            """
        )
        let options = try ClusterFixture.httpOptions(try #require(result.cluster("grpc_apps")))
        #expect(options.explicitHTTPConfig.protocolConfig == .http2ProtocolOptions(.init()))
    }

    @Test("USE_DOWNSTREAM_PROTOCOL follows the downstream, with HTTP/2 settings when HTTP/2 is on")
    func downstreamProtocol() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: both, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              protocolSelection: USE_DOWNSTREAM_PROTOCOL
              useHttp2: true
              connectionConfig: {http1ProtocolOptions: {enableTrailers: true}}
            """
        )
        let options = try ClusterFixture.httpOptions(try #require(result.cluster("both_apps")))
        #expect(options.useDownstreamProtocolConfig.httpProtocolOptions.enableTrailers)
        #expect(options.useDownstreamProtocolConfig.hasHTTP2ProtocolOptions)
    }

    @Test("Plain HTTP/1.1 upstreams carry no protocol options; HTTP/2 settings without HTTP/2 are warned about")
    func noProtocolOptions() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: plain, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              maxConcurrentStreams: 10
            """
        )
        #expect(try #require(result.cluster("plain_apps")).typedExtensionProtocolOptions.isEmpty)
        #expect(
            result.warnings("Upstream", "apps", "plain") == [
                "option 'maxConcurrentStreams' at spec.maxConcurrentStreams is not sent to Envoy: "
                    + "the upstream does not use HTTP/2 (set useHttp2)"
            ]
        )
    }

    @Test("DNS refresh settings use the DNS cluster extension")
    func dnsSettings() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: dns, namespace: apps}
            spec:
              static: {hosts: [{addr: example.com, port: 80}]}
              dnsRefreshRate: 30s
              respectDnsTtl: true
            """
        )
        let cluster = try #require(result.cluster("dns_apps"))
        #expect(cluster.clusterType.name == "envoy.clusters.dns")
        let dns = try Envoy_Extensions_Clusters_Dns_V3_DnsCluster(unpackingAny: cluster.clusterType.typedConfig)
        #expect(dns.dnsRefreshRate == Google_Protobuf_Duration(seconds: 30))
        #expect(dns.respectDnsTtl)
        #expect(dns.dnsLookupFamily == .v4Only)
        #expect(!dns.allAddressesInSingleEndpoint)
        #expect(cluster.loadAssignment.endpoints.count == 1)
    }

    @Test("PROXY protocol wraps the transport socket")
    func proxyProtocol() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pp, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              proxyProtocolVersion: V2
            """
        )
        let socket = try #require(result.cluster("pp_apps")).transportSocket
        #expect(socket.name == "envoy.transport_sockets.upstream_proxy_protocol")
        let transport = try Envoy_Extensions_TransportSockets_ProxyProtocol_V3_ProxyProtocolUpstreamTransport(
            unpackingAny: socket.typedConfig
        )
        #expect(transport.config.version == .v2)
        #expect(transport.transportSocket.name == "envoy.transport_sockets.raw_buffer")
    }

    @Test("Preconnect ratios")
    func preconnect() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pre, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              preconnectPolicy: {perUpstreamPreconnectRatio: 1.5, predictivePreconnectRatio: 2}
            """
        )
        let policy = try #require(result.cluster("pre_apps")).preconnectPolicy
        #expect(policy.perUpstreamPreconnectRatio.value == 1.5)
        #expect(policy.predictivePreconnectRatio.value == 2)
    }

    // MARK: - Load balancing, health, limits

    @Test("Load balancer algorithms and common settings")
    func loadBalancing() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lr, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              loadBalancerConfig:
                healthyPanicThreshold: 40
                updateMergeWindow: 2s
                leastRequest:
                  choiceCount: 3
                  slowStartConfig: {slowStartWindow: 10s, aggression: 1.5, minWeightPercent: 20}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: ring, namespace: apps}
            spec:
              static: {hosts: [{addr: ring.example.com, port: 80}]}
              loadBalancerConfig:
                useHostnameForHashing: true
                ringHash: {ringHashConfig: {minimumRingSize: 1024, maximumRingSize: 4096}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: random, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              loadBalancerConfig: {random: {}, localityWeightedLbConfig: {}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: maglev, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              loadBalancerConfig: {maglev: {}}
            """
        )
        let leastRequest = try #require(result.cluster("lr_apps"))
        #expect(leastRequest.lbPolicy == .leastRequest)
        #expect(leastRequest.commonLbConfig.healthyPanicThreshold.value == 40)
        #expect(leastRequest.commonLbConfig.updateMergeWindow == Google_Protobuf_Duration(seconds: 2))
        #expect(leastRequest.leastRequestLbConfig.choiceCount.value == 3)
        let slowStart = leastRequest.leastRequestLbConfig.slowStartConfig
        #expect(slowStart.slowStartWindow == Google_Protobuf_Duration(seconds: 10))
        #expect(slowStart.aggression.defaultValue == 1.5)
        #expect(slowStart.aggression.runtimeKey == "upstream.lr_apps.slowStart.aggression")
        #expect(slowStart.minWeightPercent.value == 20)

        let ring = try #require(result.cluster("ring_apps"))
        #expect(ring.lbPolicy == .ringHash)
        #expect(ring.ringHashLbConfig.minimumRingSize.value == 1024)
        #expect(ring.ringHashLbConfig.maximumRingSize.value == 4096)
        #expect(ring.commonLbConfig.consistentHashingLbConfig.useHostnameForHashing)

        let random = try #require(result.cluster("random_apps"))
        #expect(random.lbPolicy == .random)
        #expect(random.commonLbConfig.localityConfigSpecifier == .localityWeightedLbConfig(.init()))
        #expect(try #require(result.cluster("maglev_apps")).lbPolicy == .maglev)
    }

    @Test("HTTP, TCP and gRPC health checks")
    func healthChecks() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: checked, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              useHttp2: true
              healthChecks:
              - timeout: 1s
                interval: 5s
                initialJitter: 1s
                intervalJitterPercent: 10
                healthyThreshold: 2
                unhealthyThreshold: 3
                reuseConnection: false
                noTrafficInterval: 60s
                eventLogPath: /dev/stdout
                httpHealthCheck:
                  path: /healthz
                  host: health.local
                  method: HEAD
                  serviceName: pets
                  useHttp2: true
                  expectedStatuses: [{start: 200, end: 300}]
                  requestHeadersToAdd: [{header: {key: x-check, value: '1'}, append: false}]
                  requestHeadersToRemove: [x-drop]
              - timeout: 1s
                interval: 5s
                healthyThreshold: 1
                unhealthyThreshold: 1
                tcpHealthCheck: {send: {text: '50494e47'}, receive: [{text: '504f4e47'}]}
              - timeout: 1s
                interval: 5s
                healthyThreshold: 1
                unhealthyThreshold: 1
                grpcHealthCheck: {serviceName: pets, authority: pets.local}
            """
        )
        let checks = try #require(result.cluster("checked_apps")).healthChecks
        // Envoy 1.40 needs a unique name on each of several checks.
        #expect(checks.map(\.name) == ["http-0", "tcp-1", "grpc-2"])
        let http = checks[0]
        #expect(http.timeout == Google_Protobuf_Duration(seconds: 1))
        #expect(http.interval == Google_Protobuf_Duration(seconds: 5))
        #expect(http.initialJitter == Google_Protobuf_Duration(seconds: 1))
        #expect(http.intervalJitterPercent == 10)
        #expect(http.healthyThreshold.value == 2)
        #expect(http.unhealthyThreshold.value == 3)
        #expect(http.reuseConnection == Google_Protobuf_BoolValue(false))
        #expect(http.noTrafficInterval == Google_Protobuf_Duration(seconds: 60))
        #expect(http.eventLogger.first?.name == "envoy.health_check.event_sinks.file")
        #expect(http.httpHealthCheck.path == "/healthz")
        #expect(http.httpHealthCheck.host == "health.local")
        #expect(http.httpHealthCheck.method == .head)
        #expect(http.httpHealthCheck.serviceNameMatcher.prefix == "pets")
        #expect(http.httpHealthCheck.codecClientType == .http2)
        #expect(http.httpHealthCheck.expectedStatuses.map { [$0.start, $0.end] } == [[200, 300]])
        #expect(http.httpHealthCheck.requestHeadersToAdd.first?.header.key == "x-check")
        #expect(http.httpHealthCheck.requestHeadersToAdd.first?.appendAction == .overwriteIfExistsOrAdd)
        #expect(http.httpHealthCheck.requestHeadersToRemove == ["x-drop"])
        #expect(checks[1].tcpHealthCheck.send.text == "50494e47")
        #expect(checks[1].tcpHealthCheck.receive.map(\.text) == ["504f4e47"])
        #expect(checks[2].grpcHealthCheck.serviceName == "pets")
        #expect(checks[2].grpcHealthCheck.authority == "pets.local")
        // Gloo uses the first HTTP check's host as every endpoint's health-check host name.
        let endpoint = try #require(result.assignment("checked_apps")?.endpoints.first?.lbEndpoints.first)
        #expect(endpoint.endpoint.healthCheckConfig.hostname == "health.local")
    }

    @Test("Outlier detection, every field")
    func outlierDetection() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: od, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              outlierDetection:
                consecutive5xx: 7
                interval: 10s
                baseEjectionTime: 30s
                maxEjectionPercent: 50
                enforcingConsecutive5xx: 90
                enforcingSuccessRate: 80
                successRateMinimumHosts: 4
                successRateRequestVolume: 50
                successRateStdevFactor: 1900
                consecutiveGatewayFailure: 3
                enforcingConsecutiveGatewayFailure: 70
                splitExternalLocalOriginErrors: true
                consecutiveLocalOriginFailure: 6
                enforcingConsecutiveLocalOriginFailure: 60
                enforcingLocalOriginSuccessRate: 50
            """
        )
        let detection = try #require(result.cluster("od_apps")).outlierDetection
        #expect(detection.consecutive5Xx.value == 7)
        #expect(detection.interval == Google_Protobuf_Duration(seconds: 10))
        #expect(detection.baseEjectionTime == Google_Protobuf_Duration(seconds: 30))
        #expect(detection.maxEjectionPercent.value == 50)
        #expect(detection.enforcingConsecutive5Xx.value == 90)
        #expect(detection.enforcingSuccessRate.value == 80)
        #expect(detection.successRateMinimumHosts.value == 4)
        #expect(detection.successRateRequestVolume.value == 50)
        #expect(detection.successRateStdevFactor.value == 1900)
        #expect(detection.consecutiveGatewayFailure.value == 3)
        #expect(detection.enforcingConsecutiveGatewayFailure.value == 70)
        #expect(detection.splitExternalLocalOriginErrors)
        #expect(detection.consecutiveLocalOriginFailure.value == 6)
        #expect(detection.enforcingConsecutiveLocalOriginFailure.value == 60)
        #expect(detection.enforcingLocalOriginSuccessRate.value == 50)
    }

    @Test("Circuit breakers: the Upstream's own, else the settings' default")
    func circuitBreakers() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Settings
            metadata: {name: default, namespace: gloo-system}
            spec:
              gloo: {circuitBreakers: {maxConnections: 9}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: own, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              circuitBreakers: {maxConnections: 1, maxPendingRequests: 2, maxRequests: 3, maxRetries: 4, trackRemaining: true}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: inherited, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
            """
        )
        let own = try #require(result.cluster("own_apps")?.circuitBreakers.thresholds.first)
        #expect(own.priority == .default)
        #expect(
            [own.maxConnections.value, own.maxPendingRequests.value, own.maxRequests.value, own.maxRetries.value]
                == [1, 2, 3, 4]
        )
        #expect(own.trackRemaining)
        let inherited = try #require(result.cluster("inherited_apps")?.circuitBreakers.thresholds.first)
        #expect(inherited.maxConnections.value == 9)
        #expect(!inherited.hasMaxRequests)
    }

    // MARK: - Upstream TLS

    @Test(
        "A Secret's certificate and root CA are referenced over SDS, with typed SAN checks",
        arguments: [
            XDSTranslator.Delivery.aggregated, .embedded,
        ]
    )
    func sslSecretRef(delivery: XDSTranslator.Delivery) throws {
        let result = try ClusterFixture.translate(
            ClusterFixture.tlsSecret(name: "client", namespace: "apps", rootCa: true) + """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: mtls, namespace: apps}
                spec:
                  static: {hosts: [{addr: backend.test, port: 8443}]}
                  sslConfig:
                    secretRef: {name: client}
                    sni: backend.test
                    verifySubjectAltName: [backend.test, 'spiffe://cluster.local/ns/apps/sa/backend']
                    alpnProtocols: [h2]
                    allowRenegotiation: true
                    parameters: {minimumProtocolVersion: TLSv1_2, maximumProtocolVersion: TLSv1_3, cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256]}
                """,
            delivery: delivery
        )
        let cluster = try #require(result.cluster("mtls_apps"))
        let tls = try ClusterFixture.upstreamTls(cluster.transportSocket)
        #expect(tls.sni == "backend.test")
        #expect(tls.allowRenegotiation)
        let common = tls.commonTlsContext
        #expect(common.alpnProtocols == ["h2"])
        #expect(common.tlsParams.tlsMinimumProtocolVersion == .tlsv12)
        #expect(common.tlsParams.tlsMaximumProtocolVersion == .tlsv13)
        #expect(common.tlsParams.cipherSuites == ["ECDHE-ECDSA-AES128-GCM-SHA256"])
        #expect(common.tlsCertificateSdsSecretConfigs.map(\.name) == ["client_apps"])
        let combined = common.combinedValidationContext
        #expect(combined.validationContextSdsSecretConfig.name == "client_apps_cacert")
        #expect(combined.defaultValidationContext.matchTypedSubjectAltNames.map(\.sanType) == [.dns, .uri])
        #expect(
            combined.defaultValidationContext.matchTypedSubjectAltNames.map(\.matcher.exact) == [
                "backend.test", "spiffe://cluster.local/ns/apps/sa/backend",
            ]
        )
        let sds = common.tlsCertificateSdsSecretConfigs[0]
        switch delivery {
        case .aggregated:
            #expect(sds.sdsConfig.ads == Envoy_Config_Core_V3_AggregatedConfigSource())
            #expect(sds.sdsConfig.resourceApiVersion == .v3)
        case .embedded:
            #expect(!sds.hasSdsConfig)
        }
        #expect(result.resources.secrets.map(\.name) == ["client_apps", "client_apps_cacert"])
        // The per-host transport socket keeps the certificates and sends the host's own name.
        #expect(cluster.transportSocketMatches.count == 1)
        let hostTls = try ClusterFixture.upstreamTls(cluster.transportSocketMatches[0].transportSocket)
        #expect(hostTls.commonTlsContext.tlsCertificateSdsSecretConfigs.map(\.name) == ["client_apps"])
    }

    @Test("oneWayTls drops the client certificate; a root CA alone needs no certificate")
    func oneWayTls() throws {
        let result = try ClusterFixture.translate(
            ClusterFixture.tlsSecret(name: "client", namespace: "apps", rootCa: true) + """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: oneway, namespace: apps}
                spec:
                  static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
                  sslConfig: {secretRef: {name: client, namespace: apps}, oneWayTls: true}
                """
        )
        let tls = try ClusterFixture.upstreamTls(try #require(result.cluster("oneway_apps")).transportSocket)
        #expect(tls.commonTlsContext.tlsCertificateSdsSecretConfigs.isEmpty)
        #expect(tls.commonTlsContext.validationContextSdsSecretConfig.name == "client_apps_cacert")
        #expect(result.resources.secrets.map(\.name) == ["client_apps_cacert"])
    }

    @Test("sslFiles are file names; an external SDS is reached over gRPC")
    func sslFilesAndSds() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: files, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
              sslConfig:
                sslFiles: {tlsCert: /certs/tls.crt, tlsKey: /certs/tls.key, rootCa: /certs/ca.crt}
                verifySubjectAltName: [backend.test]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: sds, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
              sslConfig:
                sds: {clusterName: sds_cluster, certificatesSecretName: cert, validationContextName: ca}
            """
        )
        let files = try ClusterFixture.upstreamTls(try #require(result.cluster("files_apps")).transportSocket)
        #expect(files.commonTlsContext.tlsCertificates.first?.certificateChain.filename == "/certs/tls.crt")
        #expect(files.commonTlsContext.tlsCertificates.first?.privateKey.filename == "/certs/tls.key")
        #expect(files.commonTlsContext.validationContext.trustedCa.filename == "/certs/ca.crt")
        #expect(files.commonTlsContext.validationContext.matchTypedSubjectAltNames.first?.sanType == .dns)

        let sds = try ClusterFixture.upstreamTls(try #require(result.cluster("sds_apps")).transportSocket)
        let certificate = try #require(sds.commonTlsContext.tlsCertificateSdsSecretConfigs.first)
        #expect(certificate.name == "cert")
        #expect(certificate.sdsConfig.apiConfigSource.apiType == .grpc)
        #expect(certificate.sdsConfig.apiConfigSource.grpcServices.first?.envoyGrpc.clusterName == "sds_cluster")
        #expect(sds.commonTlsContext.validationContextSdsSecretConfig.name == "ca")
        #expect(result.resources.secrets.isEmpty)
    }

    @Test("A missing TLS Secret rejects the Upstream and leaves its cluster out, unless the settings only warn")
    func missingSecret() throws {
        let upstream = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: broken, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
              sslConfig: {secretRef: {name: nowhere}}
            """
        let rejected = try ClusterFixture.translate(upstream)
        #expect(rejected.cluster("broken_apps") == nil)
        #expect(
            rejected.errors("Upstream", "apps", "broken") == [
                "spec.sslConfig.secretRef: SSL secret not found: list did not find secret apps.nowhere"
            ]
        )
        #expect(rejected.resources.secrets.isEmpty)

        let warned = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Settings
            metadata: {name: default, namespace: gloo-system}
            spec: {gateway: {validation: {warnMissingTlsSecret: true}}}
            ---

            """ + upstream
        )
        let cluster = try #require(warned.cluster("broken_apps"))
        #expect(!cluster.hasTransportSocket)
        #expect(warned.errors("Upstream", "apps", "broken").isEmpty)
        #expect(warned.warnings("Upstream", "apps", "broken").count == 1)
    }

    // MARK: - Errors and warnings

    @Test(
        "Values Envoy rejects are errors on the Upstream, and its cluster is left out",
        arguments: [
            ("static: {hosts: [{addr: 10.0.0.1}]}", "spec.static.hosts[0].port: port cannot be empty for host"),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 70000}]}",
                "spec.static.hosts[0].port: port must be at most 65535, found 70000"
            ),
            ("static: {hosts: [{addr: '', port: 80}]}", "spec.static.hosts[0].addr: addr cannot be empty for host"),
            ("static: {hosts: []}", "spec.static.hosts: must provide at least 1 host in static spec"),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80, loadBalancingWeight: 0}]}",
                "spec.static.hosts[0].loadBalancingWeight: must be at least 1"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  connectionConfig: {connectTimeout: 0s}",
                "spec.connectionConfig.connectTimeout: must be greater than 0, found 0s"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{interval: 1s, healthyThreshold: 1, unhealthyThreshold: 1, tcpHealthCheck: {}}]",
                "spec.healthChecks[0].timeout: is required"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{timeout: 1s, interval: 1s, unhealthyThreshold: 1, tcpHealthCheck: {}}]",
                "spec.healthChecks[0].healthyThreshold: is required"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{timeout: 1s, interval: 1s, healthyThreshold: 1, unhealthyThreshold: 1, httpHealthCheck: {path: /, method: CONNECT}}]",
                "spec.healthChecks[0].httpHealthCheck.method: method CONNECT is not allowed on http health checkers"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{timeout: 1s, interval: 1s, healthyThreshold: 1, unhealthyThreshold: 1, grpcHealthCheck: {}}]",
                "spec.healthChecks[0].grpcHealthCheck: gRPC health checks need HTTP/2 to the upstream (set useHttp2)"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  outlierDetection: {consecutive5xx: 5}",
                "spec.outlierDetection.interval: is required"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  outlierDetection: {interval: 1s, maxEjectionPercent: 101}",
                "spec.outlierDetection.maxEjectionPercent: must be a percentage from 0 to 100, found 101"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  useHttp2: true\n  initialStreamWindowSize: 10",
                "spec.initialStreamWindowSize: Invalid Initial Stream Window Size: 10"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  dnsRefreshRate: 5s",
                "spec.dnsRefreshRate: DnsRefreshRate is only valid with STRICT_DNS or LOGICAL_DNS cluster type"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  loadBalancerConfig: {leastRequest: {choiceCount: 1}}",
                "spec.loadBalancerConfig.leastRequest.choiceCount: must be at least 2, found 1"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  loadBalancerConfig: {ringHash: {}, useHostnameForHashing: true}",
                "spec.loadBalancerConfig.useHostnameForHashing: "
                    + "Envoy hashes on host names only in STRICT_DNS clusters (static upstreams with host names)"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{timeout: 1s, interval: 1s, healthyThreshold: 1, unhealthyThreshold: 1, httpHealthCheck: {path: /, expectedStatuses: [{start: 99, end: 200}]}}]",
                "spec.healthChecks[0].httpHealthCheck.expectedStatuses[0]: "
                    + "must be a range of HTTP statuses with 100 <= start < end <= 600, found [99, 200)"
            ),
            (
                "static: {hosts: [{addr: 10.0.0.1, port: 80}]}\n  healthChecks: [{timeout: 1s, interval: 1s, healthyThreshold: 1, unhealthyThreshold: 1, tcpHealthCheck: {send: {text: zz}}}]",
                "spec.healthChecks[0].tcpHealthCheck.send.text: must be a non-empty hexadecimal string"
            ),
            ("pipe: {}", "spec.pipe.path: no path provided"),
        ]
    )
    func errors(backend: String, error: String) throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: bad, namespace: apps}
            spec:
              \(backend)
            """
        )
        #expect(result.cluster("bad_apps") == nil)
        #expect(result.resources.clusterLoadAssignments.isEmpty)
        #expect(result.errors("Upstream", "apps", "bad") == [error])
    }

    @Test("Options not sent to Envoy are warnings naming the field")
    func untranslatedOptions() throws {
        let result = try ClusterFixture.translate(
            """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: extras, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 80}]}
              failover: {prioritizedLocalities: []}
              httpProxyHostname: proxy.local:3128
            """
        )
        #expect(result.cluster("extras_apps") != nil)
        #expect(
            result.warnings("Upstream", "apps", "extras") == [
                "option 'failover' at spec.failover is not sent to Envoy: a Gloo Enterprise feature",
                "option 'httpProxyHostname' at spec.httpProxyHostname is not sent to Envoy: "
                    + "tunnelling through an HTTP CONNECT proxy is not translated",
            ]
        )
    }

    @Test(
        "IP literals are told from host names as Go's net.ParseIP does",
        arguments: [
            ("10.0.0.1", true), ("255.255.255.255", true), ("256.0.0.1", false), ("010.0.0.1", false),
            ("::1", true), ("::", true), ("2001:db8::8a2e:370:7334", true), ("::ffff:10.0.0.1", true),
            ("1:2:3:4:5:6:7:8", true), ("1:2:3:4:5:6:7:8:9", false), ("1::2::3", false), ("example.com", false),
            ("fe80::1%eth0", false), ("[::1]", false), ("1.2.3", false),
        ]
    )
    func ipLiterals(text: String, isIP: Bool) {
        #expect(EndpointAddress.isIPLiteral(text) == isIP)
    }

    @Test(
        "Every kind and option at once passes the xDS validator",
        arguments: [XDSTranslator.Delivery.aggregated, .embedded]
    )
    func validatorAcceptsEverything(delivery: XDSTranslator.Delivery) throws {
        let result = try ClusterFixture.translate(ClusterFixture.everything, delivery: delivery)
        #expect(result.resources.clusters.count == 8)
        #expect(result.reports.reports.allSatisfy { $0.errors.isEmpty })
        #expect(XDSValidator().validate(result.resources).map(\.description) == [])
    }
}

/// Loading YAML and reading translation results.
enum ClusterFixture {
    static func translate(_ yaml: String, delivery: XDSTranslator.Delivery = .aggregated) throws -> Result {
        var loader = ResourceLoader()
        try loader.load(yaml, file: "test.yaml")
        var options = XDSTranslator.Options()
        options.delivery = delivery
        let proxy = Resource<ProxySpec>(name: "gateway-proxy", namespace: "gloo-system", spec: ProxySpec())
        return Result(translation: XDSTranslator(options: options).translate(proxy, in: loader.resources))
    }

    static func upstreamTls(
        _ socket: Envoy_Config_Core_V3_TransportSocket
    ) throws -> Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext {
        try Envoy_Extensions_TransportSockets_Tls_V3_UpstreamTlsContext(unpackingAny: socket.typedConfig)
    }

    static func httpOptions(
        _ cluster: Envoy_Config_Cluster_V3_Cluster
    ) throws -> Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions {
        let packed = try #require(
            cluster.typedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
        )
        return try Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions(unpackingAny: packed)
    }

    /// Every backend kind and most options at once.
    static let everything =
        ClusterFixture.tlsSecret(name: "client", namespace: "apps", rootCa: true) + """
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: mtls, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 8443, loadBalancingWeight: 2, metadata: {envoy.lb: {v: a}}, healthCheckConfig: {path: /x}}, {addr: '::1', port: 8443}]}
              sslConfig:
                secretRef: {name: client}
                sni: backend.test
                verifySubjectAltName: [backend.test, 'spiffe://cluster.local/ns/apps/sa/backend', 10.0.0.1]
                alpnProtocols: [h2]
                parameters: {minimumProtocolVersion: TLSv1_2, maximumProtocolVersion: TLSv1_3}
              useHttp2: true
              initialStreamWindowSize: 65536
              maxConcurrentStreams: 100
              overrideStreamErrorOnInvalidHttpMessage: true
              protocolSelection: USE_DOWNSTREAM_PROTOCOL
              proxyProtocolVersion: V1
              preconnectPolicy: {perUpstreamPreconnectRatio: 1.5}
              ignoreHealthOnHostRemoval: true
              circuitBreakers: {maxConnections: 1, maxRetries: 2, trackRemaining: true}
              connectionConfig:
                maxRequestsPerConnection: 10
                connectTimeout: 2s
                perConnectionBufferLimitBytes: 1024
                tcpKeepalive: {keepaliveProbes: 3, keepaliveTime: 10s, keepaliveInterval: 5s}
                commonHttpProtocolOptions: {idleTimeout: 30s, maxHeadersCount: 50, maxStreamDuration: 60s, headersWithUnderscoresAction: REJECT_REQUEST}
                http1ProtocolOptions: {enableTrailers: true, preserveCaseHeaderKeyFormat: true, overrideStreamErrorOnInvalidHttpMessage: true}
              loadBalancerConfig:
                healthyPanicThreshold: 40
                updateMergeWindow: 2s
                localityWeightedLbConfig: {}
                closeConnectionsOnHostSetChange: true
                roundRobin: {slowStartConfig: {slowStartWindow: 10s, aggression: 1.5, minWeightPercent: 20}}
              outlierDetection: {consecutive5xx: 7, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50, enforcingConsecutive5xx: 90, enforcingSuccessRate: 80, successRateMinimumHosts: 4, successRateRequestVolume: 50, successRateStdevFactor: 1900, consecutiveGatewayFailure: 3, enforcingConsecutiveGatewayFailure: 70, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailure: 6, enforcingConsecutiveLocalOriginFailure: 60, enforcingLocalOriginSuccessRate: 50}
              healthChecks:
              - {timeout: 1s, interval: 5s, initialJitter: 1s, intervalJitter: 1s, intervalJitterPercent: 10, healthyThreshold: 2, unhealthyThreshold: 3, reuseConnection: false, noTrafficInterval: 60s, unhealthyInterval: 5s, unhealthyEdgeInterval: 5s, healthyEdgeInterval: 5s, eventLogPath: /dev/null, alwaysLogHealthCheckFailures: true,
                 httpHealthCheck: {path: /healthz, host: h.local, method: HEAD, serviceName: pets, useHttp2: true, expectedStatuses: [{start: 200, end: 300}], requestHeadersToAdd: [{header: {key: x-a, value: b}, append: false}], requestHeadersToRemove: [x-drop]}}
              - {timeout: 1s, interval: 5s, healthyThreshold: 1, unhealthyThreshold: 1, tcpHealthCheck: {send: {text: '50494e47'}, receive: [{text: '504f4e47'}]}}
              - {timeout: 1s, interval: 5s, healthyThreshold: 1, unhealthyThreshold: 1, grpcHealthCheck: {serviceName: pets, authority: pets.local, initialMetadata: [{header: {key: x-m, value: v}}]}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: dns, namespace: apps}
            spec:
              static: {hosts: [{addr: example.com, port: 443}, {addr: example.org, port: 443, sniAddr: other.example.org}]}
              dnsRefreshRate: 30s
              respectDnsTtl: true
              loadBalancerConfig: {ringHash: {ringHashConfig: {minimumRingSize: 1024, maximumRingSize: 4096}}, useHostnameForHashing: true}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: plain-dns, namespace: apps}
            spec:
              static: {hosts: [{addr: example.com, port: 80}]}
              loadBalancerConfig: {leastRequest: {choiceCount: 3}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lambda, namespace: apps}
            spec: {aws: {region: us-east-1}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: fn, namespace: apps}
            spec: {azure: {functionAppName: app}, loadBalancerConfig: {maglev: {}}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: sock, namespace: apps}
            spec: {pipe: {path: /var/run/app.sock}, loadBalancerConfig: {random: {}}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: kube, namespace: apps}
            spec:
              kube: {serviceName: pets, serviceNamespace: apps, servicePort: 80, subsetSpec: {fallbackPolicy: DEFAULT_SUBSET, defaultSubset: {values: {v: a}}, selectors: [{keys: [v]}, {keys: [z], singleHostPerSubset: true}]}}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: files, namespace: apps}
            spec:
              static: {hosts: [{addr: 10.0.0.1, port: 8443}]}
              sslConfig: {sslFiles: {tlsCert: /certs/tls.crt, tlsKey: /certs/tls.key, rootCa: /certs/ca.crt}, verifySubjectAltName: [backend.test]}
            """

    /// A self-signed EC certificate for `backend.test` and its key (throwaway test material).
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBnjCCAUSgAwIBAgIUYh2y6h4X5X9PEcpc7zeUTIeLZj4wCgYIKoZIzj0EAwIw
        FzEVMBMGA1UEAwwMYmFja2VuZC50ZXN0MCAXDTI2MTEyNzA3NDA0OVoYDzIxMjYx
        MTAzMDc0MDQ5WjAXMRUwEwYDVQQDDAxiYWNrZW5kLnRlc3QwWTATBgcqhkjOPQIB
        BggqhkjOPQMBBwNCAAS5sGsYa/MdIrEMX81qwX3IpOVrSl62/fu+u52Ib2/9dVRq
        HzvbSl5cNjM1usB3rQf/I8PEcKPr7H0E9csgPsr3o2wwajAdBgNVHQ4EFgQUnvkX
        RaNsOpmmwpfz4K5pUMFmVgQwHwYDVR0jBBgwFoAUnvkXRaNsOpmmwpfz4K5pUMFm
        VgQwDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxiYWNrZW5kLnRlc3QwCgYI
        KoZIzj0EAwIDSAAwRQIhALjB6kXf9csrYtj3XWVY93z3TJ8INlTLX1w8BsFfawkT
        AiBwzeSgd01qhDgS20EYhQZnLJtnJNMQmF8RrHQRQjbv+g==
        -----END CERTIFICATE-----

        """

    static let privateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKYMo0SVJkt6yPI93
        4emot8t0OrkttNrujrn/POkDdZihRANCAAS5sGsYa/MdIrEMX81qwX3IpOVrSl62
        /fu+u52Ib2/9dVRqHzvbSl5cNjM1usB3rQf/I8PEcKPr7H0E9csgPsr3
        -----END PRIVATE KEY-----

        """

    /// A Gloo TLS Secret document with the test certificate, key and (optionally) root CA.
    static func tlsSecret(name: String, namespace: String, certificate: Bool = true, rootCa: Bool = false) -> String {
        func block(_ key: String, _ pem: String) -> String {
            "\n    \(key): |\n" + pem.split(separator: "\n").map { "      \($0)" }.joined(separator: "\n")
        }
        var tls = ""
        if certificate {
            tls += block("certChain", Self.certificate) + block("privateKey", privateKey)
        }
        if rootCa {
            tls += block("rootCa", Self.certificate)
        }
        return """
            apiVersion: gloo.solo.io/v1
            kind: Secret
            metadata: {name: \(name), namespace: \(namespace)}
            spec:
              tls:\(tls)

            """
    }
}

extension ClusterFixture {
    /// A translation, with lookups by name.
    struct Result {
        var translation: XDSTranslation
        var resources: XDSResources { translation.resources }
        var reports: ResourceReports { translation.reports }
    }
}

extension ClusterFixture.Result {
    func cluster(_ name: String) -> Envoy_Config_Cluster_V3_Cluster? {
        resources.clusters.first { $0.name == name }
    }

    func assignment(_ name: String) -> Envoy_Config_Endpoint_V3_ClusterLoadAssignment? {
        resources.clusterLoadAssignments.first { $0.clusterName == name }
    }

    func errors(_ kind: String, _ namespace: String, _ name: String) -> [String] {
        reports.errors(for: ResourceID(kind: kind, namespace: namespace, name: name))
    }

    func warnings(_ kind: String, _ namespace: String, _ name: String) -> [String] {
        reports.warnings(for: ResourceID(kind: kind, namespace: namespace, name: name))
    }
}
