internal import GatewayRegex

/// A path specifier, compiled. Keys that ignore case are stored as given and compared with ASCII folding.
enum PathCondition: Sendable {
    case prefix([UInt8], ignoringCase: Bool)
    case exact([UInt8], ignoringCase: Bool)
    case regex(SafeRegex)
    case separatedPrefix([UInt8], ignoringCase: Bool)
    case template(URITemplate)
    case connect

    init(_ path: PathMatch, regexOptions: SafeRegex.Options) throws(RoutingError) {
        switch path {
        case .prefix(let prefix, let caseSensitive):
            // Envoy shares one matcher for `""` and `/`, which ignores `case_sensitive`.
            self = .prefix(Array(prefix.utf8), ignoringCase: !caseSensitive && prefix != "/")
        case .exact(let exact, let caseSensitive):
            self = .exact(Array(exact.utf8), ignoringCase: !caseSensitive)
        case .regex(let regex):
            self = .regex(try compile(regex, regexOptions, what: "path"))
        case .pathSeparatedPrefix(let prefix, let caseSensitive):
            // The proto's rule: `^[^?#]+[^?#/]$`.
            guard !prefix.isEmpty, !prefix.hasSuffix("/"), !prefix.utf8.contains(where: { $0 == 0x3F || $0 == 0x23 })
            else {
                throw RoutingError(
                    .invalidMatcher,
                    "invalid pathSeparatedPrefix '\(prefix)': must be non-empty, without '?' or '#', and not end in '/'"
                )
            }
            self = .separatedPrefix(Array(prefix.utf8), ignoringCase: !caseSensitive)
        case .template(let template):
            self = .template(try URITemplate(template))
        case .connect:
            self = .connect
        }
    }

    func matches(_ input: MatchInput) -> Bool {
        let path = input.path
        switch self {
        case .prefix(let prefix, let ignoringCase):
            return ASCII.hasPrefix(path, prefix, ignoringCase: ignoringCase)
        case .exact(let exact, let ignoringCase):
            return path.count == exact.count && ASCII.hasPrefix(path, exact, ignoringCase: ignoringCase)
        case .regex(let regex):
            return regex.matches(path)
        case .separatedPrefix(let prefix, let ignoringCase):
            return ASCII.hasPrefix(path, prefix, ignoringCase: ignoringCase)
                && (path.count == prefix.count || path[prefix.count] == UInt8(ascii: "/"))
        case .template(let template):
            return template.regex.matches(path)
        case .connect:
            return input.method == .connect
        }
    }
}
