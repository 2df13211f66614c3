/// A request or a response as a transformation sees it: its header map (with pseudo-headers) and its body.
public struct HTTPMessage: Sendable, Hashable {
    public var headers: HeaderMap
    public var body: [UInt8]

    public init(headers: HeaderMap, body: [UInt8] = []) {
        self.headers = headers
        self.body = body
    }

    /// A request: `:method`, `:path` (with its query), `:authority`, `:scheme`, then `headers`.
    public static func request(
        method: String,
        path: String,
        authority: String,
        scheme: String = "http",
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) -> HTTPMessage {
        var map = HeaderMap(isRequest: true)
        map.append(":authority", authority)
        map.append(":path", path)
        map.append(":method", method)
        map.append(":scheme", scheme)
        for (name, value) in headers { map.append(name, value) }
        return HTTPMessage(headers: map, body: body)
    }

    /// A response: `:status`, then `headers`.
    public static func response(
        status: Int,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    )
        -> HTTPMessage
    {
        var map = HeaderMap(isRequest: false)
        map.append(":status", String(status))
        for (name, value) in headers { map.append(name, value) }
        return HTTPMessage(headers: map, body: body)
    }

    /// Replaces the body and sets `content-length` to its size, as Envoy does after a body transformation.
    mutating func replaceBody(_ newBody: [UInt8]) {
        body = newBody
        headers.remove("content-length")
        headers.append("content-length", String(newBody.count))
    }
}
