import Benchmark
import GatewayModel
import GatewayTransform
import Mustache
import Stencil

// Template rendering, ours against Stencil and swift-mustache on equivalent templates (Benchmarks/
// jinja2_templates.py renders the same ones with Jinja2). Names are `<template>/<engine>`; times are per render.
//
// - TemplateHeader: the value of one header (`{{ header("x-foo") }}`, a gateway function call for us).
// - TemplateBody4: a four-field JSON body from the request's JSON.
// - TemplateLoop10: a loop over ten numbers.
// - TemplateIfElse: a branch on a field (Mustache, logic-less, branches on a precomputed flag).
// - TransformHeader/GatewayTransform: a whole request transformation setting that header.

/// Answers `header("x-foo")`.
struct HeaderCallback: TemplateCallbacks {
    let value = JSONValue.string("bar-value")
    func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue { value }
}

func templateBenchmarks() {
    let timing = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let json = #"{"user": {"name": "ada", "id": 7}, "items": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "active": true}"#
    let data: JSONValue
    do {
        data = try JSONValue.parse(json)
    } catch {
        fatalError("\(error)")
    }
    let dictionary: [String: Any] = [
        "user": ["name": "ada", "id": 7] as [String: Any], "items": Array(0..<10), "active": true, "count": 10,
        "isAdmin": true, "header": "bar-value",
    ]

    struct Case {
        var name: String
        var ours: String
        var stencil: String
        var mustache: String
    }
    let cases = [
        Case(
            name: "TemplateHeader",
            ours: #"{{ header("x-foo") }}"#,
            stencil: "{{ header }}",
            mustache: "{{{header}}}"
        ),
        Case(
            name: "TemplateBody4",
            ours:
                #"{"name": "{{ user.name }}", "id": {{ user.id }}, "count": {{ length(items) }}, "active": {{ active }}}"#,
            stencil:
                #"{"name": "{{ user.name }}", "id": {{ user.id }}, "count": {{ items.count }}, "active": {{ active }}}"#,
            mustache: #"{"name": "{{{user.name}}}", "id": {{user.id}}, "count": {{count}}, "active": {{active}}}"#
        ),
        Case(
            name: "TemplateLoop10",
            ours: "{% for x in items %}{{ x }},{% endfor %}",
            stencil: "{% for x in items %}{{ x }},{% endfor %}",
            mustache: "{{#items}}{{.}},{{/items}}"
        ),
        Case(
            name: "TemplateIfElse",
            ours: #"{% if user.name == "ada" %}/admin/{{ user.id }}{% else %}/users/{{ user.id }}{% endif %}"#,
            stencil: #"{% if user.name == "ada" %}/admin/{{ user.id }}{% else %}/users/{{ user.id }}{% endif %}"#,
            mustache: "{{#isAdmin}}/admin/{{user.id}}{{/isAdmin}}{{^isAdmin}}/users/{{user.id}}{{/isAdmin}}"
        ),
    ]
    let functions = TemplateFunctions([.init("header", arity: 1)])
    for testCase in cases {
        let ours: GatewayTransform.Template
        let mustache: MustacheTemplate
        do {
            ours = try GatewayTransform.Template(testCase.ours, functions: functions)
            mustache = try MustacheTemplate(string: testCase.mustache)
        } catch {
            fatalError("\(testCase.name): \(error)")
        }
        let stencil = Stencil.Template(templateString: testCase.stencil)
        // The engines must agree before they are timed.
        let expected = (try? ours.render(data, callbacks: HeaderCallback())).map { String(decoding: $0, as: UTF8.self) }
        let others = [(try? stencil.render(dictionary)) ?? "error", mustache.render(dictionary)]
        for output in others where output != expected {
            fatalError("\(testCase.name): \(output) differs from \(expected ?? "error")")
        }
        Benchmark("\(testCase.name)/GatewayTransform", configuration: timing) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? ours.render(data, callbacks: HeaderCallback()))
            }
        }
        Benchmark("\(testCase.name)/Stencil", configuration: timing) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try? stencil.render(dictionary)) }
        }
        Benchmark("\(testCase.name)/Mustache", configuration: timing) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(mustache.render(dictionary)) }
        }
    }

    var template = TransformationTemplate()
    template.headers = ["x-out": InjaTemplate(#"{{ header("x-foo") }}"#)]
    template.parseBodyBehavior = .dontParse
    let transformation: CompiledTransformation
    do {
        transformation = try CompiledTransformation(Transformation(template: template))
    } catch {
        fatalError("\(error)")
    }
    let request = HTTPMessage.request(method: "GET", path: "/a", authority: "shop", headers: [("x-foo", "bar-value")])
    Benchmark("TransformHeader/GatewayTransform", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            var message = request
            blackHole(try? transformation.apply(to: &message))
            blackHole(message)
        }
    }
}
