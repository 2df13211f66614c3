internal import GatewayModel
internal import GatewayRegex

/// What one Envoy route requires of a request. Gloo Edge turns each matcher of a route into one Envoy route
/// (`GlooMatcherToEnvoyMatcher`): the path specifier with `caseSensitive`, the header matchers, the query
/// parameter matchers, and the methods as a `:method` header matcher with the regex `M1|M2|...`.
struct RouteConditions: Sendable {
    let path: PathCondition
    let headers: [HeaderCondition]
    let queryParameters: [QueryParameterCondition]

    init(_ matcher: Matcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        path = try PathCondition(matcher, regexOptions: regexOptions)
        var headers = try (matcher.headers ?? []).map { (header) throws(RoutingError) in
            try HeaderCondition(header, regexOptions: regexOptions)
        }
        if let methods = matcher.methods, !methods.isEmpty {
            headers.append(
                HeaderCondition(
                    name: ":method",
                    match: .regex(try compile(methods.joined(separator: "|"), regexOptions, what: "methods")),
                    invert: false,
                    isMethods: true
                )
            )
        }
        self.headers = headers
        queryParameters = try (matcher.queryParameters ?? []).map { (parameter) throws(RoutingError) in
            try QueryParameterCondition(parameter, regexOptions: regexOptions)
        }
    }

    /// The first condition `request` does not meet, or nil when it meets them all.
    func firstMismatch(_ request: RouteRequest, query: QueryParameters) -> Mismatch? {
        if !path.matches(request) { return .path }
        for header in headers where !header.matches(request) {
            return header.isMethods ? .method : .header(header.name)
        }
        for parameter in queryParameters where !parameter.matches(query) {
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

/// Envoy's path specifiers (`RouteMatch.path_specifier`), matched against the path without query and fragment.
enum PathCondition: Sendable {
    /// `prefix`; `""` and `/` match every path whatever `case_sensitive` says.
    case prefix([UInt8], ignoringCase: Bool)
    /// `path`.
    case exact([UInt8], ignoringCase: Bool)
    /// `safe_regex`, a full match; `case_sensitive` does not apply.
    case regex(SafeRegex)
    /// `connect_matcher`: CONNECT requests, whatever their path.
    case connect

    init(_ matcher: Matcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        guard matcher.pathSpecifierCount == 1 else {
            throw RoutingError(
                .invalidMatcher,
                matcher.pathSpecifierCount == 0
                    ? "no path specifier provided"
                    : "only one of prefix, exact, regex and connectMatcher may be set"
            )
        }
        // `case_sensitive` defaults to true.
        let ignoringCase = matcher.caseSensitive == false
        if let prefix = matcher.prefix {
            self = .prefix(Array(prefix.utf8), ignoringCase: ignoringCase && prefix != "/")
        } else if let exact = matcher.exact {
            self = .exact(Array(exact.utf8), ignoringCase: ignoringCase)
        } else if let regex = matcher.regex {
            self = .regex(try compile(regex, regexOptions, what: "path"))
        } else {
            self = .connect
        }
    }

    func matches(_ request: RouteRequest) -> Bool {
        switch self {
        case .prefix(let prefix, let ignoringCase):
            return ASCII.hasPrefix(request.pathForMatching, prefix, ignoringCase: ignoringCase)
        case .exact(let path, let ignoringCase):
            let candidate = request.pathForMatching
            return ignoringCase ? ASCII.equalsIgnoringCase(candidate, path) : candidate.elementsEqual(path)
        case .regex(let regex):
            return regex.matches(request.pathForMatching)
        case .connect:
            return request.method == "CONNECT"
        }
    }
}

/// How Gloo Edge writes a header or query parameter value for Envoy: an empty value is a presence match, else
/// an exact match, or with `regex: true` a full RE2 match.
enum ValueMatch: Sendable {
    case present
    case exact(String)
    case regex(SafeRegex)

    init(value: String?, regex: Bool?, options: SafeRegex.Options, what: String) throws(RoutingError) {
        let value = value ?? ""
        if value.isEmpty {
            self = .present
        } else if regex == true {
            self = .regex(try compile(value, options, what: what))
        } else {
            self = .exact(value)
        }
    }

    /// Whether a value that is present matches.
    func matches(_ value: some StringProtocol) -> Bool {
        switch self {
        case .present: true
        case .exact(let expected): value == expected
        case .regex(let regex): regex.matches(value.utf8)
        }
    }
}

/// An Envoy header matcher as Gloo Edge writes it, optionally inverted.
struct HeaderCondition: Sendable {
    /// Lower case, as Envoy stores header names.
    let name: String
    let match: ValueMatch
    let invert: Bool
    /// Whether this is the `:method` matcher made from `methods` (a `:method` header matcher written by hand is
    /// reported as a header).
    let isMethods: Bool

    init(name: String, match: ValueMatch, invert: Bool, isMethods: Bool = false) {
        self.name = name
        self.match = match
        self.invert = invert
        self.isMethods = isMethods
    }

    init(_ header: HeaderMatcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        let match = try ValueMatch(
            value: header.value,
            regex: header.regex,
            options: regexOptions,
            what: "header \(header.name)"
        )
        self.init(name: ASCII.lowercased(header.name), match: match, invert: header.invertMatch == true)
    }

    /// Envoy 1.40 (`HeaderUtility::matchHeaders`): each value sent for the name is tested on its own (since 1.39,
    /// `match_headers_individually`), then the result is inverted. A missing header fails every matcher but
    /// presence, inverted or not (envoyproxy/envoy#21828); presence of a missing header is false, then inverted.
    func matches(_ request: RouteRequest) -> Bool {
        let values = request.values(of: name)
        if values.isEmpty {
            if case .present = match { return invert }
            return false
        }
        return values.contains(where: match.matches) != invert
    }
}

/// An Envoy query parameter matcher as Gloo Edge writes it; a missing parameter fails every matcher.
struct QueryParameterCondition: Sendable {
    let name: String
    let match: ValueMatch

    init(_ parameter: QueryParameterMatcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        name = parameter.name
        match = try ValueMatch(
            value: parameter.value,
            regex: parameter.regex,
            options: regexOptions,
            what: "query parameter \(parameter.name)"
        )
    }

    func matches(_ query: QueryParameters) -> Bool {
        query.firstValue(of: name).map(match.matches) ?? false
    }
}

/// The query string of `:path` as Envoy reads it for matching (`QueryParamsMulti::parseQueryString`): after the
/// first `?`, split at `&`; a key without `=` has the value `""`; nothing is percent-decoded, and a fragment
/// stays in the last value.
struct QueryParameters: Sendable {
    private let pairs: [(key: Substring, value: Substring)]

    /// For routes without query parameter matchers, which never read it.
    static let none = QueryParameters(path: "")

    init(path: String) {
        guard let question = path.firstIndex(of: "?") else {
            pairs = []
            return
        }
        pairs = path[path.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true).map {
            parameter in
            if let equals = parameter.firstIndex(of: "=") {
                (parameter[..<equals], parameter[parameter.index(after: equals)...])
            } else {
                (parameter, parameter[parameter.endIndex...])
            }
        }
    }

    /// The value of the first occurrence of `key`.
    func firstValue(of key: String) -> Substring? {
        pairs.first { $0.key == key }?.value
    }
}
