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
