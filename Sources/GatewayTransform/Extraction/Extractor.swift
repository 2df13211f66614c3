public import GatewayModel

/// One extractor of a transformation template (`Extraction`), compiled at configuration time and applied to a
/// header value or a body with envoy-gloo's semantics, in time linear in the input.
///
/// The regex is C++ `std::regex` ECMAScript syntax, as envoy-gloo uses it, not RE2: `.` excludes `\n` and `\r`
/// (hence `[\s\S]*` in Gloo's documentation), `[[:alnum:]]` works, and the input is matched byte by byte. The
/// answers are those of libc++'s `std::regex` (LLVM's C++ library, which envoy-gloo's release builds link; verified
/// with libc++ 14 on x86-64 Linux), computed by GatewayRegex's automata instead of by backtracking, so a 1 MB body
/// takes milliseconds. That includes libc++'s own rules: what it rejects (`a**`, `\e`, a stray `]`) and its error
/// texts, `\cJ` as a line feed, and groups inside a loop reset at each iteration (`(?:(a)|b)*` on "ab" leaves group
/// 1 empty). One libc++ behaviour is not reproduced: when its backtracking takes more than 4096 steps per byte of
/// input left, libc++ throws `error_complexity` while matching, which envoy-gloo turns into a 400 response
/// (`bad request: The complexity of an attempted match ...`); here the match is answered.
///
/// ```swift
/// var extraction = Extraction()
/// extraction.body = Extraction.Body()
/// extraction.regex = "[\\s\\S]*id: ([0-9]{4})[\\s\\S]*"
/// extraction.subgroup = 1
/// let extractor = try Extractor(name: "id", extraction)
/// extractor.apply(to: "x\nid: 1234\ny")  // "1234"
/// ```
///
/// The modes, as envoy-gloo's `Extractor` runs them:
/// - ``GatewayModel/Extraction/Mode/extract``: `std::regex_match` on the whole input; the text of group
///   ``subgroup``, or empty if the input does not match (or the group did not take part).
/// - ``GatewayModel/Extraction/Mode/singleReplace``: `std::regex_search`; if its first match spans the whole input,
///   the text of group ``subgroup`` is replaced by the replacement text, literally. A group that did not take part
///   counts as empty at the end of the input, where the text is then inserted. Otherwise the input is unchanged.
/// - ``GatewayModel/Extraction/Mode/replaceAll``: `std::regex_replace(input, regex, replacement,
///   match_not_null)`: every non-empty match, left to right, is replaced by the replacement text with ECMAScript's
///   `$` rules (`$&` the match, `$1` to `$99` its groups, `` $` `` and `$'` the text before and after it, `$$` a
///   dollar sign; the text ends at a NUL byte); the input is unchanged if nothing matches.
///
/// For a ``Source/header(_:)`` source whose header is missing, envoy-gloo does not run the regex: the result is
/// empty in every mode. Callers should return the empty string then rather than apply the extractor to empty input,
/// which differs when the regex matches the empty string (a present but empty header value).
public struct Extractor: Sendable {
    /// Where an extractor reads its input: a header (lower-cased name) or the body.
    public typealias Source = Extraction.Source

    /// The extractor's name, the key in the template's `extractors` map.
    public let name: String
    /// The input: ``Source/header(_:)`` with the name in lower case (the first value of that header), or
    /// ``Source/body``.
    public let source: Source
    /// What the extractor produces.
    public let mode: Extraction.Mode
    /// The group taken (extract) or replaced (single replace); 0 is the whole match.
    public let subgroup: Int
    /// The regex as configured.
    public let regex: String

    let matcher: ECMAScriptRegex
    /// The replacement text's bytes.
    let replacement: [UInt8]
    /// The parsed replacement text, in replace-all mode.
    let format: ReplacementFormat?

    /// The largest RE2 program size (GatewayRegex's ``GatewayRegex/SafeRegex/programSize``) an extractor's
    /// rewritten regex may have. The engine's worst case is proportional to input length × program size, so this
    /// bounds the cost of a 1 MB body; Gloo's documented extractors are below 50.
    public static let maxProgramSize = 2_000

    /// Compiles `extraction`, checking it as Gloo's translator (`translateExtractor` in
    /// `projects/gloo/pkg/plugins/transformation/plugin.go`) and then envoy-gloo's `Extractor` constructor do.
    ///
    /// - Throws: ``TransformError`` with code ``TransformError/Code/invalidConfiguration`` and Gloo's message for a
    ///   mode/field mismatch (`replacement text should not be set for extractor NAME in mode EXTRACT`,
    ///   `replacement text must be set for extractor NAME in mode SINGLE_REPLACE`, `subgroup should not be set for
    ///   extractor NAME in mode REPLACE_ALL`), or with ``TransformError/Code/invalidRegex`` and envoy-gloo's message
    ///   for a regex `std::regex` rejects (`Invalid regex '<regex>': <what()>`, with libc++'s `what()`) or one
    ///   that cannot run in linear time (same prefix, then the construct and the reason), and for a group the
    ///   regex does not have (`group N requested for regex with only M sub groups`).
    public init(name: String, _ extraction: Extraction) throws(TransformError) {
        let mode = extraction.mode ?? .extract
        let subgroup = Int(extraction.subgroup ?? 0)
        try Self.checkModeFields(name: name, mode: mode, subgroup: subgroup, extraction.replacementText)
        let source: Source
        switch (extraction.header, extraction.body) {
        case (nil, _?):
            source = .body
        case (let header?, nil):
            source = .header(String(decoding: header.utf8.map(CharacterClasses.lowercased), as: UTF8.self))
        case (nil, nil):
            // Without a source envoy-gloo reads the header named "", which is never present.
            source = .header("")
        case (_?, _?):
            throw TransformError(
                .invalidConfiguration,
                "extractor \(name) sets both header and body; the source is a oneof and takes only one"
            )
        }

        let regex = extraction.regex ?? ""
        func invalid(_ error: PatternError) -> TransformError {
            TransformError(.invalidRegex, "Invalid regex '\(regex)': \(error.message)")
        }
        let pattern: ECMAScriptPattern
        do {
            pattern = try ECMAScriptPattern(regex)
        } catch {
            throw invalid(error)
        }
        guard subgroup <= pattern.markCount else {
            throw TransformError(
                .invalidRegex,
                "group \(subgroup) requested for regex with only \(pattern.markCount) sub groups"
            )
        }
        let format =
            mode == .replaceAll
            ? ReplacementFormat(Array((extraction.replacementText ?? "").utf8), markCount: pattern.markCount) : nil
        let matcher: ECMAScriptRegex
        do {
            matcher = try ECMAScriptRegex(
                pattern,
                nonEmpty: mode == .replaceAll,
                keepCaptures: format.map(\.needsGroups) ?? (subgroup > 0),
                maxProgramSize: Self.maxProgramSize
            )
        } catch {
            throw invalid(error)
        }
        self.name = name
        self.source = source
        self.mode = mode
        self.subgroup = subgroup
        self.regex = regex
        self.matcher = matcher
        self.replacement = Array((extraction.replacementText ?? "").utf8)
        self.format = format
    }

    /// Gloo's checks of the fields each mode needs (plugin.go `translateExtractor`), which run before Envoy sees the
    /// regex. envoy-gloo checks the same things again with its own words, never reached after Gloo's.
    private static func checkModeFields(
        name: String,
        mode: Extraction.Mode,
        subgroup: Int,
        _ replacement: String?
    )
        throws(TransformError)
    {
        let message: String? =
            switch mode {
            case .extract:
                (replacement ?? "").isEmpty ? nil : "replacement text should not be set"
            case .singleReplace:
                replacement == nil ? "replacement text must be set" : nil
            case .replaceAll:
                subgroup != 0
                    ? "subgroup should not be set" : replacement == nil ? "replacement text must be set" : nil
            }
        if let message {
            throw TransformError(.invalidConfiguration, "\(message) for extractor \(name) in mode \(mode.rawValue)")
        }
    }
}
