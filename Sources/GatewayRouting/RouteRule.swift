public import GatewayModel

/// What one Envoy route requires of a request, for users who route without the resource model: a path
/// specifier, header and query parameter matchers in Gloo Edge's form, and methods.
///
/// ```swift
/// let table = try RouteTable([
///     RouteRule(.template("/repos/{owner}/{repo}"), methods: ["GET"]),
///     RouteRule(.prefix("/")),
/// ])
/// ```
public struct RouteRule: Sendable, Hashable {
    public var path: PathMatch
    /// All must match. Names compare without regard to ASCII case; `:method`, `:authority`, `:scheme` and
    /// `:path` name the pseudo-headers.
    public var headers: [HeaderMatcher]
    /// All must match, each on the parameter's first value.
    public var queryParameters: [QueryParameterMatcher]
    /// The request's method must be one of these (none: any method). Envoy gets them as a `:method` header
    /// matcher with the regex `M1|M2|...`, as Gloo Edge writes it.
    public var methods: [String]

    public init(
        _ path: PathMatch,
        headers: [HeaderMatcher] = [],
        queryParameters: [QueryParameterMatcher] = [],
        methods: [String] = []
    ) {
        self.path = path
        self.headers = headers
        self.queryParameters = queryParameters
        self.methods = methods
    }

    /// The Envoy route Gloo Edge makes of `matcher` (`GlooMatcherToEnvoyMatcher`). Throws when the matcher
    /// sets more than one path specifier; a matcher with none is rejected too (Gloo treats only a route without
    /// matchers as `prefix: /`).
    public init(matcher: Matcher) throws(RoutingError) {
        let caseSensitive = matcher.caseSensitive ?? true
        let path: PathMatch
        switch matcher.pathSpecifier {
        case .prefix(let prefix): path = .prefix(prefix, caseSensitive: caseSensitive)
        case .exact(let exact): path = .exact(exact, caseSensitive: caseSensitive)
        case .regex(let regex): path = .regex(regex)
        case .connect: path = .connect
        case nil:
            throw RoutingError(
                .invalidMatcher,
                matcher.pathSpecifierCount == 0
                    ? "no path specifier provided"
                    : "only one of prefix, exact, regex and connectMatcher may be set"
            )
        }
        self.init(
            path,
            headers: matcher.headers ?? [],
            queryParameters: matcher.queryParameters ?? [],
            methods: matcher.methods ?? []
        )
    }
}

/// Envoy's path specifiers (`RouteMatch.path_specifier` and `path_match_policy`). Every kind compares the path
/// without its query and fragment, byte for byte, never percent-decoded.
public enum PathMatch: Sendable, Hashable {
    /// `prefix`: the path starts with the string. `""` and `/` match every path whatever `caseSensitive` says.
    case prefix(String, caseSensitive: Bool = true)
    /// `path`: the path equals the string.
    case exact(String, caseSensitive: Bool = true)
    /// `safe_regex`: the whole path matches the RE2 expression (case sensitivity is the expression's: `(?i)`).
    case regex(String)
    /// `path_separated_prefix`: the path is the string or starts with the string and `/`. The string must not
    /// contain `?` or `#` nor end with `/`.
    case pathSeparatedPrefix(String, caseSensitive: Bool = true)
    /// `path_match_policy` with Envoy's URI template matcher: `/repos/{owner}/{repo}`, `*` for one segment, `**`
    /// for the rest; named variables are captured (see ``RouteTable/Match``).
    case template(String)
    /// `connect_matcher`: CONNECT requests, whatever their path.
    case connect
}
