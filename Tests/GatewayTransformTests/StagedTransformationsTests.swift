import GatewayModel
import GatewayTransform
import Testing

/// Enough matching for selection tests: a path prefix, and header values that must be equal.
struct PrefixMatching: TransformationMatching {
    func requestPredicate(for matcher: Matcher) throws(TransformError) -> @Sendable (HeaderMap) -> Bool {
        let prefix = Array((matcher.prefix ?? "/").utf8)
        let headers = (matcher.headers ?? []).map { (Array($0.name.utf8), $0.value.map { Array($0.utf8) }) }
        return { map in
            (map.first(":path") ?? []).starts(with: prefix)
                && headers.allSatisfy { name, value in value.map { map.first(name) == $0 } ?? (map.first(name) != nil) }
        }
    }

    func responsePredicate(for matchers: [HeaderMatcher]) throws(TransformError) -> @Sendable (HeaderMap) -> Bool {
        let headers = matchers.map { (Array($0.name.utf8), Array(($0.value ?? "").utf8)) }
        return { map in headers.allSatisfy { name, value in map.first(name) == value } }
    }
}

@Suite("Staged transformations")
struct StagedTransformationsTests {
    static func stages(_ yaml: String) throws -> StagedTransformations {
        let document = try #require(try ConfigSyntax.parseDocuments(yaml, file: "test.yaml").first)
        let decoded = try ConfigDecoder().decode(RouteOptions.self, from: document).value
        return try StagedTransformations(
            staged: decoded.stagedTransformations,
            legacy: decoded.transformations,
            matching: PrefixMatching(),
            environment: TransformEnvironment([:])
        )
    }

    static func marker(_ name: String) -> String {
        "{transformationTemplate: {parseBodyBehavior: DontParse, headersToAppend: [{key: x-seen, value: {text: '\(name)'}}]}}"
    }

    static func run(
        _ staged: StagedTransformations,
        _ message: HTTPMessage,
        response: HTTPMessage? = nil
    ) throws
        -> (request: [String], response: [String])
    {
        var message = message
        let selection = staged.select(for: message.headers)
        for transformation in selection.requestTransformations { try transformation.apply(to: &message) }
        var reply = response ?? .response(status: 200)
        for transformation in selection.responseTransformations(for: reply.headers) {
            try transformation.apply(to: &reply, requestHeaders: message.headers)
        }
        let seen = { (map: HeaderMap) in map.values("x-seen").map { String(decoding: $0, as: UTF8.self) } }
        return (seen(message.headers), seen(reply.headers))
    }

    @Test("the first matching entry of each stage wins; a missing matcher matches all")
    func firstMatchWins() throws {
        let staged = try Self.stages(
            """
            stagedTransformations:
              regular:
                requestTransforms:
                - {matcher: {prefix: /api}, requestTransformation: \(Self.marker("api"))}
                - {requestTransformation: \(Self.marker("any"))}
                - {matcher: {prefix: /api/v2}, requestTransformation: \(Self.marker("never"))}
            """
        )
        #expect(try Self.run(staged, request(path: "/api/v2")).request == ["api"])
        #expect(try Self.run(staged, request(path: "/other")).request == ["any"])
    }

    @Test("requests pass early then regular; responses regular then early")
    func stageOrder() throws {
        let staged = try Self.stages(
            """
            stagedTransformations:
              early:
                requestTransforms:
                - {requestTransformation: \(Self.marker("early")), responseTransformation: \(Self.marker("early"))}
              regular:
                requestTransforms:
                - {requestTransformation: \(Self.marker("regular")), responseTransformation: \(Self.marker("regular"))}
            """
        )
        let result = try Self.run(staged, request())
        #expect(result.request == ["early", "regular"])
        #expect(result.response == ["regular", "early"])
    }

    @Test("responseTransforms apply only when the matched request entry has no response transformation")
    func responseTransforms() throws {
        let staged = try Self.stages(
            """
            stagedTransformations:
              regular:
                requestTransforms:
                - {matcher: {prefix: /own}, responseTransformation: \(Self.marker("own"))}
                - {matcher: {prefix: /req}, requestTransformation: \(Self.marker("req"))}
                responseTransforms:
                - {matchers: [{name: ':status', value: '404'}], responseTransformation: \(Self.marker("not-found"))}
                - {responseTransformation: \(Self.marker("fallback"))}
            """
        )
        #expect(try Self.run(staged, request(path: "/own"), response: .response(status: 404)).response == ["own"])
        #expect(try Self.run(staged, request(path: "/req"), response: .response(status: 404)).response == ["not-found"])
        #expect(try Self.run(staged, request(path: "/none"), response: .response(status: 200)).response == ["fallback"])
    }

    @Test("the legacy transformations field is the regular stage unless one is staged")
    func legacy() throws {
        let legacyOnly = try Self.stages("transformations: {requestTransformation: \(Self.marker("legacy"))}")
        #expect(try Self.run(legacyOnly, request()).request == ["legacy"])
        let both = try Self.stages(
            """
            transformations: {requestTransformation: \(Self.marker("legacy"))}
            stagedTransformations:
              regular:
                requestTransforms: [{requestTransformation: \(Self.marker("staged"))}]
            """
        )
        #expect(try Self.run(both, request()).request == ["staged"])
    }

    @Test("entries without transformations are dropped; clearRouteCache is reported")
    func emptyEntries() throws {
        let staged = try Self.stages(
            """
            stagedTransformations:
              regular:
                requestTransforms:
                - {matcher: {prefix: /}}
                - {clearRouteCache: true, requestTransformation: \(Self.marker("second"))}
            """
        )
        let selection = staged.select(for: request().headers)
        #expect(selection.clearsRouteCache)
        #expect(try Self.run(staged, request()).request == ["second"])
    }
}
