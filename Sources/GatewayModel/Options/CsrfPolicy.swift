/// Cross-site request forgery protection by origin checks (`envoy.extensions.filters.http.csrf.v3.CsrfPolicy`).
public struct CsrfPolicy: Codable, Hashable, Sendable {
    /// Share of requests checked and rejected on failure.
    public var filterEnabled: RuntimeFractionalPercent?
    /// Share of requests checked without rejecting (statistics only).
    public var shadowEnabled: RuntimeFractionalPercent?
    /// Origins accepted besides the destination's own.
    public var additionalOrigins: [StringMatcher]?

    public init() {}

    /// A fraction that a runtime key may override (`envoy.config.core.v3.RuntimeFractionalPercent`).
    public struct RuntimeFractionalPercent: Codable, Hashable, Sendable {
        public var defaultValue: FractionalPercent?
        public var runtimeKey: String?

        public init() {}
    }

    /// `numerator / denominator` (`envoy.type.v3.FractionalPercent`).
    public struct FractionalPercent: Codable, Hashable, Sendable {
        public var numerator: UInt32?
        /// Default ``DenominatorType/hundred``.
        public var denominator: DenominatorType?

        public init() {}

        /// The denominators Envoy offers.
        public enum DenominatorType: String, ProtoEnum {
            case hundred = "HUNDRED"
            case tenThousand = "TEN_THOUSAND"
            case million = "MILLION"

            /// The number it stands for.
            public var value: UInt32 {
                switch self {
                case .hundred: 100
                case .tenThousand: 10_000
                case .million: 1_000_000
                }
            }
        }
    }

    /// A condition on a string (`envoy.type.matcher.v3.StringMatcher`).
    ///
    /// ``exact``, ``prefix``, ``suffix`` and ``safeRegex`` form the `match_pattern` oneof.
    public struct StringMatcher: Codable, Hashable, Sendable {
        public var exact: String?
        public var prefix: String?
        public var suffix: String?
        public var safeRegex: RegexMatcher?
        /// Compare ignoring ASCII case (not for ``safeRegex``).
        public var ignoreCase: Bool?

        public init() {}
    }
}
