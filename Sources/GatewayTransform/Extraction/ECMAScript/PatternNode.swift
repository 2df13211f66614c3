/// An ECMAScript pattern as `std::regex` parses it, before it is rewritten for the linear-time engine.
indirect enum PatternNode: Hashable, Sendable {
    /// Matches the empty string.
    case empty
    /// One byte from the set: a literal, a bracket expression, `.` or a class escape.
    case bytes(ByteSet)
    case assertion(PatternAssertion)
    /// A group; `index` is its capture number, or nil for `(?:...)`.
    case group(PatternNode, index: Int?)
    case concatenation([PatternNode])
    case alternation([PatternNode])
    /// `min` mandatory iterations, then up to `max - min` optional ones (`max` nil: any number), with libc++'s loop
    /// rules (see ``PatternLowering``).
    case repetition(PatternNode, min: Int, max: Int?, greedy: Bool)
    /// `\N`: parsed so that errors match `std::regex`'s, then refused.
    case backreference(Int)
    /// `(?=...)` or `(?!...)`: parsed, then refused.
    case lookahead(PatternNode, negated: Bool)
}

/// The zero-width assertions of the ECMAScript grammar without the `multiline` flag.
enum PatternAssertion: Hashable, Sendable {
    /// `^`: the start of the input.
    case begin
    /// `$`: the end of the input.
    case end
    /// `\b`: between a word byte (`[0-9A-Za-z_]`) and a non-word byte or an end.
    case wordBoundary
    /// `\B`
    case notWordBoundary
}

/// A parsed pattern: its tree and `std::regex::mark_count()`.
struct ParsedPattern: Hashable, Sendable {
    var root: PatternNode
    /// The number of capturing groups.
    var markCount: Int
    /// The first construct `std::regex` accepts but the linear-time engine cannot run, if any.
    var unsupported: PatternError?
}
