/// A transformation written as Inja templates: extract values, then render headers, body and metadata
/// (`transformation.options.gloo.solo.io.TransformationTemplate`).
///
/// ``body``, ``passthrough``, ``mergeExtractorsToBody`` and ``mergeJsonKeys`` form the
/// `body_transformation` oneof; with none set the body is buffered and left as it is.
public struct TransformationTemplate: Codable, Hashable, Sendable {
    /// Use JSON-pointer paths (`a/b/0`) instead of dot paths, and read extractors only through
    /// `extraction("name")`.
    public var advancedTemplates: Bool?
    /// Named values taken from headers or the body before any template renders.
    public var extractors: [String: Extraction]?
    /// Headers to set; an empty result removes the header.
    public var headers: [String: InjaTemplate]?
    /// Headers to append, after ``headers`` and ``headersToRemove``.
    public var headersToAppend: [HeaderToAppend]?
    /// Headers to remove, after ``headers``.
    public var headersToRemove: [String]?
    /// A template whose output replaces the body.
    public var body: InjaTemplate?
    /// Do not buffer the body; templates see it as empty.
    public var passthrough: Passthrough?
    /// Make the body the parsed body with the extracted values merged in.
    public var mergeExtractorsToBody: MergeExtractorsToBody?
    /// Set top-level keys of the JSON body to rendered JSON values.
    public var mergeJsonKeys: MergeJsonKeys?
    /// Whether the body is parsed as JSON for the templates; default ``RequestBodyParse/parseAsJson``.
    public var parseBodyBehavior: RequestBodyParse?
    /// Treat an unparsable body as null instead of failing with 400.
    public var ignoreErrorOnParse: Bool?
    /// Dynamic metadata to set from templates.
    public var dynamicMetadataValues: [DynamicMetadataValue]?
    /// Print strings JSON-escaped in every template of this transformation.
    public var escapeCharacters: Bool?
    /// Renames the active tracing span.
    public var spanTransformer: SpanTransformer?

    public init() {}

    /// A header to append (`HeaderToAppend`).
    public struct HeaderToAppend: Codable, Hashable, Sendable {
        public var key: String?
        public var value: InjaTemplate?

        public init() {}

        public init(key: String, value: String) {
            self.key = key
            self.value = InjaTemplate(value)
        }
    }

    /// The body is not buffered (`Passthrough`, an empty message).
    public struct Passthrough: Codable, Hashable, Sendable {
        public init() {}
    }

    /// The body becomes the JSON context with the extractions merged in (`MergeExtractorsToBody`, an empty
    /// message).
    public struct MergeExtractorsToBody: Codable, Hashable, Sendable {
        public init() {}
    }

    /// Top-level keys of a JSON body, each set to a rendered template parsed as JSON (`MergeJsonKeys`).
    public struct MergeJsonKeys: Codable, Hashable, Sendable {
        public var jsonKeys: [String: OverridableTemplate]?

        public init() {}

        /// A template for one key (`OverridableTemplate`).
        public struct OverridableTemplate: Codable, Hashable, Sendable {
            public var tmpl: InjaTemplate?
            /// Set the key even when the template renders nothing.
            public var overrideEmpty: Bool?

            public init() {}
        }
    }

    /// How the body is read for templates (`RequestBodyParse`).
    public enum RequestBodyParse: String, ProtoEnum {
        /// Parse a non-empty body as JSON; failure is an error.
        case parseAsJson = "ParseAsJson"
        /// Leave the body as text.
        case dontParse = "DontParse"
    }

    /// A dynamic metadata entry set from a template (`DynamicMetadataValue`).
    public struct DynamicMetadataValue: Codable, Hashable, Sendable {
        /// Default `io.solo.transformation`.
        public var metadataNamespace: String?
        public var key: String?
        public var value: InjaTemplate?
        /// Store the output as the JSON value it parses to, when it parses.
        public var jsonToProto: Bool?

        public init() {}
    }

    /// A new name for the active span (`SpanTransformer`).
    public struct SpanTransformer: Codable, Hashable, Sendable {
        public var name: InjaTemplate?

        public init() {}
    }

    /// What happens to the body, when at most one choice is set (nil when several are).
    public var bodyTransformation: BodyTransformation? {
        switch (body, passthrough, mergeExtractorsToBody, mergeJsonKeys) {
        case (nil, nil, nil, nil): .unchanged
        case (let template?, nil, nil, nil): .body(template)
        case (nil, _?, nil, nil): .passthrough
        case (nil, nil, _?, nil): .mergeExtractorsToBody
        case (nil, nil, nil, let keys?): .mergeJsonKeys(keys)
        default: nil
        }
    }

    /// The body choices.
    public enum BodyTransformation: Hashable, Sendable {
        /// Buffered and kept.
        case unchanged
        case body(InjaTemplate)
        case passthrough
        case mergeExtractorsToBody
        case mergeJsonKeys(MergeJsonKeys)
    }
}

/// The text of an Inja template (`transformation.options.gloo.solo.io.InjaTemplate`).
public struct InjaTemplate: Codable, Hashable, Sendable {
    public var text: String?

    public init() {}

    public init(_ text: String) {
        self.text = text
    }
}

/// A value taken from a header or the body with a regular expression
/// (`transformation.options.gloo.solo.io.Extraction`).
///
/// ``header`` and ``body`` form the `source` oneof. The expression uses ECMAScript syntax (C++
/// `std::regex`), not RE2.
public struct Extraction: Codable, Hashable, Sendable {
    /// Read the first value of this header.
    public var header: String?
    /// Read the body as text (an empty message).
    public var body: Body?
    public var regex: String?
    /// Capture group to take (0 = the whole match).
    public var subgroup: UInt32?
    /// The text that replaces the match in the replace modes.
    public var replacementText: String?
    /// Default ``Mode/extract``.
    public var mode: Mode?

    public init() {}

    /// The body as the source (`google.protobuf.Empty`).
    public struct Body: Codable, Hashable, Sendable {
        public init() {}
    }

    /// What the extraction produces.
    public enum Mode: String, ProtoEnum {
        /// The capture group of a match of the whole input; empty without one.
        case extract = "EXTRACT"
        /// The input with the capture group of a whole-input match replaced by ``Extraction/replacementText``.
        case singleReplace = "SINGLE_REPLACE"
        /// The input with every match replaced by ``Extraction/replacementText`` (`$1` allowed).
        case replaceAll = "REPLACE_ALL"
    }

    /// The input, when exactly one is set.
    public var source: Source? {
        switch (header, body) {
        case (let name?, nil): .header(name)
        case (nil, _?): .body
        default: nil
        }
    }

    /// The inputs an extraction can read.
    public enum Source: Hashable, Sendable {
        case header(String)
        case body
    }
}
