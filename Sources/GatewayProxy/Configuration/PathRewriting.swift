import GatewayModel

/// Envoy's `prefix_rewrite` on UTF-8 bytes.
enum PathRewriting {
    /// `path` with its first `length` bytes replaced by `replacement`; the query string, after them, is kept.
    static func replacingPrefix(of path: String, length: Int, with replacement: String) -> String {
        let utf8 = path.utf8
        let cut = utf8.index(utf8.startIndex, offsetBy: min(length, utf8.count))
        return replacement + String(decoding: utf8[cut...], as: UTF8.self)
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
