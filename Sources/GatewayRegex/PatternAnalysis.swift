/// Facts about a pattern that let a route index skip most regexes without running them.
struct PatternAnalysis: Sendable, Hashable {
    /// Bytes every match starts with.
    var literalPrefix: [UInt8]
    /// The only string the pattern matches, when it is a plain literal.
    var literal: [UInt8]?
    var isAnchoredAtStart: Bool
    var isAnchoredAtEnd: Bool

    init(_ root: RegexNode) {
        let prefix = Self.prefix(of: root)
        literalPrefix = prefix.bytes
        literal = Self.literalBytes(of: root)
        isAnchoredAtStart = Self.startsWithTextStart(root)
        isAnchoredAtEnd = Self.endsWithTextEnd(root)
    }

    /// The literal bytes at the start of every match of `node`, and whether `node` is nothing but those bytes
    /// (so a prefix can continue past it).
    private static func prefix(of node: RegexNode) -> (bytes: [UInt8], isComplete: Bool) {
        switch node {
        case .emptyMatch, .assertion:
            return ([], true)
        case .literal(let rune):
            return (UTF8Decoding.encode(rune), true)
        case .characterClass(let set):
            if let rune = set.singleRune { return (UTF8Decoding.encode(rune), true) }
            return ([], false)
        case .noMatch, .anyByte:
            return ([], false)
        case .capture(let sub, _, _):
            return prefix(of: sub)
        case .concatenation(let parts):
            var bytes: [UInt8] = []
            for part in parts {
                let (partBytes, complete) = prefix(of: part)
                bytes += partBytes
                if !complete { return (bytes, false) }
            }
            return (bytes, true)
        case .alternation(let alternatives):
            guard let first = alternatives.first else { return ([], true) }
            var common = prefix(of: first).bytes
            for alternative in alternatives.dropFirst() {
                let bytes = prefix(of: alternative).bytes
                common = Array(zip(common, bytes).prefix { $0 == $1 }.map(\.0))
            }
            return (common, false)
        case .repetition(let sub, let repetition):
            switch repetition.kind {
            case .plus:
                return (prefix(of: sub).bytes, false)
            case .counted(let min, _) where min >= 1:
                return (prefix(of: sub).bytes, false)
            default:
                return ([], false)
            }
        }
    }

    /// The bytes of a pattern made only of literals (and groups of literals), else nil.
    private static func literalBytes(of node: RegexNode) -> [UInt8]? {
        switch node {
        case .emptyMatch:
            return []
        case .literal(let rune):
            return UTF8Decoding.encode(rune)
        case .characterClass(let set):
            return set.singleRune.map(UTF8Decoding.encode)
        case .capture(let sub, _, _):
            return literalBytes(of: sub)
        case .concatenation(let parts):
            var bytes: [UInt8] = []
            for part in parts {
                guard let partBytes = literalBytes(of: part) else { return nil }
                bytes += partBytes
            }
            return bytes
        default:
            return nil
        }
    }

    private static func startsWithTextStart(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.beginText): true
        case .concatenation(let parts): parts.first.map(startsWithTextStart) ?? false
        case .capture(let sub, _, _): startsWithTextStart(sub)
        case .alternation(let alternatives): !alternatives.isEmpty && alternatives.allSatisfy(startsWithTextStart)
        default: false
        }
    }

    private static func endsWithTextEnd(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.endText): true
        case .concatenation(let parts): parts.last.map(endsWithTextEnd) ?? false
        case .capture(let sub, _, _): endsWithTextEnd(sub)
        case .alternation(let alternatives): !alternatives.isEmpty && alternatives.allSatisfy(endsWithTextEnd)
        default: false
        }
    }
}

extension SafeRegex {
    /// Bytes every match must start with (empty if none are known); a route index can file the regex under them.
    public var literalPrefix: [UInt8] { analysis.literalPrefix }

    /// The one string this pattern matches, when it is a plain literal (no operators, classes or assertions).
    public var literal: [UInt8]? { analysis.literal }

    /// Whether every match starts at the beginning of the input (`^` without `(?m)`, or `\A`).
    public var isAnchoredAtStart: Bool { analysis.isAnchoredAtStart }

    /// Whether every match ends at the end of the input (`$` without `(?m)`, or `\z`).
    public var isAnchoredAtEnd: Bool { analysis.isAnchoredAtEnd }
}
