#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The operators and built-in functions, with nlohmann::json's conversions and errors.
extension TemplateRenderer {
    /// Arrays `range` creates, and the largest a template may ask for.
    static var maximumRange: Int64 { 1 << 20 }

    mutating func evaluate(
        _ builtin: TemplateBuiltin,
        _ arguments: [TemplateExpression],
        at position: Int
    )
        throws(TransformError) -> Evaluation
    {
        func value(_ index: Int) -> TemplateExpression? { index < arguments.count ? arguments[index] : nil }
        switch builtin {
        case .and, .or:
            guard let first = value(0), let second = value(1) else { return .value(.null) }
            // Evaluated into locals first: `require` reads `self` while `evaluate` may write it.
            let leftEvaluation = try evaluate(first)
            let left = Self.isTruthy(try require(leftEvaluation))
            if builtin == .and ? !left : left { return .value(.bool(left)) }
            let rightEvaluation = try evaluate(second)
            return .value(.bool(Self.isTruthy(try require(rightEvaluation))))
        case .default:
            guard let first = value(0), let second = value(1) else { return .value(.null) }
            if case .value(let found) = try evaluate(first) { return .value(found) }
            let fallback = try evaluate(second)
            return .value(try require(fallback))
        case .member:
            return try member(arguments, at: position)
        case .super:
            let levels = try requireAll(arguments)
            if let level = levels.first { _ = try Self.int32(level) }
            if blockDepthIsZero { throw renderError("super() call is not within a block", at: position) }
            throw renderError("level of super() call does not match parent templates (between 1 and 0)", at: position)
        default:
            let values = try requireAll(arguments)
            return .value(try apply(builtin, values, at: position))
        }
    }

    /// `(expression).name`: `name` must not be a variable that exists, and is read as a key of the value.
    private mutating func member(
        _ arguments: [TemplateExpression],
        at position: Int
    ) throws(TransformError)
        -> Evaluation
    {
        guard arguments.count == 2 else { return .value(.null) }
        guard case .value(let container) = try evaluate(arguments[0]) else {
            throw renderError("could not find element with given name", at: position)
        }
        guard case .variable(let variable) = arguments[1], case .missing = try evaluate(arguments[1]) else {
            throw renderError("could not find element with given name", at: position)
        }
        return .value(try Self.at(container, key: .string(variable.name)))
    }

    // swift-format-ignore: NoBlockComments
    private func apply(
        _ builtin: TemplateBuiltin,
        _ values: [JSONValue],
        at position: Int
    ) throws(TransformError)
        -> JSONValue
    {
        let a = values.first ?? .null
        let b = values.count > 1 ? values[1] : .null
        switch builtin {
        case .not: return .bool(!Self.isTruthy(a))
        case .in: return .bool(Self.elements(of: b).contains { JSONOrder.equal($0, a) })
        case .equal: return .bool(JSONOrder.equal(a, b))
        case .notEqual: return .bool(JSONOrder.notEqual(a, b))
        case .greater: return .bool(JSONOrder.greater(a, b))
        case .greaterEqual: return .bool(JSONOrder.greaterOrEqual(a, b))
        case .less: return .bool(JSONOrder.less(a, b))
        case .lessEqual: return .bool(JSONOrder.lessOrEqual(a, b))
        case .add:
            if case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
            if a.isInteger && b.isInteger { return .int(try Self.integer(a) &+ Self.integer(b)) }
            return .double(try Self.double(a) + Self.double(b))
        case .subtract:
            if a.isInteger && b.isInteger { return .int(try Self.integer(a) &- Self.integer(b)) }
            return .double(try Self.double(a) - Self.double(b))
        case .multiply:
            if a.isInteger && b.isInteger { return .int(try Self.integer(a) &* Self.integer(b)) }
            return .double(try Self.double(a) * Self.double(b))
        case .divide:
            let divisor = try Self.double(b)
            if divisor == 0 { throw renderError("division by zero", at: position) }
            return .double(try Self.double(a) / divisor)
        case .power:
            if a.isInteger, try Self.integer(b) >= 0 {
                return .int(Self.truncatingInt64(pow(Double(try Self.integer(a)), Double(try Self.integer(b)))))
            }
            // The arguments of `std::pow` convert right to left (as GCC evaluates them).
            let exponent = try Self.integer(b)
            return .double(pow(try Self.double(a), Double(exponent)))
        case .modulo:
            let dividend = try Self.integer(a)
            let divisor = try Self.integer(b)
            // Inja would crash here (an integer division trap); a render error is the safe answer.
            if divisor == 0 { throw renderError("division by zero", at: position) }
            return .int(dividend.remainderReportingOverflow(dividingBy: divisor).partialValue)
        case .at:
            if case .object = a { return try Self.at(a, key: .string(try Self.string(b))) }
            let index = try Self.int32(b)
            return try Self.at(a, index: UInt64(bitPattern: Int64(index)))
        case .divisibleBy:
            let divisor = try Self.integer(b)
            guard divisor != 0 else { return .bool(false) }
            return .bool(try Self.integer(a).remainderReportingOverflow(dividingBy: divisor).partialValue == 0)
        case .even: return .bool(try Self.integer(a) % 2 == 0)
        case .odd: return .bool(try Self.integer(a) % 2 != 0)
        case .exists:
            let name = try Self.stringReference(a)
            let pointer = try JSONPointer(parsing: TemplateVariable.dotPath(name))
            return .bool(try pointer.value(in: data) != nil)
        case .existsIn:
            let name = try Self.stringReference(b)
            if case .object(let object) = a { return .bool(object[name] != nil) }
            return .bool(false)
        case .first:
            guard let first = try Self.iterated(a).first else { throw Self.noValue() }
            return first
        case .last:
            guard let last = try Self.iterated(a).last else { throw Self.noValue() }
            return last
        case .max, .min:
            let elements = try Self.iterated(a)
            guard var best = elements.first else { throw Self.noValue() }
            for element in elements.dropFirst() {
                if builtin == .max ? JSONOrder.less(best, element) : JSONOrder.less(element, best) { best = element }
            }
            return best
        case .length:
            switch a {
            case .string(let bytes): return .uint(UInt64(bytes.count))
            case .null: return .uint(0)
            case .array(let array): return .uint(UInt64(array.count))
            case .object(let object): return .uint(UInt64(object.count))
            default: return .uint(1)
            }
        case .lower, .upper:
            let text = try Self.string(a)
            return .string(
                text.map { byte in
                    let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                    let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                    if builtin == .upper && isLower { return byte - 32 }
                    if builtin == .lower && isUpper { return byte + 32 }
                    return byte
                }
            )
        case .range:
            let count = try Self.integer(a)
            // `std::vector<int>(count)`: a negative count converts to a huge size.
            guard count >= 0, count <= Int64.max / 4 else {
                throw TransformError(.renderFailed, "cannot create std::vector larger than max_size()")
            }
            guard count <= Self.maximumRange else {
                throw TransformError(.renderFailed, "range(\(count)) is larger than \(Self.maximumRange) elements")
            }
            return .array((0..<count).map { .int(Int64(Int32(truncatingIfNeeded: $0))) })
        case .round:
            let precision = try Self.integer(b)
            let scale = pow(10.0, Double(precision))
            let result = (try Self.double(a) * scale).rounded(.toNearestOrAwayFromZero) / scale
            return precision == 0 ? .int(Int64(Self.truncatingInt32(result))) : .double(result)
        case .sort:
            guard case .array(let array) = a else {
                throw Self.typeError(302, "type must be array, but is \(a.typeName)")
            }
            return .array(array.sorted { JSONOrder.less($0, $1) })
        case .int:
            return .int(Int64(try Self.stoi(try Self.stringReference(a))))
        case .float:
            return .double(try Self.stod(try Self.stringReference(a)))
        case .isArray: if case .array = a { return .bool(true) } else { return .bool(false) }
        case .isBoolean: if case .bool = a { return .bool(true) } else { return .bool(false) }
        case .isFloat: if case .double = a { return .bool(true) } else { return .bool(false) }
        case .isInteger: return .bool(a.isInteger)
        case .isNumber: return .bool(a.isNumber)
        case .isObject: if case .object = a { return .bool(true) } else { return .bool(false) }
        case .isString: if case .string = a { return .bool(true) } else { return .bool(false) }
        case .join:
            let separator = try Self.string(b)
            var result: [UInt8] = []
            for (index, element) in Self.elements(of: a).enumerated() {
                if index > 0 { result += separator }
                if case .string(let bytes) = element {
                    result += bytes
                } else {
                    try JSONText.dump(element, into: &result)
                }
            }
            return .string(result)
        case .and, .or, .default, .member, .super:
            return .null
        }
    }

    private var blockDepthIsZero: Bool { blockDepth == 0 }

    // MARK: - nlohmann conversions

    static func typeError(_ code: Int, _ message: String) -> TransformError {
        TransformError(.renderFailed, "[json.exception.type_error.\(code)] \(message)")
    }

    private static func noValue() -> TransformError {
        TransformError(.renderFailed, "[json.exception.invalid_iterator.214] cannot get value")
    }

    /// `get<number_integer_t>()`: any number, truncated; anything else is type error 302.
    static func integer(_ value: JSONValue) throws(TransformError) -> Int64 {
        switch value {
        case .int(let number): return number
        case .uint(let number): return Int64(bitPattern: number)
        case .double(let number): return truncatingInt64(number)
        default: throw typeError(302, "type must be number, but is \(value.typeName)")
        }
    }

    /// `get<number_float_t>()`.
    static func double(_ value: JSONValue) throws(TransformError) -> Double {
        guard let number = value.doubleValue else {
            throw typeError(302, "type must be number, but is \(value.typeName)")
        }
        return number
    }

    /// `get<int>()`: numbers and booleans.
    static func int32(_ value: JSONValue) throws(TransformError) -> Int32 {
        switch value {
        case .bool(let flag): return flag ? 1 : 0
        case .int(let number): return Int32(truncatingIfNeeded: number)
        case .uint(let number): return Int32(truncatingIfNeeded: number)
        case .double(let number): return truncatingInt32(number)
        default: throw typeError(302, "type must be number, but is \(value.typeName)")
        }
    }

    /// `get<string_t>()`.
    static func string(_ value: JSONValue) throws(TransformError) -> [UInt8] {
        guard case .string(let bytes) = value else {
            throw typeError(302, "type must be string, but is \(value.typeName)")
        }
        return bytes
    }

    /// `get_ref<const string_t&>()`.
    static func stringReference(_ value: JSONValue) throws(TransformError) -> [UInt8] {
        guard case .string(let bytes) = value else {
            throw typeError(303, "incompatible ReferenceType for get_ref, actual type is \(value.typeName)")
        }
        return bytes
    }

    /// A C++ cast of a double to a 64-bit integer on x86-64: out of range (or NaN) gives `Int64.min`.
    static func truncatingInt64(_ value: Double) -> Int64 {
        guard value.isFinite, value > -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 else {
            return .min
        }
        return Int64(value)
    }

    /// The same to a 32-bit integer: out of range gives `Int32.min`.
    static func truncatingInt32(_ value: Double) -> Int32 {
        guard value.isFinite, value > -2_147_483_649, value < 2_147_483_648 else { return .min }
        return Int32(value)
    }

    /// What iterating a value visits: an array's elements, an object's values, nothing for null, else the value.
    static func elements(of value: JSONValue) -> [JSONValue] {
        switch value {
        case .null: []
        case .array(let array): array
        case .object(let object): object.map(\.value)
        default: [value]
        }
    }

    /// Like ``elements(of:)``, but dereferencing null fails as nlohmann's iterator does.
    private static func iterated(_ value: JSONValue) throws(TransformError) -> [JSONValue] {
        if case .null = value { throw noValue() }
        return elements(of: value)
    }

    /// `at(key)` on an object.
    static func at(_ container: JSONValue, key: JSONValue) throws(TransformError) -> JSONValue {
        guard case .object(let object) = container else {
            throw typeError(304, "cannot use at() with \(container.typeName)")
        }
        guard case .string(let name) = key, let member = object[name] else {
            let text = if case .string(let name) = key { String(decoding: name, as: UTF8.self) } else { "" }
            throw TransformError(.renderFailed, "[json.exception.out_of_range.403] key '\(text)' not found")
        }
        return member
    }

    /// `at(index)` on an array.
    private static func at(_ container: JSONValue, index: UInt64) throws(TransformError) -> JSONValue {
        guard case .array(let array) = container else {
            throw typeError(304, "cannot use at() with \(container.typeName)")
        }
        guard index < UInt64(array.count) else {
            throw TransformError(
                .renderFailed,
                "[json.exception.out_of_range.401] array index \(index) is out of range"
            )
        }
        return array[Int(index)]
    }

    /// `std::stoi`: leading white space, a sign, digits; "stoi" when there are none or the value does not fit.
    static func stoi(_ text: [UInt8]) throws(TransformError) -> Int32 {
        let parsed: (value: Int, overflow: Bool)? = withCString(text) { pointer in
            errno = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtol(pointer, &end, 10)
            guard let end, end != pointer else { return nil }
            return (value, errno == ERANGE)
        }
        guard let parsed else { throw TransformError(.renderFailed, "stoi") }
        guard !parsed.overflow, let value = Int32(exactly: parsed.value) else {
            throw TransformError(.renderFailed, "stoi")
        }
        return value
    }

    /// `std::stod`: `strtod`, with "stod" when nothing converts or the value is out of range.
    static func stod(_ text: [UInt8]) throws(TransformError) -> Double {
        let parsed: (value: Double, overflow: Bool)? = withCString(text) { pointer in
            errno = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer, &end)
            guard let end, end != pointer else { return nil }
            return (value, errno == ERANGE)
        }
        guard let parsed, !parsed.overflow else { throw TransformError(.renderFailed, "stod") }
        return parsed.value
    }

    /// Calls `body` with `text` as a C string (cut at its first NUL byte, as `std::string`'s C string reading is).
    private static func withCString<Result>(_ text: [UInt8], _ body: (UnsafePointer<CChar>) -> Result?) -> Result? {
        var bytes = text.map { CChar(bitPattern: $0) }
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.flatMap(body) }
    }
}

extension JSONValue {
    /// nlohmann's `type_name()`.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .uint, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// nlohmann's `is_number_integer()`: signed or unsigned.
    var isInteger: Bool {
        switch self {
        case .int, .uint: true
        default: false
        }
    }
}
