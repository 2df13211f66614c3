internal import GatewayModel
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
    public var rules: [RouteRule] { compiled.rules }
    /// Behind one reference, the table's only field; a lookup reads its flat arrays through plain pointers.
    private let compiled: Compiled

    /// Immutable once built; its buffers are read-only.
    final class Compiled: @unchecked Sendable {
        let rules: [RouteRule]
        let conditions: [RouteConditions]
        /// Owns the memory of everything below.
        private let arena: Arena
        let guards: UnsafeBufferPointer<RuleGuard>
        let captures: TemplateCaptures
        let caseSensitive: PathTrie
        let caseInsensitive: PathTrie
        let templates: TemplateTrie
        /// Rules no trie can file, in order.
        let unindexed: UnsafeBufferPointer<Candidate>

        init(
            rules: [RouteRule],
            conditions: [RouteConditions],
            arena: Arena,
            caseSensitive: PathTrie,
            caseInsensitive: PathTrie,
            templates: TemplateTrie,
            unindexed: [Candidate]
        ) {
            self.rules = rules
            self.conditions = conditions
            self.arena = arena
            guards = arena.store(conditions.map(\.ruleGuard))
            captures = TemplateCaptures(conditions, in: arena)
            self.caseSensitive = caseSensitive
            self.caseInsensitive = caseInsensitive
            self.templates = templates
            self.unindexed = arena.store(unindexed)
        }
    }

    var conditions: [RouteConditions] { compiled.conditions }

    /// Settings that change how rules compile.
    public struct Options: Sendable, Hashable {
        /// The RE2 program size above which a regex is rejected (Gloo's `regexMaxProgramSize`; Envoy's default 100).
        public var regexMaxProgramSize = SafeRegex.Options.envoyMaxProgramSize
        /// Try every rule in order, as Envoy does, instead of using the index: the same answers, for comparison.
        public var scansLinearly = false

        public init() {}
    }

    /// The rule a request takes, and the variables its URI template captured.
    public struct Match: Sendable, Hashable {
        /// The position of the rule in ``RouteTable/rules``.
        public var rule: Int
        /// The byte ranges, in `:path`, of the named variables of the rule's URI template, in template order
        /// (empty for other rules).
        public var captures: PathCaptures

        init(rule: Int, captures: PathCaptures = PathCaptures()) {
            self.rule = rule
            self.captures = captures
        }
    }

    /// Compiles `rules`. Throws for a rule Envoy would reject (an invalid regex or URI template), naming it.
    public init(_ rules: [RouteRule], options: Options = Options()) throws(RoutingError) {
        try self.init(rules, options: options) { "rule \($0)" }
    }

    /// Compiles `rules`, naming a rejected rule with `describe`.
    init(_ rules: [RouteRule], options: Options, describe: (Int) -> String) throws(RoutingError) {
        let regexOptions = SafeRegex.Options(maxProgramSize: options.regexMaxProgramSize)
        // Regexes make compiling the costly part: large tables compile on all cores.
        let results = Parallel.map(rules, minimumCount: 256) { (rule) -> Result<RouteConditions, RoutingError> in
            Result { () throws(RoutingError) in try RouteConditions(rule, regexOptions: regexOptions) }
        }
        var conditions: [RouteConditions] = []
        conditions.reserveCapacity(rules.count)
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let rule): conditions.append(rule)
            case .failure(let error): throw RoutingError(error.code, "\(describe(index)): \(error.message)")
            }
        }
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
            if options.scansLinearly {
                unindexed.append(guarded)
                continue
            }
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
        let arena = Arena()
        caseSensitive.finish(in: arena)
        caseInsensitive.finish(in: arena)
        templates.finish(in: arena)
        compiled = Compiled(
            rules: rules,
            conditions: conditions,
            arena: arena,
            caseSensitive: caseSensitive,
            caseInsensitive: caseInsensitive,
            templates: templates,
            unindexed: unindexed
        )
    }

    /// The first rule `request` meets, if any.
    public func firstMatch(_ request: RouteRequest) -> Match? {
        compiled.firstMatch(request)
    }

    /// The first rule `request` meets, found by trying every rule in order as Envoy does: the reference the
    /// index is tested against.
    func linearMatch(_ request: RouteRequest) -> Match? {
        MatchInput.with(request) { input in
            conditions.firstIndex { $0.firstMismatch(input) == nil }.map { rule in
                guard case .template(let template) = conditions[rule].path else { return Match(rule: rule) }
                return Match(rule: rule, captures: template.regexCaptures(in: input.path))
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

extension RouteTable.Compiled {
    @inline(__always)
    func firstMatch(_ request: RouteRequest) -> RouteTable.Match? {
        MatchInput.with(request) { input in
            guard let rule = firstRule(input) else { return nil }
            return RouteTable.Match(rule: rule, captures: captures.captures(of: rule, in: input.path))
        }
    }

    private func firstRule(_ input: MatchInput) -> Int? {
        var search = RuleSearch(input: input, table: self)
        if !caseSensitive.isEmpty {
            search.consider(caseSensitive.lists, caseSensitive.candidates(for: input.path))
        }
        if !caseInsensitive.isEmpty {
            search.consider(caseInsensitive.lists, caseInsensitive.candidates(for: input.path))
        }
        if !templates.isEmpty { templates.search(&search) }
        if !unindexed.isEmpty { search.consider(unindexed, 0..<Int32(unindexed.count)) }
        return search.best == .max ? nil : Int(search.best)
    }
}

/// One lookup: the best rule found so far, lowered as the indexes offer candidates.
struct RuleSearch {
    let input: MatchInput
    /// Alive for the whole lookup, which runs in one of its methods: no reference counting needed.
    private unowned(unsafe) let table: RouteTable.Compiled
    private let guards: UnsafeBufferPointer<RuleGuard>
    private(set) var best = Int32.max

    init(input: MatchInput, table: RouteTable.Compiled) {
        self.input = input
        self.table = table
        guards = table.guards
    }

    /// Lowers `best` to the first candidate of `lists[range]` (in rule order) below it whose conditions hold.
    @inline(__always)
    mutating func consider(_ lists: UnsafeBufferPointer<Candidate>, _ range: Range<Int32>) {
        for index in Int(range.lowerBound)..<Int(range.upperBound) {
            let candidate = lists[index]
            guard candidate.rule < best else { return }
            if candidate.unconditional || holds(candidate) {
                best = candidate.rule
                return
            }
        }
    }
}

extension RuleSearch {
    /// Whether the rule's conditions hold, reading its guard first and its conditions only when the guard cannot
    /// tell.
    @inline(__always)
    private func holds(_ candidate: Candidate) -> Bool {
        let ruleGuard = guards[Int(candidate.rule)]
        guard candidate.pathKnown, !ruleGuard.needsConditions else { return conditionsHold(candidate) }
        return ruleGuard.methods.isEmpty || !ruleGuard.methods.isDisjoint(with: input.method)
    }

    /// Kept out of line: rare, and large enough to slow every caller it would be inlined into.
    @inline(never)
    private func conditionsHold(_ candidate: Candidate) -> Bool {
        table.conditions[Int(candidate.rule)].firstMismatch(input, pathKnown: candidate.pathKnown) == nil
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
