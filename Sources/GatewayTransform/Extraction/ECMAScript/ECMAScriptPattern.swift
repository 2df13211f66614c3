/// An ECMAScript pattern, as C++ `std::regex` reads it in libc++ (LLVM's C++ library, which envoy-gloo's release
/// builds use; `char`, `std::regex::optimize`, the "C" locale), translated into RE2 syntax with the same matches and
/// groups for GatewayRegex's linear-time engine.
///
/// Translation:
/// - ``PatternParser`` reads the pattern with libc++'s grammar and error messages;
/// - ``PatternLowering`` rewrites loops for libc++'s rules: groups are reset at each iteration, and an empty
///   iteration ends a loop, where RE2's answers would differ;
/// - ``RE2PatternWriter`` spells the result in RE2 syntax with byte semantics: `.` is any byte but `\n` and `\r`,
///   `\s` includes `\v`, classes are ASCII-only, and a byte above 0x7F is one character (see
///   ``Latin1Transcoding``).
struct ECMAScriptPattern: Sendable {
    /// One RE2 pattern and what each of its groups records (index 0 is the whole match).
    struct Written: Hashable, Sendable {
        var text: String
        var slots: [CaptureSlot]
    }

    /// The pattern as configured.
    let source: String
    /// `std::regex::mark_count()`: the number of capturing groups.
    let markCount: Int
    /// The pattern rewritten for RE2 semantics, or why it cannot be.
    private let lowered: Result<LoweredPattern, PatternError>

    /// Parses and rewrites `source`.
    ///
    /// - Throws: ``PatternError`` with `std::regex`'s message if libc++ rejects the pattern. A pattern that
    ///   `std::regex` accepts but that cannot run in linear time (backreferences, lookahead, counts above 1000, some
    ///   greedy loops that can match empty through an assertion) is created, and
    ///   ``programs(nonEmpty:keepCaptures:)`` throws ``PatternError/Kind/unsupported`` naming the construct.
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

    /// The RE2 programs for one kind of question: the whole pattern (nil if `nonEmpty` is set and the pattern can
    /// only match the empty string), and with `keepCaptures`, the body of each loop whose groups are read from its
    /// last iteration (see ``CaptureSlot/iteration(_:)``).
    ///
    /// - Parameters:
    ///   - nonEmpty: match only non-empty text, as a search with `std::regex_constants::match_not_null` does.
    ///   - keepCaptures: keep the groups; without them the engine never needs its submatch pass.
    func programs(nonEmpty: Bool, keepCaptures: Bool) throws(PatternError) -> (main: Written?, loops: [Written]) {
        let lowered = try self.lowered.get()
        var loops: [Written] = []
        if keepCaptures {
            for body in lowered.loops {
                let writer = RE2PatternWriter(body, keepCaptures: true)
                loops.append(Written(text: writer.text, slots: writer.slots))
            }
        }
        let node: EngineNode
        if nonEmpty {
            guard let consuming = try PatternLowering.nonEmpty(lowered.root) else { return (nil, loops) }
            node = consuming
        } else {
            node = lowered.root
        }
        let writer = RE2PatternWriter(node, keepCaptures: keepCaptures)
        return (Written(text: writer.text, slots: writer.slots), loops)
    }
}
