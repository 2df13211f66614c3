internal import Foundation
internal import GatewayModel
internal import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's binary encoding with map entries in key order, so equal messages have equal bytes (the
    /// content hashes that version resources depend on it). The bytes are those of SwiftProtobuf's
    /// `serializedBytes` with `useDeterministicOrdering`.
    ///
    /// SwiftProtobuf computes a nested message's size again at every level above it, so a leaf six messages
    /// deep (a socket address in a load assignment, a matcher in a route) is measured six times. Here one pass
    /// records every nested size, in the order the fields are visited, and a second pass writes the bytes.
    func deterministicBytes() -> [UInt8] {
        // Both passes see the same fields, so the first always succeeds; should it ever not, SwiftProtobuf's
        // encoding is correct.
        twoPassBytes() ?? swiftProtobufBytes()
    }

    /// The two-pass encoding, or nil if the passes disagreed.
    func twoPassBytes() -> [UInt8]? {
        var sizer = EncodedSizeVisitor()
        // Neither visitor throws; the generated `traverse` only passes their errors on.
        guard (try? traverse(visitor: &sizer)) != nil else { return nil }
        let total = sizer.size
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            sizer.nestedSizes.withUnsafeBufferPointer { sizes in
                var writer = EncodingWriter(buffer: buffer, nestedSizes: sizes)
                complete = (try? traverse(visitor: &writer)) != nil && writer.isComplete
            }
            count = complete ? total : 0
        }
        return complete ? bytes : nil
    }

    private func swiftProtobufBytes() -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        // Encoding a proto3 message fails only on invalid UTF-8, which Swift strings cannot hold.
        return (try? serializedBytes(options: options)) ?? []
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

    static func tagSize(_ fieldNumber: Int) -> Int {
        varintSize(tag(fieldNumber, 0))
    }

    /// Signed varints keep their 64-bit two's complement (10 bytes for a negative number), as protobuf does.
    static func signExtended(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

    static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
}

/// The first pass: the size of a message, and of every message, map entry and packed field nested in it, in
/// the order the fields are visited.
struct EncodedSizeVisitor: SwiftProtobuf.Visitor {
    /// The size of the message being visited.
    var size = 0
    /// Every length-delimited part's size, in visiting order.
    var nestedSizes: [Int] = []

    private mutating func nested(_ fieldNumber: Int, _ body: (inout EncodedSizeVisitor) throws -> Void) rethrows {
        let slot = nestedSizes.count
        nestedSizes.append(0)
        let outer = size
        size = 0
        try body(&self)
        let inner = size
        nestedSizes[slot] = inner
        size = outer + WireFormat.tagSize(fieldNumber) + WireFormat.varintSize(UInt64(inner)) + inner
    }

    private mutating func varintField(_ fieldNumber: Int, _ value: UInt64) {
        size += WireFormat.tagSize(fieldNumber) + WireFormat.varintSize(value)
    }

    private mutating func delimited(_ fieldNumber: Int, count: Int) {
        size += WireFormat.tagSize(fieldNumber) + WireFormat.varintSize(UInt64(count)) + count
    }

    private mutating func packed<T>(_ fieldNumber: Int, _ values: [T], _ elementSize: (T) -> Int) {
        nested(fieldNumber) { visitor in
            for value in values { visitor.size += elementSize(value) }
        }
    }

    mutating func visitSingularFloatField(value: Float, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 4
    }
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 8
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
        size += WireFormat.tagSize(fieldNumber) + 4
    }
    mutating func visitSingularFixed64Field(value: UInt64, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 8
    }
    mutating func visitSingularSFixed32Field(value: Int32, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 4
    }
    mutating func visitSingularSFixed64Field(value: Int64, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 8
    }
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {
        size += WireFormat.tagSize(fieldNumber) + 1
    }
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        delimited(fieldNumber, count: value.utf8.count)
    }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
        delimited(fieldNumber, count: value.count)
    }
    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.signExtended(Int64(value.rawValue)))
    }
    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        try nested(fieldNumber) { try value.traverse(visitor: &$0) }
    }
    mutating func visitSingularGroupField<G: SwiftProtobuf.Message>(value: G, fieldNumber: Int) throws {
        size += 2 * WireFormat.tagSize(fieldNumber)
        try value.traverse(visitor: &self)
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

    mutating func visitPackedFloatField(value: [Float], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 4 }
    }
    mutating func visitPackedDoubleField(value: [Double], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 8 }
    }
    mutating func visitPackedInt32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(WireFormat.signExtended(Int64($0))) }
    }
    mutating func visitPackedInt64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(WireFormat.signExtended($0)) }
    }
    mutating func visitPackedUInt32Field(value: [UInt32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(UInt64($0)) }
    }
    mutating func visitPackedUInt64Field(value: [UInt64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize($0) }
    }
    mutating func visitPackedSInt32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(WireFormat.zigZag(Int64($0))) }
    }
    mutating func visitPackedSInt64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(WireFormat.zigZag($0)) }
    }
    mutating func visitPackedFixed32Field(value: [UInt32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 4 }
    }
    mutating func visitPackedFixed64Field(value: [UInt64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 8 }
    }
    mutating func visitPackedSFixed32Field(value: [Int32], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 4 }
    }
    mutating func visitPackedSFixed64Field(value: [Int64], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 8 }
    }
    mutating func visitPackedBoolField(value: [Bool], fieldNumber: Int) throws {
        packed(fieldNumber, value) { _ in 1 }
    }
    mutating func visitPackedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        packed(fieldNumber, value) { WireFormat.varintSize(WireFormat.signExtended(Int64($0.rawValue))) }
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            try nested(fieldNumber) { entry in
                try KeyType.visitSingular(value: key, fieldNumber: 1, with: &entry)
                try ValueType.visitSingular(value: element, fieldNumber: 2, with: &entry)
            }
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            try nested(fieldNumber) { entry in
                try KeyType.visitSingular(value: key, fieldNumber: 1, with: &entry)
                try entry.visitSingularEnumField(value: element, fieldNumber: 2)
            }
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            try nested(fieldNumber) { entry in
                try KeyType.visitSingular(value: key, fieldNumber: 1, with: &entry)
                try entry.visitSingularMessageField(value: element, fieldNumber: 2)
            }
        }
    }

    mutating func visitUnknown(bytes: Data) throws {
        size += bytes.count
    }
}

/// The second pass: writes the bytes into a buffer of exactly the size the first pass found, taking each
/// nested size from its list in the same order. A write past the end, or a size list used up early, stops the
/// writer and leaves it incomplete instead of touching memory it does not own.
struct EncodingWriter: SwiftProtobuf.Visitor {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private let nestedSizes: UnsafeBufferPointer<Int>
    private var offset = 0
    private var nextSize = 0
    private var overflowed = false

    init(buffer: UnsafeMutableBufferPointer<UInt8>, nestedSizes: UnsafeBufferPointer<Int>) {
        self.buffer = buffer
        self.nestedSizes = nestedSizes
    }

    /// Whether every byte was written and every recorded size used.
    var isComplete: Bool {
        !overflowed && offset == buffer.count && nextSize == nestedSizes.count
    }

    private mutating func putVarint(_ value: UInt64) {
        var value = value
        guard offset + WireFormat.varintSize(value) <= buffer.count else {
            overflowed = true
            return
        }
        while value >= 0x80 {
            buffer[offset] = UInt8(truncatingIfNeeded: value) | 0x80
            offset += 1
            value >>= 7
        }
        buffer[offset] = UInt8(value)
        offset += 1
    }

    private mutating func putLittleEndian<T: FixedWidthInteger>(_ value: T) {
        let count = MemoryLayout<T>.size
        guard offset + count <= buffer.count else {
            overflowed = true
            return
        }
        withUnsafeBytes(of: value.littleEndian) { copy($0) }
    }

    private mutating func putBytes(_ bytes: UnsafeRawBufferPointer) {
        guard offset + bytes.count <= buffer.count else {
            overflowed = true
            return
        }
        copy(bytes)
    }

    /// Copies `bytes`, which fit, at the current offset.
    private mutating func copy(_ bytes: UnsafeRawBufferPointer) {
        if let target = buffer.baseAddress, let source = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(target + offset).copyMemory(from: source, byteCount: bytes.count)
        }
        offset += bytes.count
    }

    private mutating func putTag(_ fieldNumber: Int, _ wireType: UInt64) {
        putVarint(WireFormat.tag(fieldNumber, wireType))
    }

    /// Tag and length of the next nested part, whose size the first pass recorded.
    private mutating func startNested(_ fieldNumber: Int) {
        guard nextSize < nestedSizes.count else {
            overflowed = true
            return
        }
        putTag(fieldNumber, WireFormat.lengthDelimited)
        putVarint(UInt64(nestedSizes[nextSize]))
        nextSize += 1
    }

    private mutating func varintField(_ fieldNumber: Int, _ value: UInt64) {
        putTag(fieldNumber, WireFormat.varint)
        putVarint(value)
    }

    private mutating func packed<T>(_ fieldNumber: Int, _ values: [T], _ put: (inout EncodingWriter, T) -> Void) {
        startNested(fieldNumber)
        for value in values { put(&self, value) }
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
        var value = value
        value.withUTF8 { utf8 in
            putVarint(UInt64(utf8.count))
            putBytes(UnsafeRawBufferPointer(utf8))
        }
    }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.lengthDelimited)
        putVarint(UInt64(value.count))
        value.withUnsafeBytes { putBytes($0) }
    }
    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        varintField(fieldNumber, WireFormat.signExtended(Int64(value.rawValue)))
    }
    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        startNested(fieldNumber)
        try value.traverse(visitor: &self)
    }
    mutating func visitSingularGroupField<G: SwiftProtobuf.Message>(value: G, fieldNumber: Int) throws {
        putTag(fieldNumber, WireFormat.startGroup)
        try value.traverse(visitor: &self)
        putTag(fieldNumber, WireFormat.endGroup)
    }

    mutating func visitRepeatedMessageField<M: SwiftProtobuf.Message>(value: [M], fieldNumber: Int) throws {
        for element in value { try visitSingularMessageField(value: element, fieldNumber: fieldNumber) }
    }
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
        for element in value { try visitSingularStringField(value: element, fieldNumber: fieldNumber) }
    }
    mutating func visitRepeatedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        for element in value { try visitSingularEnumField(value: element, fieldNumber: fieldNumber) }
    }

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

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try ValueType.visitSingular(value: element, fieldNumber: 2, with: &self)
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try visitSingularEnumField(value: element, fieldNumber: 2)
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        for (key, element) in value.sorted(by: { KeyType._lessThan(lhs: $0.key, rhs: $1.key) }) {
            startNested(fieldNumber)
            try KeyType.visitSingular(value: key, fieldNumber: 1, with: &self)
            try visitSingularMessageField(value: element, fieldNumber: 2)
        }
    }

    mutating func visitUnknown(bytes: Data) throws {
        bytes.withUnsafeBytes { putBytes($0) }
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
