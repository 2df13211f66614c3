/// Kubernetes label selection as Gloo Edge uses it for VirtualServices and RouteTables: equality on a label
/// map, and set-based expressions with Kubernetes' operators and validity rules.
struct LabelSelector: Sendable {
    private var requirements: [Requirement] = []

    /// Every label in `labels` must be present with that value.
    init(matching labels: [String: String]) {
        requirements = labels.keys.sorted().map { Requirement(key: $0, operator: .equals, values: [labels[$0] ?? ""]) }
    }

    /// All expressions must hold. Throws a message naming the first invalid expression.
    init(expressions: [LabelExpression]) throws(SelectorError) {
        for expression in expressions {
            requirements.append(try Requirement(expression))
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    struct SelectorError: Error {
        var message: String
    }

    private struct Requirement {
        var key: String
        var `operator`: LabelExpression.Operator
        var values: [String]

        init(key: String, operator: LabelExpression.Operator, values: [String]) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }

        /// Validates like apimachinery's `NewRequirement`: every problem is collected, and several are reported
        /// together as `[first, second]`.
        init(_ expression: LabelExpression) throws(SelectorError) {
            let op = expression.operator ?? .equals
            let values = expression.values ?? []
            // Kubernetes prints the values as JSON: `["a","b"]`, `[]`, or `null` when absent.
            let shown =
                expression.values.map { list in
                    "[" + list.map { GoText.quoted($0) }.joined(separator: ",") + "]"
                } ?? "null"
            var problems: [String] = []
            let keyProblems = LabelValidation.keyProblems(expression.key)
            if !keyProblems.isEmpty {
                problems.append(
                    "key: Invalid value: \(GoText.quoted(expression.key)): \(keyProblems.joined(separator: "; "))"
                )
            }
            switch op {
            case .in, .notIn:
                if values.isEmpty {
                    problems.append(
                        "values: Invalid value: \(shown): for 'in', 'notin' operators, values set can't be empty"
                    )
                }
            case .equals, .doubleEquals, .notEquals:
                if values.count != 1 {
                    problems.append(
                        "values: Invalid value: \(shown): exact-match compatibility requires one single value"
                    )
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    problems.append(
                        "values: Invalid value: \(shown): values set must be empty for exists and does not exist"
                    )
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    problems.append(
                        "values: Invalid value: \(shown): for 'Gt', 'Lt' operators, exactly one value is required"
                    )
                }
                for (index, value) in values.enumerated() where Int64(value) == nil {
                    problems.append(
                        "values[\(index)]: Invalid value: \(GoText.quoted(value)): for 'Gt', 'Lt' operators, the value must be an integer"
                    )
                }
            }
            for (index, value) in values.enumerated() {
                let valueProblems = LabelValidation.valueProblems(value)
                if !valueProblems.isEmpty {
                    problems.append(
                        "values[\(index)][\(expression.key)]: Invalid value: \(GoText.quoted(value)): \(valueProblems.joined(separator: "; "))"
                    )
                }
            }
            let distinct = problems.uniqued()
            switch distinct.count {
            case 0: break
            case 1: throw SelectorError(message: distinct[0])
            default: throw SelectorError(message: "[" + distinct.joined(separator: ", ") + "]")
            }
            self.init(key: expression.key, operator: op, values: values)
        }

        func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch `operator` {
            case .equals, .doubleEquals, .in:
                return value.map(values.contains) ?? false
            case .notEquals, .notIn:
                return value.map { !values.contains($0) } ?? true
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                return `operator` == .greaterThan ? actual > bound : actual < bound
            }
        }
    }
}
