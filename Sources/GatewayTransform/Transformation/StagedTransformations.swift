public import GatewayModel

/// Decides whether a request matches a `RequestMatch`'s `matcher`, or a response its `ResponseMatch.matchers`.
///
/// Matching is Envoy's route matching (paths, headers, query parameters, methods), which GatewayRouting owns; the
/// caller supplies it, so that this module does not depend on a sibling library.
public protocol TransformationMatching: Sendable {
    /// A predicate on request headers (with `:path` and `:method`) for `matcher`, built at configuration time.
    func requestPredicate(for matcher: Matcher) throws(TransformError) -> @Sendable (HeaderMap) -> Bool
    /// A predicate on response headers (with `:status`) for `matchers`, all of which must hold.
    func responsePredicate(for matchers: [HeaderMatcher]) throws(TransformError) -> @Sendable (HeaderMap) -> Bool
}

/// The transformations of one options block (`stagedTransformations`, or the legacy `transformations`), compiled,
/// with envoy-gloo's selection: per stage, the first `requestTransforms` entry whose matcher matches (no matcher
/// matches all) gives the request transformation and, if it has one, the response transformation; otherwise the
/// response transformation is the first `responseTransforms` entry matching the response headers and response
/// code details. Requests pass the early stage, then the regular one; responses the regular, then the early.
public struct StagedTransformations: Sendable {
    struct RequestEntry: Sendable {
        var predicate: (@Sendable (HeaderMap) -> Bool)?
        var clearsRouteCache: Bool
        var request: CompiledTransformation?
        var response: CompiledTransformation?
    }

    struct ResponseEntry: Sendable {
        var predicate: (@Sendable (HeaderMap) -> Bool)?
        var responseCodeDetails: String?
        var response: CompiledTransformation
    }

    struct Stage: Sendable {
        var requests: [RequestEntry] = []
        var responses: [ResponseEntry] = []
    }

    /// Early, then regular.
    private let stages: [Stage]

    /// Compiles the transformations of an options block. `legacy` is the deprecated `transformations` field: it
    /// is the regular stage when `staged` has no regular stage (Gloo's conversion). `escapeCharacters` is the
    /// `settings.gloo.transformationEscapeCharacters` default.
    public init(
        staged: TransformationStages?,
        legacy: LegacyTransformations? = nil,
        matching: some TransformationMatching,
        escapeCharacters: Bool = false,
        environment: TransformEnvironment = .snapshot()
    ) throws(TransformError) {
        let escapes = staged?.escapeCharacters ?? escapeCharacters
        var regular = staged?.regular
        if regular == nil, let legacy {
            var converted = RequestResponseTransformations()
            converted.requestTransforms = [legacy.asRequestMatch]
            regular = converted
        }
        func compile(_ transformation: Transformation?) throws(TransformError) -> CompiledTransformation? {
            guard let transformation else { return nil }
            return try CompiledTransformation(transformation, escapeCharacters: escapes, environment: environment)
        }
        var stages: [Stage] = []
        for transformations in [staged?.early, regular] {
            var stage = Stage()
            for match in transformations?.requestTransforms ?? [] {
                // An entry with neither transformation does nothing, and does not stop the search.
                guard match.requestTransformation != nil || match.responseTransformation != nil else { continue }
                stage.requests.append(
                    RequestEntry(
                        predicate: try match.matcher.map { matcher throws(TransformError) in
                            try matching.requestPredicate(for: matcher)
                        },
                        clearsRouteCache: match.clearRouteCache ?? false,
                        request: try compile(match.requestTransformation),
                        response: try compile(match.responseTransformation)
                    )
                )
            }
            for match in transformations?.responseTransforms ?? [] {
                guard let response = try compile(match.responseTransformation) else { continue }
                let matchers = match.matchers ?? []
                stage.responses.append(
                    ResponseEntry(
                        predicate: matchers.isEmpty ? nil : try matching.responsePredicate(for: matchers),
                        responseCodeDetails: match.responseCodeDetails,
                        response: response
                    )
                )
            }
            stages.append(stage)
        }
        self.stages = stages
    }

    /// Whether any stage has a transformation.
    public var isEmpty: Bool { stages.allSatisfy { $0.requests.isEmpty && $0.responses.isEmpty } }

    /// The transformations chosen for one request, stage by stage.
    public struct Selection: Sendable {
        struct Chosen: Sendable {
            var request: CompiledTransformation?
            var response: CompiledTransformation?
            var clearsRouteCache: Bool
        }

        /// Per stage (early, regular): the matched request entry, if any.
        let chosen: [Chosen?]
        let stages: [Stage]

        /// Whether the request transformation asks for the route to be chosen again (`clearRouteCache`).
        public var clearsRouteCache: Bool { chosen.contains { $0?.clearsRouteCache == true } }

        /// The request transformations to run, early first.
        public var requestTransformations: [CompiledTransformation] { chosen.compactMap { $0?.request } }

        /// The response transformations to run for a response with these headers and response code details:
        /// regular stage first, then early.
        public func responseTransformations(
            for headers: HeaderMap,
            responseCodeDetails: String = ""
        )
            -> [CompiledTransformation]
        {
            var result: [CompiledTransformation] = []
            for (stage, chosen) in zip(stages, chosen).reversed() {
                if let response = chosen?.response {
                    result.append(response)
                    continue
                }
                let match = stage.responses.first { entry in
                    let details = entry.responseCodeDetails ?? ""
                    return (entry.predicate?(headers) ?? true) && (details.isEmpty || details == responseCodeDetails)
                }
                if let match { result.append(match.response) }
            }
            return result
        }
    }

    /// Chooses, in each stage, the first request entry whose matcher matches `request`.
    public func select(for request: HeaderMap) -> Selection {
        Selection(
            chosen: stages.map { stage in
                stage.requests.first { $0.predicate?(request) ?? true }.map {
                    Selection.Chosen(request: $0.request, response: $0.response, clearsRouteCache: $0.clearsRouteCache)
                }
            },
            stages: stages
        )
    }
}
