internal import GatewayRegex

/// Checks regular expressions the way Envoy does before it accepts a `safe_regex`: RE2 syntax and Envoy's
/// default program size limit (100). Envoy rejects a whole RouteConfiguration for one bad regex, so every
/// pattern is checked before it is sent. Results are remembered: shared patterns repeat across routes.
struct MatcherRegex {
    private var problems: [String: String?] = [:]

    /// Why Envoy would reject `pattern`, or nil when it accepts it.
    mutating func problem(_ pattern: String) -> String? {
        if let known = problems[pattern] { return known }
        var problem: String?
        if pattern.isEmpty {
            // RegexMatcher.regex has `min_len: 1`.
            problem = "the regex is empty"
        } else {
            do {
                _ = try SafeRegex(pattern, options: .envoy)
            } catch {
                problem = error.description
            }
        }
        problems[pattern] = .some(problem)
        return problem
    }

    /// Checks `pattern`, recording an error naming `what` when Envoy would reject it; true when it is valid.
    mutating func check(_ pattern: String, _ what: String, report: inout ListenerPartReport) -> Bool {
        guard let problem = problem(pattern) else { return true }
        report.fail("\(what) '\(pattern)' is not a regex Envoy accepts: \(problem)")
        return false
    }

    /// Adds the verdicts `other` reached.
    mutating func merge(_ other: MatcherRegex) {
        problems.merge(other.problems) { mine, _ in mine }
    }
}
