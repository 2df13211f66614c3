/// Parses an ECMAScript pattern as libc++'s `std::regex` does (`std::regex(pattern, std::regex::optimize)`, the call
/// envoy-gloo's `parseStdRegex` makes; libc++ ignores `optimize`): the same grammar, the first error met reading
/// left to right, libc++'s `what()` texts, and the same `mark_count()`.
///
/// Grammar points where libc++ differs from libstdc++, RE2 or the ECMAScript standard (all verified with libc++ 14):
/// - one quantifier per atom: `a**`, `a{2}{3}` and `a???` are errors, as are `*`, `{` or `?` where an atom should
///   be (`{2}`, `a|*`, `(?x)`) and a quantifier after an assertion (`^*`, `\b+`, `(?=a)*`);
/// - `)`, `]` and `}` outside brackets end the expression; anything left over is an error (`a]`, `}`, `[]a]`);
/// - counts must fit in an `int` (`a{2147483640}` is an error), `{,n}` and `{n,x}` are errors;
/// - escapes: `\cX` (X a letter) is the control character X % 32; `\uHHHH` keeps its low byte; `\0` is NUL and a
///   following digit a separate literal; escaping any other letter, digit or `_` is an error (`\a`, `\e`, `\_`),
///   escaping anything else stands for the byte (`\/`, `\-`, `\é`);
/// - brackets: `[]` matches nothing and `[^]` anything; ranges compare bytes unsigned and an inverted range is
///   accepted and empty (`[z-a]`); `[\w-a]` and `[a-\w]` are errors; `[[:alpha:]-z]` is alpha, `-` and `z`;
///   `[[.x.]]` accepts libc++'s names (`hyphen`, `full-stop`...) and any single byte (`[[.-.]]`); `[[=x=]]` is
///   `x` alone; `[\D\S]` matches what is neither a digit nor a space (libc++ unites the negated classes first);
/// - backreferences count the groups opened so far, including unclosed ones (`(a\1)` is valid), and inside a
///   lookahead only the lookahead's own groups.
///
/// Backreferences and lookahead are parsed (so an invalid pattern gets `std::regex`'s message) and then refused,
/// since no linear-time engine can run them.
struct PatternParser {
    /// Groups may nest this deep; `std::regex` has no limit but recurses, and the rewritten pattern must stay within
    /// the engine's own nesting limit.
    static let maxNesting = 100
    /// The largest repetition count the engine runs (RE2's limit).
    static let maxRepeat = 1000

    private let pattern: [UInt8]
    private var position = 0
    /// `mark_count()`: every capturing group opened so far, lookahead groups included.
    private var groupsOpened = 0
    /// Where the innermost lookahead's own group numbering starts (libc++ parses a lookahead as a separate regex).
    private var lookaheadBase = 0
    private var nesting = 0
    /// The first construct `std::regex` accepts but this module refuses; reported only if the whole pattern is
    /// otherwise valid, so an invalid pattern always gets `std::regex`'s message.
    private var unsupported: PatternError?

    private init(_ pattern: [UInt8]) {
        self.pattern = pattern
    }

    /// Parses `pattern`. A valid pattern that cannot run in linear time is returned with
    /// ``ParsedPattern/unsupported`` set, so that envoy-gloo's later checks (the group count) still come first.
    ///
    /// - Throws: ``PatternError`` with libc++'s message for a pattern `std::regex` rejects, or
    ///   ``PatternError/Kind/unsupported`` for one nested too deeply to parse safely.
    static func parse(_ pattern: [UInt8]) throws(PatternError) -> ParsedPattern {
        var parser = PatternParser(pattern)
        let root = try parser.disjunction()
        guard parser.position == pattern.count else { throw PatternError(.parse) }
        return ParsedPattern(root: root, markCount: parser.groupsOpened, unsupported: parser.unsupported)
    }

    // MARK: - Structure

    private mutating func disjunction() throws(PatternError) -> PatternNode {
        var alternatives = [try alternative()]
        while take(UInt8(ascii: "|")) {
            alternatives.append(try alternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(PatternError) -> PatternNode {
        var items: [PatternNode] = []
        while let item = try term() {
            items.append(item)
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// An assertion, or an atom with at most one quantifier; nil where neither starts.
    private mutating func term() throws(PatternError) -> PatternNode? {
        if let assertion = try assertion() { return assertion }
        guard let atom = try atom() else { return nil }
        return try quantified(atom) ?? atom
    }

    private mutating func assertion() throws(PatternError) -> PatternNode? {
        switch peek() {
        case UInt8(ascii: "^"):
            position += 1
            return .assertion(.begin)
        case UInt8(ascii: "$"):
            position += 1
            return .assertion(.end)
        case UInt8(ascii: "\\"):
            switch peek(1) {
            case UInt8(ascii: "b"):
                position += 2
                return .assertion(.wordBoundary)
            case UInt8(ascii: "B"):
                position += 2
                return .assertion(.notWordBoundary)
            default:
                return nil
            }
        case UInt8(ascii: "("):
            guard peek(1) == UInt8(ascii: "?"), let kind = peek(2),
                kind == UInt8(ascii: "=") || kind == UInt8(ascii: "!")
            else { return nil }
            position += 3
            let negated = kind == UInt8(ascii: "!")
            let outerBase = lookaheadBase
            lookaheadBase = groupsOpened
            let body = try nested { (parser: inout PatternParser) throws(PatternError) in try parser.disjunction() }
            lookaheadBase = outerBase
            guard take(UInt8(ascii: ")")) else { throw PatternError(.paren) }
            refuse(
                "\(negated ? "negative lookahead (?!...)" : "lookahead (?=...)") is not supported: "
                    + "it cannot be evaluated in one linear-time pass"
            )
            return .lookahead(body, negated: negated)
        default:
            return nil
        }
    }

    private mutating func atom() throws(PatternError) -> PatternNode? {
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "."):
            position += 1
            return .bytes(CharacterClasses.dot)
        case UInt8(ascii: "\\"):
            return try atomEscape()
        case UInt8(ascii: "["):
            return .bytes(try bracketExpression())
        case UInt8(ascii: "("):
            position += 1
            guard position < pattern.count else { throw PatternError(.paren) }
            if peek() == UInt8(ascii: "?"), peek(1) == UInt8(ascii: ":") {
                position += 2
                let body = try nested { (parser: inout PatternParser) throws(PatternError) in
                    try parser.disjunction()
                }
                guard take(UInt8(ascii: ")")) else { throw PatternError(.paren) }
                return .group(body, index: nil)
            }
            groupsOpened += 1
            let index = groupsOpened
            let body = try nested { (parser: inout PatternParser) throws(PatternError) in try parser.disjunction() }
            guard take(UInt8(ascii: ")")) else { throw PatternError(.paren) }
            return .group(body, index: index)
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
            throw PatternError(.badrepeat)
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "|"):
            return nil
        default:
            position += 1
            return .bytes(ByteSet(byte))
        }
    }

    // MARK: - Escapes

    /// `\` outside brackets, not `\b` or `\B`: a NUL, a backreference, a class, or a character escape.
    private mutating func atomEscape() throws(PatternError) -> PatternNode {
        position += 1
        guard let byte = peek() else { throw PatternError(.escape) }
        if byte == UInt8(ascii: "0") {
            position += 1
            return .bytes(ByteSet(0))
        }
        if isDigit(byte) {
            return try backreference()
        }
        if let set = Self.classEscape(byte) {
            position += 1
            return .bytes(set)
        }
        return .bytes(ByteSet(try characterEscape()))
    }

    private mutating func backreference() throws(PatternError) -> PatternNode {
        // libc++ reads the digits into an `unsigned` and gives up before it would overflow.
        var value: UInt32 = 0
        while let byte = peek(), isDigit(byte) {
            if value >= UInt32.max / 10 { throw PatternError(.backref) }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
            position += 1
        }
        // The groups opened so far count, even those still open; inside a lookahead, only the lookahead's own.
        guard Int(value) <= groupsOpened - lookaheadBase else { throw PatternError(.backref) }
        refuse(
            "backreference \\\(value) is not supported: matching it needs backtracking, which is exponential in "
                + "the worst case"
        )
        return .backreference(Int(value))
    }

    /// The set a `\d \D \s \S \w \W` escape stands for outside brackets.
    private static func classEscape(_ letter: UInt8) -> ByteSet? {
        switch letter {
        case UInt8(ascii: "d"): CharacterClasses.digit
        case UInt8(ascii: "D"): CharacterClasses.digit.inverted
        case UInt8(ascii: "s"): CharacterClasses.space
        case UInt8(ascii: "S"): CharacterClasses.space.inverted
        case UInt8(ascii: "w"): CharacterClasses.word
        case UInt8(ascii: "W"): CharacterClasses.word.inverted
        default: nil
        }
    }

    /// The byte a character escape stands for, read from the byte after the backslash.
    private mutating func characterEscape() throws(PatternError) -> UInt8 {
        guard let byte = peek() else { throw PatternError(.escape) }
        position += 1
        switch byte {
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "v"): return 0x0B
        case UInt8(ascii: "0"): return 0x00
        case UInt8(ascii: "c"):
            guard let letter = peek(), CharacterClasses.alpha.contains(letter) else { throw PatternError(.escape) }
            position += 1
            return letter % 32
        case UInt8(ascii: "x"):
            return UInt8(truncatingIfNeeded: try hexDigits(2))
        case UInt8(ascii: "u"):
            // `char(0xHHHH)`: the low byte.
            return UInt8(truncatingIfNeeded: try hexDigits(4))
        default:
            guard byte != UInt8(ascii: "_"), !CharacterClasses.alnum.contains(byte) else {
                throw PatternError(.escape)
            }
            return byte
        }
    }

    private mutating func hexDigits(_ count: Int) throws(PatternError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard let byte = peek(), let digit = Self.hexValue(byte) else { throw PatternError(.escape) }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    // MARK: - Quantifiers

    /// `atom` with the quantifier that follows it applied, or nil if no quantifier follows.
    private mutating func quantified(_ atom: PatternNode) throws(PatternError) -> PatternNode? {
        let minimum: Int
        let maximum: Int?
        switch peek() {
        case UInt8(ascii: "*"):
            position += 1
            (minimum, maximum) = (0, nil)
        case UInt8(ascii: "+"):
            position += 1
            (minimum, maximum) = (1, nil)
        case UInt8(ascii: "?"):
            position += 1
            (minimum, maximum) = (0, 1)
        case UInt8(ascii: "{"):
            position += 1
            guard let low = try count() else { throw PatternError(.badbrace) }
            guard let byte = peek() else { throw PatternError(.brace) }
            position += 1
            switch byte {
            case UInt8(ascii: "}"):
                (minimum, maximum) = (low, low)
            case UInt8(ascii: ","):
                guard peek() != nil else { throw PatternError(.badbrace) }
                if take(UInt8(ascii: "}")) {
                    (minimum, maximum) = (low, nil)
                } else {
                    guard let high = try count() else { throw PatternError(.brace) }
                    guard take(UInt8(ascii: "}")) else { throw PatternError(.brace) }
                    guard high >= low else { throw PatternError(.badbrace) }
                    (minimum, maximum) = (low, high)
                }
            default:
                throw PatternError(.badbrace)
            }
        default:
            return nil
        }
        let greedy = !take(UInt8(ascii: "?"))
        let largest = maximum ?? minimum
        if largest > Self.maxRepeat {
            refuse(
                "repetition count \(largest) is not supported: the engine allows at most \(Self.maxRepeat) "
                    + "repetitions"
            )
            return .repetition(atom, min: 0, max: nil, greedy: greedy)
        }
        return .repetition(atom, min: minimum, max: maximum, greedy: greedy)
    }

    /// The decimal count at the position, or nil if no digit is there. libc++ reads it into an `int` and rejects a
    /// count before it would pass `INT_MAX / 10` times ten.
    private mutating func count() throws(PatternError) -> Int? {
        guard let first = peek(), isDigit(first) else { return nil }
        var value = Int(first - UInt8(ascii: "0"))
        position += 1
        while let byte = peek(), isDigit(byte) {
            if value >= Int(Int32.max) / 10 { throw PatternError(.badbrace) }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            position += 1
        }
        return value
    }

    // MARK: - Bracket expressions

    private mutating func bracketExpression() throws(PatternError) -> ByteSet {
        position += 1
        guard position < pattern.count else { throw PatternError(.brack) }
        let negated = take(UInt8(ascii: "^"))
        guard position < pattern.count else { throw PatternError(.brack) }
        var set = BracketSet()
        while try bracketTerm(into: &set) {}
        guard position < pattern.count else { throw PatternError(.brack) }
        if take(UInt8(ascii: "-")) { set.members.insert(UInt8(ascii: "-")) }
        guard take(UInt8(ascii: "]")) else { throw PatternError(.brack) }
        return set.resolved(negated: negated)
    }

    /// Reads one item of a bracket expression; false at the closing `]` or the end of the pattern.
    private mutating func bracketTerm(into set: inout BracketSet) throws(PatternError) -> Bool {
        guard let byte = peek(), byte != UInt8(ascii: "]") else { return false }
        // The item's character, if it is one (a class adds itself to the set instead).
        var start: UInt8?
        if byte == UInt8(ascii: "["), let kind = peek(1) {
            switch kind {
            case UInt8(ascii: "="):
                position += 2
                guard let element = CharacterClasses.collatingElement(try delimitedName(UInt8(ascii: "="))) else {
                    throw PatternError(.collate)
                }
                // In the "C" locale an equivalence class holds its element alone.
                set.members.insert(element)
                return true
            case UInt8(ascii: ":"):
                position += 2
                guard let named = CharacterClasses.named(try delimitedName(UInt8(ascii: ":"))) else {
                    throw PatternError(.ctype)
                }
                set.members.formUnion(named)
                return true
            case UInt8(ascii: "."):
                position += 2
                start = try collatingSymbol()
            default:
                break
            }
        }
        if start == nil {
            if byte == UInt8(ascii: "\\") {
                position += 1
                start = try bracketEscape(into: &set)
            } else {
                position += 1
                start = byte
            }
        }
        // A `-` followed by anything but `]` makes a range.
        guard peek() == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") else {
            if let start { set.members.insert(start) }
            return true
        }
        position += 1
        let end: UInt8?
        if after == UInt8(ascii: "["), peek(1) == UInt8(ascii: ".") {
            position += 2
            end = try collatingSymbol()
        } else if after == UInt8(ascii: "\\") {
            position += 1
            end = try bracketEscape(into: &set)
        } else {
            position += 1
            end = after
        }
        // A class cannot bound a range; an inverted range is accepted and holds nothing.
        guard let start, let end else { throw PatternError(.range) }
        if start <= end { set.members.formUnion(ByteSet(where: { $0 >= start && $0 <= end })) }
        return true
    }

    /// The byte a `[.name.]` stands for, with `[.` already read.
    private mutating func collatingSymbol() throws(PatternError) -> UInt8 {
        guard let element = CharacterClasses.collatingElement(try delimitedName(UInt8(ascii: "."))) else {
            throw PatternError(.collate)
        }
        return element
    }

    /// The text up to the first `delimiter` followed by `]`, which is skipped too.
    private mutating func delimitedName(_ delimiter: UInt8) throws(PatternError) -> [UInt8] {
        var end = position
        while end + 1 < pattern.count, !(pattern[end] == delimiter && pattern[end + 1] == UInt8(ascii: "]")) {
            end += 1
        }
        guard end + 1 < pattern.count else { throw PatternError(.brack) }
        let name = Array(pattern[position..<end])
        position = end + 2
        return name
    }

    /// An escape inside brackets, from the byte after the backslash: the byte it stands for, or nil for a class
    /// escape, which adds itself to `set`.
    private mutating func bracketEscape(into set: inout BracketSet) throws(PatternError) -> UInt8? {
        guard let byte = peek() else { throw PatternError(.escape) }
        switch byte {
        case 0x00:
            position += 1
            return 0x00
        case UInt8(ascii: "b"):
            position += 1
            return 0x08
        case UInt8(ascii: "d"), UInt8(ascii: "s"), UInt8(ascii: "w"):
            position += 1
            set.members.formUnion(Self.classEscape(byte) ?? ByteSet())
            return nil
        case UInt8(ascii: "D"), UInt8(ascii: "S"), UInt8(ascii: "W"):
            position += 1
            set.excluded.formUnion(Self.classEscape(byte | 0x20) ?? ByteSet())
            set.hasNegatedClass = true
            return nil
        default:
            return try characterEscape()
        }
    }

    // MARK: - Helpers

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < pattern.count ? pattern[position + offset] : nil
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func nested(
        _ body: (inout PatternParser) throws(PatternError) -> PatternNode
    ) throws(PatternError) -> PatternNode {
        nesting += 1
        guard nesting <= Self.maxNesting else {
            throw PatternError(
                .unsupported,
                "groups nested more than \(Self.maxNesting) deep are not supported"
            )
        }
        defer { nesting -= 1 }
        return try body(&self)
    }

    private mutating func refuse(_ reason: String) {
        if unsupported == nil { unsupported = PatternError(.unsupported, reason) }
    }
}

/// The parts of a bracket expression, combined the way libc++'s bracket matcher tests a byte.
private struct BracketSet {
    /// Characters, ranges, named classes and `\d \s \w`.
    var members = ByteSet()
    /// The union of the negated class escapes `\D \S \W`, as the classes they negate: libc++ matches a byte that is
    /// in none of them, so `[\D\S]` is neither a digit nor a space.
    var excluded = ByteSet()
    var hasNegatedClass = false

    func resolved(negated: Bool) -> ByteSet {
        var set = members
        if hasNegatedClass { set.formUnion(excluded.inverted) }
        return negated ? set.inverted : set
    }
}
