/// An ECMAScript pattern, as C++ `std::regex` (libstdc++, `char`, `std::regex::optimize`) reads it, translated into
/// RE2 syntax with the same matches and groups for GatewayRegex's linear-time engine.
///
/// Translation:
/// - ``PatternParser`` reads the pattern with libstdc++'s grammar and error messages;
/// - ``PatternLowering`` rewrites loops that can match the empty string, where RE2's and libstdc++'s answers
///   would differ;
/// - ``RE2PatternWriter`` spells the result in RE2 syntax with byte semantics: `.` is any byte but `\n` and `\r`,
///   `\s` includes `\v`, classes are ASCII-only, and a byte above 0x7F is one character (see
///   ``Latin1Transcoding``).
struct ECMAScriptPattern: Sendable {
    /// The pattern as configured.
    let source: String
    /// `std::regex::mark_count()`: the number of capturing groups.
    let markCount: Int
    /// The pattern rewritten for RE2 semantics, or why it cannot be.
    private let lowered: Result<EngineNode, PatternError>

    /// Parses and rewrites `source`.
    ///
    /// - Throws: ``PatternError`` with `std::regex`'s message if libstdc++ rejects the pattern. A pattern that
    ///   `std::regex` accepts but that cannot run in linear time (backreferences, lookahead, counts above 1000, a
    ///   greedy loop that can match empty only through an assertion) is created, and ``re2Pattern(nonEmpty:keepCaptures:)``
    ///   throws ``PatternError/Kind/unsupported`` naming the construct.
    init(_ source: String) throws(PatternError) {
        let parsed = try PatternParser.parse(Array(source.utf8))
        self.source = source
        self.markCount = parsed.markCount
        if let unsupported = parsed.unsupported {
            lowered = .failure(unsupported)
        } else {
            do {
                lowered = .success(try PatternLowering.lower(parsed.root))
            } catch {
                lowered = .failure(error)
            }
        }
    }

    /// The RE2 pattern text, and for each of its groups the ECMAScript group it copies; nil if `nonEmpty` is set
    /// and the pattern can only match the empty string.
    ///
    /// - Parameters:
    ///   - nonEmpty: match only non-empty text, as a search with `std::regex_constants::match_not_null` does.
    ///   - keepCaptures: keep the groups; without them the engine never needs its submatch pass.
    func re2Pattern(nonEmpty: Bool, keepCaptures: Bool) throws(PatternError) -> (text: String, groups: [Int])? {
        let lowered = try self.lowered.get()
        let node: EngineNode
        if nonEmpty {
            guard let consuming = try PatternLowering.nonEmpty(lowered) else { return nil }
            node = consuming
        } else {
            node = lowered
        }
        let writer = RE2PatternWriter(node, keepCaptures: keepCaptures)
        return (writer.text, writer.groups)
    }
}
