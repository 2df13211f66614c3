extension SafeRegex {
    /// The leftmost-first match that starts at or after `start` in `bytes`, or nil.
    ///
    /// The bytes before `start` are context, not skipped input: `^` and `\A` cannot match at `start` unless it is 0,
    /// and `\b` and `\B` look at the byte before `start`. Searching again from the end of each match therefore
    /// walks the non-overlapping matches of a whole buffer, as `RE2::FindAndConsume` and C++'s
    /// `std::regex_iterator` do. An empty match is returned like any other; a caller that steps over empty matches
    /// must advance itself.
    ///
    /// Time is linear in `bytes.count - start` for the scan, plus the length of the match for its groups. Offsets in
    /// the result are relative to the start of `bytes`. A `start` outside `0...bytes.count` finds nothing.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> RegexMatch? {
        guard start >= 0 else { return nil }
        return firstMatch(bytes: bytes, from: start)
    }

    /// The highest-priority match that starts exactly at `start` and ends exactly at `end` in `bytes`, with its
    /// groups, or nil.
    ///
    /// The bytes outside `start..<end` are context, as for ``firstMatch(in:from:)``: `^`, `$`, `\b` and `\B` see
    /// them, but the match consumes none of them. This is the question RE2 asks to find the groups of a match whose
    /// span is already known. Time is linear in `end - start`. Offsets in the result are relative to the start of
    /// `bytes`; a span outside `0...bytes.count` finds nothing.
    public func match(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> RegexMatch? {
        guard start >= 0, start <= end, end <= bytes.count else { return nil }
        let program = engine.program
        var slots = [Int](repeating: -1, count: Swift.max(program.slotCount, 2 * (captureCount + 1)))
        let matched = slots.withUnsafeMutableBufferPointer { buffer in
            PikeVM.run(program, input: bytes, start: start, anchored: true, requireEnd: false, end: end, slots: buffer)
        }
        return matched ? RegexMatch(slots: slots, names: captureNames) : nil
    }
}
