/// The transformations of a virtual host, route or weighted destination, by filter stage
/// (`transformation.options.gloo.solo.io.TransformationStages`).
public struct TransformationStages: Codable, Hashable, Sendable {
    /// Runs right after the fault filter, before authentication and rate limiting.
    public var early: RequestResponseTransformations?
    /// Runs after authorization.
    public var regular: RequestResponseTransformations?
    /// Runs as an upstream filter, again on every retry (Enterprise in Gloo).
    public var postRouting: RequestResponseTransformations?
    /// Append the parent's `early` and `regular` transformations after this level's own.
    public var inheritTransformation: Bool?
    /// Default of ``Transformation/logRequestResponseInfo`` for the transformations here.
    public var logRequestResponseInfo: Bool?
    /// Default of ``TransformationTemplate/escapeCharacters`` for the templates here.
    public var escapeCharacters: Bool?

    public init() {}
}

/// The request and response transformations of one stage: the first matching entry of each list applies
/// (`transformation.options.gloo.solo.io.RequestResponseTransformations`).
public struct RequestResponseTransformations: Codable, Hashable, Sendable {
    /// Chosen by request; the chosen entry may also give the response transformation.
    public var requestTransforms: [RequestMatch]?
    /// Chosen by response headers when the chosen request entry has no response transformation.
    public var responseTransforms: [ResponseMatch]?

    public init() {}
}

/// A request transformation and the requests it applies to
/// (`transformation.options.gloo.solo.io.RequestMatch`).
public struct RequestMatch: Codable, Hashable, Sendable {
    /// Which requests; none means all.
    public var matcher: Matcher?
    /// Re-select the route after transforming the request.
    public var clearRouteCache: Bool?
    public var requestTransformation: Transformation?
    /// Applied to the response of a request this entry matched.
    public var responseTransformation: Transformation?

    public init() {}
}

/// A response transformation and the responses it applies to
/// (`transformation.options.gloo.solo.io.ResponseMatch`).
public struct ResponseMatch: Codable, Hashable, Sendable {
    /// Conditions on response headers (`:status` included), all of which must hold.
    public var matchers: [HeaderMatcher]?
    /// Must equal Envoy's response code details (`%RESPONSE_CODE_DETAILS%`) when set.
    public var responseCodeDetails: String?
    public var responseTransformation: Transformation?

    public init() {}
}

/// The deprecated single-stage form of a level's transformations
/// (`transformation.options.gloo.solo.io.Transformations`, the `transformations` option).
///
/// It acts as a `regular` stage with one unconditional ``RequestMatch``, and is ignored where
/// `stagedTransformations.regular` is set.
public struct LegacyTransformations: Codable, Hashable, Sendable {
    public var requestTransformation: Transformation?
    /// Re-select the route after transforming the request.
    public var clearRouteCache: Bool?
    public var responseTransformation: Transformation?

    public init() {}

    /// The same transformations as one unconditional request entry of a stage.
    public var asRequestMatch: RequestMatch {
        var match = RequestMatch()
        match.clearRouteCache = clearRouteCache
        match.requestTransformation = requestTransformation
        match.responseTransformation = responseTransformation
        return match
    }
}

/// One transformation of a request or response (`transformation.options.gloo.solo.io.Transformation`).
///
/// ``transformationTemplate``, ``headerBodyTransform`` and ``xsltTransformation`` form the
/// `transformation_type` oneof.
public struct Transformation: Codable, Hashable, Sendable {
    /// Rewrite headers and body with Inja templates.
    public var transformationTemplate: TransformationTemplate?
    /// Replace the body with a JSON object holding the headers and the original body.
    public var headerBodyTransform: HeaderBodyTransform?
    /// An XSLT transformation (Enterprise); removed from Gloo in 1.22 and kept here as written so older
    /// configurations still load.
    public var xsltTransformation: ConfigValue?
    /// Log headers and body before and after the transformation, at debug level.
    public var logRequestResponseInfo: Bool?

    public init() {}

    /// A template transformation.
    public init(template: TransformationTemplate) {
        self.transformationTemplate = template
    }

    /// The kind of transformation, when exactly one is set.
    public var kind: Kind? {
        switch (transformationTemplate, headerBodyTransform, xsltTransformation) {
        case (let template?, nil, nil): .template(template)
        case (nil, let transform?, nil): .headerBody(transform)
        case (nil, nil, let xslt?): .xslt(xslt)
        default: nil
        }
    }

    /// The kinds of transformation.
    public enum Kind: Hashable, Sendable {
        case template(TransformationTemplate)
        case headerBody(HeaderBodyTransform)
        case xslt(ConfigValue)
    }
}

/// Makes the body a JSON object of the headers and the original body
/// (`transformation.options.gloo.solo.io.HeaderBodyTransform`).
public struct HeaderBodyTransform: Codable, Hashable, Sendable {
    /// On requests, also add method, path and query string fields.
    public var addRequestMetadata: Bool?

    public init() {}
}
