extension SafeRegex {
    // MARK: - Full match

    /// Whether the whole of `input` matches: Envoy's route and header semantics (`RE2::FullMatch`).
    ///
    /// Allocates nothing for native strings.
    public func matches(_ input: String) -> Bool {
        Self.withBytes(of: input) { engine.matchesWhole($0) }
    }

    /// Whether the whole of `input` matches.
    public func matches(_ input: Substring) -> Bool {
        Self.withBytes(of: input) { engine.matchesWhole($0) }
    }

    /// Whether the whole of `bytes`, read as UTF-8, matches. Invalid UTF-8 is matched byte by byte, as RE2 does.
    public func matches(_ bytes: some Sequence<UInt8>) -> Bool {
        Self.withBytes(of: bytes) { engine.matchesWhole($0) }
    }

    /// The match spanning the whole of `input`, with its groups; nil if the whole input does not match.
    public func wholeMatch(in input: String) -> RegexMatch? {
        Self.withBytes(of: input) { wholeMatch(bytes: $0) }
    }

    /// The match spanning the whole of `input`, with its groups. Offsets are relative to the substring's start.
    public func wholeMatch(in input: Substring) -> RegexMatch? {
        Self.withBytes(of: input) { wholeMatch(bytes: $0) }
    }

    /// The match spanning the whole of `bytes`, with its groups.
    public func wholeMatch(in bytes: some Sequence<UInt8>) -> RegexMatch? {
        Self.withBytes(of: bytes) { wholeMatch(bytes: $0) }
    }

    // MARK: - Search

    /// The leftmost-first match anywhere in `input` (RE2's unanchored match), or nil.
    public func firstMatch(in input: String) -> RegexMatch? {
        Self.withBytes(of: input) { firstMatch(bytes: $0, from: 0) }
    }

    /// The leftmost-first match anywhere in `input`. Offsets are relative to the substring's start.
    public func firstMatch(in input: Substring) -> RegexMatch? {
        Self.withBytes(of: input) { firstMatch(bytes: $0, from: 0) }
    }

    /// The leftmost-first match anywhere in `bytes`.
    public func firstMatch(in bytes: some Sequence<UInt8>) -> RegexMatch? {
        Self.withBytes(of: bytes) { firstMatch(bytes: $0, from: 0) }
    }

    /// Whether any part of `input` matches.
    public func containsMatch(in input: String) -> Bool {
        Self.withBytes(of: input) { engine.containsMatch($0) }
    }

    /// Whether any part of `input` matches.
    public func containsMatch(in input: Substring) -> Bool {
        Self.withBytes(of: input) { engine.containsMatch($0) }
    }

    /// Whether any part of `bytes` matches.
    public func containsMatch(in bytes: some Sequence<UInt8>) -> Bool {
        Self.withBytes(of: bytes) { engine.containsMatch($0) }
    }

    /// Every non-overlapping match, left to right, found as `RE2::GlobalReplace` finds them: an empty match right
    /// after the previous match is skipped.
    public func allMatches(in input: String) -> [RegexMatch] {
        Self.withBytes(of: input) { allMatches(bytes: $0) }
    }

    /// Every non-overlapping match, left to right. Offsets are relative to the substring's start.
    public func allMatches(in input: Substring) -> [RegexMatch] {
        Self.withBytes(of: input) { allMatches(bytes: $0) }
    }

    /// Every non-overlapping match in `bytes`, left to right.
    public func allMatches(in bytes: some Sequence<UInt8>) -> [RegexMatch] {
        Self.withBytes(of: bytes) { allMatches(bytes: $0) }
    }

    // MARK: - On bytes

    func wholeMatch(bytes: UnsafeBufferPointer<UInt8>) -> RegexMatch? {
        engine.wholeMatch(bytes).map { RegexMatch(slots: $0, names: captureNames) }
    }

    func firstMatch(bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> RegexMatch? {
        guard start <= bytes.count else { return nil }
        return engine.firstMatch(bytes, from: start).map { slots in
            RegexMatch(slots: Self.padded(slots, count: 2 * (captureCount + 1)), names: captureNames)
        }
    }

    func allMatches(bytes: UnsafeBufferPointer<UInt8>) -> [RegexMatch] {
        var matches: [RegexMatch] = []
        forEachMatch(bytes) { matches.append($0) }
        return matches
    }

    /// Calls `body` for each match in `RE2::GlobalReplace` order.
    func forEachMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (RegexMatch) -> Void) {
        var position = 0
        var lastEnd = -1
        while position <= bytes.count {
            guard let match = firstMatch(bytes: bytes, from: position) else { break }
            let range = match.range
            if range.isEmpty && range.lowerBound == lastEnd {
                // An empty match where the previous one ended: step over one character and search again.
                position += Self.characterLength(in: bytes, at: position)
                continue
            }
            body(match)
            position = range.upperBound
            lastEnd = position
        }
    }

    /// The length of the UTF-8 character at `position` (1 for an invalid byte or at the end).
    static func characterLength(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        guard position < bytes.count else { return 1 }
        let lead = bytes[position]
        let length =
            switch lead {
            case 0xC2...0xDF: 2
            case 0xE0...0xEF: 3
            case 0xF0...0xF4: 4
            default: 1
            }
        guard length > 1, position + length <= bytes.count else { return 1 }
        let sequence = Array(bytes[position..<(position + length)])
        return UTF8Decoding.decode(sequence, at: 0) == nil ? 1 : length
    }

    private static func padded(_ slots: [Int], count: Int) -> [Int] {
        slots.count >= count ? slots : slots + Array(repeating: -1, count: count - slots.count)
    }

    // MARK: - Contiguous UTF-8

    @inline(__always)
    static func withBytes<Result>(of input: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = input.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = input
        return copy.withUTF8(body)
    }

    @inline(__always)
    static func withBytes<Result>(of input: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = input.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = input
        return copy.withUTF8(body)
    }

    @inline(__always)
    static func withBytes<Result>(
        of bytes: some Sequence<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }
}
