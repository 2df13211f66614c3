/// A template in the Inja 3.4 dialect envoy-gloo renders: parsed once, rendered many times.
///
/// ```swift
/// let template = try Template("Hello {{ name }}{% if admin %} (admin){% endif %}")
/// let text = try template.render(try JSONValue.parse(#"{"name": "Ada", "admin": true}"#))  // "Hello Ada (admin)"
/// ```
///
/// Parsing rejects what Inja rejects, with its messages (`[inja.exception.parser_error] (at 1:7) ...`); a
/// render fails where Inja's would (a missing variable, even inside `if`; a type error), with Inja's or
/// nlohmann::json's message. Nothing a template or its data contain can crash the process: where Inja would
/// crash or exhaust memory, the render fails with a message saying so.
public struct Template: Sendable {
    /// How names in a template address data.
    public enum Notation: Sendable, Hashable {
        /// `a.b.0` (Gloo's default).
        case dot
        /// `a/b/0`, JSON-pointer style (Gloo's `advancedTemplates`).
        case pointer
    }

    /// The parsed template, behind one reference: copying a template, or rendering it, counts one.
    final class Program: Sendable {
        /// The template's bytes as given.
        let source: [UInt8]
        let nodes: [TemplateNode]
        let functions: TemplateFunctions

        init(source: [UInt8], nodes: [TemplateNode], functions: TemplateFunctions) {
            self.source = source
            self.nodes = nodes
            self.functions = functions
        }
    }

    let program: Program
    public let notation: Notation

    /// The functions calls were resolved against.
    public var functions: TemplateFunctions { program.functions }

    /// Parses `source`.
    public init(
        _ source: some Collection<UInt8>,
        functions: TemplateFunctions = TemplateFunctions(),
        notation: Notation = .dot
    ) throws(TransformError) {
        let bytes = Array(source)
        self.notation = notation
        var parser = TemplateParser(bytes, functions: functions, pointerNotation: notation == .pointer)
        program = Program(source: bytes, nodes: try parser.parse(), functions: functions)
    }

    /// Parses `source`.
    public init(
        _ source: String,
        functions: TemplateFunctions = TemplateFunctions(),
        notation: Notation = .dot
    ) throws(TransformError) {
        try self.init(source.utf8, functions: functions, notation: notation)
    }

    /// Renders with `data` as the context. With `escapeStrings`, strings print JSON-escaped without their
    /// quotes (Gloo's `escapeCharacters`).
    public func render(
        _ data: JSONValue,
        escapeStrings: Bool = false,
        callbacks: some TemplateCallbacks = NoTemplateCallbacks()
    ) throws(TransformError) -> [UInt8] {
        var output: [UInt8] = []
        try render(data, into: &output, escapeStrings: escapeStrings, callbacks: callbacks)
        return output
    }

    /// Renders with `data` as the context, appending to `output`.
    public func render(
        _ data: JSONValue,
        into output: inout [UInt8],
        escapeStrings: Bool = false,
        callbacks: some TemplateCallbacks = NoTemplateCallbacks()
    ) throws(TransformError) {
        var renderer = TemplateRenderer(
            program: program,
            data: data,
            escapeStrings: escapeStrings,
            callbacks: callbacks
        )
        swap(&renderer.output, &output)
        defer { swap(&renderer.output, &output) }
        try renderer.render(program.nodes)
    }
}
