internal import GatewayModel

/// A `transformationTemplate`, compiled: templates parsed, extractors built, settings resolved. Applying it
/// follows envoy-gloo's order of operations:
///
/// 1. parse the body as JSON (`ParseAsJson`, unless empty), failing the request on invalid JSON unless
///    `ignoreErrorOnParse`;
/// 2. run every extractor on the original headers and body (into the JSON context, or for `extraction()` with
///    advanced templates);
/// 3. render the body (`body`, `mergeExtractorsToBody` or `mergeJsonKeys`), held until the end;
/// 4. render dynamic metadata;
/// 5. render `headers` one by one, each seeing the writes of the previous ones (empty output removes the header);
/// 6. remove `headersToRemove`; 7. append `headersToAppend`; 8. render the span name;
/// 9. swap in the new body and set `content-length`.
///
/// Maps (`headers`, `extractors`, `mergeJsonKeys.jsonKeys`) apply in the order of their names: Gloo's protobuf
/// maps have no defined order, and sorted is the one order a configuration can rely on.
final class TemplateTransformation: Sendable {
    private struct NamedExtractor: Sendable {
        /// Where the value goes in the JSON context (non-advanced): the name split on `.`.
        var path: [[UInt8]]
        var name: [UInt8]
        var extractor: Extractor
    }

    private struct MetadataValue: Sendable {
        var namespace: String
        var key: String
        var template: Template
        var parsesJSON: Bool
    }

    private enum Body: Sendable {
        case unchanged, passthrough, mergeExtractors
        case template(Template)
        case mergeJSONKeys([(key: [UInt8], overrideEmpty: Bool, template: Template)])
    }

    private let advanced: Bool
    private let parsesBody: Bool
    private let ignoresParseErrors: Bool
    private let escapes: Bool
    private let extractors: [NamedExtractor]
    private let headers: [(name: [UInt8], template: Template)]
    private let headersToRemove: [[UInt8]]
    private let headersToAppend: [(name: [UInt8], template: Template)]
    private let body: Body
    private let metadataValues: [MetadataValue]
    private let spanName: Template?
    private let environment: TransformEnvironment
    private let randomReplacements = RandomReplacements()

    /// Whether the body is left alone and not buffered.
    var passesBodyThrough: Bool {
        if case .passthrough = body { return true }
        return false
    }

    /// Compiles `template`; `escapeCharacters` is the value inherited from the stage or the settings when the
    /// template does not set its own. Errors carry envoy-gloo's messages.
    init(
        _ template: TransformationTemplate,
        escapeCharacters: Bool,
        environment: TransformEnvironment
    ) throws(TransformError) {
        advanced = template.advancedTemplates ?? false
        parsesBody = (template.parseBodyBehavior ?? .parseAsJson) == .parseAsJson
        ignoresParseErrors = template.ignoreErrorOnParse ?? false
        escapes = template.escapeCharacters ?? escapeCharacters
        self.environment = environment
        let notation: Template.Notation = advanced ? .pointer : .dot
        func parse(_ text: String?, _ describe: (String) -> String) throws(TransformError) -> Template {
            do {
                return try Template(text ?? "", functions: GatewayFunction.functions, notation: notation)
            } catch {
                throw TransformError(.invalidTemplate, describe(error.message))
            }
        }

        var extractors: [NamedExtractor] = []
        for (name, extraction) in (template.extractors ?? [:]).sorted(by: { $0.key < $1.key }) {
            let extractor = try Extractor(name: name, extraction)
            var parts = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
            if parts.isEmpty { parts = [[]] }
            extractors.append(NamedExtractor(path: parts, name: Array(name.utf8), extractor: extractor))
        }
        self.extractors = extractors

        var headers: [(name: [UInt8], template: Template)] = []
        for (name, value) in (template.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parsed = try parse(value.text) { "Failed to parse header template '\(name)': \($0)" }
            headers.append((Self.lowercased(name), parsed))
        }
        self.headers = headers
        headersToRemove = (template.headersToRemove ?? []).map(Self.lowercased)
        var headersToAppend: [(name: [UInt8], template: Template)] = []
        for entry in template.headersToAppend ?? [] {
            let name = entry.key ?? ""
            let parsed = try parse(entry.value?.text) { "Failed to parse header template '\(name)': \($0)" }
            headersToAppend.append((Self.lowercased(name), parsed))
        }
        self.headersToAppend = headersToAppend

        var metadataValues: [MetadataValue] = []
        for entry in template.dynamicMetadataValues ?? [] {
            let key = entry.key ?? ""
            let parsed = try parse(entry.value?.text) { "Failed to parse header template '\(key)': \($0)" }
            let namespace =
                entry.metadataNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? TransformMetadata.defaultNamespace
            metadataValues.append(
                MetadataValue(namespace: namespace, key: key, template: parsed, parsesJSON: entry.jsonToProto ?? false)
            )
        }
        self.metadataValues = metadataValues

        switch template.bodyTransformation {
        case nil:
            throw TransformError(
                .invalidConfiguration,
                "only one of body, passthrough, mergeExtractorsToBody and mergeJsonKeys may be set"
            )
        case .unchanged?:
            body = .unchanged
        case .passthrough?:
            body = .passthrough
        case .mergeExtractorsToBody?:
            body = .mergeExtractors
        case .body(let text)?:
            body = .template(try parse(text.text) { "Failed to parse body template \($0)" })
        case .mergeJsonKeys(let keys)?:
            guard parsesBody else {
                throw TransformError(.invalidConfiguration, "MergeJsonKeys requires parsing the body")
            }
            guard !advanced else {
                throw TransformError(.invalidConfiguration, "MergeJsonKeys is not supported with advanced templates")
            }
            var merges: [(key: [UInt8], overrideEmpty: Bool, template: Template)] = []
            for (name, entry) in (keys.jsonKeys ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard !name.contains(".") else {
                    throw TransformError(.invalidConfiguration, "Invalid key name for merge_json_keys: (\(name))")
                }
                let parsed = try parse(entry.tmpl?.text) { _ in
                    "Failed to parse merge_body_key template for key: (\(name))"
                }
                merges.append((Array(name.utf8), entry.overrideEmpty ?? false, parsed))
            }
            body = .mergeJSONKeys(merges)
        }
        if let name = template.spanTransformer?.name {
            spanName = try parse(name.text) { "Failed to parse span name template \($0)" }
        } else {
            spanName = nil
        }
    }

    private static func lowercased(_ name: String) -> [UInt8] {
        name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
    }

    /// Applies the transformation to `message`; `requestHeaders` are the request's, for `request_header()` (the
    /// message's own when it is the request).
    func apply(
        to message: inout HTTPMessage,
        requestHeaders: HeaderMap?,
        metadata: TransformMetadata
    )
        throws(TransformError) -> TransformOutcome
    {
        var outcome = TransformOutcome()
        // 1. The body as JSON.
        var context = JSONValue.null
        if parsesBody && !message.body.isEmpty {
            do {
                context = try JSONValue.parse(message.body)
            } catch {
                if !ignoresParseErrors { throw TransformError(.invalidBody, error.message) }
            }
        }

        // 2. Extractors, on the original headers and body.
        var extractions: [[UInt8]: [UInt8]] = [:]
        var destructive: [[UInt8]: [UInt8]] = [:]
        for named in extractors {
            let value: [UInt8]
            switch named.extractor.source {
            case .body:
                value = named.extractor.apply(to: message.body)
            case .header(let name):
                guard let header = message.headers.first(name) else {
                    value = []
                    break
                }
                value = named.extractor.apply(to: header)
            }
            if advanced {
                if named.extractor.mode == .extract {
                    extractions[named.name] = value
                } else {
                    destructive[named.name] = value
                }
            } else {
                try Self.write(.string(value), at: named.path[...], in: &context)
            }
        }

        var callbacks = GatewayCallbacks(
            headers: message.headers,
            requestHeaders: requestHeaders ?? (message.headers.isRequest ? message.headers : nil),
            body: message.body,
            context: context,
            extractions: extractions,
            destructiveExtractions: destructive,
            environment: environment,
            metadata: metadata,
            randomReplacements: randomReplacements
        )
        func render(_ template: Template) throws(TransformError) -> [UInt8] {
            callbacks.context = context
            // A context that is not an object renders as no data, as envoy-gloo renders it.
            let data: JSONValue = if case .object = context { context } else { .null }
            return try template.render(data, escapeStrings: escapes, callbacks: callbacks)
        }

        // 3. The new body, held until the end.
        var newBody: [UInt8]?
        switch body {
        case .unchanged, .passthrough:
            break
        case .template(let template):
            newBody = try render(template)
        case .mergeExtractors:
            newBody = try Self.dump(context)
        case .mergeJSONKeys(let merges):
            for merge in merges {
                let rendered = try render(merge.template)
                guard !rendered.isEmpty || merge.overrideEmpty else { continue }
                let value: JSONValue
                do {
                    value = try JSONValue.parse(rendered)
                } catch {
                    throw TransformError(.renderFailed, error.message)
                }
                try Self.write(value, at: [merge.key][...], in: &context)
            }
            newBody = try Self.dump(context)
        }

        // 4. Dynamic metadata.
        for entry in metadataValues {
            let output = try render(entry.template)
            guard !output.isEmpty else { continue }
            var value = JSONValue.string(output)
            if entry.parsesJSON, let parsed = try? JSONValue.parse(output) { value = parsed }
            outcome.dynamicMetadata.append(.init(namespace: entry.namespace, key: entry.key, value: value))
        }

        // 5–7. Headers: each template sees the previous ones' writes.
        for (name, template) in headers {
            let output = try render(template)
            message.headers.remove(name)
            if !output.isEmpty { message.headers.append(name, output) }
            callbacks.headers = message.headers
        }
        for name in headersToRemove { message.headers.remove(name) }
        callbacks.headers = message.headers
        for (name, template) in headersToAppend {
            let output = try render(template)
            if !output.isEmpty { message.headers.append(name, output) }
            callbacks.headers = message.headers
        }

        // 8. Span name.
        if let spanName { outcome.spanName = String(decoding: try render(spanName), as: UTF8.self) }

        // 9. The new body.
        if let newBody { message.replaceBody(newBody) }
        return outcome
    }

    private static func dump(_ value: JSONValue) throws(TransformError) -> [UInt8] {
        var output: [UInt8] = []
        try JSONText.dump(value, into: &output)
        return output
    }

    /// `context[a][b]… = value` with nlohmann's `operator[]`: null becomes an object; other non-objects fail.
    private static func write(
        _ value: JSONValue,
        at path: ArraySlice<[UInt8]>,
        in target: inout JSONValue
    )
        throws(TransformError)
    {
        guard let key = path.first else {
            target = value
            return
        }
        var object: JSONObject
        switch target {
        case .null: object = JSONObject()
        case .object(let existing): object = existing
        default:
            throw TemplateRenderer.typeError(
                305,
                "cannot use operator[] with a string argument with \(target.typeName)"
            )
        }
        target = .null
        var member = object[key] ?? .null
        try write(value, at: path.dropFirst(), in: &member)
        object[key] = member
        target = .object(object)
    }
}

/// What a transformation produced besides the message: dynamic metadata to set and a span name.
public struct TransformOutcome: Sendable, Hashable {
    /// One metadata value to set.
    public struct MetadataEntry: Sendable, Hashable {
        public var namespace: String
        public var key: String
        public var value: JSONValue
    }

    public var dynamicMetadata: [MetadataEntry] = []
    /// The active span's new operation name.
    public var spanName: String?

    public init() {}
}
