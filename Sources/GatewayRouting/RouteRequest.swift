/// One HTTP request as routing sees it: the pseudo-headers and the header lines, as received.
///
/// Nothing is decoded or normalised: Envoy matches the bytes it receives (after its connection manager's
/// normalisation, which the gateway applies before routing).
public struct RouteRequest: Sendable, Hashable {
    /// `:method`.
    public var method: String
    /// `:path`, with its query string and fragment.
    public var path: String
    /// `:authority` (the `Host` header); nil when the request has none.
    public var authority: String?
    /// `:scheme`.
    public var scheme: String
    /// Header lines in the order received. A name may repeat; names compare without regard to ASCII case.
    public var headers: [Header]

    /// One header line.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        method: String = "GET",
        path: String,
        authority: String? = nil,
        scheme: String = "http",
        headers: [Header] = []
    ) {
        self.method = method
        self.path = path
        self.authority = authority
        self.scheme = scheme
        self.headers = headers
    }

    /// Calls `body` with the value of every header named `name` (lower-case bytes), pseudo-headers included, in
    /// order, until it returns false. `Host` is not a header here: Envoy turns it into `:authority`, which is
    /// what matchers must name.
    @inline(__always)
    func forEachValue(ofLowercased name: [UInt8], _ body: (String) -> Bool) {
        if name.first == UInt8(ascii: ":") {
            let pseudo: String?? =
                switch name.count {
                case 5 where name.elementsEqual(":path".utf8): .some(path)
                case 7 where name.elementsEqual(":method".utf8): .some(method)
                case 7 where name.elementsEqual(":scheme".utf8): .some(scheme)
                case 10 where name.elementsEqual(":authority".utf8): .some(authority)
                default: nil
                }
            if let pseudo {
                if let value = pseudo { _ = body(value) }
                return
            }
        }
        for header in headers where ASCII.equalsIgnoringCase(header.name.utf8, name) {
            guard body(header.value) else { return }
        }
    }
}
