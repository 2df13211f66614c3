/// Why function discovery failed for one Upstream: a value that names what was tried and what went wrong, so
/// the gateway can show it on the Upstream's report while the previously discovered functions keep serving.
public struct DiscoveryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, extensible without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case unreachable, timeout, httpStatus, responseTooLarge, malformedDocument, unsupportedDocument
            case invalidReference, rpcFailed, reflectionError, missingCredentials, awsError, invalidInput
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The host could not be reached: DNS, connection refused, TLS handshake, connection reset.
        public static let unreachable = Code(.unreachable)
        /// The peer did not answer within the time allowed.
        public static let timeout = Code(.timeout)
        /// The peer answered with an HTTP status other than 200.
        public static let httpStatus = Code(.httpStatus)
        /// The answer was larger than the configured limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The answer is not well-formed JSON or YAML, or not the protocol message expected.
        public static let malformedDocument = Code(.malformedDocument)
        /// The document is well-formed but not a Swagger 2.0 or OpenAPI 3 document this discovery reads.
        public static let unsupportedDocument = Code(.unsupportedDocument)
        /// A `$ref` points nowhere, in a cycle, or outside what may be fetched.
        public static let invalidReference = Code(.invalidReference)
        /// A gRPC call failed (status other than OK, or the stream ended early).
        public static let rpcFailed = Code(.rpcFailed)
        /// The reflection server answered a request with an error.
        public static let reflectionError = Code(.reflectionError)
        /// No AWS credentials were found.
        public static let missingCredentials = Code(.missingCredentials)
        /// The AWS API answered with an error.
        public static let awsError = Code(.awsError)
        /// The Upstream or the arguments cannot be discovered as given.
        public static let invalidInput = Code(.invalidInput)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in a sentence that names the URL, address or function involved.
    public var message: String

    /// A failure of kind `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
