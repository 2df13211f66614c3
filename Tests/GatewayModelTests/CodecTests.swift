import Testing

@testable import GatewayModel

@Suite("Codec: YAML/JSON documents, located errors, leniency, round trips")
struct CodecTests {
    private func load(_ text: String) throws(ConfigSyntaxError) -> ResourceLoader {
        var loader = ResourceLoader()
        try loader.load(text, file: "in.yaml")
        return loader
    }

    private func syntaxError(_ text: String) -> ConfigSyntaxError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("malformed YAML names file:line:column and what was expected")
    func malformed() throws {
        let error = try #require(syntaxError("apiVersion: v1\nkind: [Gateway\nmetadata: {}\n"))
        #expect(error.location.file == "in.yaml")
        #expect(error.location.line >= 2)
        #expect(error.message.contains("expected"))
        #expect(error.description.hasPrefix("in.yaml:"))
    }

    @Test("tabs used for indentation are located")
    func tabs() throws {
        let error = try #require(syntaxError("apiVersion: gateway.solo.io/v1\nkind: Gateway\nspec:\n\tbindPort: 1\n"))
        #expect(error.location.line == 4)
        #expect(error.location.column == 1)
    }

    @Test("duplicate keys are an error at the key")
    func duplicateKeys() throws {
        let error = try #require(syntaxError("kind: Gateway\nmetadata:\n  name: a\n  name: b\n"))
        #expect(error.message.contains("duplicate key 'name'"))
        #expect(error.location.line == 4, "the second occurrence is the error")
    }

    @Test("invalid UTF-8 is located at the first bad byte")
    func invalidUTF8() throws {
        var bytes = Array("kind: Gateway\nmetadata:\n  name: ab".utf8)
        bytes.append(0xFF)
        var loader = ResourceLoader()
        #expect(
            throws: ConfigSyntaxError(
                location: SourceLocation(file: "x.yaml", line: 3, column: 11),
                message: "invalid UTF-8: the file must be UTF-8 text"
            )
        ) {
            try loader.load(bytes, file: "x.yaml")
        }
    }

    @Test("deep nesting is rejected with a location, not a crash", arguments: [150, 5000])
    func deepNesting(depth: Int) throws {
        let text =
            "kind: Gateway\nspec: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let error = try #require(syntaxError(text))
        #expect(error.location.line == 2)
    }

    @Test("alias expansion is bounded")
    func aliasBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in 1...9 {
            let name = "l\(level)"
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let error = try #require(syntaxError(text))
        #expect(error.message.contains("expands to more than"))
    }

    @Test("a 10 MB file loads")
    func hugeFile() throws {
        let body = String(repeating: "x", count: 10_000_000)
        let loader = try load(virtualService("vs", routes: "- directResponseAction: {status: 200, body: \(body)}"))
        #expect(
            loader.resources.virtualServices.first?.spec.virtualHost?.routes?.first?.directResponseAction?.body?.count
                == 10_000_000
        )
    }

    @Test("wrong types reject the resource with the field path and location")
    func wrongType() throws {
        let loader = try load(
            """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata:
              name: gw
            spec:
              bindPort: eighty
              httpGateway: {}
            """
        )
        let report = try #require(loader.reports.reports.first)
        #expect(report.state == .rejected)
        #expect(report.namespace == "default")
        #expect(report.errors == ["in.yaml:6:13: spec.bindPort: expected an integer, found 'eighty'"])
        #expect(loader.resources.gateways.isEmpty)
    }

    @Test("a list where an object belongs names the nested path")
    func nestedWrongType() throws {
        let loader = try load(
            virtualService("vs", routes: "- matchers: {prefix: /}\n  directResponseAction: {status: 200}")
        )
        #expect(
            loader.reports.reports.first?.errors == [
                "in.yaml:10:17: spec.virtualHost.routes[0].matchers: expected a list, found an object"
            ]
        )
    }

    @Test("missing required fields are named")
    func missingRequired() throws {
        let loader = try load(
            "apiVersion: gateway.solo.io/v1\nkind: VirtualService\nmetadata: {namespace: x}\nspec: {}\n"
        )
        #expect(loader.reports.reports.first?.errors.first?.contains("metadata.name is required") == true)
    }

    @Test("unknown fields are warnings naming the path and location")
    func unknownFields() throws {
        let loader = try load(
            """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata:
              name: vs
            spec:
              virtualHost:
                domain: [x]
                routes:
                - directResponseAction: {status: 200, bdy: hi}
            """
        )
        let report = try #require(loader.reports.reports.first)
        #expect(report.state == .warning)
        #expect(
            report.warnings == [
                "in.yaml:7:5: unknown field 'spec.virtualHost.domain'",
                "in.yaml:9:43: unknown field 'spec.virtualHost.routes[0].directResponseAction.bdy'",
            ]
        )
    }

    @Test("unknown kinds are warnings; a document without a kind is unreadable")
    func unknownKinds() throws {
        let loader = try load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n")
        #expect(loader.reports.reports.first?.kind == "ConfigMap")
        #expect(loader.reports.reports.first?.state == .warning)
        #expect(syntaxError("apiVersion: v1\nmetadata: {name: cm}\n")?.message.contains("'kind'") == true)
        #expect(syntaxError("- just\n- a list\n") != nil)
    }

    @Test("a resource defined twice is an error on the second definition")
    func duplicates() throws {
        let loader = try load(upstream("us") + upstream("us"))
        #expect(loader.resources.upstreams.count == 1)
        #expect(loader.reports.reports.first?.errors.first?.contains("is defined more than once") == true)
    }

    @Test("JSON, kind: List and multi-document YAML load the same resources")
    func formats() throws {
        let json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "gloo.solo.io/v1", "kind": "Upstream", "metadata": {"name": "a"},
               "spec": {"static": {"hosts": [{"addr": "a.com", "port": 80}]}}},
              {"apiVersion": "gloo.solo.io/v1", "kind": "Upstream", "metadata": {"name": "b"},
               "spec": {"static": {"hosts": [{"addr": "b.com", "port": "80"}]}}}
            ]}
            """
        let fromJSON = try load(json)
        let fromYAML = try load(upstream("a") + upstream("b"))
        #expect(fromJSON.resources.upstreams.map(\.name) == ["a", "b"])
        #expect(fromJSON.resources.upstreams.map(\.spec.static?.hosts?.first?.port) == [80, 80])
        #expect(fromYAML.resources.upstreams.map(\.name) == ["a", "b"])
    }

    @Test("numbers: quoted integers, exponents, and range errors")
    func numbers() throws {
        func port(_ text: String) -> Result<UInt32?, ConfigDecodingError> {
            let document = try? ConfigSyntax.parseDocuments("bindPort: \(text)", file: "p.yaml").first
            do {
                return .success(try ConfigDecoder().decode(GatewaySpec.self, from: document ?? .null).value.bindPort)
            } catch {
                return .failure(error)
            }
        }
        #expect(try port("8080").get() == 8080)
        #expect(try port("'8080'").get() == 8080)
        #expect(try port("8.08e3").get() == 8080)
        #expect(try port("0x1F90").get() == 8080)
        #expect(try port("+8080").get() == 8080)
        guard case .failure(let error) = port("99999999999") else {
            Issue.record("expected a range error")
            return
        }
        #expect(error.reason == "99999999999 is out of range for UInt32")
        #expect(error.path == "bindPort")
    }

    @Test(
        "durations use protobuf's JSON form",
        arguments: [
            ("1s", ProtoDuration(seconds: 1)), ("1.5s", ProtoDuration(seconds: 1, nanos: 500_000_000)),
            ("0.000001s", ProtoDuration(seconds: 0, nanos: 1000)),
            ("-2.25s", ProtoDuration(seconds: -2, nanos: -250_000_000)),
        ]
    )
    func durations(text: String, duration: ProtoDuration) throws {
        #expect(ProtoDuration(parsing: text) == duration)
        #expect(ProtoDuration(parsing: duration.description) == duration)
    }

    @Test("invalid durations are rejected", arguments: ["1", "s", "1.s", "1.1234567891s", "1m", "abc"])
    func invalidDurations(text: String) {
        #expect(ProtoDuration(parsing: text) == nil)
    }

    @Test("enums accept names and numbers")
    func enums() throws {
        let byName = try ConfigSyntax.parseDocuments("responseCode: FOUND", file: "e.yaml")[0]
        let byNumber = try ConfigSyntax.parseDocuments("responseCode: 4", file: "e.yaml")[0]
        #expect(try ConfigDecoder().decode(RedirectAction.self, from: byName).value.responseCode == .found)
        #expect(
            try ConfigDecoder().decode(RedirectAction.self, from: byNumber).value.responseCode == .permanentRedirect
        )
        let bad = try ConfigSyntax.parseDocuments("responseCode: MOVED", file: "e.yaml")[0]
        #expect(throws: ConfigDecodingError.self) { try ConfigDecoder().decode(RedirectAction.self, from: bad) }
    }

    @Test("YAML output reads back as the same value")
    func yamlRoundTrip() throws {
        let value = ConfigValue.object([
            "plain": .string("text"),
            "numberLike": .string("8080"),
            "boolLike": .string("yes"),
            "empty": .string(""),
            "special": .string("a: b # c"),
            "multiline": .string("one\ntwo"),
            "unicode": .string("héllo ☃"),
            "list": .array([.object(["a": .number(1), "b": .array([.bool(true), .null])]), .string("-x")]),
            "emptyList": .array([]),
            "emptyObject": .object([:]),
        ])
        let reread = try ConfigSyntax.parseDocuments(value.yamlText(), file: "out.yaml")
        #expect(reread == [value])
        let fromJSON = try ConfigSyntax.parseDocuments(value.jsonText(), file: "out.json")
        #expect(fromJSON == [value])
    }
}

@Suite("YAML reading: anchors, merge keys, tags and scalar types")
struct YAMLReadingTests {
    private func parse(_ text: String) throws -> ConfigValue {
        try #require(try ConfigSyntax.parseDocuments(text, file: "y.yaml").first)
    }

    @Test("anchors, aliases and merge keys expand in place; keys set locally win")
    func mergeKeys() throws {
        let value = try parse(
            """
            defaults: &defaults {timeout: 1s, retries: 2}
            route:
              <<: *defaults
              retries: 5
            copy: *defaults
            """
        )
        #expect(value["route"] == .object(["retries": .number(5), "timeout": .string("1s")]))
        #expect(value["copy"] == value["defaults"])
    }

    @Test("a quoted << is an ordinary key")
    func quotedMergeKey() throws {
        #expect(try parse("'<<': x")["<<"] == .string("x"))
    }

    @Test("plain scalars are typed by the core schema; quoted ones and !!str stay strings")
    func scalarTypes() throws {
        let value = try parse(
            "a: 8080\nb: '8080'\nc: !!str 8080\nd: true\ne: ~\nf: 0x1F\ng: 1.50\nh: +7\ni: .5\nj: 1.2.3"
        )
        #expect(value["a"] == .number(8080))
        #expect(value["b"] == .string("8080"))
        #expect(value["c"] == .string("8080"))
        #expect(value["d"] == .bool(true))
        #expect(value["e"] == .null)
        #expect(value["f"] == .string("0x1F"), "kept as written for string fields")
        #expect(value["g"]?.content == .number("1.50"))
        #expect(value["h"] == .string("+7"))
        #expect(value["i"] == .string(".5"))
        #expect(value["j"] == .string("1.2.3"))
    }

    @Test("null and booleans in every YAML spelling; look-alikes stay strings")
    func nullAndBooleanSpellings() throws {
        let spellings: [(String, ConfigValue.Content)] = [
            ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("''", .string("")),
            ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
            ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
            ("tRUE", .string("tRUE")), ("nul", .string("nul")), ("nulls", .string("nulls")),
            ("falsey", .string("falsey")), ("t", .string("t")), ("'true'", .string("true")),
        ]
        for (written, expected) in spellings {
            #expect(try parse("a: \(written)")["a"]?.content == expected, "\(written)")
        }
        #expect(try parse("a:")["a"]?.content == .null)
    }

    @Test("complex keys and undefined aliases are errors with locations")
    func invalidStructures() throws {
        for text in ["? [a, b]\n: c\n", "a: *missing\n", "{[x]: 1}\n"] {
            #expect(throws: ConfigSyntaxError.self) { try ConfigSyntax.parseDocuments(text, file: "y.yaml") }
        }
    }

    @Test("values keep their locations")
    func locations() throws {
        let value = try parse("spec:\n  list:\n  - name: x\n")
        let element = try #require(
            value["spec"]?["list"].flatMap { if case .array(let a) = $0.content { a.first } else { nil } }
        )
        #expect(element.location == SourceLocation(file: "y.yaml", line: 3, column: 5))
        #expect(element.members?.first?.keyLocation == SourceLocation(file: "y.yaml", line: 3, column: 5))
        #expect(element["name"]?.location == SourceLocation(file: "y.yaml", line: 3, column: 11))
    }

    @Test("empty documents are skipped; several documents are read in order")
    func documents() throws {
        let documents = try ConfigSyntax.parseDocuments("---\n---\na: 1\n---\n# comment\n---\nb: 2\n", file: "y.yaml")
        #expect(documents == [.object(["a": .number(1)]), .object(["b": .number(2)])])
    }
}
