/// A set of Unicode scalar values (code points 0...0x10FFFF, surrogates included as RE2 allows them), kept as
/// sorted, non-overlapping, non-adjacent closed ranges.
struct RuneSet: Hashable, Sendable {
    static let maxRune: UInt32 = 0x10FFFF

    private(set) var ranges: [ClosedRange<UInt32>] = []

    init() {}

    init(_ ranges: [ClosedRange<UInt32>]) {
        for range in ranges { insert(range) }
    }

    var isEmpty: Bool { ranges.isEmpty }

    /// The single code point in the set, if it holds exactly one.
    var singleRune: UInt32? {
        guard ranges.count == 1, let only = ranges.first, only.lowerBound == only.upperBound else { return nil }
        return only.lowerBound
    }

    func contains(_ rune: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < rune {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < ranges.count && ranges[low].contains(rune)
    }

    mutating func insert(_ rune: UInt32) {
        insert(rune...rune)
    }

    /// Adds a range, merging it with any range it overlaps or touches.
    mutating func insert(_ range: ClosedRange<UInt32>) {
        var lower = range.lowerBound
        var upper = range.upperBound
        // First range that could merge: its upper bound + 1 >= lower.
        var first = 0
        var high = ranges.count
        while first < high {
            let mid = (first + high) / 2
            if ranges[mid].upperBound &+ 1 < lower {
                first = mid + 1
            } else {
                high = mid
            }
        }
        var last = first
        while last < ranges.count, ranges[last].lowerBound <= upper &+ 1 {
            lower = min(lower, ranges[last].lowerBound)
            upper = max(upper, ranges[last].upperBound)
            last += 1
        }
        ranges.replaceSubrange(first..<last, with: CollectionOfOne(lower...upper))
    }

    mutating func insert(contentsOf other: RuneSet) {
        for range in other.ranges { insert(range) }
    }

    /// Adds a range together with every code point that case-folds to one in it (RE2's `(?i)`).
    mutating func insertCaseFolded(_ range: ClosedRange<UInt32>) {
        insert(range)
        let upper = min(range.upperBound, UnicodeTables.maxCaseFoldedRune)
        guard range.lowerBound <= upper else { return }
        for rune in range.lowerBound...upper {
            for other in UnicodeTables.caseOrbit(of: rune) where !(range.contains(other)) {
                insert(other)
            }
        }
    }

    /// The complement within 0...0x10FFFF.
    func inverted() -> RuneSet {
        var result = RuneSet()
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.ranges.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maxRune { result.ranges.append(next...Self.maxRune) }
        return result
    }

    mutating func remove(_ rune: UInt32) {
        self = RuneSet(inverted().ranges + [rune...rune]).inverted()
    }
}
