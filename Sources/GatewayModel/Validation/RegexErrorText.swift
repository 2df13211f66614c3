internal import GatewayRegex

/// Gloo Edge checks route regexes with Go's `regexp` package (RE2 syntax) and reports Go's message; this
/// gives the same text for a ``RegexError``: `error parsing regexp: <reason>: `<expression>``. Errors Envoy
/// finds (program size) keep Envoy's wording.
enum RegexErrorText {
    static func describe(_ error: RegexError) -> String {
        let reason: String
        switch error.code {
        case .missingParen: reason = "missing closing )"
        case .missingBracket: reason = "missing closing ]"
        case .badEscape: reason = "invalid escape sequence"
        case .badCharRange: reason = "invalid character class range"
        case .badCharClass: reason = "invalid character class"
        case .badPerlOp: reason = "invalid or unsupported Perl syntax"
        case .repeatOp: reason = "invalid nested repetition operator"
        case .repeatArgument: reason = "missing argument to repetition operator"
        case .repeatSize: reason = "invalid repeat count"
        case .trailingBackslash: reason = "trailing backslash at end of expression"
        case .unexpectedParen: reason = "unexpected )"
        case .badNamedCapture: reason = "invalid named capture"
        case .badUTF8: reason = "invalid UTF-8"
        case .patternTooLarge: reason = "expression too large"
        default: return error.message
        }
        // RE2's message is `<reason>: <offending text>`; Go quotes the same text in backticks.
        let message = Array(error.message.utf8)
        guard
            let colon = message.indices.first(where: {
                message[$0] == UInt8(ascii: ":") && $0 + 1 < message.count && message[$0 + 1] == UInt8(ascii: " ")
            })
        else { return "error parsing regexp: \(reason)" }
        let offending = String(decoding: message[(colon + 2)...], as: UTF8.self)
        return "error parsing regexp: \(reason): `\(offending)`"
    }
}
