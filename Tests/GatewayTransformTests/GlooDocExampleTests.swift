import GatewayModel
import GatewayTransform
import Testing

/// The transformation guides of Gloo Edge's documentation, as configurations with inputs and the outputs the guides
/// describe (our own requests and bodies, written to exercise what each guide shows).
@Suite("Gloo Edge documentation examples")
struct GlooDocExampleTests {
    @Test("update the request path from a header (update_request_uri)")
    func updateRequestURI() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              headers:
                ':path':
                  text: '{% if header("boo") == "far" %}/post{% else %}{{ header(":path") }}{% endif %}'
            """
        )
        var matching = request("POST", path: "/get", headers: [("boo", "far")])
        try compiled.apply(to: &matching)
        #expect(text(matching.headers.first(":path")) == "/post")
        var other = request("POST", path: "/get?x=1")
        try compiled.apply(to: &other)
        #expect(text(other.headers.first(":path")) == "/get?x=1")
    }

    @Test("change the response status from a field of the body (change_response_status)")
    func changeResponseStatus() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              parseBodyBehavior: ParseAsJson
              headers:
                ':status':
                  text: '{% if default(error.message, "") != "" %}400{% else %}{{ header(":status") }}{% endif %}'
            """
        )
        var failing = HTTPMessage.response(status: 200, body: Array(#"{"error": {"message": "invalid id"}}"#.utf8))
        try compiled.apply(to: &failing, requestHeaders: request().headers)
        #expect(text(failing.headers.first(":status")) == "400")
        var fine = HTTPMessage.response(status: 201, body: Array(#"{"ok": true}"#.utf8))
        try compiled.apply(to: &fine, requestHeaders: request().headers)
        #expect(text(fine.headers.first(":status")) == "201")
    }

    @Test("extract query parameters into headers (extract_query_params)")
    func extractQueryParameters() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              extractors:
                foo: {header: ':path', regex: '.*foo=([^&]*).*', subgroup: 1}
                bar: {header: ':path', regex: '.*bar=([^&]*).*', subgroup: 1}
              headers:
                foo: {text: '{{ foo }}'}
                bar: {text: '{{ bar }}'}
            """
        )
        var message = request(path: "/get?foo=foo-value&bar=bar-value")
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("foo")) == "foo-value")
        #expect(text(message.headers.first("bar")) == "bar-value")
    }

    @Test("add headers from fields of the body (add_headers_from_body)")
    func headersFromBody() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              headers:
                x-first: {text: '{{ first }}'}
                x-second: {text: '{{ second }}'}
            """
        )
        var message = request("POST", body: #"{"first": "one", "second": {"third": "three"}}"#)
        try compiled.apply(to: &message)
        #expect(text(message.headers.first("x-first")) == "one")
        #expect(text(message.headers.first("x-second")) == #"{"third":"three"}"#)
    }

    @Test("enrich the request body with header values (enrich_request_body)")
    func enrichRequestBody() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              mergeExtractorsToBody: {}
              extractors:
                path: {header: ':path', regex: '.*'}
                root.nested: {header: 'x-custom', regex: '.*'}
            """
        )
        var message = request("POST", path: "/post", headers: [("x-custom", "value")], body: #"{"payload": "body"}"#)
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"path":"/post","payload":"body","root":{"nested":"value"}}"#)
    }

    @Test("decode a base64 body and change it (decode_and_modify_base64_request)")
    func decodeBase64() throws {
        let compiled = try transformation(
            """
            transformationTemplate:
              parseBodyBehavior: DontParse
              body: {text: '{{ substring(base64_decode(body()), 0, 11) }} world'}
            """
        )
        var message = request("POST", body: "aGVsbG8gdGhlcmUsIGV2ZXJ5b25l")
        try compiled.apply(to: &message)
        #expect(text(message.body) == "hello there world")
    }

    @Test("escape values placed inside a JSON body (escape characters)")
    func escapeValues() throws {
        let compiled = try transformation(
            #"transformationTemplate: {body: {text: '{"message": "{{ raw_string(header("x-msg")) }}"}'}}"#
        )
        var message = request(headers: [("x-msg", #"He said "hi""#)])
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"message": "He said \"hi\""}"#)
    }

    @Test("a Lambda-style body of headers and body (headerBodyTransform)")
    func lambdaBody() throws {
        let compiled = try transformation("headerBodyTransform: {}")
        var message = HTTPMessage.response(status: 200, headers: [("x-a", "b")], body: Array("ok".utf8))
        try compiled.apply(to: &message)
        #expect(text(message.body) == #"{"body":"ok","headers":{":status":"200","x-a":"b"}}"#)
    }
}
