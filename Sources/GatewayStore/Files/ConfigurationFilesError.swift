/// Why configuration files could not be found or read. The ``message`` is what a command-line tool prints.
public struct ConfigurationFilesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, extensible without breaking callers that switch over it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound = "not found"
            case unlistable = "directory not listable"
            case unreadable = "file not readable"
            case syntax = "syntax error"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A path given does not exist.
        public static let notFound = Code(.notFound)
        /// A directory could not be listed.
        public static let unlistable = Code(.unlistable)
        /// A file could not be read.
        public static let unreadable = Code(.unreadable)
        /// A file is not well-formed YAML or JSON, or a document in it is not a resource.
        public static let syntax = Code(.syntax)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What went wrong, starting with the path: `<path>: no such file or directory`,
    /// `<file>: cannot read the file`, or a syntax error's `<file>:<line>:<column>: <message>`.
    public var message: String

    /// An error of `code` with a `message` that names the path.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
