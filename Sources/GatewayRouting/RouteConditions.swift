internal import GatewayModel
internal import GatewayRegex

/// One Envoy route's conditions, compiled: the path specifier, then the header matchers (methods become a
/// `:method` matcher, as Gloo Edge writes them), then the query parameter matchers.
final class RouteConditions: Sendable {
    let path: PathCondition
    let headers: [HeaderCondition]
    let queryParameters: [QueryParameterCondition]
    /// What a lookup can check without reading the rest, once the path is known.
    let ruleGuard: RuleGuard

    /// Whether the path is all there is to check.
    var isPathOnly: Bool { headers.isEmpty && queryParameters.isEmpty }

    init(_ rule: RouteRule, regexOptions: SafeRegex.Options) throws(RoutingError) {
        path = try PathCondition(rule.path, regexOptions: regexOptions)
        var headers = try rule.headers.map { (header) throws(RoutingError) in
            try HeaderCondition(header, regexOptions: regexOptions)
        }
        if !rule.methods.isEmpty {
            headers.append(try HeaderCondition(methods: rule.methods, regexOptions: regexOptions))
        }
        self.headers = headers
        queryParameters = try rule.queryParameters.map { (parameter) throws(RoutingError) in
            try QueryParameterCondition(parameter, regexOptions: regexOptions)
        }
        let methods = MethodSet(methods: rule.methods)
        ruleGuard = RuleGuard(
            methods: methods ?? [],
            needsConditions: !rule.headers.isEmpty || !rule.queryParameters.isEmpty || methods == nil
        )
    }

    /// The first condition `input` does not meet, or nil when it meets them all. `pathKnown` skips the path
    /// when an index has already proven it.
    @inline(__always)
    func firstMismatch(_ input: MatchInput, pathKnown: Bool = false) -> Mismatch? {
        if !pathKnown, !path.matches(input) { return .path }
        for header in headers where !header.matches(input) {
            return header.isMethods ? .method : .header(header.name)
        }
        for parameter in queryParameters where !parameter.matches(input.fullPath) {
            return .queryParameter(parameter.name)
        }
        return nil
    }
}

/// Why a route does not take a request.
public enum Mismatch: Sendable, Hashable {
    /// The path (or, for a `connectMatcher`, the method) does not match.
    case path
    /// The named header matcher fails.
    case header(String)
    /// The request's method is not one of the route's `methods`.
    case method
    /// The named query parameter matcher fails.
    case queryParameter(String)
}

/// A regex Envoy would accept (RE2 syntax, within the program size limit), or the reason it would not.
func compile(_ pattern: String, _ options: SafeRegex.Options, what: String) throws(RoutingError) -> SafeRegex {
    do {
        return try SafeRegex(pattern, options: options)
    } catch {
        throw RoutingError(.invalidRegex, "invalid regex in \(what) '\(pattern)': \(error)")
    }
}
