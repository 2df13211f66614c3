/// HTTP headers as Envoy's header map holds them for a transformation: an ordered list of lower-case names and
/// byte values, pseudo-headers (`:method`, `:path`, `:authority`, `:scheme`, `:status`) first, a name possibly
/// repeated. In a request map, `host` is `:authority`, as in Envoy.
public struct HeaderMap: Sendable, Hashable {
    /// One header line.
    public struct Field: Sendable, Hashable {
        /// Lower-case.
        public var name: [UInt8]
        public var value: [UInt8]

        public init(name: [UInt8], value: [UInt8]) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]
    /// Whether this is a request's map (`host` means `:authority`).
    public let isRequest: Bool

    /// A map of `fields` in order; names are lower-cased.
    public init(_ fields: [(name: String, value: String)] = [], isRequest: Bool) {
        self.fields = []
        self.isRequest = isRequest
        for (name, value) in fields { append(Array(name.utf8), Array(value.utf8)) }
    }

    /// The name as the map stores it: lower-cased, and `host` as `:authority` in a request.
    func key(_ name: some Collection<UInt8>) -> [UInt8] {
        let lower = name.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        if isRequest && lower == Self.host { return Self.authority }
        return lower
    }

    static let host = Array("host".utf8)
    static let authority = Array(":authority".utf8)

    /// The first value of `name`, if present.
    public func first(_ name: some Collection<UInt8>) -> [UInt8]? {
        let key = key(name)
        return fields.first { $0.name == key }?.value
    }

    /// The first value of `name`, given as text.
    public func first(_ name: String) -> [UInt8]? { first(name.utf8) }

    /// Every value of `name`, in order.
    public func values(_ name: some Collection<UInt8>) -> [[UInt8]] {
        let key = key(name)
        return fields.filter { $0.name == key }.map(\.value)
    }

    /// Removes every line of `name`.
    public mutating func remove(_ name: some Collection<UInt8>) {
        let key = key(name)
        fields.removeAll { $0.name == key }
    }

    /// Removes every line of `name`, given as text.
    public mutating func remove(_ name: String) { remove(name.utf8) }

    /// Adds a line, keeping others of the same name; pseudo-headers go after the other pseudo-headers, before
    /// regular ones.
    public mutating func append(_ name: some Collection<UInt8>, _ value: [UInt8]) {
        let key = key(name)
        if key.first == UInt8(ascii: ":"),
            let firstRegular = fields.firstIndex(where: { $0.name.first != UInt8(ascii: ":") })
        {
            fields.insert(Field(name: key, value: value), at: firstRegular)
        } else {
            fields.append(Field(name: key, value: value))
        }
    }

    /// Adds a line, given as text.
    public mutating func append(_ name: String, _ value: String) { append(name.utf8, Array(value.utf8)) }

    /// Replaces every line of `name` with one holding `value`.
    public mutating func set(_ name: some Collection<UInt8>, _ value: [UInt8]) {
        remove(name)
        append(name, value)
    }
}
