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

    /// The path routes are matched against: `:path` up to its first `?` or `#`.
    var pathForMatching: Substring.UTF8View {
        let bytes = path.utf8
        let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        return Substring(path)[..<end].utf8
    }

    /// The values of every header named `name` (lower-case), pseudo-headers included, in order. `Host` is not a
    /// header here: Envoy turns it into `:authority`, which is what matchers must name.
    func values(of name: String) -> [String] {
        switch name {
        case ":method": return [method]
        case ":path": return [path]
        case ":scheme": return [scheme]
        case ":authority": return authority.map { [$0] } ?? []
        default: return headers.filter { ASCII.equalsIgnoringCase($0.name.utf8, name.utf8) }.map(\.value)
        }
    }
}
