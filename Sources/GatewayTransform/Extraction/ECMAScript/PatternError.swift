/// Why an extractor pattern is rejected: either `std::regex` itself rejects it (with libc++'s `what()` text), or it
/// is valid C++ but uses a construct this module cannot run in linear time.
struct PatternError: Error, Hashable, Sendable {
    /// libc++'s `std::regex_constants::error_type` values that its ECMAScript parser throws, plus ``unsupported``
    /// for the constructs this module refuses.
    enum Kind: Hashable, Sendable {
        case collate, ctype, escape, backref, brack, paren, brace, badbrace, range, badrepeat
        /// libc++'s own `__re_err_parse`: the pattern has text left after the expression (a `)`, `]` or `}`).
        case parse
        /// Valid for `std::regex`, refused here; the message names the construct and the reason.
        case unsupported
    }

    var kind: Kind
    /// libc++'s `regex_error::what()`, or this module's reason for an unsupported construct.
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The error libc++ throws with `kind` (`regex_error(error_type)`; libc++ has one text per error type).
    init(_ kind: Kind) {
        self.kind = kind
        self.message =
            switch kind {
            case .collate: "The expression contained an invalid collating element name."
            case .ctype: "The expression contained an invalid character class name."
            case .escape: "The expression contained an invalid escaped character, or a trailing escape."
            case .backref: "The expression contained an invalid back reference."
            case .brack: "The expression contained mismatched [ and ]."
            case .paren: "The expression contained mismatched ( and )."
            case .brace: "The expression contained mismatched { and }."
            case .badbrace: "The expression contained an invalid range in a {} expression."
            case .range: "The expression contained an invalid character range, such as [b-a] in most encodings."
            case .badrepeat: "One of *?+{ was not preceded by a valid regular expression."
            case .parse: "The parser did not consume the entire regular expression."
            case .unsupported: "unsupported construct"
            }
    }
}
