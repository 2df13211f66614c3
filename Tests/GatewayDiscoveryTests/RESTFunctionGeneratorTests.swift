import GatewayDiscovery
import GatewayModel
import GatewayTransform
import Testing

@Suite("REST functions from Swagger 2.0 and OpenAPI 3 documents")
struct RESTFunctionGeneratorTests {
    static let swagger = """
        swagger: "2.0"
        info: {title: shop, version: "1"}
        basePath: /api
        consumes: [application/json]
        parameters:
          PageSize: {name: pageSize, in: query, type: integer}
        paths:
          /pets:
            get:
              operationId: listPets
              parameters:
              - {name: limit, in: query, type: integer}
              - {name: tag, in: query, type: string}
              - {name: X-Tenant, in: header, type: string}
              - $ref: "#/parameters/PageSize"
            post:
              operationId: addPet
              parameters:
              - {name: pet, in: body, schema: {$ref: "#/definitions/Pet"}}
          /pets/{petId}:
            parameters:
            - {name: petId, in: path, required: true, type: string}
            get: {}
            delete:
              operationId: deletePet
              parameters:
              - {name: api_key, in: header, type: string}
            head: {}
            options: {}
          /pets/{petId}/photos:
            post:
              parameters:
              - {name: file, in: formData, type: file}
        definitions:
          Pet:
            type: object
            properties:
              name: {type: string}
              id: {type: integer, format: int64}
              tag: {type: string, default: none}
              category: {$ref: "#/definitions/Category"}
              owner: {$ref: "#/definitions/Owner"}
          Category:
            type: object
            properties:
              id: {type: integer}
              name: {type: string}
          Owner:
            type: object
            properties:
              name: {type: string}
              pets: {type: array, items: {$ref: "#/definitions/Pet"}}
              favourite: {$ref: "#/definitions/Pet"}
        """

    static func functions(_ text: String, location: String? = nil) throws -> [String: TransformationTemplate] {
        let document = try APIDocument(bytes: Array(text.utf8), location: location)
        return try RESTFunctionGenerator().functions(of: document).functions
    }

    static func headers(_ template: TransformationTemplate?) -> [String: String] {
        (template?.headers ?? [:]).mapValues { $0.text ?? "" }
    }

    @Test("every operation is a function named by operationId, else by method and path")
    func names() throws {
        let functions = try Self.functions(Self.swagger)
        #expect(
            Set(functions.keys) == [
                "listPets", "addPet", "get.pets.{petId}", "deletePet", "head.pets.{petId}", "options.pets.{petId}",
                "post.pets.{petId}.photos",
            ]
        )
    }

    @Test("GET: method, path with query parameters, header parameters; body and its headers removed")
    func getTemplate() throws {
        let listPets = try #require(try Self.functions(Self.swagger)["listPets"])
        #expect(
            Self.headers(listPets) == [
                ":method": "GET",
                ":path":
                    #"/api/pets?limit={{default(limit, "")}}&tag={{default(tag, "")}}&pageSize={{default(pageSize, "")}}"#,
                "X-Tenant": #"{{default(X-Tenant, "")}}"#,
                "content-type": "", "content-length": "0", "transfer-encoding": "",
            ]
        )
        #expect(listPets.body?.text == "")
        #expect(listPets.passthrough == nil)
    }

    @Test("path parameters of the path item fill the path; DELETE keeps its body; HEAD drops it")
    func pathParameters() throws {
        let functions = try Self.functions(Self.swagger)
        #expect(Self.headers(functions["get.pets.{petId}"])[":path"] == #"/api/pets/{{ default(petId, "") }}"#)
        let delete = try #require(functions["deletePet"])
        #expect(
            Self.headers(delete) == [
                ":method": "DELETE", ":path": #"/api/pets/{{ default(petId, "") }}"#,
                "api_key": #"{{default(api_key, "")}}"#, "content-type": "application/json",
            ]
        )
        #expect(delete.body == nil && delete.passthrough == nil)
        #expect(functions["head.pets.{petId}"]?.body?.text == "")
        #expect(functions["options.pets.{petId}"]?.body == nil)
    }

    @Test("POST with a body parameter: a JSON template of the schema, sorted, nested through references, cycles cut")
    func bodyTemplate() throws {
        let addPet = try #require(try Self.functions(Self.swagger)["addPet"])
        #expect(Self.headers(addPet)["content-type"] == "application/json")
        #expect(addPet.passthrough == nil)
        let owner =
            #"{"favourite": {{ default(owner.favourite, "") }},"name": "{{ default(owner.name, "")}}","pets": {{ default(owner.pets, "") }}}"#
        #expect(
            addPet.body?.text
                == #"{"category": {"id": {{ default(category.id, "") }},"name": "{{ default(category.name, "")}}"},"#
                + #""id": {{ default(id, "") }},"name": "{{ default(name, "")}}","owner": "# + owner
                + #","tag": "{{ default(tag, "none")}}"}"#
        )
    }

    @Test("POST without a body parameter passes the body through; form data is ignored")
    func passthrough() throws {
        let upload = try #require(try Self.functions(Self.swagger)["post.pets.{petId}.photos"])
        #expect(upload.passthrough != nil && upload.body == nil)
        #expect(Self.headers(upload)[":path"] == #"/api/pets/{{ default(petId, "") }}/photos"#)
    }

    @Test(
        "a base path of / or a server at the root adds nothing to the path",
        arguments: [
            #"{"swagger": "2.0", "basePath": "/", "paths": {"/pets": {"get": {"operationId": "f"}}}}"#,
            #"{"openapi": "3.0.0", "servers": [{"url": "/"}], "paths": {"/pets": {"get": {"operationId": "f"}}}}"#,
            #"{"openapi": "3.0.0", "servers": [{"url": "https://api.example"}], "paths": {"/pets": {"get": {"operationId": "f"}}}}"#,
        ]
    )
    func rootBasePath(_ text: String) throws {
        #expect(Self.headers(try Self.functions(text)["f"])[":path"] == "/pets")
    }

    @Test("a Swagger document that consumes no JSON is refused as Gloo Edge refuses it")
    func consumes() throws {
        let text = #"{"swagger": "2.0", "consumes": ["application/xml"], "paths": {}}"#
        #expect {
            try Self.functions(text)
        } throws: { error in
            (error as? DiscoveryError)?.message
                == #"swagger function discovery uses content type application/json; available: ["application/xml"]"#
        }
    }

    static let openAPI = """
        {
          "openapi": "3.1.0",
          "servers": [{"url": "https://{region}.shop.example/{version}/", "variables": {"region": {"default": "eu"}, "version": {"default": "v3"}}}],
          "components": {
            "parameters": {"Verbose": {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}},
            "requestBodies": {"Item": {"content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
            "schemas": {"Item": {"type": "object", "properties": {"name": {"type": ["string", "null"]}, "count": {"type": "integer", "default": 1}}}}
          },
          "paths": {
            "/items/{itemId}": {
              "get": {"operationId": "getItem", "parameters": [{"$ref": "#/components/parameters/Verbose"}, {"name": "session", "in": "cookie"}]},
              "put": {"operationId": "putItem", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
              "patch": {"requestBody": {"$ref": "#/components/requestBodies/Item"}},
              "post": {"operationId": "upload", "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}}
            }
          }
        }
        """

    @Test("OpenAPI 3.1: the server's path is the base path; JSON request bodies give the body; cookies ignored")
    func openAPI3() throws {
        let functions = try Self.functions(Self.openAPI)
        #expect(Set(functions.keys) == ["getItem", "putItem", "patch.items.{itemId}", "upload"])
        #expect(
            Self.headers(functions["getItem"])[":path"]
                == #"/v3/items/{{ default(itemId, "") }}?verbose={{default(verbose, "")}}"#
        )
        let itemBody = #"{"count": {{ default(count, "1") }},"name": "{{ default(name, "")}}"}"#
        #expect(functions["putItem"]?.body?.text == itemBody)
        #expect(functions["patch.items.{itemId}"]?.body?.text == itemBody)
        #expect(functions["upload"]?.passthrough != nil && functions["upload"]?.body == nil)
    }

    @Test("references into another document resolve relative to the document that holds them")
    func externalReferences() throws {
        let root = """
            openapi: 3.0.3
            paths:
              /pets:
                post:
                  operationId: addPet
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "schemas/pet.yaml#/Pet"}
            """
        let pet = """
            Pet:
              properties:
                name: {type: string}
                category: {$ref: "#/Category"}
            Category:
              properties:
                label: {type: string}
            """
        var document = try APIDocument(bytes: Array(root.utf8), location: "http://specs.local/v1/openapi.yaml")
        #expect(document.missingDocuments == ["http://specs.local/v1/schemas/pet.yaml"])
        let parsed = try ConfigSyntax.parseDocuments(pet, file: "pet.yaml")
        document.addExternalDocument(try #require(parsed.first), at: "http://specs.local/v1/schemas/pet.yaml")
        #expect(document.missingDocuments.isEmpty)
        let functions = try RESTFunctionGenerator().functions(of: document).functions
        #expect(
            functions["addPet"]?.body?.text
                == #"{"category": {"label": "{{ default(category.label, "")}}"},"name": "{{ default(name, "")}}"}"#
        )
    }

    @Test(
        "malformed and foreign documents fail with the position or the reason",
        arguments: [
            ("{\"swagger\": \"2.0\",\n \"paths\": {\n  \"/a\": [}", "inline:3:"),
            ("{\"hello\": \"world\"}", "is not a Swagger 2.0 or OpenAPI 3 document"),
            ("[1, 2]", "not a Swagger or OpenAPI object"),
            ("", "is empty"),
            ("openapi: 3.0.0\ninfo: {}\n", "has no `paths`"),
        ]
    )
    func badDocuments(_ text: String, expected: String) {
        #expect {
            try Self.functions(text)
        } throws: { error in
            (error as? DiscoveryError)?.message.contains(expected) == true
        }
    }

    @Test("a discovered function transforms a request as the route would send it upstream")
    func rendersWithGatewayTransform() throws {
        let functions = try Self.functions(Self.swagger)
        // As Gloo Edge's REST plugin: route parameters become extractors on the request's headers.
        var template = try #require(functions["get.pets.{petId}"])
        var extraction = Extraction()
        extraction.header = ":path"
        extraction.regex = #"/pets/([\-._[:alnum:]]+)"#
        extraction.subgroup = 1
        template.extractors = ["petId": extraction]
        var request = HTTPMessage.request(
            method: "POST",
            path: "/pets/42",
            authority: "shop",
            headers: [("content-type", "application/json")]
        )
        try CompiledTransformation(Transformation(template: template)).apply(to: &request)
        #expect(request.headers.first(":path").map { String(decoding: $0, as: UTF8.self) } == "/api/pets/42")
        #expect(request.headers.first(":method").map { String(decoding: $0, as: UTF8.self) } == "GET")
        #expect(request.headers.first("content-type") == nil)
        #expect(request.body.isEmpty)

        let addPet = try #require(functions["addPet"])
        var post = HTTPMessage.request(
            method: "POST",
            path: "/anything",
            authority: "shop",
            headers: [("content-type", "application/json")],
            body: Array(#"{"name": "rex", "id": 7, "category": {"id": 3, "name": "dogs"}, "owner": null}"#.utf8)
        )
        try CompiledTransformation(Transformation(template: addPet)).apply(to: &post)
        #expect(post.headers.first(":path").map { String(decoding: $0, as: UTF8.self) } == "/api/pets")
        #expect(
            String(decoding: post.body, as: UTF8.self)
                == #"{"category": {"id": 3,"name": "dogs"},"id": 7,"name": "rex","owner": {"favourite": ,"name": "","pets": },"tag": "none"}"#
        )
    }
}
