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

    /// The kind of value, as error messages name it ("a string", "an object", …).
    public var kindDescription: String {
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

// MARK: - Codable

extension ConfigValue: Codable {
    /// Reads any value. ``ConfigDecoder`` hands over its node as it is (with locations and member order);
    /// other decoders go through their containers.
    public init(from decoder: any Decoder) throws {
        if let own = decoder as? ValueDecoder {
            self = own.value
            return
        }
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
                return
            }
            if let integer = try? container.decode(Int64.self) {
                self = .number(integer)
                return
            }
            if let real = try? container.decode(Double.self) {
                self = ConfigValue(.number("\(real)"))
                return
            }
            if let text = try? container.decode(String.self) {
                self = .string(text)
                return
            }
        }
        if var list = try? decoder.unkeyedContainer() {
            var values: [ConfigValue] = []
            while !list.isAtEnd {
                values.append(try list.decode(ConfigValue.self))
            }
            self = .array(values)
            return
        }
        let object = try decoder.container(keyedBy: NameKey.self)
        let members = try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            Member(key: key.stringValue, value: try object.decode(ConfigValue.self, forKey: key))
        }
        self = ConfigValue(.object(members))
    }

    public func encode(to encoder: any Encoder) throws {
        switch content {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let text):
            var container = encoder.singleValueContainer()
            if let integer = Int64(text) {
                try container.encode(integer)
            } else {
                try container.encode(Double(text) ?? 0)
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: NameKey.self)
            for member in members { try container.encode(member.value, forKey: NameKey(member.key)) }
        }
    }
}
