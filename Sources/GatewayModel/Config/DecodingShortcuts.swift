/// A type decoded member by member: only the members present in the input are visited.
///
/// `Codable`'s synthesized decoding asks a keyed container for every declared field in turn, through several
/// layers of generic dispatch, although a configuration object sets only a few of them; for the types read
/// thousands of times per file (routes, matchers, destinations, references) that costs more than the reading
/// itself. Member-wise decoding handles the common case only: an object whose members are all known and decode
/// without error. Anything else (an unknown member, a wrong type, a missing required field) is decoded again
/// through `Codable`, which reports it exactly as before, so a member missing from ``decodeMember(_:into:)``
/// makes decoding slower, never different.
protocol ConfigMemberwiseDecodable: Decodable {
    /// The value decoding starts from: every optional field nil.
    static var configTemplate: Self { get }
    /// Members that must be present (non-optional fields).
    static var requiredMembers: [String] { get }
    /// Decodes `member` into its field of `value`; false when the type has no such field.
    static func decodeMember(_ member: ConfigMember, into value: inout Self) throws -> Bool
}

extension ConfigMemberwiseDecodable {
    static var requiredMembers: [String] { [] }
}

/// One member of an object being decoded member-wise. Each accessor decodes exactly as the keyed container
/// does for the same declaration: an optional field treats an explicit null as absent (except `ConfigValue`,
/// which keeps it), and scalars are read in place.
struct ConfigMember {
    let key: String
    let value: ConfigValue
    /// The decoder of the object the member belongs to.
    let parent: ValueDecoder

    private func decoder() -> ValueDecoder { parent.child(value, key: NameKey(key)) }

    @_disfavoredOverload
    func optional<Value: Decodable>() throws -> Value? {
        if value.content == .null && Value.self != ConfigValue.self { return nil }
        return try decoder().decode(Value.self)
    }

    /// A member-wise type: decoded member-wise by code specialized for it (the generic route through
    /// ``ValueDecoder/decode(_:)`` looks the type up at run time), else through `Codable`.
    func optional<Value: ConfigMemberwiseDecodable>() throws -> Value? {
        if value.content == .null { return nil }
        return try decoder().decodeMemberwiseOrCodable(Value.self)
    }

    /// A list of member-wise values, each decoded as a single one is.
    func optional<Element: ConfigMemberwiseDecodable>() throws -> [Element]? {
        if value.content == .null { return nil }
        let decoder = decoder()
        // Anything but a list is reported by `Codable`.
        guard case .array(let values) = value.content else { return try decoder.decode([Element].self) }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for (index, element) in values.enumerated() {
            elements.append(try decoder.child(element, key: IndexKey(index)).decodeMemberwiseOrCodable(Element.self))
        }
        return elements
    }

    func optional() throws -> String? { try scalar(\.exactString) { try $0.decode(String.self) } }

    func optional() throws -> Bool? { try scalar(\.exactBool) { try $0.decode(Bool.self) } }

    func optional<Integer: FixedWidthInteger & Decodable>() throws -> Integer? {
        try scalar({ $0.exactInteger() }, slow: { try $0.decode(Integer.self) })
    }

    /// A scalar read in place when it is written as its type, else through a decoder; nil for null.
    private func scalar<T>(_ fast: (ConfigValue.Content) -> T?, slow: (ValueDecoder) throws -> T) throws -> T? {
        if value.content == .null { return nil }
        if let converted = fast(value.content) { return converted }
        return try slow(decoder())
    }

    func required() throws -> String {
        try value.content.exactString ?? decoder().decode(String.self)
    }
}

extension ValueDecoder {
    /// ``decodeMemberwise(_:)`` for `Value`, which is `Memberwise`; typed so that the result is not boxed in an
    /// existential on its way out (most of these values are too large to be stored inline in one).
    func decodeMemberwise<Memberwise: ConfigMemberwiseDecodable, Value>(
        _ type: Memberwise.Type,
        as value: Value.Type
    ) -> Value? {
        // The caller passes the same type twice, once as `Memberwise`; checked, so the reinterpretation is exact.
        guard Memberwise.self == Value.self, let decoded = decodeMemberwise(type) else { return nil }
        return unsafeBitCast(decoded, to: Value.self)
    }

    /// Decodes a member-wise type, through `Codable` when member-wise decoding does not apply.
    func decodeMemberwiseOrCodable<Memberwise: ConfigMemberwiseDecodable>(_ type: Memberwise.Type) throws -> Memberwise
    {
        if let decoded = decodeMemberwise(type) { return decoded }
        return try Memberwise(from: self)
    }

    /// Decodes an object member-wise; nil when `Codable` must decode it instead.
    func decodeMemberwise<Memberwise: ConfigMemberwiseDecodable>(_ type: Memberwise.Type) -> Memberwise? {
        guard case .object(let members) = value.content else { return nil }
        for name in Memberwise.requiredMembers where !members.contains(where: { $0.key == name }) { return nil }
        let mark = session.trackedCount
        var result = Memberwise.configTemplate
        for member in members {
            let known = try? Memberwise.decodeMember(
                ConfigMember(key: member.key, value: member.value, parent: self),
                into: &result
            )
            guard known == true else {
                // Nested objects read so far may have recorded unknown members: `Codable` reads them again.
                session.truncateTracked(to: mark)
                return nil
            }
        }
        return result
    }
}

// MARK: - Lists

/// An array, decoded element by element without an unkeyed container (which `Array.init(from:)` reaches only
/// through several layers of generic dispatch); the same elements and errors as that path.
protocol ConfigDecodableList {
    /// The decoded list; nil when the value is not a list, so that `Codable` reports it.
    static func decodeList(from decoder: ValueDecoder) throws -> Self?
}

extension Array: ConfigDecodableList where Element: Decodable {
    static func decodeList(from decoder: ValueDecoder) throws -> [Element]? {
        guard case .array(let values) = decoder.value.content else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            elements.append(try decoder.child(value, key: IndexKey(index)).decode(Element.self))
        }
        return elements
    }
}

extension ValueDecoder {
    /// ``ConfigDecodableList/decodeList(from:)`` for `Value`, which is `List` (see ``decodeMemberwise(_:as:)``).
    func decodeList<List: ConfigDecodableList, Value>(_ type: List.Type, as value: Value.Type) throws -> Value? {
        guard List.self == Value.self, let decoded = try List.decodeList(from: self) else { return nil }
        return unsafeBitCast(decoded, to: Value.self)
    }
}

// MARK: - Which types take a shortcut

/// Which types take a shortcut, found once per type: asking the runtime for a conformance every time costs a
/// lookup in a process-wide cache, which contends between threads decoding in parallel. One per thread.
final class DecodingTypeCache {
    /// How values of a type are decoded when not through their own `init(from:)`.
    enum Shortcut {
        case memberwise(any ConfigMemberwiseDecodable.Type)
        case list(any ConfigDecodableList.Type)
        case none
    }

    private var shortcuts: [ObjectIdentifier: Shortcut] = [:]

    func shortcut(for type: Any.Type) -> Shortcut {
        if let known = shortcuts[ObjectIdentifier(type)] { return known }
        let found: Shortcut =
            if let memberwise = type as? any ConfigMemberwiseDecodable.Type {
                .memberwise(memberwise)
            } else if let list = type as? any ConfigDecodableList.Type {
                .list(list)
            } else {
                .none
            }
        shortcuts[ObjectIdentifier(type)] = found
        return found
    }
}
