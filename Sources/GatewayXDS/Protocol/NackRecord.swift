/// A configuration Envoy rejected: which proxy, which type, which version, and Envoy's message.
public struct NackRecord: Sendable, Hashable, CustomStringConvertible {
    /// The snapshot key of the proxy (see ``NodeKey``).
    public var nodeKey: String
    /// The node id of the Envoy that rejected it.
    public var nodeID: String
    public var type: XDSResourceType
    /// The version that was rejected (state of the world: the type's version; delta: the resource versions).
    public var version: String
    /// Envoy's `error_detail` message, shortened: it embeds a text dump of the rejected resource that grows
    /// with the configuration.
    public var message: String

    /// The longest message kept.
    static let messageLimit = 2048

    init(nodeKey: String, nodeID: String, type: XDSResourceType, version: String, message: String) {
        self.nodeKey = nodeKey
        self.nodeID = nodeID
        self.type = type
        self.version = version
        self.message = Self.shortened(message)
    }

    /// Envoy's message on one line and at most ``messageLimit`` bytes.
    static func shortened(_ message: String) -> String {
        var text = message.replacingNewlines()
        if text.utf8.count > messageLimit {
            text = String(decoding: text.utf8.prefix(messageLimit), as: UTF8.self) + "…"
        }
        return text
    }

    public var description: String {
        "\(type) version \(version) rejected by \(nodeID) (\(nodeKey)): \(message)"
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in unicodeScalars {
            switch character {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
