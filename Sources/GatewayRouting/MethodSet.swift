/// The standard request methods as bits, so that a route's `methods` condition (Envoy's `:method` regex `A|B`,
/// which compares the exact bytes) costs one AND.
struct MethodSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    static let get = MethodSet(rawValue: 1 << 0)
    static let head = MethodSet(rawValue: 1 << 1)
    static let post = MethodSet(rawValue: 1 << 2)
    static let put = MethodSet(rawValue: 1 << 3)
    static let delete = MethodSet(rawValue: 1 << 4)
    static let connect = MethodSet(rawValue: 1 << 5)
    static let options = MethodSet(rawValue: 1 << 6)
    static let trace = MethodSet(rawValue: 1 << 7)
    static let patch = MethodSet(rawValue: 1 << 8)

    init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The method's bit; empty for a method that is not one of the standard names, spelled in upper case.
    init(method: String) {
        // Standard names have 3 to 7 bytes: read as one little-endian word, a name is one comparison.
        let word = withBytes(of: method) { bytes -> UInt64 in
            guard bytes.count <= 7 else { return 0 }
            var word: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                guard byte != 0 else { return 0 }
                word |= UInt64(byte) << (8 * index)
            }
            return word
        }
        switch word {
        case 0x544547: self = .get  // "GET"
        case 0x44414548: self = .head  // "HEAD"
        case 0x54534F50: self = .post  // "POST"
        case 0x545550: self = .put  // "PUT"
        case 0x4554454C4544: self = .delete  // "DELETE"
        case 0x5443454E4E4F43: self = .connect  // "CONNECT"
        case 0x534E4F4954504F: self = .options  // "OPTIONS"
        case 0x4543415254: self = .trace  // "TRACE"
        case 0x4843544150: self = .patch  // "PATCH"
        default: self = []
        }
    }

    /// The methods of a `methods` list, or nil when one of them is not a standard name.
    init?(methods: [String]) {
        var set = MethodSet()
        for method in methods {
            let bit = MethodSet(method: method)
            guard !bit.isEmpty else { return nil }
            set.formUnion(bit)
        }
        self = set
    }
}

/// What a lookup checks of a rule the index offers, without reading its conditions: the methods it allows, and
/// whether anything else must be checked.
struct RuleGuard: Sendable {
    /// Empty: any method.
    var methods: MethodSet
    /// Headers, query parameters or methods beyond the standard names: the full conditions must be checked.
    var needsConditions: Bool
}
