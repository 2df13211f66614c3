import Testing

@testable import GatewayModel

@Suite("TCP and hybrid Gateways")
struct TcpAndHybridGatewayTests {
    private let tlsVirtualService = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: secure, namespace: default}
        spec:
          sslConfig: {secretRef: {name: cert, namespace: default}, sniDomains: [secure.com]}
          virtualHost:
            domains: [secure.com]
            routes: [{directResponseAction: {status: 200}}]
        ---

        """

    @Test("a tcpGateway becomes a tcpListener; destinations are checked like routes'")
    func tcpGateway() throws {
        let yaml =
            """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: tcp, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8000
              tcpGateway:
                tcpHosts:
                - name: echo
                  destination: {single: {upstream: {name: tcp-echo}}}
                - name: sni
                  sslConfig: {sniDomains: [db.example.com]}
                  destination: {forwardSniClusterName: {}}
            ---

            """ + upstream("other", namespace: "gloo-system")
        let result = try buildProxies(yaml)
        let listener = try #require(result.proxies.first?.spec.listeners?.first)
        #expect(listener.name == "listener-::-8000")
        #expect(listener.tcpListener?.tcpHosts?.map(\.name) == ["echo", "sni"])
        #expect(
            listener.tcpListener?.tcpHosts?.first?.destination?.single?.upstream
                == ResourceRef(name: "tcp-echo", namespace: "gloo-system")
        )
        #expect(
            result.report("Gateway", "gloo-system", "tcp")?.warnings == [
                "TcpHost Warning: InvalidDestinationWarning. Reason: listener listener-::-8000: TcpHost error: *v1.Upstream { gloo-system.tcp-echo } not found"
            ]
        )
    }

    @Test("a hybridGateway serves matched HTTP and TCP gateways; an SSL matcher selects VirtualServices with TLS")
    func hybridGateway() throws {
        let yaml =
            hybridGatewayDocument(
                """
                matchedGateways:
                - matcher:
                    sslConfig: {secretRef: {name: cert, namespace: default}, sniDomains: [secure.com]}
                  httpGateway: {}
                - matcher:
                    sourcePrefixRanges: [{addressPrefix: 10.0.0.0, prefixLen: 8}]
                    passthroughCipherSuites: [ECDHE-RSA-AES128-GCM-SHA256]
                  tcpGateway:
                    tcpHosts: [{name: raw, destination: {single: {upstream: {name: us}}}}]
                - httpGateway: {}
                """
            ) + tlsVirtualService
            + virtualService("plain", domains: ["plain.com"], routes: "- directResponseAction: {status: 200}")
            + upstream("us")
        let result = try buildProxies(yaml)
        let matched = try #require(result.proxies.first?.spec.listeners?.first?.hybridListener?.matchedListeners)
        #expect(matched.count == 3)
        #expect(matched[0].httpListener?.virtualHosts?.map(\.name) == ["default.secure"])
        #expect(matched[0].sslConfigurations?.first?.sniDomains == ["secure.com"])
        #expect(matched[1].tcpListener?.tcpHosts?.first?.name == "raw")
        #expect(matched[1].matcher?.passthroughCipherSuites == ["ECDHE-RSA-AES128-GCM-SHA256"])
        #expect(matched[2].httpListener?.virtualHosts?.map(\.name) == ["default.plain"])
        #expect(result.report("Gateway", "default", "hybrid")?.state == .accepted)
    }

    @Test("hybrid matchers must be unique, with at most one catch-all")
    func duplicateMatchers() throws {
        let yaml = hybridGatewayDocument(
            """
            matchedGateways:
            - httpGateway: {}
            - tcpGateway: {}
            """
        )
        #expect(
            try buildProxies(yaml).report("Gateway", "default", "hybrid")?.errors == [
                "hybrid gateway matched gateway #2 repeats the empty (catch-all) matcher of matched gateway #1; matchers must be unique"
            ]
        )
    }

    @Test("matched gateways that produce nothing are an error; delegated gateways are not supported")
    func emptyHybrid() throws {
        let onlyHttp = hybridGatewayDocument("matchedGateways: [{httpGateway: {}}]")
        let result = try buildProxies(onlyHttp)
        #expect(result.proxies.isEmpty)
        #expect(
            result.report("Gateway", "default", "hybrid")?.errors == [
                "hybrid gateway does not have any populated matched gateways"
            ]
        )
        let delegated = hybridGatewayDocument("delegatedHttpGateways: {selector: {labels: {a: b}}}")
        #expect(try buildProxies(delegated).report("Gateway", "default", "hybrid")?.state == .warning)
    }

    @Test("SNI domains of TCP hosts must be among the matcher's")
    func conflictingSniDomains() throws {
        let yaml = hybridGatewayDocument(
            """
            matchedGateways:
            - matcher: {sslConfig: {sniDomains: [a.com]}}
              tcpGateway:
                tcpHosts:
                - {name: one, sslConfig: {sniDomains: [a.com, b.com]}, destination: {forwardSniClusterName: {}}}
            """
        )
        #expect(
            try buildProxies(yaml).report("Gateway", "default", "hybrid")?.errors
                == ["gateway has conflicting sni domains [one:b.com]"]
        )
    }
}
