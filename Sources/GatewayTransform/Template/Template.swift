/// A template in the Inja 3.4 dialect envoy-gloo renders: parsed once, rendered many times.
///
/// ```swift
/// let template = try Template("Hello {{ name }}{% if admin %} (admin){% endif %}")
/// let text = try template.render(.object(["name": .string("Ada"), "admin": .bool(true)]))
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

    /// The template's bytes as given.
    let source: [UInt8]
    let nodes: [TemplateNode]
    /// The functions calls were resolved against.
    public let functions: TemplateFunctions
    public let notation: Notation

    /// Parses `source`.
    public init(
        _ source: some Collection<UInt8>,
        functions: TemplateFunctions = TemplateFunctions(),
        notation: Notation = .dot
    ) throws(TransformError) {
        self.source = Array(source)
        self.functions = functions
        self.notation = notation
        var parser = TemplateParser(self.source, functions: functions, pointerNotation: notation == .pointer)
        nodes = try parser.parse()
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
        var renderer = TemplateRenderer(template: self, data: data, escapeStrings: escapeStrings, callbacks: callbacks)
        swap(&renderer.output, &output)
        defer { swap(&renderer.output, &output) }
        try renderer.render(nodes)
    }
}
