/// A routing configuration that cannot be served, with the reason.
public struct RoutingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Two virtual hosts (or one, twice) claim the same domain.
        public static let duplicateDomain = Code("duplicateDomain")
        /// A regex (path, header or query parameter) that Envoy would reject.
        public static let invalidRegex = Code("invalidRegex")
        /// A matcher with no path specifier, or with more than one.
        public static let invalidMatcher = Code("invalidMatcher")
        /// No Proxy has the name asked for.
        public static let noProxy = Code("noProxy")
        /// The HTTP listener asked for does not exist, or is not the only one.
        public static let noListener = Code("noListener")
        /// The configuration has Rejected resources.
        public static let rejectedConfiguration = Code("rejectedConfiguration")

        public var description: String { name }
    }

    public var code: Code
    /// Envoy's or Gloo Edge's wording where it has one.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
