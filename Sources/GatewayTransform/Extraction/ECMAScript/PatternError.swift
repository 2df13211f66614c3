/// Why an extractor pattern is rejected: either `std::regex` itself rejects it (with libstdc++'s `what()` text), or
/// it is valid C++ but uses a construct this module cannot run in linear time.
struct PatternError: Error, Hashable, Sendable {
    /// `std::regex_constants::error_type`, plus ``unsupported`` for the constructs this module refuses.
    enum Kind: Hashable, Sendable {
        case collate, ctype, escape, backref, brack, paren, brace, badbrace, range, space
        /// Valid for `std::regex`, refused here; the message names the construct and the reason.
        case unsupported
    }

    var kind: Kind
    /// libstdc++'s `regex_error::what()`, or this module's reason for an unsupported construct.
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The error libstdc++ throws with `kind` and no text of its own (`regex_error(error_type)`).
    init(_ kind: Kind) {
        self.kind = kind
        self.message =
            switch kind {
            case .collate: "Invalid collating element in regular expression"
            case .ctype: "Invalid character class in regular expression"
            case .escape: "Invalid escape in regular expression"
            case .backref: "Invalid back reference in regular expression"
            case .brack: "Mismatched '[' and ']' in regular expression"
            case .paren: "Mismatched '(' and ')' in regular expression"
            case .brace: "Mismatched '{' and '}' in regular expression"
            case .badbrace: "Invalid range in '{}' in regular expression"
            case .range: "Invalid character range in regular expression"
            case .space: "Insufficient memory to compile regular expression"
            case .unsupported: "unsupported construct"
            }
    }
}
