/// A regular expression in RE2 syntax, compiled once and matched in time linear in the input.
///
/// `SafeRegex` accepts exactly the patterns Google RE2 accepts (Envoy's `safe_regex`), gives the same matches and
/// submatches, and rejects everything else with RE2's error text. It never backtracks: matching costs one table
/// lookup per input byte on the fast path, and time proportional to input length × pattern size in the worst case,
/// with memory that depends on the pattern alone.
///
/// ```swift
/// let route = try SafeRegex("/api/v[0-9]+/users/[^/]+/orders")
/// route.matches("/api/v2/users/42/orders")     // true: the whole path matches, as Envoy requires
///
/// let version = try SafeRegex("v([0-9]+)")
/// if let match = version.firstMatch(in: "GET /api/v12/users") {
///     match.substring(1, in: "GET /api/v12/users")  // "12"
/// }
/// ```
///
/// Positions in results are UTF-8 byte offsets into the input.
public struct SafeRegex: Sendable {
    /// The pattern as written.
    public let pattern: String
    /// The options the pattern was compiled with.
    public let options: Options
    /// RE2's program size for this pattern (`RE2::ProgramSize()`), the figure Envoy's `max_program_size` limits.
    public let programSize: Int
    /// The number of capturing groups, not counting the whole match.
    public let captureCount: Int
    /// Named groups and their indexes; a name used twice maps to its first group, as in RE2.
    public let captureNames: [String: Int]

    let engine: MatchingEngine
    let analysis: PatternAnalysis

    /// Compiles `pattern`.
    ///
    /// - Throws: ``RegexError`` naming RE2's error, the offending fragment and its byte offset, or
    ///   ``RegexError/Code/programTooLarge`` when ``Options/maxProgramSize`` is exceeded.
    public init(_ pattern: String, options: Options = Options()) throws(RegexError) {
        var flags: ParseFlags = []
        if options.caseInsensitive { flags.insert(.foldCase) }
        if options.dotMatchesNewline { flags.insert(.dotMatchesNewline) }
        let parsed = try Parser.parse(pattern, flags: flags)
        // The size Envoy limits is RE2's, so it is counted the way RE2 compiles, not from our own program.
        guard let size = RE2ProgramSize.measure(parsed.root) else {
            throw RegexError(code: .patternTooLarge, offset: 0)
        }
        if let limit = options.maxProgramSize, size > limit {
            throw RegexError(
                code: .programTooLarge,
                fragment: pattern,
                offset: 0,
                message: "regex '\(pattern)' RE2 program size of \(size) > max program size of \(limit) "
                    + "set for the error level threshold. Increase configured max program size if necessary."
            )
        }
        guard let program = RE2Compiler.forwardProgram(for: parsed.root, captureCount: parsed.captureCount) else {
            throw RegexError(code: .patternTooLarge, offset: 0)
        }
        let reverse = try Compiler.compileReversed(parsed.root)
        self.pattern = pattern
        self.options = options
        self.programSize = size
        self.captureCount = parsed.captureCount
        self.captureNames = parsed.captureNames
        self.engine = MatchingEngine(
            program: program.flattened(),
            reverse: reverse,
            captureCount: parsed.captureCount
        )
        self.analysis = PatternAnalysis(parsed.root)
    }
}

extension SafeRegex: Hashable {
    public static func == (lhs: SafeRegex, rhs: SafeRegex) -> Bool {
        lhs.pattern == rhs.pattern && lhs.options == rhs.options
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(options)
    }
}

extension SafeRegex: CustomStringConvertible {
    public var description: String { pattern }
}
