/// What a route hashes to pick a host under consistent-hashing load balancers
/// (`lbhash.options.gloo.solo.io.RouteActionHashConfig`).
public struct LbHash: Codable, Hashable, Sendable {
    /// Evaluated in order; their hashes combine.
    public var hashPolicies: [HashPolicy]?

    public init() {}
}

/// One input to a route's hash (`lbhash.options.gloo.solo.io.HashPolicy`).
///
/// ``header``, ``cookie`` and ``sourceIp`` form the `KeyType` oneof.
public struct HashPolicy: Codable, Hashable, Sendable {
    /// Hash the value of this request header.
    public var header: String?
    /// Hash a cookie, creating it when ``Cookie/ttl`` is set and it is missing.
    public var cookie: Cookie?
    /// Hash the client's IP address.
    public var sourceIp: Bool?
    /// Stop at this policy when it produced a hash.
    public var terminal: Bool?

    public init() {}

    /// A cookie to hash.
    public struct Cookie: Codable, Hashable, Sendable {
        public var name: String?
        /// Lifetime of a generated cookie; without it, none is generated.
        public var ttl: ProtoDuration?
        /// Path of a generated cookie.
        public var path: String?

        public init() {}
    }

    /// The hash input, when exactly one is set.
    public var keyType: KeyType? {
        switch (header, cookie, sourceIp) {
        case (let name?, nil, nil): .header(name)
        case (nil, let cookie?, nil): .cookie(cookie)
        case (nil, nil, let flag?): .sourceIp(flag)
        default: nil
        }
    }

    /// The kinds of hash input.
    public enum KeyType: Hashable, Sendable {
        case header(String)
        case cookie(Cookie)
        case sourceIp(Bool)
    }
}
