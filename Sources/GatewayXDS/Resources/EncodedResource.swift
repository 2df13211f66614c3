import Foundation
public import SwiftProtobuf

/// One resource, encoded once and shared by every stream that sends it.
public struct EncodedResource: Sendable {
    /// The resource's name (a cluster load assignment's `cluster_name`).
    public let name: String
    /// The version streams compare: the content hash, combined with what the resource depends on.
    public let version: String
    /// The hash of the encoded bytes alone.
    let contentHash: String
    /// The resource packed for discovery responses: type URL and deterministic bytes.
    public let packed: Google_Protobuf_Any

    init(name: String, message: some SwiftProtobuf.Message) {
        self.name = name
        let bytes = message.deterministicBytes()
        var hash = ContentHash()
        hash.combine(bytes)
        contentHash = hash.finalize()
        version = contentHash
        var packed = Google_Protobuf_Any()
        packed.typeURL = EnvoyNames.typeURLPrefix + type(of: message).protoMessageName
        packed.value = Data(bytes)
        self.packed = packed
    }

    private init(name: String, version: String, contentHash: String, packed: Google_Protobuf_Any) {
        self.name = name
        self.version = version
        self.contentHash = contentHash
        self.packed = packed
    }

    /// This resource with a version that also changes whenever `dependency` changes; without a dependency,
    /// the content hash alone (also when `self` was reused from a snapshot where it had one).
    func depending(on dependency: String?) -> EncodedResource {
        guard let dependency else {
            return EncodedResource(name: name, version: contentHash, contentHash: contentHash, packed: packed)
        }
        var hash = ContentHash()
        hash.combine(contentHash)
        hash.combine(dependency)
        return EncodedResource(name: name, version: hash.finalize(), contentHash: contentHash, packed: packed)
    }
}
