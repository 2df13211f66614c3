/// A `REPLACE_ALL` replacement text, parsed once: C++ `std::regex_replace`'s ECMAScript format rules
/// (`std::regex_constants::format_default`, `match_results::format` in libc++, verified with libc++ 14).
///
/// - `$&` is the whole match, `` $` `` the text between the previous match (or the start) and this one, `$'` the
///   text after this one to the end of the input, `$$` a single `$`;
/// - `$n` and `$nn` insert group n: a second digit is always taken when present, so with two groups `$10` is
///   group 10, which does not exist and inserts nothing; `$0` is the whole match; a group that did not take part
///   inserts nothing;
/// - `$` followed by anything else, or at the end, is copied as written;
/// - the text ends at its first NUL byte: envoy-gloo passes a `std::string`, which libc++'s `regex_replace` reads
///   through `c_str()`.
struct ReplacementFormat: Hashable, Sendable {
    enum Piece: Hashable, Sendable {
        case text([UInt8])
        case group(Int)
        case prefix
        case suffix
    }

    let pieces: [Piece]

    /// Parses `format` for a regex with `markCount` groups; references to groups it does not have are dropped, and
    /// so is everything from the first NUL byte on.
    init(_ format: [UInt8], markCount: Int) {
        let format = format.prefix(while: { $0 != 0 })
        var pieces: [Piece] = []
        var text: [UInt8] = []
        func emit(_ piece: Piece) {
            if !text.isEmpty { pieces.append(.text(text)) }
            text = []
            pieces.append(piece)
        }
        func digit(at index: Int) -> Int? {
            guard index < format.count, format[index] >= UInt8(ascii: "0"), format[index] <= UInt8(ascii: "9")
            else { return nil }
            return Int(format[index] - UInt8(ascii: "0"))
        }
        var index = 0
        while index < format.count {
            let byte = format[index]
            index += 1
            guard byte == UInt8(ascii: "$"), index < format.count else {
                text.append(byte)
                continue
            }
            switch format[index] {
            case UInt8(ascii: "$"):
                text.append(UInt8(ascii: "$"))
                index += 1
            case UInt8(ascii: "&"):
                emit(.group(0))
                index += 1
            case UInt8(ascii: "`"):
                emit(.prefix)
                index += 1
            case UInt8(ascii: "'"):
                emit(.suffix)
                index += 1
            default:
                guard var number = digit(at: index) else {
                    text.append(UInt8(ascii: "$"))
                    continue
                }
                index += 1
                if let second = digit(at: index) {
                    number = number * 10 + second
                    index += 1
                }
                if number <= markCount { emit(.group(number)) }
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// Whether the format inserts a group other than the whole match, so matches need their groups.
    var needsGroups: Bool {
        pieces.contains { piece in
            if case .group(let number) = piece { return number > 0 }
            return false
        }
    }

    /// Appends the replacement for one match to `output`.
    ///
    /// - Parameters:
    ///   - groups: the match's groups as spans of `input` (index 0 the whole match; nil for one that did not take
    ///     part, or that was not reported).
    ///   - previousEnd: where the previous match ended (0 for the first), which starts `` $` ``.
    func append(
        to output: inout [UInt8],
        groups: [Range<Int>?],
        previousEnd: Int,
        input: UnsafeBufferPointer<UInt8>
    ) {
        for piece in pieces {
            switch piece {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .group(let number):
                if number < groups.count, let span = groups[number] {
                    output.append(contentsOf: input[span])
                }
            case .prefix:
                if let start = groups[0]?.lowerBound, previousEnd < start {
                    output.append(contentsOf: input[previousEnd..<start])
                }
            case .suffix:
                if let end = groups[0]?.upperBound {
                    output.append(contentsOf: input[end...])
                }
            }
        }
    }
}
