import GatewayModel
import GatewayRegex

/// Envoy's `prefix_rewrite` on UTF-8 bytes.
enum PathRewriting {
    /// `path` with its first `length` bytes replaced by `replacement`; the query string, after them, is kept.
    static func replacingPrefix(of path: String, length: Int, with replacement: String) -> String {
        let utf8 = path.utf8
        let cut = utf8.index(utf8.startIndex, offsetBy: min(length, utf8.count))
        return replacement + String(decoding: utf8[cut...], as: UTF8.self)
    }

    /// `path` with every match of `regex` before its query replaced by `substitution`; the query is kept.
    static func replacingMatches(
        in path: String,
        of regex: SafeRegex,
        with substitution: SafeRegex.Substitution
    ) -> String {
        let utf8 = Array(path.utf8)
        let end = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.count
        var rewritten = regex.replacingAllMatches(in: utf8[..<end], with: substitution)
        rewritten.append(contentsOf: utf8[end...])
        return String(decoding: rewritten, as: UTF8.self)
    }

    /// The rewrite of `rewrite` (`regexRewrite`), compiled with RE2's limits; nil without a pattern.
    static func compile(_ rewrite: RegexRewrite, maxProgramSize: Int) throws(RegexError) -> ForwardPlan.PathRewrite? {
        guard let pattern = rewrite.pattern?.regex else { return nil }
        let regex = try SafeRegex(pattern, options: SafeRegex.Options(maxProgramSize: maxProgramSize))
        return .regex(regex, try regex.substitution(rewrite.substitution ?? ""))
    }

    /// Per matcher of a route, the length of path its `prefixRewrite` replaces: the prefix, or the whole exact
    /// path; nil for a regex or template matcher, with which Envoy has no prefix to replace.
    static func matchedLengths(of route: Route) -> [Int?] {
        let matchers = route.matchers ?? []
        if matchers.isEmpty { return [1] }  // no matcher is `prefix: /`
        return matchers.map { matcher in
            if let prefix = matcher.prefix { return prefix.utf8.count }
            if let exact = matcher.exact { return exact.utf8.count }
            if matcher.pathSpecifierCount == 0 { return 1 }
            return nil
        }
    }
}
