/// Conditions a request must meet for a route to apply (`matchers.core.gloo.solo.io.Matcher`).
///
/// The path specifier is a `oneof`: at most one of ``prefix``, ``exact``, ``regex`` and
/// ``connectMatcher`` is set. A matcher with none matches like `prefix: /`.
public struct Matcher: Codable, Hashable, Sendable {
    /// The path starts with this string.
    public var prefix: String?
    /// The path (without query) equals this string.
    public var exact: String?
    /// The whole path (without query) matches this RE2 regular expression.
    public var regex: String?
    /// Matches CONNECT requests (`connectMatcher: {}`).
    public var connectMatcher: ConnectMatcher?
    /// Whether path matching is case sensitive; default true.
    public var caseSensitive: Bool?
    public var headers: [HeaderMatcher]?
    public var queryParameters: [QueryParameterMatcher]?
    /// HTTP methods, any of which matches (Envoy gets a `:method` regex `GET|POST`).
    public var methods: [String]?

    public init() {}

    /// A matcher for paths starting with `prefix`.
    public static func prefix(_ prefix: String) -> Matcher {
        var matcher = Matcher()
        matcher.prefix = prefix
        return matcher
    }

    /// An empty object: the `connectMatcher` path specifier carries no fields.
    public struct ConnectMatcher: Codable, Hashable, Sendable {
        public init() {}
    }

    /// The path specifier, if exactly one is set.
    public var pathSpecifier: PathSpecifier? {
        switch (prefix, exact, regex, connectMatcher) {
        case (let value?, nil, nil, nil): .prefix(value)
        case (nil, let value?, nil, nil): .exact(value)
        case (nil, nil, let value?, nil): .regex(value)
        case (nil, nil, nil, _?): .connect
        default: nil
        }
    }

    /// How many path specifiers are set (more than one is invalid).
    public var pathSpecifierCount: Int {
        [prefix != nil, exact != nil, regex != nil, connectMatcher != nil].filter { $0 }.count
    }

    /// The path string, whatever its kind (what Gloo's delegation prefix check compares).
    public var pathString: String? { prefix ?? exact ?? regex }

    /// Replaces the path specifier.
    public mutating func setPathSpecifier(_ specifier: PathSpecifier?) {
        prefix = nil
        exact = nil
        regex = nil
        connectMatcher = nil
        switch specifier {
        case .prefix(let value): prefix = value
        case .exact(let value): exact = value
        case .regex(let value): regex = value
        case .connect: connectMatcher = ConnectMatcher()
        case nil: break
        }
    }

    /// The kinds of path match.
    public enum PathSpecifier: Hashable, Sendable {
        case prefix(String)
        case exact(String)
        case regex(String)
        case connect
    }
}

/// A condition on one request header (`matchers.core.gloo.solo.io.HeaderMatcher`).
public struct HeaderMatcher: Codable, Hashable, Sendable {
    /// The header name; `:authority`, `:method` and other pseudo-headers are allowed.
    public var name: String
    /// The required value; empty or absent means "the header is present".
    public var value: String?
    /// Whether ``value`` is an RE2 regular expression matched against the whole value.
    public var regex: Bool?
    /// Inverts the result.
    public var invertMatch: Bool?

    public init(name: String, value: String? = nil, regex: Bool? = nil, invertMatch: Bool? = nil) {
        self.name = name
        self.value = value
        self.regex = regex
        self.invertMatch = invertMatch
    }
}

/// A condition on one query parameter (`matchers.core.gloo.solo.io.QueryParameterMatcher`).
public struct QueryParameterMatcher: Codable, Hashable, Sendable {
    public var name: String
    /// The required value; empty or absent means "the parameter is present".
    public var value: String?
    /// Whether ``value`` is an RE2 regular expression matched against the whole value.
    public var regex: Bool?

    public init(name: String, value: String? = nil, regex: Bool? = nil) {
        self.name = name
        self.value = value
        self.regex = regex
    }
}
