internal import Foundation
internal import GatewayModel
internal import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's binary encoding with map entries in key order, so equal messages have equal bytes (the
    /// content hashes that version resources depend on it). The bytes are those of SwiftProtobuf's
    /// `serializedBytes` with `useDeterministicOrdering`.
    ///
    /// SwiftProtobuf measures a nested message before writing it, and measures it again at every level above,
    /// so a leaf six messages deep (a socket address in a load assignment, a matcher in a route) is visited
    /// seven times. Here each message is visited once: its length is written after its content, in the byte
    /// left for it, and the content moves up in the rare case the length needs more than one byte.
    func deterministicBytes() -> [UInt8] {
        var writer = EncodingWriter()
        // The writer never throws; the generated `traverse` only passes its errors on.
        _ = try? traverse(visitor: &writer)
        return writer.bytes
    }
}

/// Protobuf's wire format: tags and varints.
enum WireFormat {
    static let varint: UInt64 = 0
    static let fixed64: UInt64 = 1
    static let lengthDelimited: UInt64 = 2
    static let startGroup: UInt64 = 3
    static let endGroup: UInt64 = 4
    static let fixed32: UInt64 = 5

    static func tag(_ fieldNumber: Int, _ wireType: UInt64) -> UInt64 {
        UInt64(truncatingIfNeeded: fieldNumber) << 3 | wireType
    }

    static func varintSize(_ value: UInt64) -> Int {
        // 1 byte per started group of 7 bits; zero takes one byte.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Signed varints keep their 64-bit two's complement (10 bytes for a negative number), as protobuf does.
    static func signExtended(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
}

/// Writes a message's fields as they are visited. A length-delimited part (a message, a map entry, a packed
/// field) gets one byte for its length, filled in when the part is complete.
struct EncodingWriter: SwiftProtobuf.Visitor {
    private(set) var bytes: [UInt8] = []

    private mutating func putVarint(_ value: UInt64) {
        WireFormat.appendVarint(value, to: &bytes)
    }

    private mutating func putLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func putTag(_ fieldNumber: Int, _ wireType: UInt64) {
        putVarint(WireFormat.tag(fieldNumber, wireType))
    }

    /// Starts a length-delimited part: its tag and the byte for its length, whose position is returned.
    private mutating func startNested(_ fieldNumber: Int) -> Int {
        putTag(fieldNumber, WireFormat.lengthDelimited)
        bytes.append(0)
        return bytes.count - 1
    }

    /// Writes the length of the part started at `lengthAt`, moving its content up when the length needs more
    /// than the one byte left for it.
    private mutating func endNested(_ lengthAt: Int) {
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
            return
        }
        let lengthSize = WireFormat.varintSize(UInt64(length))
        bytes.append(contentsOf: repeatElement(0, count: lengthSize - 1))
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            (base + lengthAt + lengthSize).update(from: base + lengthAt + 1, count: length)
            var value = UInt64(length)
            for offset in 0..<lengthSize {
                base[lengthAt + offset] = UInt8(truncatingIfNeeded: value) | (offset < lengthSize - 1 ? 0x80 : 0)
                value >>= 7
            }
        }
    }

    private mutating func varintField(_ fieldNumber: Int, _ value: UInt64) {
        putTag(fieldNumber, WireFormat.varint)
        putVarint(value)
    }

    private mutating func packed<T>(_ fieldNumber: Int, _ values: [T], _ put: (inout EncodingWriter, T) -> Void) {
        let lengthAt = startNested(fieldNumber)
        for value in values { put(&self, value) }
        endNested(lengthAt)
    }

    mutating func visitSingularFloatField(value: Float, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed32)
        putLittleEndian(value.bitPattern)
    }
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed64)
        putLittleEndian(value.bitPattern)
    }
    mutating func visitSingularInt32Field(value: Int32, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.signExtended(Int64(value)))
    }
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.signExtended(value))
    }
    mutating func visitSingularUInt32Field(value: UInt32, fieldNumber: Int) throws {
        varintField(fieldNumber, UInt64(value))
    }
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {
        varintField(fieldNumber, value)
    }
    mutating func visitSingularSInt32Field(value: Int32, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.zigZag(Int64(value)))
    }
    mutating func visitSingularSInt64Field(value: Int64, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.zigZag(value))
    }
    mutating func visitSingularFixed32Field(value: UInt32, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed32)
        putLittleEndian(value)
    }
    mutating func visitSingularFixed64Field(value: UInt64, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed64)
        putLittleEndian(value)
    }
    mutating func visitSingularSFixed32Field(value: Int32, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed32)
        putLittleEndian(value)
    }
    mutating func visitSingularSFixed64Field(value: Int64, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.fixed64)
        putLittleEndian(value)
    }
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {
        varintField(fieldNumber, value ? 1 : 0)
    }
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.lengthDelimited)
        putVarint(UInt64(value.utf8.count))
        var value = value
        value.withUTF8 { bytes.append(contentsOf: $0) }
    }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.lengthDelimited)
        putVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.signExtended(Int64(value.rawValue)))
    }
    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        let lengthAt = startNested(fieldNumber)
        try value.traverse(visitor: &self)
        endNested(lengthAt)
    }
    mutating func visitSingularGroupField<G: SwiftProtobuf.Message>(value: G, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.startGroup)
        try value.traverse(visitor: &self)
        putTag(fieldNumber, WireFormat.endGroup)
    }

    // Repeated fields, written here so that each element's visit is specialized for its type (SwiftProtobuf's
    // defaults, in another module, reach the element through the protocol).
    mutating func visitRepeatedMessageField<M: SwiftProtobuf.Message>(value: [M], fieldNumber: Int) throws {
        for element in value { try visitSingularMessageField(value: element, fieldNumber: fieldNumber) }
    }
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
        for element in value { try visitSingularStringField(value: element, fieldNumber: fieldNumber) }
    }
    mutating func visitRepeatedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        for element in value { try visitSingularEnumField(value: element, fieldNumber: fieldNumber) }
    }

    // Packed fields: SwiftProtobuf's defaults write them unpacked.
    mutating func visitPackedFloatField(value: [Float], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1.bitPattern) }
    }
    mutating func visitPackedDoubleField(value: [Double], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1.bitPattern) }
    }
    mutating func visitPackedInt32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(WireFormat.signExtended(Int64($1))) }
    }
    mutating func visitPackedInt64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(WireFormat.signExtended($1)) }
    }
    mutating func visitPackedUInt32Field(value: [UInt32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(UInt64($1)) }
    }
    mutating func visitPackedUInt64Field(value: [UInt64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint($1) }
    }
    mutating func visitPackedSInt32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(WireFormat.zigZag(Int64($1))) }
    }
    mutating func visitPackedSInt64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(WireFormat.zigZag($1)) }
    }
    mutating func visitPackedFixed32Field(value: [UInt32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1) }
    }
    mutating func visitPackedFixed64Field(value: [UInt64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1) }
    }
    mutating func visitPackedSFixed32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1) }
    }
    mutating func visitPackedSFixed64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putLittleEndian($1) }
    }
    mutating func visitPackedBoolField(value: [Bool], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint($1 ? 1 : 0) }
    }
    mutating func visitPackedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        packed(fieldNumber, value) { $0.putVarint(WireFormat.signExtended(Int64($1.rawValue))) }
    }

    // Map entries are messages with the key as field 1 and the value as field 2, in key order.
    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            let lengthAt = startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try ValueType.visitSingular(value: element, fieldNumber: 2, with: &self)
            endNested(lengthAt)
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            let lengthAt = startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try visitSingularEnumField(value: element, fieldNumber: 2)
            endNested(lengthAt)
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            let lengthAt = startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try visitSingularMessageField(value: element, fieldNumber: 2)
            endNested(lengthAt)
        }
    }

    mutating func visitUnknown(bytes unknown: Data) throws {
        bytes.append(contentsOf: unknown)
    }
}

extension Envoy_Config_Route_V3_RouteConfiguration {
    /// ``SwiftProtobuf/Message/deterministicBytes()``, with the virtual hosts encoded on every core: the
    /// configuration's `name` (field 1), each virtual host (field 2), then the other fields, which is the order
    /// fields are written in.
    func bytesEncodingHostsInParallel() -> [UInt8] {
        guard virtualHosts.count >= 32 else { return deterministicBytes() }
        var head = Envoy_Config_Route_V3_RouteConfiguration()
        head.name = name
        var rest = self
        rest.name = ""
        rest.virtualHosts = []
        let hosts = virtualHosts
        let encodedHosts = Parallel.map(Array(hosts.indices), minimumCount: 32) { hosts[$0].deterministicBytes() }
        let hostTag = WireFormat.tag(2, WireFormat.lengthDelimited)
        var bytes = head.deterministicBytes()
        // Each host adds its bytes, a one-byte tag and a length of at most five bytes.
        bytes.reserveCapacity(encodedHosts.reduce(bytes.count + 64) { $0 + $1.count + 6 })
        for host in encodedHosts {
            WireFormat.appendVarint(hostTag, to: &bytes)
            WireFormat.appendVarint(UInt64(host.count), to: &bytes)
            bytes += host
        }
        bytes += rest.deterministicBytes()
        return bytes
    }
}
