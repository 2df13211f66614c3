/// nlohmann::json's comparisons (3.11, C++20 build, as Envoy compiles it): numbers compare across integer and
/// float, values of different types by type order (null < boolean < number < object < array < string), NaN
/// compares unordered with every number.
enum JSONOrder {
    enum Result { case less, equal, greater, unordered }

    private static func typeRank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .uint, .double: 2
        case .object: 3
        case .array: 4
        case .string: 5
        }
    }

    private static func order<T: Comparable>(_ lhs: T, _ rhs: T) -> Result {
        lhs < rhs ? .less : lhs == rhs ? .equal : lhs > rhs ? .greater : .unordered
    }

    /// Three-way comparison (`<=>`).
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Result {
        switch (lhs, rhs) {
        case (.null, .null): return .equal
        case (.bool(let a), .bool(let b)): return a == b ? .equal : (!a ? .less : .greater)
        case (.int(let a), .int(let b)): return order(a, b)
        case (.uint(let a), .uint(let b)): return order(a, b)
        case (.double(let a), .double(let b)): return order(a, b)
        case (.int(let a), .double(let b)): return order(Double(a), b)
        case (.double(let a), .int(let b)): return order(a, Double(b))
        case (.uint(let a), .double(let b)): return order(Double(a), b)
        case (.double(let a), .uint(let b)): return order(a, Double(b))
        case (.uint(let a), .int(let b)): return order(Int64(bitPattern: a), b)
        case (.int(let a), .uint(let b)): return order(a, Int64(bitPattern: b))
        case (.string(let a), .string(let b)): return bytes(a, b)
        case (.array(let a), .array(let b)):
            for (x, y) in zip(a, b) {
                let result = compare(x, y)
                if result != .equal { return result }
            }
            return order(a.count, b.count)
        case (.object(let a), .object(let b)):
            for (x, y) in zip(a, b) {
                let key = bytes(x.key, y.key)
                if key != .equal { return key }
                let value = compare(x.value, y.value)
                if value != .equal { return value }
            }
            return order(a.count, b.count)
        default:
            return order(typeRank(lhs), typeRank(rhs))
        }
    }

    private static func bytes(_ a: [UInt8], _ b: [UInt8]) -> Result {
        if a == b { return .equal }
        return a.lexicographicallyPrecedes(b) ? .less : .greater
    }

    /// Whether either side is NaN and the other a number.
    private static func unordered(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if case .double(let a) = lhs, a.isNaN, rhs.isNumber { return true }
        if case .double(let b) = rhs, b.isNaN, lhs.isNumber { return true }
        return false
    }

    /// `==`.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && equal($0.value, $1.value) }
        default:
            return compare(lhs, rhs) == .equal && (typeRank(lhs) == typeRank(rhs))
        }
    }

    /// `!=`: false when the comparison is unordered.
    static func notEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        unordered(lhs, rhs) ? false : !equal(lhs, rhs)
    }

    static func less(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool { compare(lhs, rhs) == .less }
    static func greater(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool { compare(lhs, rhs) == .greater }

    static func lessOrEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let result = compare(lhs, rhs)
        return result == .less || result == .equal
    }

    static func greaterOrEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let result = compare(lhs, rhs)
        return result == .greater || result == .equal
    }
}
