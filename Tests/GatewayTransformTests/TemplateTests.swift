import GatewayTransform
import Testing

/// Renders `source` with `data` (JSON text); the output, or the error message.
private func render(
    _ source: String,
    _ data: String = "{}",
    notation: Template.Notation = .dot,
    escape: Bool = false
) -> String {
    do {
        let template = try Template(source, notation: notation)
        let output = try template.render(try JSONValue.parse(data), escapeStrings: escape)
        return String(decoding: output, as: UTF8.self)
    } catch let error as TransformError {
        return "error: " + error.message
    } catch {
        return "error: \(error)"
    }
}

@Suite("Template syntax")
struct TemplateSyntaxTests {
    @Test("expressions, statements and comments")
    func delimiters() {
        #expect(render("a{{ x }}b{% if x %}c{% endif %}{# note #}d", #"{"x": 1}"#) == "a1bcd")
    }

    @Test("line statements start with ## at the beginning of a line")
    func lineStatements() {
        #expect(render("## if x\nyes\n## else\nno\n## endif\n", #"{"x": true}"#) == "yes\n")
        #expect(render("a ## not a statement") == "a ## not a statement")
        // A body line starting with ## is a statement.
        #expect(render("## hello\n").hasPrefix("error: [inja.exception.parser_error] (at 1:4) expected statement"))
    }

    @Test("whitespace control trims around a tag, and only with -")
    func whitespaceControl() {
        #expect(render("a  \n  {{- x -}}  \n  b", #"{"x": 1}"#) == "a  \n1b")
        #expect(render("a  {% if true -%}  \n  b{%- endif %}") == "a  b")
        // Only a line holding nothing but the tag loses its leading blanks.
        #expect(render("a  {#- c -#}  b") == "a  b")
        #expect(render("a\n  {#- c -#}  b") == "a\nb")
        #expect(render("{% if true %}\nb\n{% endif %}") == "\nb\n")
    }

    @Test("else if chains; there is no elif")
    func conditions() {
        let source = "{% if n == 1 %}one{% else if n == 2 %}two{% else %}many{% endif %}"
        #expect(render(source, #"{"n": 2}"#) == "two")
        #expect(render(source, #"{"n": 5}"#) == "many")
        #expect(render("{% if a %}{% elif b %}{% endif %}").hasPrefix("error: [inja.exception.parser_error]"))
    }

    @Test("loops over arrays and objects, with loop.index, index1, is_first, is_last and parent")
    func loops() {
        #expect(
            render(
                "{% for x in xs %}{{ loop.index }}{{ loop.index1 }}{{ x }}{% if not loop.is_last %},{% endif %}{% endfor %}",
                #"{"xs": ["a", "b"]}"#
            )
                == "01a,12b"
        )
        #expect(render("{% for k, v in o %}{{ k }}={{ v }};{% endfor %}", #"{"o": {"b": 2, "a": 1}}"#) == "a=1;b=2;")
        #expect(
            render("{% for x in [1, 2] %}{% for y in [3] %}{{ loop.parent.index }}{% endfor %}{% endfor %}") == "01"
        )
        #expect(
            render("{% for x in 5 %}{% endfor %}")
                == "error: [inja.exception.render_error] (at 1:10) object must be an array"
        )
        #expect(
            render("{% for k, v in [1] %}{% endfor %}")
                == "error: [inja.exception.render_error] (at 1:13) object must be an object"
        )
    }

    @Test("set writes dotted paths into local data, which hides the context")
    func set() {
        #expect(render("{% set a.b = 1 %}{{ a.b }}{{ a }}") == #"1{"b":1}"#)
        #expect(render("{% set x = 2 %}{{ x }}", #"{"x": 1}"#) == "2")
        // `exists` reads only the input.
        #expect(render("{% set y = 1 %}{{ exists(\"y\") }}") == "false")
    }

    @Test("identifiers run through - . / and _, so n-1 is one name")
    func identifiers() {
        #expect(
            render("{{ n-1 }}", #"{"n": 5}"#)
                == "error: [inja.exception.render_error] (at 1:4) variable 'n-1' not found"
        )
        #expect(render("{{ n - 1 }}", #"{"n": 5}"#) == "4")
        #expect(render("{{ my-key }} {{ o.x-y }} {{ o/x-y }}", #"{"my-key": 1, "o": {"x-y": 2}}"#) == "1 2 2")
        #expect(render("{{ a.0 }}{{ a.1.b }}", #"{"a": [7, {"b": 8}]}"#) == "78")
    }

    @Test("JSON pointer notation, for advanced templates")
    func pointerNotation() {
        #expect(
            render("{{ a/b }} {{ a/c~1d }} {{ a/0 }}", #"{"a": {"b": 1, "c/d": 2, "0": 3}}"#, notation: .pointer)
                == "1 2 3"
        )
        #expect(render("{{ a.b }}", #"{"a.b": 4}"#, notation: .pointer) == "4")
    }

    @Test("literals are JSON; single quotes and subscripts are not the dialect")
    func literals() {
        #expect(
            render(#"{{ [1, "a", {"k": null}] }} {{ "tab\tx" }} {{ -3 }} {{ 1.5e1 }}"#)
                == #"[1,"a",{"k":null}] tab\#tx -3 15.0"#
        )
        #expect(render("{{ 'a' }}").hasPrefix("error: [inja.exception.parser_error]"))
        #expect(render("{{ a[0] }}", #"{"a": [1]}"#).hasPrefix("error: "))
        #expect(render("{{ x | upper }}", #"{"x": "a"}"#).hasPrefix("error: [inja.exception.parser_error]"))
    }

    @Test("parse errors name the position and what was expected")
    func parseErrors() {
        #expect(render("{{ x }") == "error: [inja.exception.parser_error] (at 1:6) unexpected '}'")
        #expect(render("{% if x %}") == "error: [inja.exception.parser_error] (at 1:11) unmatched if")
        #expect(render("{% endfor %}") == "error: [inja.exception.parser_error] (at 1:4) endfor without matching for")
        #expect(render("{{ nosuch(1) }}") == "error: [inja.exception.parser_error] (at 1:12) unknown function nosuch")
        #expect(render("{{ upper(1, 2) }}") == "error: [inja.exception.parser_error] (at 1:14) unknown function upper")
        #expect(render("{{ \"\\q\" }}").hasPrefix("error: [json.exception.parse_error.101]"))
    }

    @Test("include and extends fail when rendered: templates have no files")
    func includes() {
        #expect(
            render("{% include \"a.txt\" %}")
                == "error: [inja.exception.render_error] (at 1:12) include 'a.txt' not found"
        )
    }

    @Test("no template can exhaust the stack")
    func nesting() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(render("{{ \(deep) }}").hasPrefix("error: [inja.exception.parser_error]"))
        let long = "{{ " + Array(repeating: "1", count: 10_000).joined(separator: " + ") + " }}"
        #expect(render(long).hasPrefix("error: [inja.exception.parser_error]"))
        let statements = String(repeating: "{% if true %}", count: 10_000)
        #expect(render(statements).hasPrefix("error: [inja.exception.parser_error]"))
    }
}

@Suite("Template values")
struct TemplateValueTests {
    @Test("printing: null prints nothing, floats keep .0, objects print compact with sorted keys")
    func printing() {
        #expect(
            render(
                "[{{ n }}][{{ t }}][{{ f }}][{{ i }}][{{ o }}][{{ s }}]",
                #"{"n": null, "t": true, "f": 1.0, "i": 3, "o": {"b": [1], "a": "x"}, "s": "q\"s"}"#
            )
                == #"[][true][1.0][3][{"a":"x","b":[1]}][q"s]"#
        )
        #expect(render("{{ x }}", #"{"x": 18446744073709551615}"#) == "-1")
        #expect(render("{{ 0.1 + 0.2 }} {{ 1e20 * 10 }}") == "0.30000000000000004 1e+21")
    }

    @Test("escapeStrings prints strings JSON-escaped without quotes")
    func escaping() {
        #expect(render(#"{"v": "{{ s }}"}"#, #"{"s": "a\"b\\c\nd"}"#, escape: true) == #"{"v": "a\"b\\c\nd"}"#)
        #expect(render("{{ s }}", #"{"s": "é"}"#, escape: true) == "é")
    }

    @Test("truthiness: null, false, zero and empty containers are false; every string is true")
    func truthiness() {
        let source = "{% if v %}T{% else %}F{% endif %}"
        let cases = [
            "null": "F", "false": "F", "0": "F", "0.0": "F", "[]": "F", "{}": "F", "\"\"": "T", "\"0\"": "T",
            "[0]": "T", "1": "T",
        ]
        for (value, expected) in cases {
            #expect(render(source, #"{"v": \#(value)}"#) == expected, "\(value)")
        }
    }

    @Test("a missing variable is an error, even inside if")
    func missing() {
        #expect(
            render("{% if missing %}x{% endif %}")
                == "error: [inja.exception.render_error] (at 1:7) variable 'missing' not found"
        )
        #expect(render("{{ default(missing, \"d\") }}{{ default(n, \"d\") }}", #"{"n": null}"#) == "d")
        #expect(
            render("{{ exists(\"a.b\") }} {{ existsIn(a, \"b\") }} {{ existsIn(a, \"c\") }}", #"{"a": {"b": 1}}"#)
                == "true true false"
        )
    }

    @Test("operators, precedence and types")
    func operators() {
        #expect(render("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ^ 3 ^ 2 }} {{ 7 / 7 }} {{ 7 % 3 }}") == "7 9 512 1.0 1")
        #expect(render("{{ not n == 7 }}", #"{"n": 7}"#) == "false")
        #expect(render("{{ \"a\" + \"b\" }} {{ 1 + 1.5 }}") == "ab 2.5")
        #expect(
            render("{{ \"456\" == 456 }} {{ 1 == 1.0 }} {{ 2 in [1, 2] }} {{ \"a\" in \"abc\" }}")
                == "false true true false"
        )
        #expect(
            render("{{ true and false or true }} {{ 1 < 2 }} {{ \"b\" > \"a\" }} {{ null < false }}")
                == "true true true true"
        )
        #expect(render("{{ 1 / 0 }}") == "error: [inja.exception.render_error] (at 1:6) division by zero")
        #expect(
            render("{{ \"a\" + 1 }}") == "error: [json.exception.type_error.302] type must be number, but is string"
        )
    }

    @Test("a callback of no arguments answers a name the data does not have")
    func callbackAsVariable() throws {
        struct Body: TemplateCallbacks {
            func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue {
                .string("from body()")
            }
        }
        let template = try Template("{{ body }}|{{ body() }}", functions: TemplateFunctions([.init("body", arity: 0)]))
        #expect(
            String(decoding: try template.render(.object(JSONObject()), callbacks: Body()), as: UTF8.self)
                == "from body()|from body()"
        )
        let shadowed = try template.render(try JSONValue.parse(#"{"body": "field"}"#), callbacks: Body())
        #expect(String(decoding: shadowed, as: UTF8.self) == "field|from body()")
    }
}

@Suite("Template built-in functions")
struct TemplateBuiltinTests {
    @Test("strings: upper, lower and length work on bytes")
    func strings() {
        #expect(
            render("{{ upper(\"héllo\") }} {{ lower(\"ABC\") }} {{ length(\"é\") }} {{ length([1, 2]) }}")
                == "HéLLO abc 2 2"
        )
    }

    @Test("collections: at, first, last, sort, join, range, max, min")
    func collections() {
        #expect(
            render(
                "{{ at(a, 1) }} {{ at(o, \"k\") }} {{ first(a) }} {{ last(a) }}",
                #"{"a": [3, 1, 2], "o": {"k": "v"}}"#
            ) == "1 v 3 2"
        )
        #expect(
            render("{{ sort([3, \"a\", 1, null]) }} {{ join([1, \"b\", [2]], \"-\") }} {{ range(3) }}")
                == #"[null,1,3,"a"] 1-b-[2] [0,1,2]"#
        )
        #expect(render("{{ max([1, 3, 2]) }} {{ min([\"b\", \"a\"]) }}") == "3 a")
        #expect(
            render("{{ at(a, 5) }}", #"{"a": [1]}"#)
                == "error: [json.exception.out_of_range.401] array index 5 is out of range"
        )
        #expect(
            render("{{ at(o, \"x\") }}", #"{"o": {}}"#) == "error: [json.exception.out_of_range.403] key 'x' not found"
        )
    }

    @Test("numbers: round, odd, even, divisibleBy, int, float")
    func numbers() {
        #expect(render("{{ round(2.5, 0) }} {{ round(-2.5, 0) }} {{ round(1.2345, 2) }}") == "3 -3 1.23")
        #expect(
            render("{{ odd(3) }} {{ even(3) }} {{ divisibleBy(9, 3) }} {{ divisibleBy(9, 0) }}")
                == "true false true false"
        )
        #expect(render("{{ int(\" 42abc\") }} {{ float(\"1e3\") }} {{ int(\"-7\") + 1 }}") == "42 1000.0 -6")
        #expect(render("{{ int(\"abc\") }}") == "error: stoi")
        #expect(
            render("{{ int(5) }}")
                == "error: [json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is number"
        )
    }

    @Test("type tests")
    func types() {
        #expect(
            render(
                "{{ isString(\"a\") }}{{ isNumber(1.5) }}{{ isInteger(1.5) }}{{ isFloat(1.5) }}{{ isArray([]) }}{{ isObject({}) }}{{ isBoolean(null) }}"
            )
                == "truetruefalsetruetruetruefalse"
        )
    }

    @Test("where the engine would crash, the render fails")
    func safety() {
        #expect(render("{{ first([]) }}") == "error: [json.exception.invalid_iterator.214] cannot get value")
        #expect(render("{{ 5 % 0 }}") == "error: [inja.exception.render_error] (at 1:6) division by zero")
        #expect(render("{{ range(100000000) }}").hasPrefix("error: range(100000000) is larger than"))
        #expect(render("{{ range(-1) }}") == "error: cannot create std::vector larger than max_size()")
    }
}
