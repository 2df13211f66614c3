import Foundation
import GatewayTransform
import Testing

/// Templates rendered by the Inja 3.4 fork envoy-gloo uses (`Fixtures/inja-cases.json`): random templates of every
/// construct, with mutations that make them fail to parse or render, each with the output or error message the
/// real engine gave. The engine ran with stand-ins for four callbacks, which these tests register the same way:
/// `header(x)` is `"h:" + x`, `body()` is `"BODY"`, `substring` with two or three arguments is `"sub2"`/`"sub3"`,
/// and variadic `dynamic_metadata` returns how many arguments it got.
@Suite("Templates against the Inja engine's answers")
struct InjaCaseTests {
    struct StandIns: TemplateCallbacks {
        func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue {
            switch index {
            case 0:
                guard case .string(let text) = arguments.first else {
                    let type = arguments.first.map(Self.typeName) ?? "null"
                    throw TransformError(
                        .renderFailed,
                        "[json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is \(type)"
                    )
                }
                return .string(Array("h:".utf8) + text)
            case 1: return .string("BODY")
            case 2: return .string("sub2")
            case 3: return .string("sub3")
            default: return .int(Int64(arguments.count))
            }
        }

        static func typeName(_ value: JSONValue) -> String {
            switch value {
            case .null: "null"
            case .bool: "boolean"
            case .int, .uint, .double: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    static let functions = TemplateFunctions([
        .init("header", arity: 1), .init("body", arity: 0), .init("substring", arity: 2),
        .init("substring", arity: 3), .init("dynamic_metadata", arity: nil),
    ])

    struct Case: CustomTestStringConvertible, Sendable {
        var template: String
        var data: JSONValue
        var pointer: Bool
        var escape: Bool
        var succeeds: Bool
        var output: String
        var testDescription: String { template }
    }

    static func cases() throws -> [Case] {
        let url = try #require(
            Bundle.module.url(forResource: "inja-cases", withExtension: "json", subdirectory: "Fixtures")
        )
        let fixture = try JSONValue.parse(Data(contentsOf: url))
        guard case .object(let root) = fixture, case .array(let documents)? = root["data"],
            case .array(let cases)? = root["cases"]
        else { return [] }
        func text(_ value: JSONValue?) -> String {
            if case .string(let bytes)? = value { return String(decoding: bytes, as: UTF8.self) }
            return ""
        }
        return cases.compactMap { value in
            guard case .object(let entry) = value, case .uint(let data)? = entry["data"] else { return nil }
            return Case(
                template: text(entry["template"]),
                data: documents[Int(data)],
                pointer: text(entry["notation"]) == "pointer",
                escape: entry["escapeStrings"] == .bool(true),
                succeeds: text(entry["result"]) == "ok",
                output: text(entry["output"])
            )
        }
    }

    @Test("every case gives the engine's output or error message")
    func matchesInja() throws {
        let cases = try Self.cases()
        #expect(cases.count > 300)
        for testCase in cases {
            let result: (Bool, String)
            do {
                let template = try Template(
                    testCase.template,
                    functions: Self.functions,
                    notation: testCase.pointer ? .pointer : .dot
                )
                let output = try template.render(testCase.data, escapeStrings: testCase.escape, callbacks: StandIns())
                result = (true, String(decoding: output, as: UTF8.self))
            } catch {
                result = (false, error.message)
            }
            #expect(result.0 == testCase.succeeds && result.1 == testCase.output, "\(testCase.template)")
        }
    }
}
