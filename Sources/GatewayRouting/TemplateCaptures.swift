/// How to read each rule's template variables out of a path it matched, laid out flat so that a lookup reads it
/// without retaining anything. A trie template's variables are whole segments (or the rest after `/`), found by
/// walking the path; other templates' are found by their regex.
struct TemplateCaptures: Sendable {
    private enum Step: UInt8, Sendable {
        case skipSegment, captureSegment, captureRest
    }

    private enum Plan: Sendable {
        case none
        case steps(Range<Int32>)
        case regex(URITemplate)
    }

    private let plans: [Plan]
    private let steps: [Step]

    init(_ conditions: [RouteConditions]) {
        var plans: [Plan] = []
        var steps: [Step] = []
        for rule in conditions {
            guard case .template(let template) = rule.path, !template.variableNames.isEmpty else {
                plans.append(.none)
                continue
            }
            guard let segments = template.segments else {
                plans.append(.regex(template))
                continue
            }
            let start = Int32(steps.count)
            // Steps up to the last capture are enough.
            let used = (template.capturing.lastIndex(of: true) ?? -1) + 1
            for (segment, captures) in zip(segments, template.capturing).prefix(used) {
                steps.append(captures ? (segment == .rest ? .captureRest : .captureSegment) : .skipSegment)
            }
            plans.append(.steps(start..<Int32(steps.count)))
        }
        self.plans = plans
        self.steps = steps
    }

    /// The variables `rule`'s template captured in `path`, which it is known to match.
    func captures(of rule: Int, in path: UnsafeBufferPointer<UInt8>) -> PathCaptures {
        switch plans[rule] {
        case .none:
            return PathCaptures()
        case .regex(let template):
            return template.regexCaptures(in: path)
        case .steps(let range):
            var captures = PathCaptures()
            var position = 0
            steps.withUnsafeBufferPointer { steps in
                for step in steps[Int(range.lowerBound)..<Int(range.upperBound)] {
                    let start = position + 1
                    var end = path.count
                    if step != .captureRest {
                        end = start
                        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
                    }
                    if step != .skipSegment { captures.append(start..<end) }
                    position = end
                }
            }
            return captures
        }
    }
}
