public import GatewayModel

/// One `Transformation` (a `transformationTemplate` or a `headerBodyTransform`), compiled once and applied to
/// requests or responses with envoy-gloo's filter behaviour around it: the body limit, the `content-type` of an
/// emptied body, and errors turned into the status and message Envoy sends.
public struct CompiledTransformation: Sendable {
    private enum Kind: Sendable {
        case template(TemplateTransformation)
        case headerBody(HeaderBodyTransformation)
    }

    private let kind: Kind

    /// Compiles `transformation`. `escapeCharacters` is inherited by a template that does not set its own
    /// (`stagedTransformations.escapeCharacters`, then `settings.gloo.transformationEscapeCharacters`).
    public init(
        _ transformation: Transformation,
        escapeCharacters: Bool = false,
        environment: TransformEnvironment = .snapshot()
    ) throws(TransformError) {
        switch transformation.kind {
        case .template(let template)?:
            kind = .template(
                try TemplateTransformation(template, escapeCharacters: escapeCharacters, environment: environment)
            )
        case .headerBody(let transform)?:
            kind = .headerBody(HeaderBodyTransformation(addsRequestMetadata: transform.addRequestMetadata ?? false))
        case .xslt?:
            throw TransformError(.invalidConfiguration, "xsltTransformation was removed from Gloo Edge in 1.22")
        case nil:
            throw TransformError(
                .invalidConfiguration,
                "a transformation needs exactly one of transformationTemplate and headerBodyTransform"
            )
        }
    }

    /// Whether the body passes through untouched and unbuffered (`passthrough`): the transformation then runs on
    /// the headers alone, with an empty body.
    public var passesBodyThrough: Bool {
        if case .template(let template) = kind { return template.passesBodyThrough }
        return false
    }

    /// Transforms `message` in place. `requestHeaders` are the request's headers when `message` is a response.
    /// Throws a ``TransformError`` whose ``TransformError/httpStatus`` and ``TransformError/httpBody`` are what
    /// Envoy answers: 400 `bad request: …`, or 413 `payload too large` when the body exceeds `bodyLimit`.
    @discardableResult
    public func apply(
        to message: inout HTTPMessage,
        requestHeaders: HeaderMap? = nil,
        metadata: TransformMetadata = TransformMetadata(),
        bodyLimit: Int = 1 << 20
    ) throws(TransformError) -> TransformOutcome {
        if !passesBodyThrough && message.body.count > bodyLimit {
            throw TransformError(.bodyTooLarge, "payload too large")
        }
        var outcome = TransformOutcome()
        var transformed = message
        if passesBodyThrough { transformed.body = [] }
        switch kind {
        case .template(let template):
            outcome = try template.apply(to: &transformed, requestHeaders: requestHeaders, metadata: metadata)
        case .headerBody(let transformation):
            try transformation.apply(to: &transformed)
        }
        if passesBodyThrough {
            transformed.body = message.body
        } else if transformed.body.isEmpty {
            // An emptied body has no content type.
            transformed.headers.remove("content-type")
        }
        message = transformed
        return outcome
    }
}

extension TransformError {
    /// The status Envoy answers a request (or overwrites a response with) when this error happens while
    /// transforming: 413 for ``Code-swift.struct/bodyTooLarge``, else 400.
    public var httpStatus: Int { code == .bodyTooLarge ? 413 : 400 }

    /// The body Envoy sends: `payload too large`, or `bad request: ` and the message.
    public var httpBody: String { code == .bodyTooLarge ? "payload too large" : "bad request: \(message)" }
}
