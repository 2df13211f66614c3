/// A transformation that cannot be configured, or a request or response it fails on, with the reason in
/// envoy-gloo's words.
public struct TransformError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A template that does not parse (inja's `parser_error`), or calls an unknown function.
        public static let invalidTemplate = Code("invalidTemplate")
        /// An extractor regex that does not compile, or asks for a group it does not have.
        public static let invalidRegex = Code("invalidRegex")
        /// Any other option that cannot be configured (mergeJsonKeys misuse, conflicting settings, ...).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// Rendering failed at request time (inja's `render_error`, a JSON type error, ...): status 400.
        public static let renderFailed = Code("renderFailed")
        /// The body is not valid JSON and the transformation parses it: status 400.
        public static let invalidBody = Code("invalidBody")
        /// The body is larger than the buffer limit: status 413.
        public static let bodyTooLarge = Code("bodyTooLarge")

        public var description: String { name }
    }

    public var code: Code
    /// envoy-gloo's (or inja's, or nlohmann's) wording, e.g. `[inja.exception.render_error] (at 1:4) variable 'x'
    /// not found`.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
