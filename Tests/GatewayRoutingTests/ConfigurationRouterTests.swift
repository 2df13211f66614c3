import GatewayModel
import Testing

@testable import GatewayRouting

/// The helper for applications' own tests: one line per routing expectation.
@Suite("Routing a whole configuration")
struct ConfigurationRouterTests {
    private static let shop = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: shop, namespace: apps}
        spec:
          virtualHost:
            domains: [shop.example.com]
            routes:
            - matchers: [{prefix: /api/pets, methods: [POST]}]
              routeAction: {single: {upstream: {name: pets-writer}}}
            - matchers: [{prefix: /api/pets}]
              routeAction: {single: {upstream: {name: pets}}}
            - matchers: [{prefix: /split}]
              routeAction: {upstreamGroup: {name: split}}
            - matchers: [{prefix: /}]
              directResponseAction: {status: 404}
        ---
        apiVersion: gloo.solo.io/v1
        kind: UpstreamGroup
        metadata: {name: split, namespace: apps}
        spec:
          destinations:
          - {weight: 9, destination: {upstream: {name: stable}}}
          - {weight: 1, destination: {upstream: {name: canary}}}
        ---
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: stable, namespace: apps}
        spec: {static: {hosts: [{addr: stable.apps, port: 80}]}}
        ---
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: canary, namespace: apps}
        spec: {static: {hosts: [{addr: canary.apps, port: 80}]}}
        """

    @Test("which upstream a request reaches, in one line")
    func upstreams() throws {
        let routes = try ConfigurationRouter(yaml: Self.shop)
        #expect(routes.upstream("GET", "/api/pets/1", host: "shop.example.com") == "apps/pets")
        #expect(routes.upstream("POST", "/api/pets", host: "shop.example.com") == "apps/pets-writer")
        #expect(routes.upstream("GET", "/about", host: "shop.example.com") == nil, "a direct response")
        #expect(routes.upstream("GET", "/api/pets", host: "other.example.com") == nil, "no virtual host")
    }

    @Test("weighted targets of upstream groups, and the choice for a given random value")
    func targets() throws {
        let routes = try ConfigurationRouter(yaml: Self.shop)
        let targets = routes.targets(of: RouteRequest(path: "/split", authority: "shop.example.com"))
        #expect(targets.map { $0.destination.upstream?.name } == ["stable", "canary"])
        #expect(targets.choose(random: 9)?.destination.upstream?.name == "canary")
    }

    @Test("a configuration with Rejected resources, or without the Proxy, is an error")
    func errors() throws {
        let rejected = Self.shop.replacing("directResponseAction: {status: 404}", with: "name: no-action")
        #expect(throws: RoutingError.self) { try ConfigurationRouter(yaml: rejected) }
        do {
            _ = try ConfigurationRouter(yaml: Self.shop, proxy: "other")
            Issue.record("expected an error")
        } catch let error as RoutingError {
            #expect(error.code == .noProxy)
        }
    }
}
