extension SafeRegex {
    /// Compilation options; the defaults are RE2's (and Envoy's).
    public struct Options: Sendable, Hashable {
        /// Match letters regardless of case, as `(?i)` does (RE2's `case_sensitive = false`).
        public var caseInsensitive: Bool
        /// Let `.` match a newline, as `(?s)` does (RE2's `dot_nl`).
        public var dotMatchesNewline: Bool
        /// Reject patterns whose ``SafeRegex/programSize`` exceeds this (Envoy's `max_program_size`); nil means
        /// no limit.
        public var maxProgramSize: Int?

        public init(caseInsensitive: Bool = false, dotMatchesNewline: Bool = false, maxProgramSize: Int? = nil) {
            self.caseInsensitive = caseInsensitive
            self.dotMatchesNewline = dotMatchesNewline
            self.maxProgramSize = maxProgramSize
        }

        /// Envoy's defaults for `safe_regex`: RE2 defaults with a program size limit of 100.
        public static let envoy = Options(maxProgramSize: envoyMaxProgramSize)

        /// Envoy's default `re2.max_program_size.error_level`.
        public static let envoyMaxProgramSize = 100
    }
}
