import Foundation
import SwiftProtobuf

extension Google_Protobuf_Any {
    /// `message` packed with the `type.googleapis.com/` type URL Envoy expects, encoded deterministically.
    init(packing message: some SwiftProtobuf.Message) {
        self.init()
        typeURL = EnvoyNames.typeURLPrefix + type(of: message).protoMessageName
        value = Data(message.deterministicBytes())
    }
}
