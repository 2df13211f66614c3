/// One HTTP request as routing sees it: the pseudo-headers and the header lines, as received.
///
/// Nothing is decoded or normalised: Envoy matches the bytes it receives (after its connection manager's
/// normalisation, which the gateway applies before routing).
///
/// The fields live in one immutable object, so a copy costs one reference count and a lookup reads the request
/// without counting any; setting a field replaces the object.
public struct RouteRequest: Sendable, Hashable {
    /// `:method`.
    public var method: String {
        get { storage.method }
        set { storage = Storage(newValue, path, authority, scheme, headers) }
    }
    /// `:path`, with its query string and fragment.
    public var path: String {
        get { storage.path }
        set { storage = Storage(method, newValue, authority, scheme, headers) }
    }
    /// `:authority` (the `Host` header); nil when the request has none.
    public var authority: String? {
        get { storage.authority }
        set { storage = Storage(method, path, newValue, scheme, headers) }
    }
    /// `:scheme`.
    public var scheme: String {
        get { storage.scheme }
        set { storage = Storage(method, path, authority, newValue, headers) }
    }
    /// Header lines in the order received. A name may repeat; names compare without regard to ASCII case.
    public var headers: [Header] {
        get { storage.headers }
        set { storage = Storage(method, path, authority, scheme, newValue) }
    }

    private(set) var storage: Storage

    final class Storage: Sendable {
        let method: String
        let path: String
        let authority: String?
        let scheme: String
        let headers: [Header]
        /// The method's bit, read once when the request is made (as an HTTP server parses its method).
        let methodBit: MethodSet
        /// Where the path routes compare ends: the offset of the first `?` or `#` in `path`.
        let pathEnd: Int
        /// Whether every byte of the path before `pathEnd` is `/` or a character URI template globs match, so
        /// template lookups need not check segments byte by byte.
        let pathIsGlobbable: Bool

        init(_ method: String, _ path: String, _ authority: String?, _ scheme: String, _ headers: [Header]) {
            self.method = method
            self.path = path
            self.authority = authority
            self.scheme = scheme
            self.headers = headers
            methodBit = MethodSet(method: method)
            (pathEnd, pathIsGlobbable) = withBytes(of: path) { bytes in
                let end = ASCII.firstQueryOrFragment(in: bytes)
                return (end, bytes[..<end].allSatisfy(URITemplate.isTextGlobByte))
            }
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
        storage = Storage(method, path, authority, scheme, headers)
    }

    public static func == (lhs: RouteRequest, rhs: RouteRequest) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.method, lhs.path, lhs.authority, lhs.scheme) == (rhs.method, rhs.path, rhs.authority, rhs.scheme)
                && lhs.headers == rhs.headers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(authority)
        hasher.combine(scheme)
        hasher.combine(headers)
    }
}
