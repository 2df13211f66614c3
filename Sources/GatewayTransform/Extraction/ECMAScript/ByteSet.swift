/// A set of bytes: what one position of a `std::regex<char>` pattern (a character, a bracket expression, `.`, `\d`)
/// accepts.
struct ByteSet: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The empty set.
    init() {}

    /// The set holding `byte` alone.
    init(_ byte: UInt8) {
        insert(byte)
    }

    /// The set of the bytes for which `predicate` holds.
    init(where predicate: (UInt8) -> Bool) {
        for byte in UInt8.min...UInt8.max where predicate(byte) {
            insert(byte)
        }
    }

    /// Every byte.
    static let all = ByteSet(where: { _ in true })

    static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// Adds every byte of `other`.
    mutating func formUnion(_ other: ByteSet) {
        words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
    }

    var isEmpty: Bool {
        words.0 == 0 && words.1 == 0 && words.2 == 0 && words.3 == 0
    }

    var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }

    /// The only member of a one-byte set.
    var single: UInt8? {
        guard count == 1 else { return nil }
        return (UInt8.min...UInt8.max).first(where: contains)
    }

    /// The bytes not in the set.
    var inverted: ByteSet {
        var result = self
        result.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return result
    }

    /// The members as maximal runs of consecutive bytes, in increasing order.
    var ranges: [ClosedRange<UInt8>] {
        var result: [ClosedRange<UInt8>] = []
        var start: Int? = nil
        for value in 0...256 {
            let member = value < 256 && contains(UInt8(value))
            if member, start == nil { start = value }
            if !member, let first = start {
                result.append(UInt8(first)...UInt8(value - 1))
                start = nil
            }
        }
        return result
    }
}
