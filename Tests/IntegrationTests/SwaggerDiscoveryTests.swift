import Foundation
import GatewayDiscovery
import GatewayModel
import Testing

/// Swagger 2.0 and OpenAPI 3 documents served by a real HTTP server (`Goldens/peers/spec_server.py`).
@Suite("Swagger/OpenAPI discovery against a real HTTP server", .serialized)
struct SwaggerDiscoveryTests {
    static func withServer(_ body: (String) async throws -> Void) async throws {
        let server = try await PythonPeer("spec_server.py", arguments: ["--root", try PythonPeer.specRoot])
        defer { server.stop() }
        try await body("http://127.0.0.1:\(server.port("spec"))")
    }

    /// The requests the server saw: path and `X-Gloo-Discovery` value.
    static func requests(_ base: String) async throws -> [(path: String, header: String?)] {
        let response = try await DiscoveryHTTPClient().get(base + "/__requests")
        let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
        return list.map { ($0["path"] as? String ?? "", $0["x-gloo-discovery"] as? String) }
    }

    static func discover(
        _ source: SwaggerDiscovery.Source,
        limits: DiscoveryLimits = DiscoveryLimits()
    ) async throws(DiscoveryError) -> SwaggerDiscovery.Discovered {
        try await SwaggerDiscovery(http: DiscoveryHTTPClient(limits: limits)).discover(source)
    }

    @Test("a Swagger 2.0 document at a URL: every operation, path-level and referenced parameters, no probe header")
    func swagger2() async throws {
        try await Self.withServer { base in
            let url = base + "/swagger2/petstore.json"
            let discovered = try await Self.discover(.url(url))
            #expect(discovered.specification == .swagger2)
            #expect(discovered.spec.swaggerInfo?.url == url)
            let functions = discovered.spec.transformations ?? [:]
            #expect(
                Set(functions.keys) == [
                    "listPets", "addPet", "get.pets.{petId}", "deletePet", "updatePet", "post.pets.{petId}.photos",
                    "listOrders",
                ]
            )
            #expect(
                functions["listOrders"]?.headers?[":path"]?.text
                    == #"/api/stores/{{ default(storeId, "") }}/orders?pageSize={{default(pageSize, "")}}"#
            )
            #expect(
                functions["addPet"]?.body?.text?.contains(#""category": {"id": {{ default(category.id, "") }}"#) == true
            )
            #expect(functions["updatePet"]?.headers?[":method"]?.text == "PUT")
            #expect(try await Self.requests(base).map(\.header) == [nil])
        }
    }

    @Test("an OpenAPI 3 YAML document whose references point into another file, resolved relative to it")
    func openAPI3() async throws {
        try await Self.withServer { base in
            let discovered = try await Self.discover(.url(base + "/openapi3/petstore.yaml"))
            #expect(discovered.specification == .openAPI3("3.0.3"))
            let functions = discovered.spec.transformations ?? [:]
            #expect(
                Set(functions.keys) == [
                    "listPets", "addPet", "showPetById", "patch.pets.{petId}", "deletePet", "getOwner",
                ]
            )
            let petBody = functions["addPet"]?.body?.text
            #expect(petBody?.contains(#""category": {"id": {{ default(category.id, "") }}"#) == true)
            #expect(petBody?.contains(#""tag": "{{ default(tag, "none")}}""#) == true)
            #expect(functions["patch.pets.{petId}"]?.body?.text == petBody)
            #expect(
                functions["getOwner"]?.headers?[":path"]?.text
                    == #"/v3/owners/{{ default(ownerId, "") }}?verbose={{default(verbose, "")}}"#
            )
            let paths = try await Self.requests(base).map(\.path)
            #expect(paths == ["/openapi3/petstore.yaml", "/openapi3/schemas/pet.yaml"])
        }
    }

    @Test("OpenAPI 3.1 JSON with a list-valued type")
    func openAPI31() async throws {
        try await Self.withServer { base in
            let discovered = try await Self.discover(.url(base + "/openapi31/petstore.json"))
            #expect(discovered.specification == .openAPI3("3.1.0"))
            #expect(Set((discovered.spec.transformations ?? [:]).keys) == ["getItem", "putItem"])
            #expect(
                discovered.spec.transformations?["putItem"]?.body?.text?.contains(#""name": "{{ default(name, "")}}""#)
                    == true
            )
        }
    }

    @Test(
        "a service root is probed at Gloo Edge's paths, then the OpenAPI ones, in order, with X-Gloo-Discovery",
        arguments: [("v2", "/v2/swagger"), ("openapi", "/openapi.yaml"), ("swagger", "/swagger.json")]
    )
    func probing(mode: String, found: String) async throws {
        try await Self.withServer { base in
            let root = "\(base)/probe/\(mode)"
            let discovered = try await Self.discover(.serviceRoot(root))
            #expect(discovered.spec.swaggerInfo?.url == root + found)
            let probes = try await Self.requests(base).filter { $0.header != nil }
            let expected = SwaggerDiscovery.probePaths.prefix { $0 != found } + [found]
            #expect(probes.map(\.path) == expected.map { "/probe/\(mode)\($0)" })
            #expect(probes.allSatisfy { $0.header == "Swagger-Discovery" })
        }
    }

    @Test("gatewayctl's form: a URL that serves no document is probed as a service root; nothing found is an error")
    func urlOrServiceRoot() async throws {
        try await Self.withServer { base in
            let found = try await Self.discover(.urlOrServiceRoot(base + "/probe/swagger"))
            #expect(found.spec.swaggerInfo?.url == base + "/probe/swagger/swagger.json")
            await #expect {
                try await Self.discover(.urlOrServiceRoot(base + "/probe/none"))
            } throws: { error in
                let message = (error as? DiscoveryError)?.message ?? ""
                return message.hasSuffix(
                    "/probe/none does not serve a Swagger or OpenAPI document at a known path (answered 404: "
                        + SwaggerDiscovery.probePaths.joined(separator: ", ") + ")"
                )
            }
        }
    }

    /// A bad peer and what discovery must say about it.
    struct BadPeer: Sendable, CustomStringConvertible {
        var path: String
        var code: DiscoveryError.Code
        var message: String
        var description: String { path }
    }

    static let badPeers = [
        BadPeer(path: "/error/500", code: .httpStatus, message: "answered 500"),
        BadPeer(path: "/error/slow?seconds=5", code: .timeout, message: "no complete answer within"),
        BadPeer(path: "/error/huge?mb=3", code: .responseTooLarge, message: "more than the limit of 2097152"),
        BadPeer(path: "/error/huge-chunked?mb=3", code: .responseTooLarge, message: "larger than the limit of 2097152"),
        BadPeer(path: "/error/malformed.json", code: .malformedDocument, message: "malformed.json:3:"),
        BadPeer(path: "/error/not-a-spec.json", code: .unsupportedDocument, message: "not a Swagger 2.0 or OpenAPI 3"),
        BadPeer(path: "/error/close", code: .unreachable, message: "/error/close"),
        BadPeer(path: "/missing.json", code: .httpStatus, message: "answered 404"),
    ]

    @Test("a bad peer gives a clear error naming the URL", arguments: badPeers)
    func badPeer(_ peer: BadPeer) async throws {
        try await Self.withServer { base in
            let limits = DiscoveryLimits(timeout: .milliseconds(700), maxResponseBytes: 2 << 20)
            await #expect {
                try await Self.discover(.url(base + peer.path), limits: limits)
            } throws: { error in
                guard let error = error as? DiscoveryError else { return false }
                return error.code == peer.code && error.message.contains(peer.message)
            }
        }
    }

    @Test("an unreachable host is one clear error, not eight")
    func unreachable() async throws {
        await #expect {
            try await Self.discover(.serviceRoot("http://127.0.0.1:1"))
        } throws: { error in
            guard let error = error as? DiscoveryError else { return false }
            return error.code == .unreachable
                && error.message.hasPrefix("service at http://127.0.0.1:1 was unreachable")
        }
    }
}
