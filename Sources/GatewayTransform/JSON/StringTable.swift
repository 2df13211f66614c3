/// The arrays made for short strings during one parse, so that a key or value that repeats (`"id"`, `"name"`,
/// `"EUR"`) shares one array instead of allocating its own each time. Arrays are values, so sharing is invisible.
///
/// One slot per hash, the latest string winning: a cheap cache, not a complete set. The slots are allocated on
/// first use and only the filled ones are ever initialized or released.
struct StringTable: ~Copyable {
    /// The longest string kept; longer ones are rarely repeated.
    static let maximumLength = 24

    /// A power of two, at most 256; 0 when the table is not used.
    private let slotCount: Int
    private var slots: UnsafeMutablePointer<[UInt8]>?
    /// Which slots hold an array, one bit per slot.
    private var filled: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// A table sized for a text of `textLength` bytes: about one slot per 32 bytes, at most 256. Texts under 1 KB
    /// repeat too little to pay for the table: they get none.
    init(textLength: Int) {
        var slotCount = textLength < 1024 ? 0 : 32
        while slotCount > 0, slotCount < 256, slotCount * 32 < textLength {
            slotCount *= 2
        }
        self.slotCount = slotCount
    }

    deinit {
        guard let slots else {
            return
        }
        for word in 0..<(slotCount + 63) / 64 {
            var bits = filledWord(word)
            while bits != 0 {
                (slots + (word * 64 + bits.trailingZeroBitCount)).deinitialize(count: 1)
                bits &= bits - 1
            }
        }
        slots.deallocate()
    }

    /// An array holding `text`'s bytes, shared with earlier equal strings when one is at hand.
    mutating func array(for text: UnsafeRawBufferPointer) -> [UInt8] {
        guard slotCount > 0, !text.isEmpty, text.count <= Self.maximumLength else {
            return Array(text)
        }
        let slots = self.slots ?? .allocate(capacity: slotCount)
        self.slots = slots
        let slot = Int(truncatingIfNeeded: Self.hash(text)) & (slotCount - 1)
        let bit: UInt64 = 1 << (slot & 63)
        guard filledWord(slot >> 6) & bit != 0 else {
            let array = Array(text)
            (slots + slot).initialize(to: array)
            setFilledWord(slot >> 6, filledWord(slot >> 6) | bit)
            return array
        }
        let found = slots[slot].withUnsafeBytes { candidate in Self.equal(candidate, text) }
        if found {
            return slots[slot]
        }
        let array = Array(text)
        slots[slot] = array
        return array
    }

    /// A hash of 1 to 24 bytes, eight at a time.
    private static func hash(_ text: UnsafeRawBufferPointer) -> UInt64 {
        var hash = UInt64(text.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset < text.count {
            hash = (hash ^ word(text, at: offset)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        return hash ^ hash >> 29
    }

    private static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard left.count == right.count else {
            return false
        }
        var offset = 0
        while offset < left.count {
            if word(left, at: offset) != word(right, at: offset) {
                return false
            }
            offset += 8
        }
        return true
    }

    /// The (up to) eight bytes of `text` from `offset` on, zero-padded.
    @inline(__always)
    private static func word(_ text: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        if offset + 8 <= text.count {
            return text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        var word: UInt64 = 0
        for index in offset..<text.count {
            word |= UInt64(text[index]) << ((index - offset) * 8)
        }
        return word
    }

    private func filledWord(_ index: Int) -> UInt64 {
        switch index {
        case 0: filled.0
        case 1: filled.1
        case 2: filled.2
        default: filled.3
        }
    }

    private mutating func setFilledWord(_ index: Int, _ word: UInt64) {
        switch index {
        case 0: filled.0 = word
        case 1: filled.1 = word
        case 2: filled.2 = word
        default: filled.3 = word
        }
    }
}
