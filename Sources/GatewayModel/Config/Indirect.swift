/// Stores a large value out of line, with copy-on-write, so the struct holding it stays small: copying a
/// `Route` copies one reference instead of two kilobytes of options and a retain for each of their fields.
/// Reading and writing `wrappedValue` behaves exactly like a stored property; coding is transparent (an
/// optional value that is nil is left out, as for a plain optional property).
@propertyWrapper
public struct Indirect<Value> {
    private final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    public var wrappedValue: Value {
        get { box.value }
        set {
            if isKnownUniquelyReferenced(&box) {
                box.value = newValue
            } else {
                box = Box(newValue)
            }
        }
    }
}

// The box is only ever mutated through a unique reference (copy-on-write), so sharing it is sharing a value.
extension Indirect: @unchecked Sendable where Value: Sendable {}

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

// Synthesized coding calls these for `@Indirect var x: T?`, so a missing key decodes as nil and nil is not
// written, as for `var x: T?`.
extension KeyedDecodingContainer {
    public func decode<Wrapped: Decodable>(
        _ type: Indirect<Wrapped?>.Type,
        forKey key: Key
    ) throws -> Indirect<Wrapped?> {
        Indirect(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Wrapped: Encodable>(_ value: Indirect<Wrapped?>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
