/// Writes an ``EngineNode`` as RE2 syntax for `SafeRegex`.
///
/// The text is plain ASCII: every byte other than a letter or digit is written as `\x{HH}`. A byte above 0x7F is
/// written as the code point of the same value, which is how it appears in input transcoded by
/// ``Latin1Transcoding`` (`std::regex<char>` works on bytes, the engine on UTF-8).
struct RE2PatternWriter {
    /// The pattern text.
    private(set) var text = ""
    /// For each RE2 group number (index 0 is the whole match), what it records.
    private(set) var slots: [CaptureSlot] = [.group(0)]
    private let keepCaptures: Bool

    private enum Context {
        case alternative
        case sequenceItem
        case repeated
    }

    /// Writes `node`; with `keepCaptures` false every group is written as non-capturing.
    init(_ node: EngineNode, keepCaptures: Bool) {
        self.keepCaptures = keepCaptures
        write(node, in: .alternative)
    }

    private mutating func write(_ node: EngineNode, in context: Context) {
        switch node {
        case .empty:
            text += "(?:)"
        case .bytes(let set):
            if let byte = set.single {
                text += Self.literal(byte)
            } else {
                writeClass(set)
            }
        case .assertion(let assertion):
            let spelling =
                switch assertion {
                case .begin: "^"
                case .end: "$"
                case .wordBoundary: "\\b"
                case .notWordBoundary: "\\B"
                }
            text += context == .repeated ? "(?:\(spelling))" : spelling
        case .capture(let body, let slot):
            if keepCaptures {
                slots.append(slot)
                text += "("
            } else {
                text += "(?:"
            }
            write(body, in: .alternative)
            text += ")"
        case .concatenation(let items):
            if context == .repeated { text += "(?:" }
            for item in items {
                write(item, in: .sequenceItem)
            }
            if context == .repeated { text += ")" }
        case .alternation(let items):
            if context != .alternative { text += "(?:" }
            for (index, item) in items.enumerated() {
                if index > 0 { text += "|" }
                write(item, in: .alternative)
            }
            if context != .alternative { text += ")" }
        case .repetition(let body, let min, let max, let greedy):
            if context == .repeated { text += "(?:" }
            write(body, in: .repeated)
            switch (min, max) {
            case (0, nil): text += "*"
            case (1, nil): text += "+"
            case (0, 1): text += "?"
            case (_, nil): text += "{\(min),}"
            case (_, let max?) where max == min: text += "{\(min)}"
            case (_, let max?): text += "{\(min),\(max)}"
            }
            if !greedy { text += "?" }
            if context == .repeated { text += ")" }
        }
    }

    private mutating func writeClass(_ set: ByteSet) {
        if set.isEmpty {
            text += "[^\\x00-\\x{10FFFF}]"
            return
        }
        text += "["
        for range in set.ranges {
            text += Self.escaped(range.lowerBound)
            if range.upperBound != range.lowerBound {
                text += "-" + Self.escaped(range.upperBound)
            }
        }
        text += "]"
    }

    private static func literal(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            String(UnicodeScalar(byte))
        default:
            escaped(byte)
        }
    }

    private static func escaped(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "\\x{\(digits)}"
    }
}
