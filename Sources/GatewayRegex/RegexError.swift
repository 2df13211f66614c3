/// A pattern that cannot be compiled: what is wrong, where, and RE2's wording for it.
///
/// `message` is the text RE2 itself reports (for example `missing ): (abc` or `bad repetition operator: **`), so
/// validation output matches what Envoy prints for the same pattern. `offset` is the byte offset in the pattern
/// where the offending construct starts, which RE2 does not report.
public struct RegexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem; one value per RE2 error code, plus the limits this module adds.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case internalError, badEscape, badCharClass, badCharRange, missingBracket, missingParen
            case unexpectedParen, trailingBackslash, repeatArgument, repeatSize, repeatOp, badPerlOp
            case badUTF8, badNamedCapture, patternTooLarge, programTooLarge, badSubstitution
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// An inconsistency inside the engine; never caused by a valid or invalid pattern alone.
        public static let internalError = Code(.internalError)
        /// An unknown or malformed escape such as `\8`, `\Z` or a backreference `\1`.
        public static let badEscape = Code(.badEscape)
        /// A malformed character class.
        public static let badCharClass = Code(.badCharClass)
        /// A class range whose end precedes its start (`[z-a]`), or an unknown `\p{...}` or `[:name:]` class.
        public static let badCharRange = Code(.badCharRange)
        /// A `[` without its closing `]`.
        public static let missingBracket = Code(.missingBracket)
        /// A `(` without its closing `)`.
        public static let missingParen = Code(.missingParen)
        /// A `)` without an opening `(`.
        public static let unexpectedParen = Code(.unexpectedParen)
        /// A pattern ending in a lone backslash.
        public static let trailingBackslash = Code(.trailingBackslash)
        /// A repetition operator with nothing to repeat, such as a leading `*`.
        public static let repeatArgument = Code(.repeatArgument)
        /// A counted repetition above 1000 (alone or nested), or with its bounds reversed.
        public static let repeatSize = Code(.repeatSize)
        /// Stacked repetition operators such as `a**` or the possessive `a*+`.
        public static let repeatOp = Code(.repeatOp)
        /// An unsupported `(?...)` group: lookaround, atomic groups, conditionals, unknown flags.
        public static let badPerlOp = Code(.badPerlOp)
        /// Bytes in the pattern that are not valid UTF-8.
        public static let badUTF8 = Code(.badUTF8)
        /// A malformed or duplicate capture group name.
        public static let badNamedCapture = Code(.badNamedCapture)
        /// A pattern whose compiled form exceeds the engine's memory budget.
        public static let patternTooLarge = Code(.patternTooLarge)
        /// A program larger than ``SafeRegex/Options/maxProgramSize`` (Envoy's `max_program_size`).
        public static let programTooLarge = Code(.programTooLarge)
        /// A substitution template that refers to a group the regex does not have, or a malformed escape.
        public static let badSubstitution = Code(.badSubstitution)

        public var description: String {
            switch wrapped {
            case .internalError: "unexpected error"
            case .badEscape: "invalid escape sequence"
            case .badCharClass: "invalid character class"
            case .badCharRange: "invalid character class range"
            case .missingBracket: "missing ]"
            case .missingParen: "missing )"
            case .unexpectedParen: "unexpected )"
            case .trailingBackslash: "trailing \\"
            case .repeatArgument: "no argument for repetition operator"
            case .repeatSize: "invalid repetition size"
            case .repeatOp: "bad repetition operator"
            case .badPerlOp: "invalid perl operator"
            case .badUTF8: "invalid UTF-8"
            case .badNamedCapture: "invalid named capture group"
            case .patternTooLarge: "pattern too large - compile failed"
            case .programTooLarge: "program too large"
            case .badSubstitution: "invalid rewrite pattern"
            }
        }
    }

    /// What kind of problem this is.
    public var code: Code
    /// RE2's text for the problem: the code's description, then `: ` and the offending fragment when there is one.
    public var message: String
    /// Byte offset in the pattern (or substitution template) where the offending construct starts.
    public var offset: Int
    /// The offending part of the pattern, as RE2 quotes it; empty when RE2 quotes nothing.
    public var fragment: String

    /// Creates an error; `message` is derived from `code` and `fragment` unless given.
    public init(code: Code, fragment: String = "", offset: Int, message: String? = nil) {
        self.code = code
        self.fragment = fragment
        self.offset = offset
        self.message = message ?? (fragment.isEmpty ? code.description : "\(code.description): \(fragment)")
    }

    public var description: String {
        "\(message) (at byte \(offset))"
    }
}
