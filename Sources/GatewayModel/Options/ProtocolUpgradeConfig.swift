/// A protocol upgrade a route allows or forbids
/// (`protocol_upgrade.options.gloo.solo.io.ProtocolUpgradeConfig`).
///
/// ``websocket``, ``connect`` and ``connectTerminate`` form the `upgrade_type` oneof.
public struct ProtocolUpgradeConfig: Codable, Hashable, Sendable {
    /// WebSocket upgrades.
    public var websocket: Spec?
    /// CONNECT requests, proxied as they are.
    public var connect: Spec?
    /// CONNECT requests, terminated here and forwarded as a plain stream.
    public var connectTerminate: Spec?

    public init() {}

    /// Whether an upgrade kind is on.
    public struct Spec: Codable, Hashable, Sendable {
        /// Default true.
        public var enabled: Bool?

        public init() {}

        public init(enabled: Bool?) {
            self.enabled = enabled
        }
    }

    /// The upgrade kind, when exactly one is set.
    public var upgradeType: UpgradeType? {
        switch (websocket, connect, connectTerminate) {
        case (let spec?, nil, nil): .websocket(spec)
        case (nil, let spec?, nil): .connect(spec)
        case (nil, nil, let spec?): .connectTerminate(spec)
        default: nil
        }
    }

    /// The kinds of upgrade.
    public enum UpgradeType: Hashable, Sendable {
        case websocket(Spec)
        case connect(Spec)
        case connectTerminate(Spec)

        /// The Envoy `upgrade_type` name.
        public var envoyName: String {
            switch self {
            case .websocket: "websocket"
            case .connect, .connectTerminate: "CONNECT"
            }
        }
    }
}
