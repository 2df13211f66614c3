/// Decodes `Decodable` types from a ``ConfigValue`` tree with the leniency of protobuf's JSON mapping
/// (numbers may be quoted, enums are names), and reports the fields no type asked for.
public struct ConfigDecoder: Sendable {
    /// Objects nested deeper than this are rejected before decoding: no resource comes close, and a bound
    /// keeps recursion far from the stack limit.
    public static let maxDepth = 100

    /// Whether objects and lists may be decoded member-wise (``ConfigMemberwiseDecodable``,
    /// ``ConfigDecodableList``); off only to test that both ways agree.
    var usesMemberwiseDecoding = true

    public init() {}

    /// The decoded value and the paths of the fields it did not read.
    public struct Result<Value> {
        public var value: Value
        /// Fields present in the input that no decoded type knows, in document order.
        public var unknownFields: [UnknownField]
    }

    /// A field in the input that the schema does not have.
    public struct UnknownField: Sendable, Hashable {
        /// The dotted path, e.g. `virtualHost.routes[0].matcher`.
        public var path: String
        public var location: SourceLocation?
    }

    /// Decodes `type` from `value`. `pathPrefix` is prepended to field paths in errors and unknown fields.
    public func decode<T: Decodable>(
        _ type: T.Type,
        from value: ConfigValue,
        pathPrefix: String = ""
    ) throws(ConfigDecodingError) -> Result<T> {
        try decode(type, from: value, pathPrefix: pathPrefix, typeCache: DecodingTypeCache())
    }

    /// Decodes `type` from `value`, with the type cache of the calling thread.
    func decode<T: Decodable>(
        _ type: T.Type,
        from value: ConfigValue,
        pathPrefix: String = "",
        typeCache: DecodingTypeCache
    ) throws(ConfigDecodingError) -> Result<T> {
        let session = DecodingSession(pathPrefix: pathPrefix, typeCache: typeCache)
        session.usesMemberwiseDecoding = usesMemberwiseDecoding
        // Trackers refer to their decoders, which refer to the session: break the cycle when done.
        defer { session.close() }
        let decoder = ValueDecoder(value: value, parent: nil, key: nil, session: session)
        do {
            let decoded = try T(from: decoder)
            return Result(value: decoded, unknownFields: session.unknownFields())
        } catch let error as ConfigDecodingError {
            throw error
        } catch let error as DecodingError {
            throw ConfigDecodingError(error, root: value, pathPrefix: pathPrefix)
        } catch {
            throw ConfigDecodingError(path: pathPrefix, location: value.location, reason: "\(error)")
        }
    }
}

/// A value that does not have the type its field needs.
public struct ConfigDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The dotted field path, e.g. `spec.virtualHost.routes[2].matchers`.
    public var path: String
    public var location: SourceLocation?
    public var reason: String

    public init(path: String, location: SourceLocation?, reason: String) {
        self.path = path
        self.location = location
        self.reason = reason
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return path.isEmpty ? "\(place)\(reason)" : "\(place)\(path): \(reason)"
    }

    /// Converts errors thrown by synthesized or custom `init(from:)` code.
    init(_ error: DecodingError, root: ConfigValue, pathPrefix: String) {
        let (context, reason): (DecodingError.Context, String) =
            switch error {
            case .typeMismatch(let type, let context): (context, "expected \(ConfigTypeName.of(type))")
            case .valueNotFound(let type, let context): (context, "expected \(ConfigTypeName.of(type)), found null")
            case .keyNotFound(let key, let context): (context, "missing required field '\(key.stringValue)'")
            case .dataCorrupted(let context): (context, context.debugDescription)
            @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "\(error)")
            }
        var node: ConfigValue? = root
        for key in context.codingPath {
            node = node.flatMap { $0.child(at: key) } ?? node
        }
        self.init(path: FieldPath.render(pathPrefix, context.codingPath), location: node?.location, reason: reason)
    }
}

// MARK: - Field paths

enum FieldPath {
    /// `prefix.a.b[2].c`.
    static func render(_ prefix: String, _ path: [any CodingKey]) -> String {
        var text = prefix
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key is IndexKey {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

/// The coding key of an element of a list.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The coding key of a member of a map.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

enum ConfigTypeName {
    static func of(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        default:
            if type is any Collection.Type { "a list or object" } else { "an object" }
        }
    }
}

extension ConfigValue {
    fileprivate func child(at key: any CodingKey) -> ConfigValue? {
        switch content {
        case .array(let values):
            guard let index = key.intValue, values.indices.contains(index) else { return nil }
            return values[index]
        case .object:
            return self[key.stringValue]
        default:
            return nil
        }
    }
}

// MARK: - Session

/// Keeps, for every object decoded through a keyed container, its decoder, which records the members that were
/// asked for.
final class DecodingSession {
    let pathPrefix: String
    let typeCache: DecodingTypeCache
    var usesMemberwiseDecoding = true
    private var tracked: [ValueDecoder] = []

    init(pathPrefix: String, typeCache: DecodingTypeCache) {
        self.pathPrefix = pathPrefix
        self.typeCache = typeCache
    }

    /// Drops the decoders (which refer to the session).
    func close() {
        tracked.removeAll()
    }

    func track(_ decoder: ValueDecoder) {
        tracked.append(decoder)
    }

    var trackedCount: Int { tracked.count }

    func truncateTracked(to count: Int) {
        tracked.removeSubrange(count...)
    }

    func shortcut(for type: Any.Type) -> DecodingTypeCache.Shortcut {
        usesMemberwiseDecoding ? typeCache.shortcut(for: type) : .none
    }

    func unknownFields() -> [ConfigDecoder.UnknownField] {
        // One decoder per decoded object, in document order. Paths are rendered only for objects with members
        // nobody asked for.
        var unknown: [ConfigDecoder.UnknownField] = []
        for decoder in tracked where decoder.hasUnseenMembers {
            let path = FieldPath.render(pathPrefix, decoder.codingPath)
            for (index, member) in decoder.members.enumerated() where !decoder.wasSeen(index) {
                let fieldPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                unknown.append(.init(path: fieldPath, location: member.keyLocation ?? member.value.location))
            }
        }
        return unknown
    }
}

// MARK: - Decoder

/// Decodes one value. A class, linked to the decoder of its parent: the coding path is only needed for errors
/// and unknown fields, and a reference passes as `any Decoder` without boxing.
final class ValueDecoder: Decoder {
    let value: ConfigValue
    let parent: ValueDecoder?
    let key: (any CodingKey)?
    let session: DecodingSession
    /// The members of an object value once a keyed container is made, and which of them were asked for: a bit
    /// per member for the first 64, a flag per member beyond (allocated only for such objects).
    private(set) var members: [ConfigValue.Member] = []
    private var seenBits: UInt64 = 0
    private var seenBeyond64: [Bool] = []
    private var tracked = false

    init(value: ConfigValue, parent: ValueDecoder?, key: (any CodingKey)?, session: DecodingSession) {
        self.value = value
        self.parent = parent
        self.key = key
        self.session = session
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var current: ValueDecoder? = self
        while let step = current {
            if let key = step.key { keys.append(key) }
            current = step.parent
        }
        return keys.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value.content else {
            throw mismatch("an object")
        }
        // Containers made from the same decoder (custom decoders for `oneof`s) share one record.
        if !tracked {
            tracked = true
            self.members = members
            if members.count > 64 { seenBeyond64 = Array(repeating: false, count: members.count - 64) }
            session.track(self)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self))
    }

    /// The index of the member named `key`, which is then recorded as asked for.
    func memberIndex(of key: String) -> Int? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        markSeen(index)
        return index
    }

    func markSeen(_ index: Int) {
        if index < 64 {
            seenBits |= 1 << UInt64(index)
        } else {
            seenBeyond64[index - 64] = true
        }
    }

    func wasSeen(_ index: Int) -> Bool {
        index < 64 ? seenBits & (1 << UInt64(index)) != 0 : seenBeyond64[index - 64]
    }

    var hasUnseenMembers: Bool {
        let seen = seenBits.nonzeroBitCount + seenBeyond64.count { $0 }
        return seen < members.count
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = value.content else { throw mismatch("a list") }
        return UnkeyedContainer(values: values, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ value: ConfigValue, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, parent: self, key: key, session: session)
    }

    func mismatch(_ expected: String) -> ConfigDecodingError {
        ConfigDecodingError(
            path: FieldPath.render(session.pathPrefix, codingPath),
            location: value.location,
            reason: "expected \(expected), found \(value.kindDescription)"
        )
    }

    func failure(_ reason: String) -> ConfigDecodingError {
        ConfigDecodingError(
            path: FieldPath.render(session.pathPrefix, codingPath),
            location: value.location,
            reason: reason
        )
    }
}

extension ValueDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.content == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch value.content {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw mismatch("a boolean")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        switch value.content {
        case .string(let text): return text
        // Unquoted YAML scalars that look like numbers or booleans still name things (`name: 404`).
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: throw mismatch("a string")
        }
    }

    func decode(_ type: Double.Type) throws -> Double { try floatingPoint() }
    func decode(_ type: Float.Type) throws -> Float { Float(try floatingPoint()) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == ConfigValue.self, let passthrough = value as? T { return passthrough }
        switch session.shortcut(for: T.self) {
        case .memberwise(let memberwise):
            if let decoded = decodeMemberwise(memberwise, as: T.self) { return decoded }
        case .list(let list):
            if let decoded = try decodeList(list, as: T.self) { return decoded }
        case .none:
            break
        }
        return try T(from: self)
    }

    /// Protobuf's JSON mapping accepts integers as numbers or as decimal strings.
    private func integer<T: FixedWidthInteger>() throws -> T {
        let text: String
        switch value.content {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw mismatch("an integer")
        }
        if let parsed = T(text) { return parsed }
        // YAML spellings: `0x1F`, `0o17`, `+5`.
        let unsigned = text.hasPrefix("+") ? Substring(text.dropFirst()) : Substring(text)
        if unsigned.hasPrefix("0x"), let parsed = T(unsigned.dropFirst(2), radix: 16) { return parsed }
        if unsigned.hasPrefix("0o"), let parsed = T(unsigned.dropFirst(2), radix: 8) { return parsed }
        // `1e3` and `5.0` are integral numbers in JSON.
        if let real = Double(text), real.rounded() == real {
            if let exact = T(exactly: real) { return exact }
            throw failure("\(text) is out of range for \(T.self)")
        }
        throw failure("expected an integer, found '\(text)'")
    }

    private func floatingPoint() throws -> Double {
        switch value.content {
        case .number(let text), .string(let text):
            if let parsed = Double(text) { return parsed }
            throw failure("expected a number, found '\(text)'")
        default:
            throw mismatch("a number")
        }
    }
}

// MARK: - Containers

extension ConfigValue.Content {
    // Scalars as written, read without a decoder: the common case of every scalar field. Anything else (quoted
    // numbers, `yes`, a mismatch) goes through the decoder, which also reports errors.
    var exactString: String? { if case .string(let text) = self { text } else { nil } }
    var exactBool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    var exactReal: Double? { if case .number(let text) = self { Double(text) } else { nil } }
    func exactInteger<T: FixedWidthInteger>() -> T? { if case .number(let text) = self { T(text) } else { nil } }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.members.indices.compactMap { index in
            guard let key = Key(stringValue: decoder.members[index].key) else { return nil }
            decoder.markSeen(index)
            return key
        }
    }

    func contains(_ key: Key) -> Bool { decoder.memberIndex(of: key.stringValue) != nil }

    private func member(_ key: Key) throws -> ValueDecoder {
        guard let index = decoder.memberIndex(of: key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: ""))
        }
        return decoder.child(decoder.members[index].value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).decodeNil() }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try member(key).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = decoder.memberIndex(of: key.stringValue) else { return nil }
        let child = decoder.child(decoder.members[index].value, key: key)
        // An explicit null is "not set", as protobuf's JSON mapping has it.
        if child.decodeNil() && T.self != ConfigValue.self { return nil }
        return try child.decode(type)
    }

    // Scalars are most fields: read them in place, and make a child decoder only to report a mismatch.

    /// The member's value converted by `fast`, or what the child decoder makes of it (a value or a located
    /// error). nil when the member is absent, or null and `optional`.
    @inline(__always)
    private func scalar<T>(
        _ key: Key,
        optional: Bool,
        fast: (ConfigValue.Content) -> T?,
        slow: (ValueDecoder) throws -> T
    ) throws -> T? {
        guard let index = decoder.memberIndex(of: key.stringValue) else {
            if optional { return nil }
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: ""))
        }
        let value = decoder.members[index].value
        if optional, value.content == .null { return nil }
        if let converted = fast(value.content) { return converted }
        return try slow(decoder.child(value, key: key))
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try scalar(key, optional: false, fast: \.exactString) { try $0.decode(String.self) } ?? ""
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try scalar(key, optional: true, fast: \.exactString) { try $0.decode(String.self) }
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try scalar(key, optional: false, fast: \.exactBool) { try $0.decode(Bool.self) } ?? false
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try scalar(key, optional: true, fast: \.exactBool) { try $0.decode(Bool.self) }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try scalar(key, optional: true, fast: { $0.exactInteger() }, slow: { try $0.decode(Int.self) })
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try scalar(key, optional: true, fast: { $0.exactInteger() }, slow: { try $0.decode(Int32.self) })
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try scalar(key, optional: true, fast: { $0.exactInteger() }, slow: { try $0.decode(Int64.self) })
    }

    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try scalar(key, optional: true, fast: { $0.exactInteger() }, slow: { try $0.decode(UInt32.self) })
    }

    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try scalar(key, optional: true, fast: { $0.exactInteger() }, slow: { try $0.decode(UInt64.self) })
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try scalar(key, optional: true, fast: \.exactReal) { try $0.decode(Double.self) }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try member(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let values: [ConfigValue]
    let decoder: ValueDecoder
    var currentIndex = 0

    init(values: [ConfigValue], decoder: ValueDecoder) {
        self.values = values
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return decoder.child(values[currentIndex], key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex].content == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}
