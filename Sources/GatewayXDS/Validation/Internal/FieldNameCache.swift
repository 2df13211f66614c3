internal import SwiftProtobuf

/// The proto (`snake_case`) names of fields the generic walk only knows by number.
///
/// swift-protobuf keeps field names in an internal table that only its text and JSON coders can read. The
/// name is recovered through that public path instead: a message holding just the field (an empty
/// length-delimited value, or the varint 1 for scalar fields) is printed in text format, which starts with the
/// field's name. This runs only when an issue is reported, and each (message type, field) pair is resolved
/// once per validation.
struct FieldNameCache {
    private struct Key: Hashable {
        var owner: ObjectIdentifier
        var fieldNumber: Int
    }

    private var names: [Key: String] = [:]

    /// The proto name of field `fieldNumber` of `owner`, or `#<number>` if it cannot be recovered.
    mutating func name(of fieldNumber: Int, in owner: any SwiftProtobuf.Message.Type) -> String {
        let key = Key(owner: ObjectIdentifier(owner), fieldNumber: fieldNumber)
        if let name = names[key] { return name }
        let name = Self.resolve(fieldNumber, in: owner) ?? "#\(fieldNumber)"
        names[key] = name
        return name
    }

    private static func resolve(_ fieldNumber: Int, in owner: any SwiftProtobuf.Message.Type) -> String? {
        // Wire type 2 with an empty payload sets message, map, bytes and packed fields; wire type 0 with the
        // value 1 sets enum, bool and integer fields (0 would be the default, which text format omits).
        for (wireType, payload) in [(UInt64(2), [UInt8(0)]), (UInt64(0), [UInt8(1)])] {
            var bytes = varint(UInt64(fieldNumber) << 3 | wireType)
            bytes += payload
            guard let message = try? owner.init(serializedBytes: bytes) else { continue }
            let text = message.textFormatString()
            let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            // Unknown fields print as their number; only a name that starts with a letter is the field's.
            if let first = name.first, first.isLetter { return String(name) }
        }
        return nil
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}
