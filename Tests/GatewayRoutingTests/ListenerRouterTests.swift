import GatewayModel
import Testing

@testable import GatewayRouting

/// Routing a built Proxy: virtual host by authority, then the flattened (delegated) routes in order.
@Suite("Routing a Proxy listener")
struct ListenerRouterTests {
    private static let configuration = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: shop, namespace: apps}
        spec:
          virtualHost:
            domains: [shop.example.com, '*.shop.example.com']
            routes:
            - matchers: [{prefix: /api/pets}]
              delegateAction: {ref: {name: pets}}
            - matchers: [{prefix: /}]
              directResponseAction: {status: 404, body: nothing here}
        ---
        apiVersion: gateway.solo.io/v1
        kind: RouteTable
        metadata: {name: pets, namespace: apps}
        spec:
          routes:
          - matchers: [{prefix: /api/pets, methods: [POST]}]
            routeAction: {single: {upstream: {name: pets-writer}}}
          - matchers: [{prefix: /api/pets}]
            routeAction: {single: {upstream: {name: pets}}}
        ---
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: fallback, namespace: apps}
        spec:
          virtualHost:
            routes:
            - directResponseAction: {status: 200, body: default}
        """

    private func router() throws -> ListenerRouter {
        var loader = ResourceLoader()
        try loader.load(Self.configuration, file: "shop.yaml")
        let result = ProxyBuilder().build(loader.resources, reports: loader.reports)
        let listener = try #require(result.proxies.first?.spec.listeners?.first?.httpListener)
        return try ListenerRouter(listener)
    }

    @Test("delegated routes keep the table's order under the delegating route")
    func delegation() throws {
        let router = try router()
        let get = try #require(router.route(RouteRequest(path: "/api/pets/1", authority: "shop.example.com")))
        #expect(get.virtualHost.name == "apps.shop")
        #expect(get.match?.route.routeAction?.single?.upstream?.name == "pets")
        #expect(get.match?.routeIndex == 1)
        let post = router.route(RouteRequest(method: "POST", path: "/api/pets", authority: "api.shop.example.com"))
        #expect(post?.match?.route.routeAction?.single?.upstream?.name == "pets-writer")
    }

    @Test("a host no domain names goes to the VirtualService without domains")
    func defaultHost() throws {
        let taken = try router().route(RouteRequest(path: "/api/pets", authority: "other.example.com"))
        #expect(taken?.virtualHost.name == "apps.fallback")
        #expect(taken?.match?.route.directResponseAction?.body == "default")
    }

    @Test("explain lists the routes tried before the one taken")
    func explain() throws {
        let explanation = try router().explain(RouteRequest(path: "/about", authority: "shop.example.com"))
        #expect(explanation?.routes.map(\.mismatch) == [.path, .path, nil])
    }
}
