import Foundation
public import SwiftProtobuf

/// One resource, encoded once and shared by every stream that sends it.
///
/// Its parts live in one immutable box: streams copy resources into every response they build, and a copy is
/// one reference count instead of one per part.
public struct EncodedResource: Sendable {
    private final class Storage: Sendable {
        let name: String
        let version: String
        let contentHash: String
        let packed: Google_Protobuf_Any

        init(name: String, version: String, contentHash: String, packed: Google_Protobuf_Any) {
            self.name = name
            self.version = version
            self.contentHash = contentHash
            self.packed = packed
        }
    }

    private let storage: Storage

    /// The resource's name (a cluster load assignment's `cluster_name`).
    public var name: String { storage.name }
    /// The version streams compare: the content hash, combined with what the resource depends on.
    public var version: String { storage.version }
    /// The hash of the encoded bytes alone.
    var contentHash: String { storage.contentHash }
    /// The resource packed for discovery responses: type URL and deterministic bytes.
    public var packed: Google_Protobuf_Any { storage.packed }

    init(name: String, message: some SwiftProtobuf.Message) {
        // A route configuration holds most of a large configuration: its virtual hosts are encoded in parallel.
        let bytes =
            (message as? Envoy_Config_Route_V3_RouteConfiguration)?.bytesEncodingHostsInParallel()
            ?? message.deterministicBytes()
        var hash = ContentHash()
        hash.combine(bytes)
        let contentHash = hash.finalize()
        var packed = Google_Protobuf_Any()
        packed.typeURL = EnvoyNames.typeURLPrefix + type(of: message).protoMessageName
        packed.value = Data(bytes)
        storage = Storage(name: name, version: contentHash, contentHash: contentHash, packed: packed)
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// This resource with a version that also changes whenever `dependency` changes; without a dependency,
    /// the content hash alone (also when `self` was reused from a snapshot where it had one).
    func depending(on dependency: String?) -> EncodedResource {
        var version = contentHash
        if let dependency {
            var hash = ContentHash()
            hash.combine(contentHash)
            hash.combine(dependency)
            version = hash.finalize()
        }
        // A resource reused from the previous snapshot usually keeps its version: keep sharing its box.
        if version == self.version { return self }
        return EncodedResource(
            storage: Storage(name: name, version: version, contentHash: contentHash, packed: packed)
        )
    }
}
