import Foundation
import SwiftProtobuf
import Synchronization

extension XDSSnapshot {
    /// Lets `response` carry its resources as bytes encoded once for all streams, when it holds every resource
    /// of its type at this snapshot's version (what every Envoy asks for): the field is then copied rather
    /// than encoded again for each stream. Other responses are left as they are.
    func shareEncoding(of response: inout Envoy_Service_Discovery_V3_DiscoveryResponse) {
        guard let type = XDSResourceType(typeURL: response.typeURL), response.versionInfo == version(of: type),
            response.resources.count == count(of: type), !response.resources.isEmpty
        else { return }
        // The same count at the same version: exactly this snapshot's resources, sorted by name like the table.
        response.unknownFields = responseFields.field(type, in: self)
        response.resources = []
    }
}

/// The encoded `resources` field (number 2: `repeated google.protobuf.Any`) of each type's full response.
final class ResponseFieldCache: Sendable {
    private let fields = Mutex<[XDSResourceType: UnknownStorage]>([:])

    func field(_ type: XDSResourceType, in snapshot: XDSSnapshot) -> UnknownStorage {
        if let field = fields.withLock({ $0[type] }) { return field }
        var bytes: [UInt8] = []
        for resource in snapshot.encoded(type) {
            let packed = resource.packed.deterministicBytes()
            bytes.append(0x12)  // field 2, length-delimited
            var length = UInt64(packed.count)
            while length >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            bytes.append(UInt8(length))
            bytes += packed
        }
        // Decoding the bytes as a message without fields keeps them, unchanged, as its unknown fields.
        let field = (try? Google_Protobuf_Empty(serializedBytes: bytes))?.unknownFields ?? UnknownStorage()
        fields.withLock { $0[type] = field }
        return field
    }
}
