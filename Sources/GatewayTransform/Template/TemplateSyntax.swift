/// A parsed template expression. Positions are byte offsets into the template as given (a byte order mark
/// included), which is what render errors report as line and column.
indirect enum TemplateExpression: Sendable {
    case literal(JSONValue)
    /// A variable: local data (`set`, loop variables), then the JSON context, then a callback of no arguments by
    /// that name.
    case variable(TemplateVariable)
    case builtin(TemplateBuiltin, [TemplateExpression], position: Int)
    /// A callback of the environment, by its index there.
    case callback(Int, [TemplateExpression], position: Int)
}

/// A name in a template and the JSON pointer it reads.
struct TemplateVariable: Sendable {
    var name: [UInt8]
    var pointer: JSONPointer
    var position: Int
}

/// The operators and built-in functions of the Inja dialect.
enum TemplateBuiltin: Sendable {
    case not, and, or, `in`
    case equal, notEqual, greater, greaterEqual, less, lessEqual
    case add, subtract, multiply, divide, power, modulo
    /// `expression.name`, where a `.` follows a parenthesis or a call.
    case member
    case at, `default`, divisibleBy, even, exists, existsIn, first, float, int
    case isArray, isBoolean, isFloat, isInteger, isNumber, isObject, isString
    case last, length, lower, max, min, odd, range, round, sort, upper, `super`, join

    /// Built-in functions by name and number of arguments (`super` takes zero or one).
    static func function(named name: [UInt8], arguments: Int) -> TemplateBuiltin? {
        let key = String(decoding: name, as: UTF8.self)
        if key == "super" { return arguments <= 1 ? .super : nil }
        guard let (builtin, arity) = functions[key], arity == arguments else { return nil }
        return builtin
    }

    private static let functions: [String: (TemplateBuiltin, Int)] = [
        "at": (.at, 2), "default": (.default, 2), "divisibleBy": (.divisibleBy, 2), "even": (.even, 1),
        "exists": (.exists, 1), "existsIn": (.existsIn, 2), "first": (.first, 1), "float": (.float, 1),
        "int": (.int, 1), "isArray": (.isArray, 1), "isBoolean": (.isBoolean, 1), "isFloat": (.isFloat, 1),
        "isInteger": (.isInteger, 1), "isNumber": (.isNumber, 1), "isObject": (.isObject, 1),
        "isString": (.isString, 1), "last": (.last, 1), "length": (.length, 1), "lower": (.lower, 1),
        "max": (.max, 1), "min": (.min, 1), "odd": (.odd, 1), "range": (.range, 1), "round": (.round, 2),
        "sort": (.sort, 1), "upper": (.upper, 1), "join": (.join, 2),
    ]

    /// Operator precedence and associativity, as Inja's parser orders them.
    var precedence: Int {
        switch self {
        case .and, .or: 1
        case .in, .equal, .notEqual, .greater, .greaterEqual, .less, .lessEqual: 2
        case .add, .subtract: 3
        case .not, .multiply, .divide, .modulo: 4
        case .power: 5
        default: 8
        }
    }

    var isRightAssociative: Bool { self == .power }
    var operandCount: Int { self == .not ? 1 : 2 }
}

/// A parsed template node.
indirect enum TemplateNode: Sendable {
    /// Bytes of the template copied as they are.
    case text(Range<Int>)
    /// `{{ expression }}`; `nil` when empty, which is an error only when rendered.
    case print(TemplateExpression?, position: Int)
    case condition(TemplateExpression?, position: Int, then: [TemplateNode], else: [TemplateNode]?)
    case forArray(value: [UInt8], TemplateExpression?, position: Int, body: [TemplateNode])
    case forObject(key: [UInt8], value: [UInt8], TemplateExpression?, position: Int, body: [TemplateNode])
    /// The pointer, or the error building it gave (reported when the statement renders, as Inja does).
    case set(Result<JSONPointer, TransformError>, TemplateExpression?, position: Int)
    /// `include` and `extends`: the dialect has no files, so rendering one fails.
    case include(name: String, extends: Bool, position: Int)
    case block(name: [UInt8], body: [TemplateNode])
}
