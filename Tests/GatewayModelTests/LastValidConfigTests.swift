import Testing

@testable import GatewayModel

@Suite("Last valid configuration: Rejected parts keep serving their previous version")
struct LastValidConfigTests {
    private let good =
        virtualService("a", domains: ["a.com"], routes: "- directResponseAction: {status: 200, body: a1}")
        + virtualService("b", domains: ["b.com"], routes: "- directResponseAction: {status: 200, body: b1}")

    private func hosts(_ proxies: [Resource<ProxySpec>]) -> [String: String] {
        var bodies: [String: String] = [:]
        for listener in proxies.first?.spec.listeners ?? [] {
            for host in listener.httpListener?.virtualHosts ?? [] {
                bodies[host.name] = host.routes?.first?.directResponseAction?.body ?? "?"
            }
        }
        return bodies
    }

    @Test("a Rejected VirtualService keeps its previous virtual host; others take their new version")
    func rejectedVirtualService() throws {
        let previous = try buildProxies(good).preservingLastValid(from: [])
        #expect(hosts(previous) == ["default.a": "a1", "default.b": "b1"])
        let next = try buildProxies(
            virtualService("a", domains: ["a.com"], routes: "- directResponseAction: {status: 200, body: a2}\n- {}")
                + virtualService("b", domains: ["b.com"], routes: "- directResponseAction: {status: 200, body: b2}")
        )
        #expect(next.report("VirtualService", "default", "a")?.state == .rejected)
        #expect(hosts(next.preservingLastValid(from: previous)) == ["default.a": "a1", "default.b": "b2"])
    }

    @Test("a VirtualService that no longer decodes keeps its previous virtual host")
    func undecodableVirtualService() throws {
        let previous = try buildProxies(good).preservingLastValid(from: [])
        let next = try buildProxies(
            virtualService("a", domains: ["a.com"], routes: "- directResponseAction: {status: nope}")
                + virtualService("b", domains: ["b.com"], routes: "- directResponseAction: {status: 200, body: b2}")
        )
        #expect(next.report("VirtualService", "default", "a")?.state == .rejected)
        #expect(hosts(next.preservingLastValid(from: previous)) == ["default.a": "a1", "default.b": "b2"])
    }

    @Test("without a previous version a Rejected virtual host is left out")
    func noPreviousVersion() throws {
        let result = try buildProxies(
            virtualService("a", domains: ["a.com"], routes: "- {}")
                + virtualService("b", domains: ["b.com"], routes: "- directResponseAction: {status: 200, body: b1}")
        )
        #expect(hosts(result.preservingLastValid(from: [])) == ["default.b": "b1"])
    }

    @Test("a Rejected Gateway keeps its previous listener")
    func rejectedGateway() throws {
        let previous = try buildProxies(gateway("one", port: 8080) + good).preservingLastValid(from: [])
        let next = try buildProxies(
            gateway("one", port: 8080) + gateway("two", port: 8080)
                + virtualService("a", domains: ["a.com"], routes: "- directResponseAction: {status: 200, body: a2}")
        )
        #expect(next.report("Gateway", "default", "one")?.state == .rejected)
        let served = next.preservingLastValid(from: previous)
        #expect(served.first?.spec.listeners?.count == 1)
        #expect(hosts(served) == ["default.a": "a1", "default.b": "b1"])
    }
}

extension LastValidConfigTests {
    @Test("matched HTTP listeners of a hybrid Gateway keep the previous virtual hosts of Rejected VirtualServices")
    func hybridListener() throws {
        let gateway = hybridGatewayDocument("matchedGateways: [{httpGateway: {}}]")
        func bodies(_ proxies: [Resource<ProxySpec>]) -> [String: String] {
            var found: [String: String] = [:]
            let matched = proxies.first?.spec.listeners?.first?.hybridListener?.matchedListeners ?? []
            for host in matched.first?.httpListener?.virtualHosts ?? [] {
                found[host.name] = host.routes?.first?.directResponseAction?.body ?? "?"
            }
            return found
        }
        let previous = try buildProxies(gateway + good).preservingLastValid(from: [])
        #expect(bodies(previous) == ["default.a": "a1", "default.b": "b1"])
        let next = try buildProxies(
            gateway
                + virtualService(
                    "a",
                    domains: ["a.com"],
                    routes: "- matchers: [{prefix: /bad//x}]\n  directResponseAction: {status: 200, body: a2}"
                )
                + virtualService("b", domains: ["b.com"], routes: "- directResponseAction: {status: 200, body: b2}")
        )
        #expect(next.report("VirtualService", "default", "a")?.state == .rejected)
        #expect(bodies(next.preservingLastValid(from: previous)) == ["default.a": "a1", "default.b": "b2"])
        #expect(bodies(next.preservingLastValid(from: [])) == ["default.b": "b2"])
    }

    @Test("a Gateway that no longer decodes keeps its listener; the implicit Gateway does not take over")
    func undecodableGateway() throws {
        let previous = try buildProxies(gateway("one", port: 9090) + good).preservingLastValid(from: [])
        let broken = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: one, namespace: default}
            spec: {bindPort: nope, httpGateway: {}}
            ---

            """
        let next = try buildProxies(broken + good)
        #expect(next.report("Gateway", "default", "one")?.state == .rejected)
        #expect(next.proxies.isEmpty, "no implicit gateway-proxy on 8080")
        let served = next.preservingLastValid(from: previous)
        #expect(served.first?.spec.listeners?.map(\.bindPort) == [9090])
    }

    @Test("a RouteTable that no longer decodes rejects the VirtualService delegating to it, which keeps serving")
    func undecodableRouteTable() throws {
        let vs = virtualService("vs", routes: "- matchers: [{prefix: /t}]\n  delegateAction: {ref: {name: rt}}")
        let previous = try buildProxies(
            vs
                + routeTable(
                    "rt",
                    routes: "- matchers: [{prefix: /t/1}]\n  directResponseAction: {status: 200, body: t1}"
                )
        ).preservingLastValid(from: [])
        let next = try buildProxies(vs + routeTable("rt", routes: "- matchers: {prefix: /t/2}"))
        #expect(
            next.report("VirtualService", "default", "vs")?.errors == [
                "route table default.rt is Rejected; its routes cannot be used"
            ]
        )
        #expect(hosts(next.preservingLastValid(from: previous)) == ["default.vs": "t1"])
    }
}
