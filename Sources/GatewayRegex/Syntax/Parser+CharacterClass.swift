extension Parser {
    /// Parses a bracketed class such as `[^a-z\d[:punct:]\p{Greek}]`.
    mutating func parseCharacterClass() throws(RegexError) -> RegexNode {
        let begin = position
        position += 1  // [
        var set = RuneSetBuilder()
        let negated = byte(at: position) == UInt8(ascii: "^")
        if negated { position += 1 }
        var first = true  // a `]` right after the opening bracket is a literal
        while let next = byte(at: position), next != UInt8(ascii: "]") || first {
            first = false
            if next == UInt8(ascii: "["), byte(at: position + 1) == UInt8(ascii: ":"), position + 2 < patternCount {
                if try parsePosixClass(into: &set) { continue }
            }
            if next == UInt8(ascii: "\\"), position + 2 < patternCount,
                byte(at: position + 1) == UInt8(ascii: "p") || byte(at: position + 1) == UInt8(ascii: "P")
            {
                try parseUnicodeGroup(into: &set, flags: flags)
                continue
            }
            if parsePerlClass(into: &set, flags: flags) { continue }
            let rangeStart = position
            let low = try parseClassCharacter(classStart: begin)
            var high = low
            if byte(at: position) == UInt8(ascii: "-"), let after = byte(at: position + 1), after != UInt8(ascii: "]") {
                position += 1
                high = try parseClassCharacter(classStart: begin)
                guard high >= low else { throw error(.badCharRange, rangeStart..<position) }
            }
            Self.add(low...high, to: &set, flags: flags)
        }
        guard position < patternCount else { throw error(.missingBracket, begin..<patternCount) }
        position += 1  // ]
        let built = set.build()
        return .characterClass(negated ? built.inverted() : built)
    }

    private mutating func parseClassCharacter(classStart: Int) throws(RegexError) -> UInt32 {
        guard let next = byte(at: position) else { throw error(.missingBracket, classStart..<patternCount) }
        if next == UInt8(ascii: "\\") { return try parseEscape() }
        return try decodeRune()
    }

    /// `[:alpha:]` and `[:^alpha:]` inside a class. RE2 takes everything up to the next `:]` as the name, so an
    /// unknown name is an error, and text without a later `:]` is not a POSIX class at all.
    private mutating func parsePosixClass(into set: inout RuneSetBuilder) throws(RegexError) -> Bool {
        var end = position + 2
        while end + 1 < patternCount, !(byte(at: end) == UInt8(ascii: ":") && byte(at: end + 1) == UInt8(ascii: "]")) {
            end += 1
        }
        guard end + 1 < patternCount else { return false }
        let nameRange = position..<(end + 2)
        let name = String(decoding: bytes(nameRange), as: UTF8.self)
        var bare = name.dropFirst(2).dropLast(2)
        let negated = bare.first == "^"
        if negated { bare = bare.dropFirst() }
        guard let ranges = Self.posixClasses[String(bare)] else { throw error(.badCharRange, nameRange) }
        Self.addGroup(ranges, negated: negated, to: &set, flags: flags)
        position = nameRange.upperBound
        return true
    }

    /// `\d \D \s \S \w \W`, in or out of a class; false (consuming nothing) for any other text.
    mutating func parsePerlClass(into set: inout RuneSetBuilder, flags: ParseFlags) -> Bool {
        guard byte(at: position) == UInt8(ascii: "\\"), let letter = byte(at: position + 1) else { return false }
        let ranges: [ClosedRange<UInt32>]
        switch letter | 0x20 {
        case UInt8(ascii: "d"): ranges = Self.posixClasses["digit"] ?? []
        case UInt8(ascii: "s"): ranges = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
        case UInt8(ascii: "w"): ranges = Self.posixClasses["word"] ?? []
        default: return false
        }
        Self.addGroup(ranges, negated: letter < UInt8(ascii: "a"), to: &set, flags: flags)
        position += 2
        return true
    }

    /// `\pL`, `\p{Greek}`, `\PN`, `\p{^Greek}`.
    mutating func parseUnicodeGroup(into set: inout RuneSetBuilder, flags: ParseFlags) throws(RegexError) {
        let begin = position
        var negated = byte(at: position + 1) == UInt8(ascii: "P")
        position += 2
        var name: String
        if byte(at: position) == UInt8(ascii: "{") {
            guard let close = firstIndex(of: UInt8(ascii: "}"), from: position + 1) else {
                throw error(.badCharRange, begin..<patternCount)
            }
            name = String(decoding: bytes((position + 1)..<close), as: UTF8.self)
            position = close + 1
        } else if position < patternCount {
            let nameStart = position
            _ = try decodeRune()
            name = String(decoding: bytes(nameStart..<position), as: UTF8.self)
        } else {
            name = ""
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let ranges = UnicodeTables.ranges(forGroup: name) else {
            throw error(.badCharRange, begin..<position)
        }
        Self.addGroup(ranges, negated: negated, to: &set, flags: flags)
    }

    /// Adds a range, with its case-folded forms under `(?i)`.
    static func add(_ range: ClosedRange<UInt32>, to set: inout RuneSetBuilder, flags: ParseFlags) {
        if flags.contains(.foldCase) {
            set.addCaseFolded(range)
        } else {
            set.add(range)
        }
    }

    /// Adds a named group of ranges or its complement. Under `(?i)` RE2 folds the group first and then takes the
    /// complement, so `(?i)\W` excludes `ſ` (which folds to `s`).
    static func addGroup(
        _ ranges: [ClosedRange<UInt32>],
        negated: Bool,
        to set: inout RuneSetBuilder,
        flags: ParseFlags
    ) {
        if !negated {
            for range in ranges { add(range, to: &set, flags: flags) }
            return
        }
        var positive = RuneSetBuilder()
        for range in ranges { add(range, to: &positive, flags: flags) }
        set.add(contentsOf: positive.build().inverted())
    }

    /// The POSIX classes RE2 knows, by name (ASCII only).
    static let posixClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A],
        "alpha": [0x41...0x5A, 0x61...0x7A],
        "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20],
        "cntrl": [0x00...0x1F, 0x7F...0x7F],
        "digit": [0x30...0x39],
        "graph": [0x21...0x7E],
        "lower": [0x61...0x7A],
        "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
        "space": [0x09...0x0D, 0x20...0x20],
        "upper": [0x41...0x5A],
        "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
        "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]
}
