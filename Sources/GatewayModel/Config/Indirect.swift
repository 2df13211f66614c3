/// Immutable storage for a value kept out of line. Being immutable lets reads of a field of the value happen in
/// place: the optimizer copies a whole value out of a `var` in a class before it reads any field of it.
final class IndirectBox<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Stores a large value out of line, so the struct holding it stays small: copying a resource copies one
/// reference instead of kilobytes of fields and a retain for each of them. Reading and writing
/// `wrappedValue` behaves exactly like a stored property (a write stores a new box); coding is transparent.
@propertyWrapper
public struct Indirect<Value> {
    private var box: IndirectBox<Value>

    public init(wrappedValue: Value) {
        box = IndirectBox(wrappedValue)
    }

    public var wrappedValue: Value {
        get { box.value }
        set { box = IndirectBox(newValue) }
    }
}

/// ``Indirect`` for an optional value: nil takes no storage at all, so the many unset fields of a route cost
/// neither an allocation nor more than a pointer. Coding is that of an optional property: a missing key
/// decodes as nil, and nil is not written.
@propertyWrapper
public struct IndirectOptional<Wrapped> {
    private var box: IndirectBox<Wrapped>?

    public init(wrappedValue: Wrapped?) {
        box = wrappedValue.map(IndirectBox.init)
    }

    public var wrappedValue: Wrapped? {
        get { box?.value }
        set { box = newValue.map(IndirectBox.init) }
    }

    /// `wrappedValue.map(transform)` without copying the value out first (reading `wrappedValue` copies it,
    /// field by field).
    @inline(__always)
    func map<Result>(_ transform: (Wrapped) throws -> Result) rethrows -> Result? {
        guard let box else { return nil }
        return try transform(box.value)
    }
}

// The box is never mutated, so sharing it is sharing a value.
extension Indirect: @unchecked Sendable where Value: Sendable {}
extension IndirectOptional: @unchecked Sendable where Wrapped: Sendable {}

extension Indirect: Equatable where Value: Equatable {
    public static func == (lhs: Indirect, rhs: Indirect) -> Bool {
        lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue
    }
}

extension Indirect: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}

extension IndirectOptional: Equatable where Wrapped: Equatable {
    public static func == (lhs: IndirectOptional, rhs: IndirectOptional) -> Bool {
        lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue
    }
}

extension IndirectOptional: Hashable where Wrapped: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}

extension Indirect: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        // Through the decoder rather than `Value(from:)`, so it can choose how to decode `Value`.
        self.init(wrappedValue: try decoder.singleValueContainer().decode(Value.self))
    }
}

extension Indirect: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

extension IndirectOptional: Decodable where Wrapped: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: container.decodeNil() ? nil : try container.decode(Wrapped.self))
    }
}

extension IndirectOptional: Encodable where Wrapped: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

// Synthesized coding calls these for `@IndirectOptional var x: T?`, so a missing key decodes as nil and nil is
// not written, as for `var x: T?`.
extension KeyedDecodingContainer {
    public func decode<Wrapped: Decodable>(
        _ type: IndirectOptional<Wrapped>.Type,
        forKey key: Key
    ) throws -> IndirectOptional<Wrapped> {
        IndirectOptional(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Wrapped: Encodable>(_ value: IndirectOptional<Wrapped>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
