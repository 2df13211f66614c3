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
}
