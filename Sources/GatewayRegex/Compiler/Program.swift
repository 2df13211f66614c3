/// One instruction of a compiled program. Programs work on bytes: code points are compiled into UTF-8 byte
/// sequences, so matching never decodes the input.
struct Instruction: Hashable, Sendable {
    enum Opcode: UInt8, Sendable {
        /// Consume one byte in `low...high`, continue at `next`.
        case byteRange
        /// Continue at `next` (preferred) and at `alternate`.
        case split
        /// Record the position in capture slot `argument`, continue at `next`.
        case save
        /// Continue at `next` if the zero-width assertions in `argument` hold here.
        case assert
        /// A match ends here.
        case match
        /// No match along this path.
        case fail
    }

    var opcode: Opcode
    var low: UInt8 = 0
    var high: UInt8 = 0
    var argument: Int32 = 0
    var next: Int32 = 0
    var alternate: Int32 = 0
}

/// Zero-width conditions at a position, as a bit set (the raw values of ``Assertion``).
struct EmptyFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let beginLine = EmptyFlags(rawValue: Assertion.beginLine.rawValue)
    static let endLine = EmptyFlags(rawValue: Assertion.endLine.rawValue)
    static let beginText = EmptyFlags(rawValue: Assertion.beginText.rawValue)
    static let endText = EmptyFlags(rawValue: Assertion.endText.rawValue)
    static let wordBoundary = EmptyFlags(rawValue: Assertion.wordBoundary.rawValue)
    static let notWordBoundary = EmptyFlags(rawValue: Assertion.notWordBoundary.rawValue)

    /// Whether `byte` is an ASCII word character (`[0-9A-Za-z_]`), the only kind RE2's `\b` knows.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A) || byte == 0x5F
    }

    /// The conditions that hold between `before` (nil at the start) and `after` (nil at the end).
    @inline(__always)
    static func between(_ before: UInt8?, _ after: UInt8?) -> EmptyFlags {
        var flags: EmptyFlags = []
        if let before {
            if before == 0x0A { flags.insert(.beginLine) }
        } else {
            flags.insert([.beginText, .beginLine])
        }
        if let after {
            if after == 0x0A { flags.insert(.endLine) }
        } else {
            flags.insert([.endText, .endLine])
        }
        let wordBefore = before.map(isWordByte) ?? false
        let wordAfter = after.map(isWordByte) ?? false
        flags.insert(wordBefore != wordAfter ? .wordBoundary : .notWordBoundary)
        return flags
    }
}

/// A compiled program: instructions plus the entry points the engines use.
struct Program: Sendable {
    var instructions: [Instruction]
    /// Entry for an anchored match; records capture slot 0 first (forward programs).
    var start: Int32
    /// Entry that also tries every later starting position, with lower priority (`.*?` in front).
    var unanchoredStart: Int32
    /// Capture slots: two per group, group 0 included (0 for reverse programs).
    var slotCount: Int
    /// The zero-width conditions any `assert` instruction looks at.
    var assertionsUsed: EmptyFlags

    var count: Int { instructions.count }
}
