import Foundation
import GatewayModel
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// Proxy listeners → Envoy listeners: addresses, the HTTP connection manager and its settings, RDS or inline
/// routes, TLS filter chains by SNI, hybrid listeners, and the errors that keep Envoy from rejecting the
/// output.
@Suite("Translating listeners")
struct ListenerTranslationTests {
    // MARK: - HTTP listeners

    @Test("an HTTP gateway is a listener on its address with an HTTP connection manager fetching its routes over RDS")
    func httpListenerOverRDS() throws {
        let result = try ListenerFixture.translate(ListenerFixture.upstream + ListenerFixture.virtualService())
        let listener = try result.listener("listener-::-8080")
        #expect(listener.address.socketAddress.address == "::")
        #expect(listener.address.socketAddress.portValue == 8080)
        #expect(listener.address.socketAddress.ipv4Compat)
        #expect(listener.filterChains.count == 1)
        #expect(listener.listenerFilters.isEmpty)
        let chain = listener.filterChains[0]
        #expect(!chain.hasTransportSocket && !chain.hasFilterChainMatch)
        #expect(chain.filters.map(\.name) == ["envoy.filters.network.http_connection_manager"])

        let manager = try ListenerFixture.connectionManager(chain)
        #expect(manager.statPrefix == "http")
        #expect(manager.codecType == .auto)
        #expect(manager.normalizePath.value)
        #expect(manager.rds.routeConfigName == "listener-::-8080-routes")
        #expect(manager.rds.configSource.ads == Envoy_Config_Core_V3_AggregatedConfigSource())
        #expect(manager.rds.configSource.resourceApiVersion == .v3)
        #expect(manager.upgradeConfigs.map(\.upgradeType) == ["websocket"])
        #expect(manager.httpFilters.map(\.name) == ["envoy.filters.http.router"])

        let routes = try result.routeConfiguration("listener-::-8080-routes")
        #expect(routes.virtualHosts.map(\.name) == ["default_shop"])
        #expect(result.translationErrors.isEmpty)
    }

    @Test("a static bootstrap gets the routes inline and no separate route configuration")
    func embeddedRoutes() throws {
        let result = try ListenerFixture.translate(
            ListenerFixture.upstream + ListenerFixture.virtualService(),
            delivery: .embedded
        )
        let manager = try ListenerFixture.connectionManager(try result.listener("listener-::-8080").filterChains[0])
        #expect(manager.routeConfig.name == "listener-::-8080-routes")
        #expect(manager.routeConfig.virtualHosts.count == 1)
        #expect(result.resources.routeConfigurations.isEmpty)
    }

    @Test(
        "only non-IPv4 bind addresses accept IPv4 connections through ipv4_compat",
        arguments: [
            ("0.0.0.0", false), ("::", true), ("::ffff:127.0.0.1", true), ("127.0.0.1", false),
        ]
    )
    func ipv4Compatibility(address: String, compatible: Bool) throws {
        let result = try ListenerFixture.translate(
            ListenerFixture.gateway(bindAddress: address) + ListenerFixture.upstream + ListenerFixture.virtualService()
        )
        let listener = try #require(result.resources.listeners.first)
        #expect(listener.name == "listener-\(address)-8080")
        #expect(listener.address.socketAddress.ipv4Compat == compatible)
    }

    @Test("a bind address that is not an IP literal is an error and no listener")
    func hostnameBindAddress() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: listener-localhost-8080
              bindAddress: localhost
              bindPort: 8080
              httpListener:
                virtualHosts:
                - name: default.shop
                  routes:
                  - directResponseAction: {status: 200}
            """
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(
            result.errors(on: ListenerFixture.proxyID).contains {
                $0.contains("bindAddress localhost is not a valid IP address")
            }
        )
    }

    @Test("listeners of one proxy cannot share a port, as in Gloo")
    func sharedPort() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: a
              bindAddress: '::'
              bindPort: 8080
              httpListener: {virtualHosts: [{name: a.a, routes: [{directResponseAction: {status: 200}}]}]}
            - name: b
              bindAddress: 0.0.0.0
              bindPort: 8080
              httpListener: {virtualHosts: [{name: b.b, routes: [{directResponseAction: {status: 200}}]}]}
            """
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(result.errors(on: ListenerFixture.proxyID).filter { $0.contains("BindPortNotUniqueError") }.count == 2)
    }

    @Test("connection manager settings map to their Envoy fields; settings without a translation are warned about")
    func connectionManagerSettings() throws {
        let gateway = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8080
              options:
                perConnectionBufferLimitBytes: 32768
                socketOptions: [{level: 1, name: 9, intValue: 1}]
              httpGateway:
                options:
                  router: {suppressEnvoyHeaders: true}
                  gzip: {compressionLevel: BEST}
                  httpConnectionManagerSettings:
                    useRemoteAddress: true
                    xffNumTrustedHops: 2
                    skipXffAppend: true
                    via: gateway
                    generateRequestId: false
                    serverName: shop
                    streamIdleTimeout: 30s
                    idleTimeout: 60s
                    requestTimeout: 10s
                    drainTimeout: 5s
                    delayedCloseTimeout: 1s
                    maxRequestHeadersKb: 96
                    normalizePath: false
                    mergeSlashes: true
                    preserveExternalRequestId: true
                    codecType: HTTP1
                    acceptHttp10: true
                    defaultHostForHttp10: shop.example.com
                    headersWithUnderscoresAction: DROP_HEADER
                    serverHeaderTransformation: PASS_THROUGH
                    pathWithEscapedSlashesAction: UNESCAPE_AND_REDIRECT
                    forwardClientCertDetails: SANITIZE_SET
                    setCurrentClientCertDetails: {subject: true, dns: true}
                    upgrades: [{websocket: {enabled: false}}, {connect: {}}]
                    http2ProtocolOptions: {maxConcurrentStreams: 100}
                    uuidRequestIdConfig: {packTraceReason: true}
            ---

            """
        let result = try ListenerFixture.translate(
            gateway + ListenerFixture.upstream + ListenerFixture.virtualService()
        )
        let listener = try result.listener("listener-::-8080")
        #expect(listener.perConnectionBufferLimitBytes.value == 32768)
        let manager = try ListenerFixture.connectionManager(listener.filterChains[0])
        #expect(manager.useRemoteAddress.value)
        #expect(manager.xffNumTrustedHops == 2)
        #expect(manager.skipXffAppend)
        #expect(manager.via == "gateway")
        #expect(manager.hasGenerateRequestID && !manager.generateRequestID.value)
        #expect(manager.serverName == "shop")
        #expect(manager.streamIdleTimeout.seconds == 30)
        #expect(manager.commonHTTPProtocolOptions.idleTimeout.seconds == 60)
        #expect(manager.requestTimeout.seconds == 10)
        #expect(manager.drainTimeout.seconds == 5)
        #expect(manager.delayedCloseTimeout.seconds == 1)
        #expect(manager.maxRequestHeadersKb.value == 96)
        #expect(!manager.normalizePath.value)
        #expect(manager.mergeSlashes)
        #expect(manager.preserveExternalRequestID)
        #expect(manager.codecType == .http1)
        #expect(manager.httpProtocolOptions.acceptHTTP10)
        #expect(manager.httpProtocolOptions.defaultHostForHTTP10 == "shop.example.com")
        #expect(manager.commonHTTPProtocolOptions.headersWithUnderscoresAction == .dropHeader)
        #expect(manager.serverHeaderTransformation == .passThrough)
        #expect(manager.pathWithEscapedSlashesAction == .unescapeAndRedirect)
        #expect(manager.forwardClientCertDetails == .sanitizeSet)
        #expect(manager.setCurrentClientCertDetails.subject.value && manager.setCurrentClientCertDetails.dns)
        #expect(manager.upgradeConfigs.map(\.upgradeType) == ["websocket", "CONNECT"])
        #expect(manager.upgradeConfigs[0].hasEnabled && !manager.upgradeConfigs[0].enabled.value)
        #expect(manager.http2ProtocolOptions.maxConcurrentStreams.value == 100)
        let router = try Envoy_Extensions_Filters_Http_Router_V3_Router(
            unpackingAny: try #require(manager.httpFilters.last).typedConfig
        )
        #expect(router.suppressEnvoyHeaders)

        let warnings = result.warnings(on: ListenerFixture.gatewayID)
        #expect(warnings.contains { $0.contains("'httpConnectionManagerSettings.uuidRequestIdConfig'") })
        #expect(warnings.contains { $0.contains("'gzip' at spec.httpGateway.options") })
        #expect(warnings.contains { $0.contains("'socketOptions' at spec.options") })
        #expect(result.translationErrors.isEmpty)
    }

    @Test(
        "connection manager settings Envoy rejects are errors and the listener is left out",
        arguments: [
            "maxRequestHeadersKb: 9000", "upgrades: [{connectTerminate: {}}]",
            "upgrades: [{connect: {}}, {connect: {}}]",
            "http2ProtocolOptions: {initialStreamWindowSize: 10}", "requestTimeout: -1s",
        ]
    )
    func invalidSettings(setting: String) throws {
        let gateway = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8080
              httpGateway:
                options:
                  httpConnectionManagerSettings:
                    \(setting)
            ---

            """
        let result = try ListenerFixture.translate(
            gateway + ListenerFixture.upstream + ListenerFixture.virtualService()
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(!result.errors(on: ListenerFixture.gatewayID).isEmpty)
    }

    // MARK: - TLS

    @Test("an SSL gateway has one filter chain per SNI configuration, with certificates over SDS")
    func sslFilterChains() throws {
        let result = try ListenerFixture.translate(ListenerFixture.sslGateway + ListenerFixture.sslVirtualServices)
        let listener = try result.listener("listener-::-8443")
        #expect(listener.listenerFilters.map(\.name) == ["envoy.filters.listener.tls_inspector"])
        // VirtualServices are served in name order; their TLS settings differ, so each has its own chain.
        #expect(
            listener.filterChains.map(\.filterChainMatch.serverNames) == [["api.example.com"], ["shop.example.com"]]
        )
        for chain in listener.filterChains {
            #expect(chain.transportSocket.name == "envoy.transport_sockets.tls")
            let tls = try ListenerFixture.tlsContext(chain)
            let certificate = try #require(tls.commonTlsContext.tlsCertificateSdsSecretConfigs.first)
            #expect(certificate.name == EnvoyNames.secret(ResourceRef(name: "shop-cert", namespace: "gloo-system")))
            #expect(certificate.sdsConfig.resourceApiVersion == .v3)
            #expect(tls.commonTlsContext.alpnProtocols == ["h2", "http/1.1"])
            #expect(tls.commonTlsContext.tlsCertificates.isEmpty)
            // Every chain serves the same routes.
            #expect(try ListenerFixture.connectionManager(chain).rds.routeConfigName == "listener-::-8443-routes")
        }
        let routes = try result.routeConfiguration("listener-::-8443-routes")
        #expect(routes.virtualHosts.allSatisfy { $0.requireTls == .all })
        #expect(result.resources.secrets.map(\.name) == ["shop-cert_gloo-system"])
        #expect(result.translationErrors.isEmpty)
    }

    @Test("TLS settings that differ only in SNI domains share one filter chain matching all of them")
    func consolidatedSNI() throws {
        let consolidated = ListenerTLSContext.consolidated([
            SslConfig(secretRef: ResourceRef(name: "a", namespace: "n"), sniDomains: ["a.com"]),
            SslConfig(secretRef: ResourceRef(name: "a", namespace: "n"), sniDomains: ["b.com", "a.com"]),
            SslConfig(secretRef: ResourceRef(name: "b", namespace: "n"), sniDomains: ["c.com"]),
        ])
        #expect(consolidated.map(\.sniDomains) == [["a.com", "b.com"], ["c.com"]])
        let catchAll = ListenerTLSContext.consolidated([
            SslConfig(secretRef: ResourceRef(name: "a", namespace: "n"), sniDomains: ["a.com"]),
            SslConfig(secretRef: ResourceRef(name: "a", namespace: "n")),
        ])
        #expect(catchAll.count == 1 && catchAll[0].sniDomains == nil)
    }

    @Test("two TLS configurations claiming one SNI domain are an error and the second chain is left out")
    func overlappingSNI() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: listener-::-8443
              bindAddress: '::'
              bindPort: 8443
              sslConfigurations:
              - {sslFiles: {tlsCert: /a.crt, tlsKey: /a.key}, sniDomains: [a.com, b.com]}
              - {sslFiles: {tlsCert: /b.crt, tlsKey: /b.key}, sniDomains: [b.com]}
              httpListener:
                virtualHosts: [{name: a.a, routes: [{directResponseAction: {status: 200}}]}]
            """
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(
            result.errors(on: ListenerFixture.proxyID).contains {
                $0.contains("SSLConfigError") && $0.contains("b.com")
            }
        )
    }

    @Test("a missing or non-TLS secret is an SSL configuration error on the Gateway")
    func missingSecret() throws {
        let result = try ListenerFixture.translate(
            ListenerFixture.sslGateway + ListenerFixture.sslVirtualService(secret: "nope")
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(result.errors(on: ListenerFixture.sslGatewayID).contains { $0.contains("SSL secret not found") })
    }

    @Test("files, client certificate checks, one-way TLS, ALPN and TLS parameters")
    func tlsFromFiles() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: listener-::-8443
              bindAddress: '::'
              bindPort: 8443
              sslConfigurations:
              - sslFiles: {tlsCert: /certs/a.crt, tlsKey: /certs/a.key, rootCa: /certs/ca.crt}
                sniDomains: [a.com]
                verifySubjectAltName: [client.a.com]
                alpnProtocols: [http/1.1]
                parameters: {minimumProtocolVersion: TLSv1_2, maximumProtocolVersion: TLSv1_3, cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256]}
                disableTlsSessionResumption: true
                transportSocketConnectTimeout: 3s
              - sslFiles: {tlsCert: /certs/b.crt, tlsKey: /certs/b.key, rootCa: /certs/ca.crt}
                sniDomains: [b.com]
                oneWayTls: true
                alpnProtocols: [allow_empty]
              httpListener:
                virtualHosts: [{name: a.a, routes: [{directResponseAction: {status: 200}}]}]
            """
        )
        let listener = try result.listener("listener-::-8443")
        let mutual = try ListenerFixture.tlsContext(listener.filterChains[0])
        #expect(mutual.requireClientCertificate.value)
        #expect(mutual.commonTlsContext.tlsCertificates[0].certificateChain.filename == "/certs/a.crt")
        #expect(mutual.commonTlsContext.tlsCertificates[0].privateKey.filename == "/certs/a.key")
        #expect(mutual.commonTlsContext.validationContext.trustedCa.filename == "/certs/ca.crt")
        let sans = mutual.commonTlsContext.validationContext.matchTypedSubjectAltNames
        #expect(Set(sans.map(\.sanType)) == [.dns, .uri, .email, .ipAddress])
        #expect(sans.allSatisfy { $0.matcher.exact == "client.a.com" })
        #expect(mutual.commonTlsContext.alpnProtocols == ["http/1.1"])
        #expect(mutual.commonTlsContext.tlsParams.tlsMinimumProtocolVersion == .tlsv12)
        #expect(mutual.commonTlsContext.tlsParams.tlsMaximumProtocolVersion == .tlsv13)
        #expect(mutual.commonTlsContext.tlsParams.cipherSuites == ["ECDHE-ECDSA-AES128-GCM-SHA256"])
        #expect(mutual.disableStatelessSessionResumption)
        #expect(listener.filterChains[0].transportSocketConnectTimeout.seconds == 3)

        let oneWay = try ListenerFixture.tlsContext(listener.filterChains[1])
        #expect(oneWay.hasRequireClientCertificate && !oneWay.requireClientCertificate.value)
        #expect(oneWay.commonTlsContext.validationContextType == nil)
        #expect(oneWay.commonTlsContext.alpnProtocols.isEmpty)
    }

    @Test("subject alternative names without a root CA are an error")
    func sanWithoutRootCA() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: listener-::-8443
              bindAddress: '::'
              bindPort: 8443
              sslConfigurations:
              - {sslFiles: {tlsCert: /a.crt, tlsKey: /a.key}, verifySubjectAltName: [x]}
              httpListener:
                virtualHosts: [{name: a.a, routes: [{directResponseAction: {status: 200}}]}]
            """
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(result.errors(on: ListenerFixture.proxyID).contains { $0.contains("a root_ca must be provided") })
    }

    // MARK: - Hybrid and other listener kinds

    @Test("a hybrid gateway has a filter chain and route configuration per matched HTTP gateway; TCP is warned about")
    func hybridListener() throws {
        let gateway = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8080
              hybridGateway:
                matchedGateways:
                - matcher:
                    sourcePrefixRanges: [{addressPrefix: 10.0.0.0, prefixLen: 8}]
                  httpGateway: {virtualServices: [{name: shop, namespace: default}]}
                - matcher: {}
                  httpGateway: {virtualServices: [{name: shop, namespace: default}]}
                - matcher:
                    sourcePrefixRanges: [{addressPrefix: 192.168.0.0, prefixLen: 16}]
                  tcpGateway:
                    tcpHosts: [{name: db, destination: {single: {upstream: {name: shop, namespace: default}}}}]
            ---

            """
        let result = try ListenerFixture.translate(
            gateway + ListenerFixture.upstream + ListenerFixture.virtualService()
        )
        let listener = try result.listener("listener-::-8080")
        #expect(listener.filterChains.count == 2)
        let internalRanges = listener.filterChains[0].filterChainMatch.sourcePrefixRanges
        #expect(internalRanges.map(\.addressPrefix) == ["10.0.0.0"])
        #expect(internalRanges.map(\.prefixLen.value) == [8])
        #expect(!listener.filterChains[1].hasFilterChainMatch)
        let names = try listener.filterChains.map { try ListenerFixture.connectionManager($0).rds.routeConfigName }
        #expect(Set(names).count == 2)
        #expect(names.allSatisfy { $0.hasPrefix("listener-::-8080-routes-") })
        #expect(Set(result.resources.routeConfigurations.map(\.name)) == Set(names))
        #expect(
            result.warnings(on: ListenerFixture.gatewayID).contains { $0.contains("TCP") && $0.contains("tcpGateway") }
        )
    }

    @Test("a TCP-only listener is warned about and sends nothing to Envoy")
    func tcpListener() throws {
        let result = try ListenerFixture.translateProxy(
            """
            listeners:
            - name: listener-::-9000
              bindAddress: '::'
              bindPort: 9000
              tcpListener: {tcpHosts: [{name: db, destination: {single: {upstream: {name: db, namespace: default}}}}]}
            """
        )
        #expect(result.resources.listeners.isEmpty)
        #expect(
            result.warnings(on: ListenerFixture.proxyID).contains {
                $0.contains("spec.listeners[0]") && $0.contains("TCP")
            }
        )
        #expect(result.translationErrors.isEmpty)
    }
    // MARK: - Example configurations

    /// The example configurations the Envoy golden tests run (`Tests/IntegrationTests/Goldens/inputs`).
    static let goldenInputs: [String] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../IntegrationTests/Goldens/inputs").standardizedFileURL
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
    }()

    @Test(
        "the example configurations translate without errors into resources the validator accepts",
        arguments: goldenInputs
    )
    func goldenInput(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for delivery in [XDSTranslator.Delivery.aggregated, .embedded] {
            let result = try ListenerFixture.translate(text, delivery: delivery)
            #expect(result.translationErrors.isEmpty, "\(path)")
            #expect(!result.resources.listeners.isEmpty)
            #expect(XDSValidator().validate(result.resources).isEmpty, "\(path)")
        }
    }
}

/// Builds Proxies from YAML with GatewayModel and translates them.
enum ListenerFixture {
    static let proxyID = ResourceID(kind: "Proxy", namespace: "gloo-system", name: "gateway-proxy")
    static let gatewayID = ResourceID(kind: "Gateway", namespace: "gloo-system", name: "gateway-proxy")
    static let sslGatewayID = ResourceID(kind: "Gateway", namespace: "gloo-system", name: "gateway-proxy-ssl")

    struct Result {
        var resources: XDSResources
        /// The translator's reports (not the Proxy builder's).
        var reports: ResourceReports

        func listener(_ name: String) throws -> Envoy_Config_Listener_V3_Listener {
            try #require(resources.listeners.first { $0.name == name }, "no listener \(name)")
        }

        func routeConfiguration(_ name: String) throws -> Envoy_Config_Route_V3_RouteConfiguration {
            try #require(resources.routeConfigurations.first { $0.name == name }, "no route configuration \(name)")
        }

        func errors(on id: ResourceID) -> [String] { reports.errors(for: id) }
        func warnings(on id: ResourceID) -> [String] { reports.warnings(for: id) }

        /// Every error of every resource.
        var translationErrors: [String] { reports.reports.flatMap(\.errors) }
    }

    /// Builds the proxies of `yaml` (the default Gateway when it has none) and translates `gateway-proxy`.
    static func translate(_ yaml: String, delivery: XDSTranslator.Delivery = .aggregated) throws -> Result {
        var loader = ResourceLoader()
        try loader.load(yaml, file: "test.yaml")
        let built = ProxyBuilder().build(loader.resources, reports: loader.reports)
        let proxy = try #require(built.proxies.first { $0.name == "gateway-proxy" }, "no proxy built")
        var options = XDSTranslator.Options()
        options.delivery = delivery
        let translation = XDSTranslator(options: options).translate(proxy, in: loader.resources)
        return Result(resources: translation.resources, reports: translation.reports)
    }

    /// Translates a hand-written Proxy whose spec is `spec`, with the other resources of `resources`.
    static func translateProxy(
        _ spec: String,
        resources: String = "",
        delivery: XDSTranslator.Delivery = .aggregated
    )
        throws -> Result
    {
        var loader = ResourceLoader()
        let indented = spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(
            separator: "\n"
        )
        try loader.load(
            "apiVersion: gloo.solo.io/v1\nkind: Proxy\nmetadata: {name: gateway-proxy, namespace: gloo-system}\nspec:\n"
                + indented + "\n---\n" + resources,
            file: "proxy.yaml"
        )
        let proxy = try #require(loader.resources.proxies.first)
        var options = XDSTranslator.Options()
        options.delivery = delivery
        let translation = XDSTranslator(options: options).translate(proxy, in: loader.resources)
        return Result(resources: translation.resources, reports: translation.reports)
    }

    static func connectionManager(
        _ chain: Envoy_Config_Listener_V3_FilterChain
    ) throws
        -> Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager
    {
        let filter = try #require(chain.filters.first { $0.name == "envoy.filters.network.http_connection_manager" })
        return try Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager(
            unpackingAny: filter.typedConfig
        )
    }

    static func tlsContext(
        _ chain: Envoy_Config_Listener_V3_FilterChain
    ) throws
        -> Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext
    {
        try Envoy_Extensions_TransportSockets_Tls_V3_DownstreamTlsContext(
            unpackingAny: chain.transportSocket.typedConfig
        )
    }

    static func gateway(bindAddress: String, port: Int = 8080) -> String {
        """
        apiVersion: gateway.solo.io/v1
        kind: Gateway
        metadata: {name: gateway-proxy, namespace: gloo-system}
        spec:
          bindAddress: '\(bindAddress)'
          bindPort: \(port)
          httpGateway: {}
        ---

        """
    }

    static let upstream = """
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: shop, namespace: default}
        spec:
          static: {hosts: [{addr: 127.0.0.1, port: 9001}]}
        ---

        """

    /// A VirtualService `default.shop` with `routes` (YAML list items indented for `routes:`).
    static func virtualService(
        domains: String = "[shop.example.com]",
        routes: String = "    - routeAction: {single: {upstream: {name: shop, namespace: default}}}",
        options: String = ""
    ) -> String {
        """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: shop, namespace: default}
        spec:
          virtualHost:
            domains: \(domains)
        \(options)
            routes:
        \(routes)
        ---

        """
    }

    static let sslGateway = """
        apiVersion: gateway.solo.io/v1
        kind: Gateway
        metadata: {name: gateway-proxy-ssl, namespace: gloo-system}
        spec:
          bindAddress: '::'
          bindPort: 8443
          ssl: true
          proxyNames: [gateway-proxy]
          httpGateway: {}
        ---

        """

    static func sslVirtualService(
        name: String = "shop",
        domain: String = "shop.example.com",
        secret: String = "shop-cert",
        oneWayTls: Bool = true
    ) -> String {
        """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: \(name), namespace: default}
        spec:
          sslConfig:
            secretRef: {name: \(secret), namespace: gloo-system}
            sniDomains: [\(domain)]
            oneWayTls: \(oneWayTls)
          virtualHost:
            domains: [\(domain)]
            routes:
            - directResponseAction: {status: 200, body: \(name)}
        ---

        """
    }

    static var sslVirtualServices: String {
        sslVirtualService() + sslVirtualService(name: "api", domain: "api.example.com", oneWayTls: false) + tlsSecret
    }

    /// A throwaway self-signed certificate for shop.example.com and api.example.com, as a Gloo TLS Secret.
    static let tlsSecret = """
        apiVersion: gloo.solo.io/v1
        kind: Secret
        metadata: {name: shop-cert, namespace: gloo-system}
        spec:
          tls:
            certChain: |
              -----BEGIN CERTIFICATE-----
              MIIBvDCCAWKgAwIBAgIUFTyUwQR6KT6DPwZ0sXcJN9oZ7ZMwCgYIKoZIzj0EAwIw
              GzEZMBcGA1UEAwwQc2hvcC5leGFtcGxlLmNvbTAgFw0yNjExMjcwNzU3NTRaGA8y
              MTI2MTEwMzA3NTc1NFowGzEZMBcGA1UEAwwQc2hvcC5leGFtcGxlLmNvbTBZMBMG
              ByqGSM49AgEGCCqGSM49AwEHA0IABIXsnlgMj1zOkAduKiWPCPfwgAok27GjYuhw
              FsTXA7CdF86h9KfWcTUuaEIBnnoJ0CVxEICkQPrg95EnMlbdx1CjgYEwfzAdBgNV
              HQ4EFgQUBlMyJZwkXP6h6ujEDIxzASEKOTYwHwYDVR0jBBgwFoAUBlMyJZwkXP6h
              6ujEDIxzASEKOTYwDwYDVR0TAQH/BAUwAwEB/zAsBgNVHREEJTAjghBzaG9wLmV4
              YW1wbGUuY29tgg9hcGkuZXhhbXBsZS5jb20wCgYIKoZIzj0EAwIDSAAwRQIhAOJ+
              xLo1Li1I1wpC2qTYNmtwxRDI3Rh40xoNMo2ECi2uAiBouoRwqkMHjJYA7a7aRtzC
              94mDprNyaU4Mpy3s+1XIrQ==
              -----END CERTIFICATE-----
            privateKey: |
              -----BEGIN PRIVATE KEY-----
              MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNzQIvbBzqBc6q3ui
              LJq3DRxUL7u2k1+CH4rjpKlF4pahRANCAASF7J5YDI9czpAHbioljwj38IAKJNux
              o2LocBbE1wOwnRfOofSn1nE1LmhCAZ56CdAlcRCApED64PeRJzJW3cdQ
              -----END PRIVATE KEY-----
        ---

        """
}
