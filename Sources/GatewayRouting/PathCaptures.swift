/// The byte ranges, in `:path`, of the variables a URI template captured, in template order. Envoy allows at
/// most five variables per template, so they are stored inline.
public struct PathCaptures: Sendable, Hashable, RandomAccessCollection {
    public static let capacity = 5

    private var ranges: (Range<Int32>, Range<Int32>, Range<Int32>, Range<Int32>, Range<Int32>) = (
        0..<0, 0..<0, 0..<0, 0..<0, 0..<0
    )
    public private(set) var count = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Range<Int> {
        precondition(position >= 0 && position < count, "capture index out of range")
        let range =
            switch position {
            case 0: ranges.0
            case 1: ranges.1
            case 2: ranges.2
            case 3: ranges.3
            default: ranges.4
            }
        return Int(range.lowerBound)..<Int(range.upperBound)
    }

    /// Adds a capture; templates are validated to have at most ``capacity`` variables.
    mutating func append(_ range: Range<Int>) {
        let stored = Int32(range.lowerBound)..<Int32(range.upperBound)
        switch count {
        case 0: ranges.0 = stored
        case 1: ranges.1 = stored
        case 2: ranges.2 = stored
        case 3: ranges.3 = stored
        case 4: ranges.4 = stored
        default: return
        }
        count += 1
    }

    public static func == (lhs: PathCaptures, rhs: PathCaptures) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for range in self { hasher.combine(range) }
    }
}
