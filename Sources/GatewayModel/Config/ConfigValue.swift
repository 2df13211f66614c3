/// A position in a configuration file: 1-based line and column (columns count Unicode scalars, as
/// YAML parsers do).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file the value was read from, as given to the loader; empty for in-memory input.
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or `line:column` without a file name.
    public var description: String {
        file.isEmpty ? "\(line):\(column)" : "\(file):\(line):\(column)"
    }
}

/// A configuration value as YAML and JSON express it: the untyped tree every resource is decoded from,
/// and the form in which options this library does not interpret are kept (so they round-trip).
///
/// Values read from a file remember where they came from. Locations take no part in equality or hashing:
/// two values are equal when their content is.
public struct ConfigValue: Sendable, Hashable {
    /// The content of a value.
    public enum Content: Sendable, Hashable {
        case null
        case bool(Bool)
        /// A number, kept as written (`8080`, `1.5`, `-2e3`) so nothing is lost to rounding.
        case number(String)
        case string(String)
        case array([ConfigValue])
        /// Members in document order.
        case object([Member])
    }

    /// One `key: value` pair of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: ConfigValue
        /// Where the key was written.
        public var keyLocation: SourceLocation?

        public init(key: String, value: ConfigValue, keyLocation: SourceLocation? = nil) {
            self.key = key
            self.value = value
            self.keyLocation = keyLocation
        }

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key == rhs.key && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    public var content: Content
    /// Where the value was written, when it was read from a file.
    public var location: SourceLocation?

    public init(_ content: Content, location: SourceLocation? = nil) {
        self.content = content
        self.location = location
    }

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        lhs.content == rhs.content
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(content)
    }
}

extension ConfigValue {
    public static let null = ConfigValue(.null)

    public static func string(_ value: String) -> ConfigValue { ConfigValue(.string(value)) }

    public static func bool(_ value: Bool) -> ConfigValue { ConfigValue(.bool(value)) }

    public static func number(_ value: some BinaryInteger) -> ConfigValue { ConfigValue(.number(String(value))) }

    public static func array(_ values: [ConfigValue]) -> ConfigValue { ConfigValue(.array(values)) }

    public static func object(_ members: KeyValuePairs<String, ConfigValue>) -> ConfigValue {
        ConfigValue(.object(members.map { Member(key: $0.key, value: $0.value) }))
    }

    /// The value of `key` when this is an object that has it (the first one; documents have no duplicates).
    public subscript(key: String) -> ConfigValue? {
        guard case .object(let members) = content else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = content { return text }
        return nil
    }

    /// The members of an object value.
    public var members: [Member]? {
        if case .object(let members) = content { return members }
        return nil
    }

    /// Whether the value is null, an empty object or an empty array (protobuf's "not set").
    public var isEmpty: Bool {
        switch content {
        case .null: true
        case .array(let values): values.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    /// The kind of value, as error messages name it.
    var kindDescription: String {
        switch content {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
