/// Options of a listener, whatever its protocol (`gloo.solo.io.ListenerOptions`), with every field of Gloo's
/// message.
public struct ListenerOptions: Codable, Hashable, Sendable {
    /// Access logs of the HTTP connection manager (to files or a gRPC service).
    public var accessLoggingService: ConfigValue?
    /// Gloo's untyped plugin extensions.
    public var extensions: ConfigValue?
    /// Read and write buffer limit per connection; Envoy's default is 1 MiB.
    public var perConnectionBufferLimitBytes: UInt32?
    /// Socket options set on the listening socket (Envoy `SocketOption`s, as written).
    public var socketOptions: [ConfigValue]?
    /// Accepts the PROXY protocol header.
    public var proxyProtocol: ConfigValue?
    /// How new connections are spread over worker threads.
    public var connectionBalanceConfig: ConfigValue?
    /// Access logs of the listener itself, for connections that never reach a filter chain.
    public var listenerAccessLoggingService: ConfigValue?
    /// Envoy's TCP statistics transport socket.
    public var tcpStats: Bool?

    public init() {}
}

extension ListenerOptions {
    /// Every field and whether the suite enforces it.
    static let optionFields = OptionFieldTable<ListenerOptions>([
        OptionField("accessLoggingService", \.accessLoggingService),
        OptionField("extensions", \.extensions, enforced: false),
        OptionField("perConnectionBufferLimitBytes", \.perConnectionBufferLimitBytes),
        OptionField("socketOptions", \.socketOptions),
        OptionField("proxyProtocol", \.proxyProtocol),
        OptionField("connectionBalanceConfig", \.connectionBalanceConfig, enforced: false),
        OptionField("listenerAccessLoggingService", \.listenerAccessLoggingService, enforced: false),
        OptionField("tcpStats", \.tcpStats, enforced: false),
    ])

    /// These options with every field they leave unset filled in from `parent`, as Gloo's
    /// `ShallowMergeListenerOptions` does for ListenerOption resources.
    public func shallowMerged(withParent parent: ListenerOptions) -> ListenerOptions {
        Self.optionFields.shallowMerge(self, parent: parent)
    }

    /// The YAML names of the fields set here that no module of this suite will act on, in declaration order.
    ///
    /// The suite implements `accessLoggingService`, `perConnectionBufferLimitBytes`, `socketOptions` and
    /// `proxyProtocol`; `extensions`, `connectionBalanceConfig`, `listenerAccessLoggingService` and
    /// `tcpStats: true` are named here when set.
    public var unenforcedOptionNames: [String] {
        Self.optionFields.unenforcedNames(in: self)
    }
}
