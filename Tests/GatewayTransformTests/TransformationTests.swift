import Foundation
import GatewayModel
import GatewayTransform
import Testing

/// Decodes a `Transformation` from YAML, as it appears under `requestTransformation`.
func transformation(
    _ yaml: String,
    escape: Bool = false,
    environment: [String: String] = [:],
    allowed: Set<String>? = nil
)
    throws -> CompiledTransformation
{
    let document = try #require(try ConfigSyntax.parseDocuments(yaml, file: "test.yaml").first)
    let decoded = try ConfigDecoder().decode(Transformation.self, from: document)
    #expect(decoded.unknownFields.isEmpty, "\(decoded.unknownFields)")
    return try CompiledTransformation(
        decoded.value,
        escapeCharacters: escape,
        environment: TransformEnvironment(environment, allowed: allowed)
    )
}

func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

func request(
    _ method: String = "GET",
    path: String = "/",
    headers: [(name: String, value: String)] = [],
    body: String = ""
) -> HTTPMessage {
    .request(method: method, path: path, authority: "example.com", headers: headers, body: Array(body.utf8))
}

/// The error a transformation fails with, as Envoy answers it.
func failure(_ transformation: CompiledTransformation, _ message: HTTPMessage) -> String? {
    var message = message
    do {
        try transformation.apply(to: &message)
        return nil
    } catch {
        return "\(error.httpStatus) \(error.httpBody)"
    }
}

@Suite("Transformation templates")
struct TransformationTemplateTests {
    @Test("headers render in turn, each seeing the writes before it; empty output removes a header")
    func headerOrder() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              parseBodyBehavior: DontParse
              headers:
                a-first: {text: "1"}
                b-second: {text: "{{ header(\\"a-first\\") }}2"}
                x-remove: {text: ""}
            """
        )
        var message = request(headers: [("x-remove", "gone"), ("x-keep", "kept")])
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("b-second")) == "12")
        #expect(message.headers.first("x-remove") == nil)
        #expect(text(message.headers.first("x-keep")) == "kept")
    }

    @Test("headersToRemove runs after headers, headersToAppend after that and keeps existing values")
    func removeThenAppend() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              headers:
                x-a: {text: "set"}
              headersToRemove: [x-a, x-b]
              headersToAppend:
              - {key: x-c, value: {text: "two"}}
              - {key: x-a, value: {text: "{{ header(\\"x-a\\") }}appended"}}
            """
        )
        var message = request(headers: [("x-b", "1"), ("x-c", "one")])
        try compiled.apply(to: &message)
        #expect(message.headers.values("x-c").map { text($0) } == ["one", "two"])
        #expect(text(message.headers.first("x-a")) == "appended")
        #expect(message.headers.first("x-b") == nil)
    }

    @Test("the body template sees the original body; content-length follows the new body")
    func body() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              body: {text: '{"user": "{{ user.name }}", "raw": {{ length(body()) }}}'}
            """
        )
        var message = request("POST", headers: [("content-length", "23")], body: #"{"user": {"name": "ada"}}"#)
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"user": "ada", "raw": 25}"#)
        #expect(text(message.headers.first("content-length")) == "26")
    }

    @Test("an invalid JSON body is a 400 even when no template reads it, unless ignoreErrorOnParse")
    func invalidBody() throws {
        let strict = try transformation("transformationTemplate: {headers: {x: {text: 'y'}}}")
        #expect(
            failure(strict, request(body: "not json"))
                == "400 bad request: [json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing value - invalid literal; last read: 'no'"
        )
        // An empty body is not parsed.
        #expect(failure(strict, request()) == nil)
        let lenient = try transformation(
            "transformationTemplate: {ignoreErrorOnParse: true, headers: {x: {text: '{{ body() }}'}}}"
        )
        var message = request(body: "not json")
        try lenient.apply(to: &message)
        #expect(text(message.headers.first("x")) == "not json")
        let dontParse = try transformation("transformationTemplate: {parseBodyBehavior: DontParse}")
        #expect(failure(dontParse, request(body: "not json")) == nil)
    }

    @Test("a missing variable fails the request with inja's message")
    func missingVariable() throws {
        let compiled = try transformation(
            "transformationTemplate: {headers: {x: {text: '{% if missing %}a{% endif %}'}}}"
        )
        #expect(
            failure(compiled, request())
                == "400 bad request: [inja.exception.render_error] (at 1:7) variable 'missing' not found"
        )
    }

    @Test("extractors write into the context; dotted names nest")
    func extractors() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              extractors:
                id: {header: ':path', regex: '/users/([0-9]+).*', subgroup: 1}
                host.name: {header: 'Host', regex: '(.*)'}
                absent: {header: 'x-none', regex: '(.*)'}
              headers:
                x-id: {text: '{{ id }}/{{ host.name }}/[{{ absent }}]'}
            """
        )
        var message = request(path: "/users/42/orders")
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("x-id")) == "42/example.com/[]")
    }

    @Test("extractors with a non-object JSON body fail with type error 305")
    func extractorsOnArrayBody() throws {
        let compiled = try transformation("transformationTemplate: {extractors: {a: {header: x, regex: '.*'}}}")
        #expect(
            failure(compiled, request(body: "[1]"))
                == "400 bad request: [json.exception.type_error.305] cannot use operator[] with a string argument with array"
        )
    }

    @Test("advanced templates use JSON pointers and extraction()")
    func advanced() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              advancedTemplates: true
              extractors:
                id: {header: ':path', regex: '/users/([0-9]+)', subgroup: 1}
                masked: {header: ':path', regex: '/users/([0-9]+)', subgroup: 1, mode: SINGLE_REPLACE, replacementText: 'N'}
              headers:
                x: {text: '{{ extraction("id") }} {{ extraction("masked") }} {{ a/b }} {{ id }}'}
            """
        )
        var message = request(path: "/users/7", body: #"{"a": {"b": 1}, "id": "body"}"#)
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("x")) == "7 /users/N 1 body")
    }

    @Test("mergeExtractorsToBody writes the parsed body with the extractors, keys sorted")
    func mergeExtractors() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              mergeExtractorsToBody: {}
              extractors:
                a.b: {header: x-v, regex: '(.*)'}
            """
        )
        var message = request(headers: [("x-v", "v")], body: #"{"z": 1, "a": {"c": 2}}"#)
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"a":{"b":"v","c":2},"z":1}"#)
    }

    @Test("mergeJsonKeys sets rendered JSON at top-level keys; empty output is skipped unless overrideEmpty")
    func mergeJsonKeys() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              mergeJsonKeys:
                jsonKeys:
                  path: {tmpl: {text: '"{{ header(":path") }}"'}}
                  skipped: {tmpl: {text: ''}}
            """
        )
        var message = request(path: "/p")
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"path":"/p"}"#)
        let forced = try transformation(
            "transformationTemplate: {mergeJsonKeys: {jsonKeys: {e: {tmpl: {text: ''}, overrideEmpty: true}}}}"
        )
        #expect(failure(forced, request())?.hasPrefix("400 bad request: [json.exception.parse_error.101]") == true)
        #expect(throws: TransformError.self) {
            try transformation("transformationTemplate: {mergeJsonKeys: {jsonKeys: {a.b: {tmpl: {text: '1'}}}}}")
        }
        #expect(throws: TransformError.self) {
            try transformation(
                "transformationTemplate: {advancedTemplates: true, mergeJsonKeys: {jsonKeys: {a: {tmpl: {text: '1'}}}}}"
            )
        }
    }

    @Test("passthrough renders with an empty body and leaves the body as it is")
    func passthrough() throws {
        let compiled = try transformation(
            "transformationTemplate: {passthrough: {}, headers: {x: {text: '[{{ body() }}]'}}}"
        )
        var message = request(headers: [("content-type", "text/plain")], body: "not json at all")
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("x")) == "[]")
        #expect(text(message.body) == "not json at all")
        #expect(text(message.headers.first("content-type")) == "text/plain")
    }

    @Test("an emptied body loses its content type")
    func emptiedBody() throws {
        let compiled = try transformation("transformationTemplate: {body: {text: ''}}")
        var message = request(headers: [("content-type", "application/json")], body: "{}")
        try compiled.apply(to: &message)
        #expect(message.body.isEmpty)
        #expect(message.headers.first("content-type") == nil)
        #expect(text(message.headers.first("content-length")) == "0")
    }

    @Test("bodies over the limit are 413 payload too large")
    func bodyLimit() throws {
        let compiled = try transformation("transformationTemplate: {parseBodyBehavior: DontParse}")
        var message = request(body: String(repeating: "x", count: 11))
        #expect(throws: TransformError.self) { try compiled.apply(to: &message, bodyLimit: 10) }
        do {
            try compiled.apply(to: &message, bodyLimit: 10)
        } catch {
            #expect(error.httpStatus == 413 && error.httpBody == "payload too large")
        }
    }

    @Test("escapeCharacters escapes every printed string; the template's own setting wins")
    func escapeCharacters() throws {
        let inherited = try transformation(
            "transformationTemplate: {body: {text: '{\"v\": \"{{ header(\"x\") }}\"}'}}",
            escape: true
        )
        var message = request(headers: [("x", #"a"b"#)])
        try inherited.apply(to: &message)
        #expect(text(message.body) == #"{"v": "a\"b"}"#)
        let own = try transformation(
            "transformationTemplate: {escapeCharacters: false, body: {text: '{{ header(\"x\") }}'}}",
            escape: true
        )
        message = request(headers: [("x", #"a"b"#)])
        try own.apply(to: &message)
        #expect(text(message.body) == #"a"b"#)
    }

    @Test("dynamic metadata values and the span name are rendered; empty values are skipped")
    func metadataAndSpan() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              dynamicMetadataValues:
              - {key: plain, value: {text: '{{ header(":method") }}'}}
              - {key: parsed, metadataNamespace: ns, jsonToProto: true, value: {text: '[1, 2]'}}
              - {key: empty, value: {text: ''}}
              spanTransformer: {name: {text: 'op-{{ header(":path") }}'}}
            """
        )
        var message = request(path: "/x")
        let outcome = try compiled.apply(to: &message)
        #expect(outcome.dynamicMetadata.map(\.key) == ["plain", "parsed"])
        #expect(outcome.dynamicMetadata.first?.namespace == "io.solo.transformation")
        #expect(outcome.dynamicMetadata.last?.value == .array([.uint(1), .uint(2)]))
        #expect(outcome.spanName == "op-/x")
    }

    @Test("configuration errors carry envoy-gloo's messages")
    func configurationErrors() throws {
        #expect(
            throws: TransformError(
                .invalidTemplate,
                "Failed to parse header template 'x': [inja.exception.parser_error] (at 1:6) unexpected '}'"
            )
        ) {
            try transformation("transformationTemplate: {headers: {x: {text: '{{ a }'}}}")
        }
        #expect(
            throws: TransformError(
                .invalidTemplate,
                "Failed to parse body template [inja.exception.parser_error] (at 1:11) unknown function nosuch"
            )
        ) {
            try transformation("transformationTemplate: {body: {text: '{{ nosuch() }}'}}")
        }
    }
}

@Suite("headerBodyTransform")
struct HeaderBodyTransformTests {
    @Test("the body becomes the headers and the original body as JSON")
    func plain() throws {
        let compiled = try transformation("headerBodyTransform: {}")
        var message = request("POST", path: "/p?a=1", headers: [("x-a", "1"), ("x-a", "2")], body: "hello")
        try compiled.apply(to: &message)
        #expect(
            text(message.body)
                == #"{"body":"hello","headers":{":authority":"example.com",":method":"POST",":path":"/p?a=1",":scheme":"http","x-a":"2"}}"#
        )
        #expect(text(message.headers.first("content-type")) == "application/json")
    }

    @Test("addRequestMetadata adds the method, path and query, and the values of repeated names")
    func requestMetadata() throws {
        let compiled = try transformation("headerBodyTransform: {addRequestMetadata: true}")
        var message = request("GET", path: "/p?a=1&b=x%20y&a=2&flag", headers: [("x-a", "1"), ("x-a", "2")])
        try compiled.apply(to: &message)
        #expect(
            text(message.body)
                == #"{"headers":{":authority":"example.com",":method":"GET",":path":"/p?a=1&b=x%20y&a=2&flag",":scheme":"http","x-a":"2"},"httpMethod":"GET","multiValueHeaders":{"x-a":["1","2"]},"multiValueQueryStringParameters":{"a":["1","2"]},"path":"/p","queryString":"a=1&b=x%20y&a=2&flag","queryStringParameters":{"a":"2","b":"x y","flag":""}}"#
        )
    }
}

@Suite("Gateway functions")
struct GatewayFunctionTests {
    /// Renders `source` as the `x` header of a request.
    func render(
        _ source: String,
        headers: [(name: String, value: String)] = [],
        body: String = "",
        environment: [String: String] = [:],
        allowed: Set<String>? = nil,
        metadata: TransformMetadata = TransformMetadata()
    ) throws -> String? {
        let compiled = try transformation(
            "transformationTemplate: {parseBodyBehavior: DontParse, headers: {x: {text: '\(source.replacingOccurrences(of: "'", with: "''"))'}}}",
            environment: environment,
            allowed: allowed
        )
        var message = request(headers: headers, body: body)
        do {
            try compiled.apply(to: &message, metadata: metadata)
        } catch {
            return "error: " + error.message
        }
        return text(message.headers.first("x")) ?? ""
    }

    @Test("header and request_header read the first value; Host is the authority")
    func headers() throws {
        #expect(
            try render(
                #"{{ header("X-A") }}|{{ header("Host") }}|{{ header("none") }}|{{ request_header(":method") }}"#,
                headers: [("x-a", "1"), ("x-a", "2")]
            ) == "1|example.com||GET"
        )
        #expect(
            try render("{{ header(1) }}")
                == "error: [json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is number"
        )
    }

    @Test(
        "base64 variants: padding on the standard alphabet, none on the URL-safe one; invalid input decodes to nothing"
    )
    func base64() throws {
        #expect(try render(#"{{ base64_encode("hi?>") }}|{{ base64url_encode("hi?>") }}"#) == "aGk/Pg==|aGk_Pg")
        #expect(
            try render(
                #"{{ base64_decode("aGk/Pg==") }}|{{ base64_decode("aGk/Pg") }}|{{ base64_decode("INVALID BASE64") }}|{{ base64_decode("aGk=Pg==") }}"#
            ) == "hi?>|hi?>||"
        )
        #expect(try render(#"{{ base64url_decode("eyJhbGciOiJIUzI1NiJ9") }}"#) == #"{"alg":"HS256"}"#)
    }

    @Test("substring takes byte offsets; out of range or non-integer arguments give empty or the rest")
    func substring() throws {
        #expect(
            try render(
                #"{{ substring("123", 1, 2) }}|{{ substring("123", 1) }}|{{ substring("123", 10, 1) }}|{{ substring("123", -1, 1) }}|{{ substring("123", 0, 10) }}|{{ substring("123", 0, -1) }}|{{ substring("123", "a", 1) }}|{{ substring("123", 0, 1.5) }}"#
            )
                == "23|23|||123|123||"
        )
    }

    @Test("trim, word_count and raw_string")
    func strings() throws {
        #expect(try render(#"[{{ trim("  a b \t") }}]"#) == "[a b]")
        #expect(
            try render(
                #"{{ word_count("  why  don't   you \t\t accept me   ") }} {{ word_count(["a b", {"k l": 1}]) }} {{ word_count(null) }}"#
            ) == "5 5 0"
        )
        #expect(try render(#"{{ raw_string(header("x-q")) }}"#, headers: [("x-q", #"say "hi"\"#)]) == #"say \"hi\"\\"#)
    }

    @Test("replace_with_random puts the same 22-character value in place of a pattern, request after request")
    func replaceWithRandom() throws {
        let compiled = try transformation(
            "transformationTemplate: {headers: {x: {text: '{{ replace_with_random(\"a-P-b-P\", \"P\") }}'}}}"
        )
        var first = request()
        var second = request()
        try compiled.apply(to: &first)
        try compiled.apply(to: &second)
        let value = try #require(text(first.headers.first("x")))
        let parts = value.split(separator: "-")
        #expect(parts.count == 4 && parts[1].count == 22 && parts[1] == parts[3])
        #expect(text(second.headers.first("x")) == value)
    }

    @Test("env reads the environment snapshot; an allow-list hides other variables")
    func environment() throws {
        #expect(try render(#"{{ env("HOME") }}|{{ env("NONE") }}"#, environment: ["HOME": "/root"]) == "/root|")
        #expect(
            try render(
                #"{{ env("HOME") }}|{{ env("OK") }}"#,
                environment: ["HOME": "/root", "OK": "y"],
                allowed: ["OK"]
            ) == "|y"
        )
    }

    @Test("metadata functions: nested keys with :, numbers as floats, booleans as text, structures as JSON")
    func metadata() throws {
        let dynamic: [String: JSONValue] = [
            "io.solo.transformation": try JSONValue.parse(
                #"{"a": {"b": "deep"}, "n": 5, "t": true, "s": {"k": [1, 2.5]}}"#
            ),
            "other": try JSONValue.parse(#"{"x": "y"}"#),
        ]
        let metadata = TransformMetadata(dynamic: dynamic, cluster: nil)
        #expect(
            try render(
                #"{{ dynamic_metadata("a:b") }}|{{ dynamic_metadata("n") }}|{{ dynamic_metadata("t") }}|{{ dynamic_metadata("s") }}|{{ dynamic_metadata("x", "other") }}|{{ dynamic_metadata("none") }}|{{ cluster_metadata("a:b") }}"#,
                metadata: metadata
            )
                == #"deep|5.0|true|{"k":[1,2.5]}|y||"#
        )
    }
}
