/// A set of Unicode scalar values (code points 0...0x10FFFF, surrogates included as RE2 allows them), kept as
/// sorted, non-overlapping, non-adjacent closed ranges.
struct RuneSet: Hashable, Sendable {
    static let maxRune: UInt32 = 0x10FFFF

    private(set) var ranges: [ClosedRange<UInt32>] = []

    init() {}

    /// Normalizes any list of ranges (unsorted, overlapping) in O(n log n).
    init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        for range in sorted {
            if let last = self.ranges.last, range.lowerBound <= last.upperBound &+ 1 {
                if range.upperBound > last.upperBound {
                    self.ranges[self.ranges.count - 1] = last.lowerBound...range.upperBound
                }
            } else {
                self.ranges.append(range)
            }
        }
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
}

/// Collects ranges in any order and normalizes them once, so building a class stays O(n log n) however it is
/// written.
struct RuneSetBuilder {
    private var ranges: [ClosedRange<UInt32>] = []

    mutating func add(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
    }

    mutating func add(contentsOf set: RuneSet) {
        ranges.append(contentsOf: set.ranges)
    }

    /// Adds a range together with every code point that case-folds to one in it (RE2's `(?i)`).
    mutating func addCaseFolded(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
        let upper = min(range.upperBound, UnicodeTables.maxCaseFoldedRune)
        guard range.lowerBound <= upper else { return }
        for rune in range.lowerBound...upper {
            for other in UnicodeTables.caseOrbit(of: rune) where !range.contains(other) {
                ranges.append(other...other)
            }
        }
    }

    func build() -> RuneSet {
        RuneSet(ranges)
    }
}
