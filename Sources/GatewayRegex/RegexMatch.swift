/// One match: the span of the whole match and of each capturing group, as UTF-8 byte offsets into the input.
public struct RegexMatch: Sendable, Hashable {
    /// Start and end offsets, two per group with group 0 first; -1 for a group that did not participate.
    let slots: [Int]
    let names: [String: Int]

    init(slots: [Int], names: [String: Int]) {
        self.slots = slots
        self.names = names
    }

    /// The span of the whole match.
    public var range: Range<Int> {
        slots[0]..<slots[1]
    }

    /// The number of capturing groups in the pattern (not counting the whole match).
    public var groupCount: Int {
        slots.count / 2 - 1
    }

    /// The span of group `group` (0 is the whole match), or nil if the group did not take part in the match or
    /// does not exist.
    public subscript(group: Int) -> Range<Int>? {
        guard group >= 0, 2 * group + 1 < slots.count else { return nil }
        let start = slots[2 * group]
        let end = slots[2 * group + 1]
        guard start >= 0, end >= start else { return nil }
        return start..<end
    }

    /// The span of the named group, or nil if it did not take part or no group has that name.
    public subscript(name: String) -> Range<Int>? {
        guard let group = names[name] else { return nil }
        return self[group]
    }

    /// The text of group `group` within `input`, which must be the string that was matched.
    public func substring(_ group: Int, in input: String) -> Substring? {
        guard let span = self[group] else { return nil }
        let utf8 = input.utf8
        guard span.upperBound <= utf8.count else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: span.lowerBound)
        let upper = utf8.index(lower, offsetBy: span.count)
        return input[lower..<upper]
    }

    /// The bytes of group `group` within `input`, which must be the bytes that were matched.
    public func bytes(_ group: Int, in input: [UInt8]) -> ArraySlice<UInt8>? {
        guard let span = self[group], span.upperBound <= input.count else { return nil }
        return input[span]
    }
}
