/// Input for the engine, which reads UTF-8, with `std::regex<char>`'s view of it: one character per byte.
///
/// ASCII input (the usual case) is matched in place. Input with bytes above 0x7F is transcoded as if it were
/// Latin-1: each such byte becomes the two-byte UTF-8 form of the code point with the same value, which is what
/// the rewritten pattern names (see ``RE2PatternWriter``). Match positions are then mapped back to byte offsets in
/// the original input; they always fall on character boundaries because the pattern only ever names whole code
/// points.
struct Latin1Transcoding {
    /// The transcoded bytes.
    let bytes: [UInt8]
    /// For the n-th byte above 0x7F in the original, its offset in the transcoded bytes.
    private let highOffsets: [Int]

    /// Whether `input` has a byte above 0x7F, read eight bytes at a time.
    static func needed(for input: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(input)
        var offset = 0
        while offset + 8 <= raw.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                return true
            }
            offset += 8
        }
        while offset < raw.count {
            if raw[offset] >= 0x80 { return true }
            offset += 1
        }
        return false
    }

    init(_ input: UnsafeBufferPointer<UInt8>) {
        var bytes: [UInt8] = []
        var highOffsets: [Int] = []
        bytes.reserveCapacity(input.count + input.count / 4)
        for byte in input {
            if byte < 0x80 {
                bytes.append(byte)
            } else {
                highOffsets.append(bytes.count)
                bytes.append(0xC0 | (byte >> 6))
                bytes.append(0x80 | (byte & 0x3F))
            }
        }
        self.bytes = bytes
        self.highOffsets = highOffsets
    }

    /// The offset in the original input of the character boundary at `offset` in the transcoded bytes.
    func originalOffset(_ offset: Int) -> Int {
        // Every transcoded byte above 0x7F that starts before `offset` stands for one byte less in the original.
        var low = 0
        var high = highOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if highOffsets[middle] < offset {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return offset - low
    }
}
