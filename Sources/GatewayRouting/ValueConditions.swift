internal import GatewayModel
internal import GatewayRegex

/// How Gloo Edge writes a header or query parameter value for Envoy: an empty value is a presence match, else
/// an exact match, or with `regex: true` a full RE2 match.
enum ValueMatch: Sendable {
    case present
    case exact([UInt8])
    case regex(SafeRegex)
    /// A regex that is an alternation of plain words (`GET|POST`, as Gloo Edge writes methods), as a list.
    case oneOf([[UInt8]])

    init(value: String?, regex: Bool?, options: SafeRegex.Options, what: String) throws(RoutingError) {
        let value = value ?? ""
        if value.isEmpty {
            self = .present
        } else if regex == true {
            self = .regex(try compile(value, options, what: what))
        } else {
            self = .exact(Array(value.utf8))
        }
    }

    /// Whether a value that is present matches.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .present: true
        case .exact(let expected): value.elementsEqual(expected)
        case .regex(let regex): regex.matches(value)
        case .oneOf(let words): words.contains { value.elementsEqual($0) }
        }
    }
}

/// An Envoy header matcher as Gloo Edge writes it, optionally inverted.
struct HeaderCondition: Sendable {
    /// Lower case, as Envoy stores header names.
    let name: String
    private let nameBytes: [UInt8]
    let match: ValueMatch
    let invert: Bool
    /// Whether this is the `:method` matcher made from `methods` (a `:method` header matcher written by hand is
    /// reported as a header).
    let isMethods: Bool

    init(_ header: HeaderMatcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        name = ASCII.lowercased(header.name)
        nameBytes = Array(name.utf8)
        match = try ValueMatch(
            value: header.value,
            regex: header.regex,
            options: regexOptions,
            what: "header \(header.name)"
        )
        invert = header.invertMatch == true
        isMethods = false
    }

    /// The `:method` matcher: the regex `M1|M2|...`, kept as a list when every method is a plain word.
    init(methods: [String], regexOptions: SafeRegex.Options) throws(RoutingError) {
        name = ":method"
        nameBytes = Array(name.utf8)
        let isWord: (UInt8) -> Bool = { ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        if methods.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isWord) }) {
            match = .oneOf(methods.map { Array($0.utf8) })
        } else {
            match = .regex(try compile(methods.joined(separator: "|"), regexOptions, what: "methods"))
        }
        invert = false
        isMethods = true
    }

    /// Envoy 1.40 (`HeaderUtility::matchHeaders`): each value sent for the name is tested on its own (since 1.39,
    /// `match_headers_individually`), then the result is inverted. A missing header fails every matcher but
    /// presence, inverted or not (envoyproxy/envoy#21828); presence of a missing header is false, then inverted.
    func matches(_ input: MatchInput) -> Bool {
        var found = false
        var matched = false
        input.request.forEachValue(ofLowercased: nameBytes) { value in
            found = true
            matched = withBytes(of: value, match.matches)
            return !matched
        }
        if !found {
            if case .present = match { return invert }
            return false
        }
        return matched != invert
    }
}

/// An Envoy query parameter matcher as Gloo Edge writes it; a missing parameter fails every matcher.
struct QueryParameterCondition: Sendable {
    let name: String
    private let nameBytes: [UInt8]
    let match: ValueMatch

    init(_ parameter: QueryParameterMatcher, regexOptions: SafeRegex.Options) throws(RoutingError) {
        name = parameter.name
        nameBytes = Array(name.utf8)
        match = try ValueMatch(
            value: parameter.value,
            regex: parameter.regex,
            options: regexOptions,
            what: "query parameter \(parameter.name)"
        )
    }

    func matches(_ fullPath: UnsafeBufferPointer<UInt8>) -> Bool {
        QueryString.firstValue(of: nameBytes, in: fullPath).map(match.matches) ?? false
    }
}

/// The query string of `:path` as Envoy reads it for matching (`QueryParamsMulti::parseQueryString`): after the
/// first `?`, split at `&`; a key without `=` has the value `""`; nothing is percent-decoded, and a fragment
/// stays in the last value.
enum QueryString {
    /// The value of the first parameter named `key` in `path`'s query string.
    static func firstValue(of key: [UInt8], in path: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard var start = path.firstIndex(of: UInt8(ascii: "?")).map({ $0 + 1 }) else { return nil }
        while start <= path.count {
            let end = path[start...].firstIndex(of: UInt8(ascii: "&")) ?? path.count
            let parameter = path[start..<end]
            let equals = parameter.firstIndex(of: UInt8(ascii: "=")) ?? end
            if end > start, path[start..<equals].elementsEqual(key) {
                return .init(rebasing: path[min(equals + 1, end)..<end])
            }
            start = end + 1
        }
        return nil
    }
}
