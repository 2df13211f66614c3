/// HTTP headers as Envoy's header map holds them for a transformation: an ordered list of lower-case names and
/// byte values, pseudo-headers (`:method`, `:path`, `:authority`, `:scheme`, `:status`) first, a name possibly
/// repeated. In a request map, `host` is `:authority`, as in Envoy.
///
/// Names and values live in one byte buffer, indexed by a list of entries, so a copy costs two reference counts
/// and a lookup allocates nothing.
public struct HeaderMap: Sendable {
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

    private struct Entry: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// Names and values, back to back; removed lines leave their bytes until the buffer is compacted.
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Whether this is a request's map (`host` means `:authority`).
    public let isRequest: Bool

    /// A map of `fields` in order; names are lower-cased.
    public init(_ fields: [(name: String, value: String)] = [], isRequest: Bool) {
        self.isRequest = isRequest
        for (name, value) in fields { append(name, value) }
    }

    /// The lines, in order.
    public var fields: [Field] {
        entries.map { Field(name: Array(bytes[$0.name]), value: Array(bytes[$0.value])) }
    }

    /// How many lines there are.
    public var count: Int { entries.count }

    private static let host = Array("host".utf8)
    private static let authority = Array(":authority".utf8)

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether `name`, lower-cased, is `expected` (already lower-case).
    private static func equals(_ name: [UInt8], _ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == expected.count else { return false }
        var index = 0
        for byte in name {
            if lowercased(byte) != expected[index] { return false }
            index += 1
        }
        return true
    }

    private static func equals(_ name: [UInt8], _ expected: [UInt8]) -> Bool {
        expected.withUnsafeBufferPointer { equals(name, $0) }
    }

    /// `name` as the map stores it: lower-case, and `host` as `:authority` in a request.
    private func key(_ name: [UInt8]) -> [UInt8] {
        if isRequest && Self.equals(name, Self.host) { return Self.authority }
        return name.map(Self.lowercased)
    }

    /// The positions of the entries named `name` (given in any case), compared without copying or counting
    /// references.
    private func positions(of name: [UInt8]) -> [Int] {
        let key = isRequest && Self.equals(name, Self.host) ? Self.authority : name
        return bytes.withUnsafeBufferPointer { buffer in
            entries.indices.filter { index in
                let range = entries[index].name
                return Self.equals(key, UnsafeBufferPointer(rebasing: buffer[range]))
            }
        }
    }

    /// The first value of `name` (in any case), if present.
    public func first(_ name: [UInt8]) -> [UInt8]? {
        let key = isRequest && Self.equals(name, Self.host) ? Self.authority : name
        return bytes.withUnsafeBufferPointer { buffer in
            for entry in entries where Self.equals(key, UnsafeBufferPointer(rebasing: buffer[entry.name])) {
                return Array(buffer[entry.value])
            }
            return nil
        }
    }

    /// The first value of `name`, given as text.
    public func first(_ name: String) -> [UInt8]? { first(Array(name.utf8)) }

    /// Every value of `name`, in order.
    public func values(_ name: [UInt8]) -> [[UInt8]] {
        positions(of: name).map { Array(bytes[entries[$0].value]) }
    }

    /// Every value of `name`, given as text.
    public func values(_ name: String) -> [[UInt8]] { values(Array(name.utf8)) }

    /// Removes every line of `name`.
    public mutating func remove(_ name: [UInt8]) {
        let removed = positions(of: name)
        guard !removed.isEmpty else { return }
        for index in removed.reversed() { entries.remove(at: index) }
        compactIfSparse()
    }

    /// Removes every line of `name`, given as text.
    public mutating func remove(_ name: String) { remove(Array(name.utf8)) }

    /// Adds a line, keeping others of the same name; pseudo-headers go after the other pseudo-headers, before
    /// regular ones.
    public mutating func append(_ name: [UInt8], _ value: [UInt8]) {
        let key = key(name)
        let nameStart = bytes.count
        bytes += key
        bytes += value
        let entry = Entry(name: nameStart..<(nameStart + key.count), value: (nameStart + key.count)..<bytes.count)
        if key.first == UInt8(ascii: ":"),
            let firstRegular = entries.firstIndex(where: { bytes[$0.name.lowerBound] != UInt8(ascii: ":") })
        {
            entries.insert(entry, at: firstRegular)
        } else {
            entries.append(entry)
        }
    }

    /// Adds a line, given as text.
    public mutating func append(_ name: String, _ value: String) { append(Array(name.utf8), Array(value.utf8)) }

    /// Replaces every line of `name` with one holding `value`.
    public mutating func set(_ name: [UInt8], _ value: [UInt8]) {
        remove(name)
        append(name, value)
    }

    /// Drops the bytes of removed lines once they are most of the buffer.
    private mutating func compactIfSparse() {
        let used = entries.reduce(0) { $0 + $1.name.count + $1.value.count }
        guard bytes.count > 256, used * 2 < bytes.count else { return }
        var compacted: [UInt8] = []
        compacted.reserveCapacity(used)
        entries = entries.map { entry in
            let start = compacted.count
            compacted += bytes[entry.name]
            let middle = compacted.count
            compacted += bytes[entry.value]
            return Entry(name: start..<middle, value: middle..<compacted.count)
        }
        bytes = compacted
    }
}

extension HeaderMap: Hashable {
    public static func == (lhs: HeaderMap, rhs: HeaderMap) -> Bool {
        lhs.isRequest == rhs.isRequest && lhs.fields == rhs.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isRequest)
        hasher.combine(fields)
    }
}
