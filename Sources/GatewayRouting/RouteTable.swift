internal import GatewayRegex

/// Routes compiled for matching with Envoy's semantics: the answer is the first rule, in order, whose conditions
/// all hold.
///
/// Envoy tries every route in turn. The table instead files prefix and exact paths in byte tries (one
/// case-sensitive, one folding ASCII case), URI templates in a segment trie, and regexes, separated prefixes and
/// templates the segment trie cannot hold under their literal prefix. A lookup walks the path once per trie and
/// checks, in rule order, only the rules that path can take, stopping at a rule that is already worse than the
/// best one found. Rules nothing can file (regexes without a literal prefix, `connect`) are checked in order as
/// well. Nothing is allocated per lookup.
public struct RouteTable: Sendable {
    /// The rules as given.
    public let rules: [RouteRule]
    let conditions: [RouteConditions]
    private let caseSensitive: PathTrie
    private let caseInsensitive: PathTrie
    private let templates: TemplateTrie
    /// Rules no trie can file, in order.
    private let unindexed: [Candidate]

    /// Settings that change how rules compile.
    public struct Options: Sendable, Hashable {
        /// The RE2 program size above which a regex is rejected (Gloo's `regexMaxProgramSize`; Envoy's default 100).
        public var regexMaxProgramSize = SafeRegex.Options.envoyMaxProgramSize

        public init() {}
    }

    /// The rule a request takes, and the variables its URI template captured.
    public struct Match: Sendable, Hashable {
        /// The position of the rule in ``RouteTable/rules``.
        public var rule: Int
        /// The byte ranges, in `:path`, of the named variables of the rule's URI template, in template order
        /// (empty for other rules).
        public var captures: PathCaptures
    }

    /// Compiles `rules`. Throws for a rule Envoy would reject (an invalid regex or URI template), naming it.
    public init(_ rules: [RouteRule], options: Options = Options()) throws(RoutingError) {
        try self.init(rules, options: options) { "rule \($0)" }
    }

    /// Compiles `rules`, naming a rejected rule with `describe`.
    init(_ rules: [RouteRule], options: Options, describe: (Int) -> String) throws(RoutingError) {
        var regexOptions = SafeRegex.Options.envoy
        regexOptions.maxProgramSize = options.regexMaxProgramSize
        var conditions: [RouteConditions] = []
        conditions.reserveCapacity(rules.count)
        for (index, rule) in rules.enumerated() {
            do {
                conditions.append(try RouteConditions(rule, regexOptions: regexOptions))
            } catch {
                throw RoutingError(error.code, "\(describe(index)): \(error.message)")
            }
        }
        self.rules = rules
        self.conditions = conditions
        var caseSensitive = PathTrie(foldsCase: false)
        var caseInsensitive = PathTrie(foldsCase: true)
        var templates = TemplateTrie()
        var unindexed: [Candidate] = []
        for (index, conditions) in conditions.enumerated() {
            let rule = Int32(index)
            // Filed where reaching the node proves the path.
            let proven = Candidate(rule: rule, unconditional: conditions.isPathOnly, pathKnown: true)
            // Filed under a literal prefix the path must have; the path is still checked.
            let guarded = Candidate(rule: rule, unconditional: false, pathKnown: false)
            switch conditions.path {
            case .prefix(let prefix, let ignoringCase):
                if ignoringCase {
                    caseInsensitive.insert(prefix: prefix, proven)
                } else {
                    caseSensitive.insert(prefix: prefix, proven)
                }
            case .exact(let path, let ignoringCase):
                if ignoringCase {
                    caseInsensitive.insert(exact: path, proven)
                } else {
                    caseSensitive.insert(exact: path, proven)
                }
            case .separatedPrefix(let prefix, let ignoringCase):
                if ignoringCase {
                    caseInsensitive.insert(prefix: prefix, guarded)
                } else {
                    caseSensitive.insert(prefix: prefix, guarded)
                }
            case .template(let template):
                if let segments = template.segments {
                    templates.insert(segments, proven)
                } else if !template.regex.literalPrefix.isEmpty {
                    caseSensitive.insert(prefix: template.regex.literalPrefix, guarded)
                } else {
                    unindexed.append(guarded)
                }
            case .regex(let regex) where !regex.literalPrefix.isEmpty:
                caseSensitive.insert(prefix: regex.literalPrefix, guarded)
            case .regex, .connect:
                unindexed.append(guarded)
            }
        }
        caseSensitive.finish()
        caseInsensitive.finish()
        templates.finish()
        self.caseSensitive = caseSensitive
        self.caseInsensitive = caseInsensitive
        self.templates = templates
        self.unindexed = unindexed
    }

    /// The first rule `request` meets, if any.
    public func firstMatch(_ request: RouteRequest) -> Match? {
        MatchInput.with(request) { input -> Match? in
            var best = Int32.max
            let accept = { (candidate: Candidate) -> Bool in
                candidate.unconditional
                    || conditions[Int(candidate.rule)].firstMismatch(input, pathKnown: candidate.pathKnown) == nil
            }
            caseSensitive.candidates(for: input.path).scan(below: &best, accept)
            if !caseInsensitive.isEmpty {
                caseInsensitive.candidates(for: input.path).scan(below: &best, accept)
            }
            if !templates.isEmpty {
                templates.search(input.path, below: &best, accept)
            }
            unindexed.scan(below: &best, accept)
            guard best != .max else { return nil }
            return Match(rule: Int(best), captures: captures(of: Int(best), in: input.path))
        }
    }

    /// The variables `rule`'s template captures in `path`, found as the trie does or as Envoy's regex does.
    private func captures(of rule: Int, in path: UnsafeBufferPointer<UInt8>, byRegex: Bool = false) -> PathCaptures {
        guard case .template(let template) = conditions[rule].path else { return PathCaptures() }
        return byRegex ? template.regexCaptures(in: path) : template.captures(in: path)
    }

    /// The first rule `request` meets, found by trying every rule in order as Envoy does: the reference the
    /// index is tested against.
    func linearMatch(_ request: RouteRequest) -> Match? {
        MatchInput.with(request) { input in
            conditions.firstIndex { $0.firstMismatch(input) == nil }.map {
                Match(rule: $0, captures: captures(of: $0, in: input.path, byRegex: true))
            }
        }
    }

    /// Why each rule before the one `request` takes did not take it, in order, and then the match (every rule,
    /// when none matches): `nil` for the rule that takes it.
    public func explain(_ request: RouteRequest) -> [Mismatch?] {
        MatchInput.with(request) { input in
            var explanations: [Mismatch?] = []
            for rule in conditions {
                let mismatch = rule.firstMismatch(input)
                explanations.append(mismatch)
                if mismatch == nil { break }
            }
            return explanations
        }
    }

    /// The named variables of `match`'s URI template with the text each captured in `request`'s path.
    public func variables(of match: Match, in request: RouteRequest) -> [(name: String, value: Substring)] {
        guard case .template(let template) = conditions[match.rule].path else { return [] }
        let path = Substring(request.path).utf8
        return zip(template.variableNames, match.captures).map { name, range in
            let start = path.index(path.startIndex, offsetBy: range.lowerBound)
            let end = path.index(start, offsetBy: range.count)
            return (name, Substring(path[start..<end]))
        }
    }
}

/// A rule filed in an index.
struct Candidate: Sendable {
    var rule: Int32
    /// Reaching it proves every condition: the path and nothing else to check.
    var unconditional: Bool
    /// Reaching it proves the path.
    var pathKnown: Bool
}

extension [Candidate] {
    /// Lowers `best` to the first candidate below it that `accept` takes (the list is in rule order).
    @inline(__always)
    func scan(below best: inout Int32, _ accept: (Candidate) -> Bool) {
        for candidate in self {
            guard candidate.rule < best else { return }
            if accept(candidate) {
                best = candidate.rule
                return
            }
        }
    }
}
