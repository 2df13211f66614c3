import Foundation
import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's binary encoding with map entries in a fixed order, so equal messages have equal bytes
    /// (the content hashes that version resources depend on it).
    func deterministicBytes() -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        // Encoding a proto3 message fails only on invalid UTF-8, which Swift strings cannot hold.
        return (try? serializedBytes(options: options)) ?? []
    }
}

extension Google_Protobuf_Any {
    /// `message` packed with the `type.googleapis.com/` type URL Envoy expects, encoded deterministically.
    init(packing message: some SwiftProtobuf.Message) {
        self.init()
        typeURL = EnvoyNames.typeURLPrefix + type(of: message).protoMessageName
        value = Data(message.deterministicBytes())
    }
}
