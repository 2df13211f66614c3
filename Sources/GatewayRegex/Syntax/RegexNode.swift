/// The parsed form of a pattern: RE2's operators after parsing, before compilation.
indirect enum RegexNode: Hashable, Sendable {
    /// Matches the empty string.
    case emptyMatch
    /// Matches nothing at all (an empty character class).
    case noMatch
    /// One code point, compared exactly (case folding is already expanded into a class).
    case literal(UInt32)
    /// Any code point in the set.
    case characterClass(RuneSet)
    /// Any single byte (`\C`).
    case anyByte
    /// A zero-width assertion.
    case assertion(Assertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, Repetition)
    /// A capturing group; `index` counts from 1 in order of the opening parentheses.
    case capture(RegexNode, index: Int, name: String?)
}

/// Zero-width assertions. RE2's word boundary is ASCII-only: a word byte is `[0-9A-Za-z_]`.
enum Assertion: UInt8, Hashable, Sendable {
    case beginLine = 1
    case endLine = 2
    case beginText = 4
    case endText = 8
    case wordBoundary = 16
    case notWordBoundary = 32
}

/// A repetition operator as written: `*`, `+`, `?` or a counted `{min,max}`.
struct Repetition: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case star
        case plus
        case quest
        /// `max == nil` means unbounded (`{n,}`).
        case counted(min: Int, max: Int?)
    }

    var kind: Kind
    var greedy: Bool
    /// The parser flags in force where the operator was written; RE2 squashes `(?:a*)*` into `a*` only when
    /// both operators were written under the same flags.
    var flags: ParseFlags
}

/// The `(?imsU)` flags as the parser tracks them.
struct ParseFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let foldCase = ParseFlags(rawValue: 1)
    static let multiLine = ParseFlags(rawValue: 2)
    static let dotMatchesNewline = ParseFlags(rawValue: 4)
    static let nonGreedy = ParseFlags(rawValue: 8)
}
