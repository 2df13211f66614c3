import GatewayTransform

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: `template 0x00 data`, the data a JSON document (without a 0x00 byte the whole input is the template and
// the data is `{}`). The template is parsed in both notations, with envoy-gloo's gateway functions answered by
// stand-ins; each template that parses renders with and without escaping, twice, and both renders must agree.
// Nothing may crash: a broken invariant calls `fatalError`, which libFuzzer reports with the input.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TemplateFuzzCase(UnsafeBufferPointer(start: data, count: size)).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` this target replays the files given on the command line through the same checks.
@main
enum GatewayTemplateFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes.withUnsafeBufferPointer { TemplateFuzzCase($0).run() }
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

/// Callbacks that answer every gateway function with a value built from its arguments.
struct StandInCallbacks: TemplateCallbacks {
    func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue {
        if index % 3 == 0 { return .array(arguments) }
        if index % 3 == 1 { return arguments.first ?? .string("stand-in") }
        return .int(Int64(arguments.count))
    }
}

struct TemplateFuzzCase {
    static let functions = TemplateFunctions([
        .init("header", arity: 1), .init("body", arity: 0), .init("context", arity: 0), .init("substring", arity: 2),
        .init("substring", arity: 3), .init("dynamic_metadata", arity: nil), .init("env", arity: 1),
    ])

    let template: [UInt8]
    let data: JSONValue

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let separator = bytes.firstIndex(of: 0) {
            template = Array(bytes[..<separator])
            data = (try? JSONValue.parse(bytes[(separator + 1)...])) ?? .object(JSONObject())
        } else {
            template = Array(bytes)
            data = .object(JSONObject())
        }
    }

    func run() {
        for notation in [Template.Notation.dot, .pointer] {
            guard let parsed = try? Template(template, functions: Self.functions, notation: notation) else { continue }
            for escape in [false, true] {
                let first = Self.render(parsed, data, escape)
                let second = Self.render(parsed, data, escape)
                if first != second {
                    fatalError(
                        "two renders of one template differ: \(String(describing: first)) vs \(String(describing: second))"
                    )
                }
            }
        }
    }

    static func render(_ template: Template, _ data: JSONValue, _ escape: Bool) -> Result<[UInt8], TransformError> {
        Result { () throws(TransformError) in
            try template.render(data, escapeStrings: escape, callbacks: StandInCallbacks())
        }
    }
}
