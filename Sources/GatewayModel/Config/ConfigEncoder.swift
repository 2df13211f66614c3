/// Encodes `Encodable` types into a ``ConfigValue`` tree: objects keep the order in which fields are
/// encoded, nil optionals are left out.
public struct ConfigEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> ConfigValue {
        let root = EncodingNode()
        try value.encode(to: ValueEncoder(node: root, codingPath: []))
        return root.build()
    }
}

/// A value under construction; containers hand out child nodes that are filled in later.
private final class EncodingNode {
    enum State {
        case empty
        case value(ConfigValue)
        case object([(String, EncodingNode)])
        case array([EncodingNode])
    }

    var state: State = .empty

    func build() -> ConfigValue {
        switch state {
        case .empty: .null
        case .value(let value): value
        case .object(let members): ConfigValue(.object(members.map { .init(key: $0.0, value: $0.1.build()) }))
        case .array(let elements): ConfigValue(.array(elements.map { $0.build() }))
        }
    }

    func member(_ key: String) -> EncodingNode {
        var members: [(String, EncodingNode)] = []
        if case .object(let existing) = state { members = existing }
        if let found = members.first(where: { $0.0 == key }) { return found.1 }
        let child = EncodingNode()
        members.append((key, child))
        state = .object(members)
        return child
    }

    func appendElement() -> EncodingNode {
        var elements: [EncodingNode] = []
        if case .array(let existing) = state { elements = existing }
        let child = EncodingNode()
        elements.append(child)
        state = .array(elements)
        return child
    }

    func becomeObject() {
        if case .object = state { return }
        state = .object([])
    }

    func becomeArray() {
        if case .array = state { return }
        state = .array([])
    }
}

private struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func child(_ node: EncodingNode, key: any CodingKey) -> ValueEncoder {
        ValueEncoder(node: node, codingPath: codingPath + [key])
    }
}

extension ValueEncoder: SingleValueEncodingContainer {
    func encodeNil() { node.state = .value(.null) }
    func encode(_ value: Bool) { node.state = .value(.bool(value)) }
    func encode(_ value: String) { node.state = .value(.string(value)) }
    func encode(_ value: Double) { node.state = .value(ConfigValue(.number(Self.format(value)))) }
    func encode(_ value: Float) {
        // Float's own shortest form: `0.1`, not the widened `0.10000000149011612`.
        let text = value.isFinite && value.rounded() != value ? "\(value)" : Self.format(Double(value))
        node.state = .value(ConfigValue(.number(text)))
    }
    func encode(_ value: Int) { node.state = .value(.number(value)) }
    func encode(_ value: Int8) { node.state = .value(.number(value)) }
    func encode(_ value: Int16) { node.state = .value(.number(value)) }
    func encode(_ value: Int32) { node.state = .value(.number(value)) }
    func encode(_ value: Int64) { node.state = .value(.number(value)) }
    func encode(_ value: UInt) { node.state = .value(.number(value)) }
    func encode(_ value: UInt8) { node.state = .value(.number(value)) }
    func encode(_ value: UInt16) { node.state = .value(.number(value)) }
    func encode(_ value: UInt32) { node.state = .value(.number(value)) }
    func encode(_ value: UInt64) { node.state = .value(.number(value)) }

    func encode<T: Encodable>(_ value: T) throws {
        if let passthrough = value as? ConfigValue {
            node.state = .value(passthrough)
        } else if let dictionary = value as? any SortedEncodable {
            try dictionary.encodeSorted(to: self)
        } else {
            try value.encode(to: self)
        }
    }

    /// Integral values print without a fraction (`2`, not `2.0`), as protobuf's JSON mapping does.
    static func format(_ value: Double) -> String {
        if value.isFinite, value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func member(_ key: Key) -> ValueEncoder {
        encoder.child(encoder.node.member(key.stringValue), key: key)
    }

    func encodeNil(forKey key: Key) { member(key).encodeNil() }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try member(key).encode(value) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        member(key).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { member(key).unkeyedContainer() }
    func superEncoder() -> any Encoder { encoder }
    func superEncoder(forKey key: Key) -> any Encoder { member(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var count = 0

    init(encoder: ValueEncoder) { self.encoder = encoder }

    var codingPath: [any CodingKey] { encoder.codingPath }

    private mutating func next() -> ValueEncoder {
        defer { count += 1 }
        return encoder.child(encoder.node.appendElement(), key: IndexKey(count))
    }

    mutating func encodeNil() { next().encodeNil() }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { next() }
}

/// Maps keyed by strings encode with sorted keys, so output does not depend on hashing.
private protocol SortedEncodable {
    func encodeSorted(to encoder: ValueEncoder) throws
}

extension Dictionary: SortedEncodable where Key == String, Value: Encodable {
    fileprivate func encodeSorted(to encoder: ValueEncoder) throws {
        encoder.node.becomeObject()
        for key in keys.sorted() {
            guard let value = self[key] else { continue }
            try encoder.child(encoder.node.member(key), key: NameKey(key)).encode(value)
        }
    }
}
