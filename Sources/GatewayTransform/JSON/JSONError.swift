/// JSON text that does not parse, or a value that cannot be printed, in nlohmann::json 3.11.2's words.
///
/// ``message`` is the exception's `what()` text, for example
/// `[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing value - invalid
/// literal; last read: 'no'` or `[json.exception.type_error.316] invalid UTF-8 byte at index 3: 0xFF`. Parse errors
/// quote the input they stopped at, which may not be valid UTF-8: ``utf8`` holds the exact bytes, and ``message``
/// shows such bytes as U+FFFD. The limits in ``JSONLimits`` have no nlohmann counterpart and use this module's own
/// wording (see ``Code-swift.struct/depthLimitExceeded`` and ``Code-swift.struct/sizeLimitExceeded``).
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case syntax, numberOverflow, invalidUTF8, depthLimitExceeded, sizeLimitExceeded
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Text that is not JSON (nlohmann's `parse_error.101`).
        public static let syntax = Code(.syntax)
        /// A number too large for a double, such as `1e999` (nlohmann's `out_of_range.406`).
        public static let numberOverflow = Code(.numberOverflow)
        /// A string value that is not valid UTF-8 and so cannot be printed (nlohmann's `type_error.316`).
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Arrays and objects nested deeper than ``JSONLimits/maximumDepth``. nlohmann has no such limit; the
        /// message is this module's: `JSON nesting is deeper than the limit of 512 at line 1, column 513`.
        public static let depthLimitExceeded = Code(.depthLimitExceeded)
        /// Input longer than ``JSONLimits/maximumBytes``. nlohmann has no such limit; the message is this module's:
        /// `JSON text of 2048 bytes is longer than the limit of 1024 bytes`.
        public static let sizeLimitExceeded = Code(.sizeLimitExceeded)

        /// The code's name, for example `syntax`.
        public var description: String {
            switch wrapped {
            case .syntax: "syntax"
            case .numberOverflow: "numberOverflow"
            case .invalidUTF8: "invalidUTF8"
            case .depthLimitExceeded: "depthLimitExceeded"
            case .sizeLimitExceeded: "sizeLimitExceeded"
            }
        }
    }

    /// What kind of problem it is.
    public var code: Code
    /// The exact bytes of the message, including any input bytes it quotes.
    public var utf8: [UInt8]

    /// The message as text; quoted input bytes that are not UTF-8 read as U+FFFD (``utf8`` has them as they were).
    public var message: String {
        get { String(decoding: utf8, as: UTF8.self) }
        set { utf8 = Array(newValue.utf8) }
    }

    /// An error of kind `code` with the text `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.utf8 = Array(message.utf8)
    }

    /// An error of kind `code` whose message is the bytes `utf8`.
    public init(_ code: Code, utf8: [UInt8]) {
        self.code = code
        self.utf8 = utf8
    }

    /// The message as text; see ``message``.
    public var description: String { message }
}
