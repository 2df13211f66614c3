import Testing

@testable import GatewayModel

/// Values stored out of line (`@Indirect`, `@IndirectOptional`) are shared between copies: they must still behave
/// exactly like stored properties.
@Suite("Out-of-line storage keeps value semantics")
struct IndirectStorageTests {
    private static let routeYAML = """
        matchers: [{prefix: /api}]
        options: {timeout: 5s, prefixRewrite: /v1}
        routeAction: {single: {upstream: {name: api, namespace: apps}}}
        """

    private func decodeRoute(_ text: String = routeYAML) throws -> Route {
        let value = try #require(try ConfigSyntax.parseDocuments(text, file: "route.yaml").first)
        return try ConfigDecoder().decode(Route.self, from: value).value
    }

    @Test("changing a copy's options or action leaves the original as it was")
    func copiesAreIndependent() throws {
        let original = try decodeRoute()
        var copy = original
        copy.options?.prefixRewrite = "/v2"
        copy.routeAction?.single?.upstream?.name = "other"
        #expect(original.options?.prefixRewrite == "/v1")
        #expect(original.routeAction?.single?.upstream?.name == "api")
        #expect(copy.options?.prefixRewrite == "/v2")
        #expect(copy.options?.timeout == original.options?.timeout)
        #expect(copy != original)
    }

    @Test("equal values in separate storage are equal and hash alike")
    func equalityIgnoresStorage() throws {
        let first = try decodeRoute()
        let second = try decodeRoute()
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        var cleared = first
        cleared.options = nil
        #expect(cleared != first)
        cleared.options = first.options
        #expect(cleared == first)
    }

    @Test("unset and null optional values are left out when encoding, as plain optionals are")
    func coding() throws {
        let route = try decodeRoute("matchers: [{prefix: /}]\noptions: null\ndirectResponseAction: {status: 204}")
        #expect(route.options == nil)
        #expect(route.routeAction == nil)
        let encoded = try ConfigEncoder().encode(route)
        #expect(encoded["options"] == nil)
        #expect(encoded["routeAction"] == nil)
        #expect(encoded["directResponseAction"]?["status"] == .number(204))
        #expect(try ConfigDecoder().decode(Route.self, from: encoded).value == route)
    }

    @Test("a built Proxy shares options with the resources without tying them together")
    func buildingSharesStorage() throws {
        let yaml = virtualService(
            "vs",
            routes: """
                - matchers: [{prefix: /}]
                  options: {prefixRewrite: /v1}
                  directResponseAction: {status: 200}
                """
        )
        var loader = ResourceLoader()
        try loader.load(yaml, file: "test.yaml")
        let result = ProxyBuilder().build(loader.resources, reports: loader.reports)
        var built = try #require(result.routes(of: "default.vs").first)
        built.options?.prefixRewrite = "/changed"
        let source = try #require(loader.resources.virtualServices.first?.spec.virtualHost?.routes?.first)
        #expect(source.options?.prefixRewrite == "/v1")
        #expect(result.routes(of: "default.vs").first?.options?.prefixRewrite == "/v1")
    }
}
