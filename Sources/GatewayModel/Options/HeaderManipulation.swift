/// Headers to add to and remove from requests and responses
/// (`headers.options.gloo.solo.io.HeaderManipulation`).
public struct HeaderManipulation: Codable, Hashable, Sendable {
    /// Added to the request before it goes upstream.
    public var requestHeadersToAdd: [HeaderValueOption]?
    /// Names removed from the request before it goes upstream.
    public var requestHeadersToRemove: [String]?
    /// Added to the response before it goes downstream.
    public var responseHeadersToAdd: [ResponseHeaderValueOption]?
    /// Names removed from the response before it goes downstream.
    public var responseHeadersToRemove: [String]?

    public init() {}
}

/// A header name and value (`key`, `value`), as both request and response additions write them.
public struct HeaderValue: Codable, Hashable, Sendable {
    public var key: String?
    /// The value; Envoy's `%VARIABLE%` formatters are allowed.
    public var value: String?

    public init() {}

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A request header to add: a literal ``header`` or one whose value comes from a secret
/// (`solo.io.envoy.api.v2.core.HeaderValueOption`).
///
/// ``header`` and ``headerSecretRef`` form a `oneof`.
public struct HeaderValueOption: Codable, Hashable, Sendable {
    public var header: HeaderValue?
    /// A Secret whose header entries are added.
    public var headerSecretRef: ResourceRef?
    /// Whether to append to existing values (default) rather than replace them.
    public var append: Bool?

    public init() {}

    /// Adds `key: value`, appending unless `append` is false.
    public init(key: String, value: String, append: Bool? = nil) {
        self.header = HeaderValue(key: key, value: value)
        self.append = append
    }
}

/// A response header to add (`headers.options.gloo.solo.io.HeaderValueOption`); unlike request headers,
/// it cannot come from a secret.
public struct ResponseHeaderValueOption: Codable, Hashable, Sendable {
    public var header: HeaderValue?
    /// Whether to append to existing values (default) rather than replace them.
    public var append: Bool?

    public init() {}

    /// Adds `key: value`, appending unless `append` is false.
    public init(key: String, value: String, append: Bool? = nil) {
        self.header = HeaderValue(key: key, value: value)
        self.append = append
    }
}
