/// A JSON value with the types and behaviour of nlohmann::json 3.11 (the JSON library of the Inja dialect):
/// integers keep signed or unsigned 64-bit form, floats are doubles, object keys are kept sorted by byte and
/// unique, and strings are UTF-8 bytes, so that a value read from a request prints back byte for byte even when
/// it is not valid UTF-8.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A negative integer, or any integer written by a template (nlohmann's `number_integer`).
    case int(Int64)
    /// A non-negative integer read from JSON text (nlohmann's `number_unsigned`).
    case uint(UInt64)
    case double(Double)
    /// UTF-8 bytes.
    case string([UInt8])
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// A string value holding `text`'s UTF-8 bytes.
    public static func string(_ text: String) -> JSONValue { .string(Array(text.utf8)) }

    /// Whether the value is an integer or a float.
    public var isNumber: Bool {
        switch self {
        case .int, .uint, .double: true
        default: false
        }
    }

    /// The value as a double, for a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .uint(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}

/// A JSON object: members sorted by key (byte order, as `std::map<std::string, …>`), keys unique.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One key and its value.
    public struct Member: Sendable, Hashable {
        public var key: [UInt8]
        public var value: JSONValue

        public init(key: [UInt8], value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var members: [Member]

    public init() { members = [] }

    /// An object of `members`, which must already be sorted by key and unique (as the JSON parser produces).
    init(sortedMembers members: [Member]) { self.members = members }

    /// An object of `members` in any order; for a repeated key the last one wins, as nlohmann's parser does.
    public init(_ members: some Sequence<Member>) {
        self.init()
        for member in members { self[member.key] = member.value }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The value for `key`; setting `nil` removes the member.
    public subscript(key: some Collection<UInt8>) -> JSONValue? {
        get {
            let (index, found) = position(of: key)
            return found ? members[index].value : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (found, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: Array(key), value: value), at: index)
            case (false, nil): break
            }
        }
    }

    /// The value for `key`, given as text.
    public subscript(key: String) -> JSONValue? {
        get { self[key.utf8] }
        set { self[key.utf8] = newValue }
    }

    /// Where `key` is, or where it would be inserted.
    private func position(of key: some Collection<UInt8>) -> (index: Int, found: Bool) {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle].key.lexicographicallyPrecedes(key) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low, low < members.count && members[low].key.elementsEqual(key))
    }
}
