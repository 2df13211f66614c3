/// An RE2 regular expression as Envoy configures one (`envoy.type.matcher.v3.RegexMatcher`).
public struct RegexMatcher: Codable, Hashable, Sendable {
    /// Selects the RE2 engine; the only engine there is, so it may be left out.
    public var googleRe2: GoogleRE2?
    /// The expression, matched against the whole input.
    public var regex: String?

    public init() {}

    /// A matcher for `regex`.
    public init(regex: String) {
        self.regex = regex
    }

    /// RE2 engine settings.
    public struct GoogleRE2: Codable, Hashable, Sendable {
        /// Deprecated in Envoy: the largest compiled program size accepted.
        public var maxProgramSize: UInt32?

        public init() {}
    }
}

/// A regex rewrite: every match of ``pattern`` is replaced by ``substitution``, where `\1`…`\9` insert
/// capture groups (`envoy.type.matcher.v3.RegexMatchAndSubstitute`).
///
/// Used for a route's `regexRewrite` and `hostRewritePathRegex`, and for redirects.
public struct RegexRewrite: Codable, Hashable, Sendable {
    public var pattern: RegexMatcher?
    public var substitution: String?

    public init() {}

    /// A rewrite of `regex` matches to `substitution`.
    public init(regex: String, substitution: String) {
        self.pattern = RegexMatcher(regex: regex)
        self.substitution = substitution
    }
}
