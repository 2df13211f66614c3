internal import GatewayModel
internal import SwiftProtobuf

/// Gloo matchers as Envoy route matches, the way Gloo's `glooMatcherToEnvoyMatcher` builds them: the path
/// specifier, `case_sensitive` as written, header and query parameter matchers (an empty value means
/// "present"), and methods as one `:method` header regex `GET|POST`.
enum MatcherTranslation {
    /// The Envoy match of `matcher`, or nil (with an error in `report`) when Envoy would reject it.
    static func routeMatch(
        _ matcher: Matcher,
        report: inout ListenerPartReport,
        regexes: inout MatcherRegex
    ) -> Envoy_Config_Route_V3_RouteMatch? {
        var match = Envoy_Config_Route_V3_RouteMatch()
        var valid = true
        switch (matcher.pathSpecifierCount, matcher.pathSpecifier) {
        case (0, _):
            report.fail("no path specifier provided")
            return nil
        case (1, .prefix(let prefix)?):
            valid = checkPath(prefix, "prefix", report: &report) && valid
            match.prefix = prefix
        case (1, .exact(let path)?):
            valid = checkPath(path, "exact path", report: &report) && valid
            match.path = path
        case (1, .regex(let regex)?):
            valid = regexes.check(regex, "the path regex", report: &report) && valid
            match.safeRegex = regexMatcher(regex)
        case (1, .connect?):
            match.connectMatcher = Envoy_Config_Route_V3_RouteMatch.ConnectMatcher()
        default:
            report.fail("only one of prefix, exact, regex and connectMatcher may be set")
            return nil
        }
        if let caseSensitive = matcher.caseSensitive {
            match.caseSensitive = Google_Protobuf_BoolValue(caseSensitive)
        }
        for header in matcher.headers ?? [] {
            guard let translated = headerMatcher(header, report: &report, regexes: &regexes) else {
                valid = false
                continue
            }
            match.headers.append(translated)
        }
        if let methods = matcher.methods, !methods.isEmpty {
            // One alternation, as Gloo writes it; RE2 matches the whole value, so no anchors are needed.
            let pattern = methods.joined(separator: "|")
            valid = regexes.check(pattern, "the methods regex", report: &report) && valid
            var method = Envoy_Config_Route_V3_HeaderMatcher()
            method.name = ":method"
            method.stringMatch = stringMatcher(regex: pattern)
            match.headers.append(method)
        }
        for parameter in matcher.queryParameters ?? [] {
            guard let translated = queryMatcher(parameter, report: &report, regexes: &regexes) else {
                valid = false
                continue
            }
            match.queryParameters.append(translated)
        }
        return valid ? match : nil
    }

    /// The match Gloo uses for a route without matchers.
    static var defaultMatch: Envoy_Config_Route_V3_RouteMatch {
        var match = Envoy_Config_Route_V3_RouteMatch()
        match.prefix = "/"
        return match
    }

    /// An Envoy header matcher: presence when no value is given, else an exact or regex string match.
    static func headerMatcher(
        _ header: HeaderMatcher,
        report: inout ListenerPartReport,
        regexes: inout MatcherRegex
    ) -> Envoy_Config_Route_V3_HeaderMatcher? {
        guard isHeaderName(header.name) else {
            report.fail("header matcher name '\(header.name)' is not a valid header name")
            return nil
        }
        var out = Envoy_Config_Route_V3_HeaderMatcher()
        out.name = header.name
        let value = header.value ?? ""
        if value.isEmpty {
            out.presentMatch = true
        } else if header.regex == true {
            guard regexes.check(value, "the regex of header matcher '\(header.name)'", report: &report) else {
                return nil
            }
            out.stringMatch = stringMatcher(regex: value)
        } else {
            out.stringMatch = stringMatcher(exact: value)
        }
        out.invertMatch = header.invertMatch ?? false
        return out
    }

    private static func queryMatcher(
        _ parameter: QueryParameterMatcher,
        report: inout ListenerPartReport,
        regexes: inout MatcherRegex
    ) -> Envoy_Config_Route_V3_QueryParameterMatcher? {
        // QueryParameterMatcher.name has `min_len: 1, max_bytes: 1024`.
        guard !parameter.name.isEmpty, parameter.name.utf8.count <= 1024 else {
            report.fail("query parameter matcher name '\(parameter.name)' must have 1 to 1024 bytes")
            return nil
        }
        var out = Envoy_Config_Route_V3_QueryParameterMatcher()
        out.name = parameter.name
        let value = parameter.value ?? ""
        if value.isEmpty {
            out.presentMatch = true
        } else if parameter.regex == true {
            guard regexes.check(value, "the regex of query parameter matcher '\(parameter.name)'", report: &report)
            else { return nil }
            out.stringMatch = stringMatcher(regex: value)
        } else {
            out.stringMatch = stringMatcher(exact: value)
        }
        return out
    }

    static func regexMatcher(_ pattern: String) -> Envoy_Type_Matcher_V3_RegexMatcher {
        var regex = Envoy_Type_Matcher_V3_RegexMatcher()
        regex.regex = pattern
        return regex
    }

    static func stringMatcher(regex pattern: String) -> Envoy_Type_Matcher_V3_StringMatcher {
        var matcher = Envoy_Type_Matcher_V3_StringMatcher()
        matcher.safeRegex = regexMatcher(pattern)
        return matcher
    }

    static func stringMatcher(exact value: String) -> Envoy_Type_Matcher_V3_StringMatcher {
        var matcher = Envoy_Type_Matcher_V3_StringMatcher()
        matcher.exact = value
        return matcher
    }

    /// Envoy checks header names loosely (`HTTP_HEADER_NAME`, not strict): non-empty, without NUL, CR or LF.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && isHeaderValue(name)
    }

    /// Envoy's loose `HTTP_HEADER_VALUE` check: no NUL, CR or LF.
    static func isHeaderValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Paths follow the loose header-value rule in Envoy's route matches.
    private static func checkPath(_ path: String, _ what: String, report: inout ListenerPartReport) -> Bool {
        guard isHeaderValue(path) else {
            report.fail("the \(what) contains NUL, CR or LF, which Envoy rejects")
            return false
        }
        return true
    }
}
