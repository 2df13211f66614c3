/// Parses an ECMAScript pattern as libstdc++'s `std::regex` compiler does (`std::regex(pattern,
/// std::regex::optimize)`, the call envoy-gloo's `parseStdRegex` makes): the same grammar, the same errors in the
/// same order, and the same `mark_count()`.
///
/// Grammar points that differ from RE2 and from the ECMAScript standard, all following libstdc++:
/// - quantifiers may be stacked (`a**`, `a+?*`), but an assertion (`^`, `$`, `\b`, `\B`, lookahead) cannot be
///   quantified: `^*` is "Mismatched '(' and ')'";
/// - `{` always starts a repetition, so `a{`, `a{x}` and `a{,2}` are errors; `]` and `}` alone are literals;
/// - counts are read as C `long` and kept as `int`, so they wrap around as in libstdc++;
/// - `[\w-a]` and `[a-\w]` are errors, a `-` after a range is a literal, ranges compare bytes as `signed char`
///   (x86-64), so `[\x00-\xff]` is an error and `[\x80-\xff]` is every byte above 0x7F;
/// - `[[:name:]]` accepts the POSIX classes plus `d`, `s`, `w` in any case; `[[.name.]]` the POSIX collating names
///   (`hyphen`, `space`, `a`...); `[[=x=]]` every byte with the same lower case as `x`.
///
/// Backreferences and lookahead are parsed (so an invalid pattern gets `std::regex`'s message) and then refused,
/// since no linear-time engine can run them.
struct PatternParser {
    /// Groups and stacked quantifiers may nest this deep; `std::regex` has no limit but recurses, and the
    /// rewritten pattern must stay within the engine's own nesting limit.
    static let maxNesting = 100
    /// The largest repetition count the engine runs (RE2's limit).
    static let maxRepeat = 1000

    private var scanner: PatternScanner
    private var groupsOpened = 0
    private var openGroups: [Int] = []
    private var nesting = 0
    /// The first construct `std::regex` accepts but this module refuses; reported only if the whole pattern is
    /// otherwise valid, so an invalid pattern always gets `std::regex`'s message.
    private var unsupported: PatternError?

    private init(_ pattern: [UInt8]) throws(PatternError) {
        scanner = try PatternScanner(pattern)
    }

    /// Parses `pattern`. A valid pattern that cannot run in linear time is returned with
    /// ``ParsedPattern/unsupported`` set, so that envoy-gloo's later checks (the group count) still come first.
    ///
    /// - Throws: ``PatternError`` with libstdc++'s message for a pattern `std::regex` rejects, or
    ///   ``PatternError/Kind/unsupported`` for one nested too deeply to parse safely.
    static func parse(_ pattern: [UInt8]) throws(PatternError) -> ParsedPattern {
        var parser = try PatternParser(pattern)
        let root = try parser.disjunction()
        guard parser.scanner.token == .endOfPattern else { throw PatternError(.paren) }
        return ParsedPattern(root: root, markCount: parser.groupsOpened, unsupported: parser.unsupported)
    }

    // MARK: - Structure

    private mutating func disjunction() throws(PatternError) -> PatternNode {
        var alternatives = [try alternative()]
        while try take(.alternation) {
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

    private mutating func term() throws(PatternError) -> PatternNode? {
        if let assertion = try assertion() { return assertion }
        guard var atom = try atom() else { return nil }
        var stacked = 0
        while let repeated = try quantified(atom) {
            stacked += 1
            guard nesting + stacked <= Self.maxNesting else { throw tooDeep() }
            atom = repeated
        }
        return atom
    }

    private mutating func assertion() throws(PatternError) -> PatternNode? {
        switch scanner.token {
        case .lineBegin:
            try scanner.advance()
            return .assertion(.begin)
        case .lineEnd:
            try scanner.advance()
            return .assertion(.end)
        case .wordBoundary(let negated):
            try scanner.advance()
            return .assertion(negated ? .notWordBoundary : .wordBoundary)
        case .lookaheadBegin(let negated):
            try scanner.advance()
            let body = try nested { (parser: inout PatternParser) throws(PatternError) in try parser.disjunction() }
            guard try take(.groupEnd) else { throw PatternError(.paren) }
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
        if try take(.anyCharacter) { return .bytes(CharacterClasses.dot) }
        if let byte = try character() { return .bytes(ByteSet(byte)) }
        switch scanner.token {
        case .backreference(let digits):
            try scanner.advance()
            return try backreference(Self.intValue(digits, radix: 10))
        case .quotedClass(let letter):
            try scanner.advance()
            let set = CharacterClasses.quoted(letter)
            return .bytes(CharacterClasses.upper.contains(letter) ? set.inverted : set)
        case .nonCapturingGroupBegin:
            try scanner.advance()
            let body = try nested { (parser: inout PatternParser) throws(PatternError) in try parser.disjunction() }
            guard try take(.groupEnd) else { throw PatternError(.paren) }
            return .group(body, index: nil)
        case .groupBegin:
            try scanner.advance()
            groupsOpened += 1
            let index = groupsOpened
            openGroups.append(index)
            let body = try nested { (parser: inout PatternParser) throws(PatternError) in try parser.disjunction() }
            guard try take(.groupEnd) else { throw PatternError(.paren) }
            openGroups.removeLast()
            return .group(body, index: index)
        case .bracketBegin, .negatedBracketBegin:
            let negated = scanner.token == .negatedBracketBegin
            try scanner.advance()
            return .bytes(try bracketExpression(negated: negated))
        default:
            return nil
        }
    }

    /// A literal byte: an ordinary character or a `\x`/`\u` escape (kept to its low byte, as `char(int)` does).
    private mutating func character() throws(PatternError) -> UInt8? {
        switch scanner.token {
        case .ordinaryCharacter(let byte):
            try scanner.advance()
            return byte
        case .hexNumber(let digits):
            try scanner.advance()
            return UInt8(truncatingIfNeeded: Self.intValue(digits, radix: 16))
        default:
            return nil
        }
    }

    private mutating func backreference(_ index: Int32) throws(PatternError) -> PatternNode {
        // std::regex checks the index against the groups opened so far (group 0, the whole match, is always open).
        guard index >= 0, Int(index) < groupsOpened + 1 else {
            throw PatternError(.backref, "Back-reference index exceeds current sub-expression count.")
        }
        guard index != 0, !openGroups.contains(Int(index)) else {
            throw PatternError(.backref, "Back-reference referred to an opened sub-expression.")
        }
        refuse(
            "backreference \\\(index) is not supported: matching it needs backtracking, which is exponential "
                + "in the worst case"
        )
        return .backreference(Int(index))
    }

    // MARK: - Quantifiers

    /// `atom` with the quantifier that follows it applied, or nil if no quantifier follows.
    private mutating func quantified(_ atom: PatternNode) throws(PatternError) -> PatternNode? {
        switch scanner.token {
        case .star, .plus, .question:
            let token = scanner.token
            try scanner.advance()
            let greedy = !(try take(.question))
            switch token {
            case .star: return .repetition(atom, min: 0, max: nil, greedy: greedy)
            case .plus: return .repetition(atom, min: 1, max: nil, greedy: greedy)
            default: return .repetition(atom, min: 0, max: 1, greedy: greedy)
            }
        case .intervalBegin:
            try scanner.advance()
            guard case .count(let minimumDigits) = scanner.token else { throw PatternError(.badbrace) }
            try scanner.advance()
            let minimum = Int64(Self.intValue(minimumDigits, radix: 10))
            var optional: Int64? = 0
            if try take(.comma) {
                if case .count(let maximumDigits) = scanner.token {
                    try scanner.advance()
                    optional = Int64(Self.intValue(maximumDigits, radix: 10)) - minimum
                } else {
                    optional = nil
                }
            }
            guard try take(.intervalEnd) else { throw PatternError(.brace) }
            let greedy = !(try take(.question))
            if let optional, optional < 0 { throw PatternError(.badbrace) }
            // A count that wrapped to a negative `int` gives no mandatory copies, as libstdc++'s loop does.
            let mandatory = max(0, minimum)
            let maximum = optional.map { mandatory + $0 }
            if mandatory > Int64(Self.maxRepeat) || (maximum ?? 0) > Int64(Self.maxRepeat) {
                refuse(
                    "repetition count \(max(mandatory, maximum ?? 0)) is not supported: the engine allows at most "
                        + "\(Self.maxRepeat) repetitions"
                )
                return .repetition(atom, min: 0, max: nil, greedy: greedy)
            }
            return .repetition(atom, min: Int(mandatory), max: maximum.map { Int($0) }, greedy: greedy)
        default:
            return nil
        }
    }

    // MARK: - Bracket expressions

    /// What the last item of a bracket expression was, which decides how a following `-` reads.
    private enum BracketItem {
        case none
        case character(UInt8)
        case characterClass
    }

    private mutating func bracketExpression(negated: Bool) throws(PatternError) -> ByteSet {
        var set = BracketSet()
        var last = BracketItem.none
        if let byte = try character() {
            last = .character(byte)
        } else if try take(.bracketDash) {
            last = .character(UInt8(ascii: "-"))
        }
        while try bracketTerm(&last, into: &set) {}
        if case .character(let byte) = last { set.members.insert(byte) }
        return set.resolved(negated: negated)
    }

    /// Reads one item of a bracket expression; false at the closing `]`.
    private mutating func bracketTerm(
        _ last: inout BracketItem,
        into set: inout BracketSet
    ) throws(PatternError)
        -> Bool
    {
        if try take(.bracketEnd) { return false }
        func pushCharacter(_ byte: UInt8) {
            if case .character(let previous) = last { set.members.insert(previous) }
            last = .character(byte)
        }
        func pushClass() {
            if case .character(let previous) = last { set.members.insert(previous) }
            last = .characterClass
        }
        switch scanner.token {
        case .collatingSymbol(let name):
            try scanner.advance()
            guard let byte = CharacterClasses.collatingElement(name) else {
                throw PatternError(.collate, "Invalid collate element.")
            }
            set.members.insert(byte)
            pushCharacter(byte)
            return true
        case .equivalenceClass(let name):
            try scanner.advance()
            pushClass()
            guard let byte = CharacterClasses.collatingElement(name) else {
                throw PatternError(.collate, "Invalid equivalence class.")
            }
            set.equivalents.insert(CharacterClasses.lowercased(byte))
            return true
        case .characterClass(let name):
            try scanner.advance()
            pushClass()
            guard let named = CharacterClasses.named(name) else {
                throw PatternError(.collate, "Invalid character class.")
            }
            set.classes.append(named)
            return true
        case .quotedClass(let letter):
            try scanner.advance()
            pushClass()
            let quoted = CharacterClasses.quoted(letter)
            set.classes.append(CharacterClasses.upper.contains(letter) ? quoted.inverted : quoted)
            return true
        default:
            break
        }
        if let byte = try character() {
            pushCharacter(byte)
            return true
        }
        guard try take(.bracketDash) else {
            throw PatternError(.brack, "Unexpected character within '[...]' in regular expression")
        }
        if try take(.bracketEnd) {
            pushCharacter(UInt8(ascii: "-"))
            return false
        }
        switch last {
        case .characterClass:
            throw PatternError(.range, "Invalid start of '[x-x]' range in regular expression")
        case .character(let first):
            let end: UInt8
            if let byte = try character() {
                end = byte
            } else if try take(.bracketDash) {
                end = UInt8(ascii: "-")
            } else {
                throw PatternError(.range, "Invalid end of '[x-x]' range in regular expression")
            }
            // libstdc++ compares `char`, which is signed on x86-64.
            guard Int8(bitPattern: first) <= Int8(bitPattern: end) else {
                throw PatternError(.range, "Invalid range in bracket expression.")
            }
            set.ranges.append(Int8(bitPattern: first)...Int8(bitPattern: end))
            last = .none
        case .none:
            pushCharacter(UInt8(ascii: "-"))
        }
        return true
    }

    // MARK: - Helpers

    private mutating func take(_ token: PatternScanner.Token) throws(PatternError) -> Bool {
        guard scanner.token == token else { return false }
        try scanner.advance()
        return true
    }

    private mutating func nested(
        _ body: (inout PatternParser) throws(PatternError) -> PatternNode
    ) throws(PatternError) -> PatternNode {
        nesting += 1
        guard nesting <= Self.maxNesting else { throw tooDeep() }
        defer { nesting -= 1 }
        return try body(&self)
    }

    private func tooDeep() -> PatternError {
        PatternError(
            .unsupported,
            "groups and quantifiers nested more than \(Self.maxNesting) deep are not supported"
        )
    }

    private mutating func refuse(_ reason: String) {
        if unsupported == nil { unsupported = PatternError(.unsupported, reason) }
    }

    /// The digits' value as libstdc++'s `_M_cur_int_value` computes it: in a wrapping 64-bit `long`, returned as a
    /// 32-bit `int`.
    static func intValue(_ digits: [UInt8], radix: Int64) -> Int32 {
        var value: Int64 = 0
        for digit in digits {
            let number: Int64 =
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): Int64(digit - UInt8(ascii: "0"))
                default: Int64(digit | 0x20) - Int64(UInt8(ascii: "a")) + 10
                }
            value = value &* radix &+ number
        }
        return Int32(truncatingIfNeeded: value)
    }
}

/// The parts of a bracket expression, combined the way `std::regex`'s bracket matcher tests a byte.
private struct BracketSet {
    var members = ByteSet()
    /// Ranges of `signed char` values.
    var ranges: [ClosedRange<Int8>] = []
    /// Named classes and `\d \s \w`, and their negations `\D \S \W`, already resolved to sets.
    var classes: [ByteSet] = []
    /// Lower-cased bytes of `[=x=]` items.
    var equivalents = ByteSet()

    func resolved(negated: Bool) -> ByteSet {
        let set = ByteSet { byte in
            members.contains(byte) || ranges.contains { $0.contains(Int8(bitPattern: byte)) }
                || classes.contains { $0.contains(byte) }
                || equivalents.contains(CharacterClasses.lowercased(byte))
        }
        return negated ? set.inverted : set
    }
}
