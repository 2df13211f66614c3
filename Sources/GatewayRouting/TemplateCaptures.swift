/// How to read each rule's template variables out of a path it matched, laid out flat so that a lookup reads it
/// without retaining anything. A trie template's variables are whole segments (or the rest after `/`), found by
/// walking the path; other templates' are found by their regex.
///
/// Its arrays live in the table's arena and are read-only.
struct TemplateCaptures: @unchecked Sendable {
    private enum Step: UInt8, Sendable {
        case skipSegment, captureSegment, captureRest
    }

    /// A rule's steps; `regex` for a template the regex must read.
    private struct Plan: Sendable {
        var steps: Range<Int32>
        var regex: Bool
    }

    private let plans: UnsafeBufferPointer<Plan>
    private let steps: UnsafeBufferPointer<Step>
    /// The templates of the rules whose plan says `regex`.
    private let templates: [Int: URITemplate]

    init(_ conditions: [RouteConditions], in arena: Arena) {
        var plans: [Plan] = []
        var steps: [Step] = []
        var templates: [Int: URITemplate] = [:]
        for (rule, conditions) in conditions.enumerated() {
            guard case .template(let template) = conditions.path, !template.variableNames.isEmpty else {
                plans.append(Plan(steps: 0..<0, regex: false))
                continue
            }
            guard let segments = template.segments else {
                plans.append(Plan(steps: 0..<0, regex: true))
                templates[rule] = template
                continue
            }
            let start = Int32(steps.count)
            // Steps up to the last capture are enough.
            let used = (template.capturing.lastIndex(of: true) ?? -1) + 1
            for (segment, captures) in zip(segments, template.capturing).prefix(used) {
                steps.append(captures ? (segment == .rest ? .captureRest : .captureSegment) : .skipSegment)
            }
            plans.append(Plan(steps: start..<Int32(steps.count), regex: false))
        }
        self.plans = arena.store(plans)
        self.steps = arena.store(steps)
        self.templates = templates
    }

    /// The variables `rule`'s template captured in `path`, which it is known to match.
    @inline(__always)
    func captures(of rule: Int, in path: UnsafeBufferPointer<UInt8>) -> PathCaptures {
        let plan = plans[rule]
        if plan.regex { return templates[rule]?.regexCaptures(in: path) ?? PathCaptures() }
        var captures = PathCaptures()
        var position = 0
        for step in steps[Int(plan.steps.lowerBound)..<Int(plan.steps.upperBound)] {
            let start = position + 1
            var end = path.count
            if step != .captureRest {
                end = start
                while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
            }
            if step != .skipSegment { captures.append(start..<end) }
            position = end
        }
        return captures
    }
}
