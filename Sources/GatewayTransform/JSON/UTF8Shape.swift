/// The shape of a well-formed UTF-8 sequence by its leading byte (RFC 3629's table): the range its first
/// continuation byte must be in (the others are `0x80...0xBF`), and how many continuation bytes follow. `nil` for
/// a byte that cannot lead a multi-byte sequence.
enum UTF8Shape {
    static func of(leading byte: Int) -> (firstContinuation: ClosedRange<Int>, continuations: Int)? {
        switch byte {
        case 0xC2...0xDF: (0x80...0xBF, 1)
        case 0xE0: (0xA0...0xBF, 2)
        case 0xE1...0xEC, 0xEE, 0xEF: (0x80...0xBF, 2)
        case 0xED: (0x80...0x9F, 2)
        case 0xF0: (0x90...0xBF, 3)
        case 0xF1...0xF3: (0x80...0xBF, 3)
        case 0xF4: (0x80...0x8F, 3)
        default: nil
        }
    }
}
