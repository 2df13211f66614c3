extension UnicodeTables {
    /// The highest code point with other case forms; folding never needs to look further.
    static let maxCaseFoldedRune: UInt32 = 0x1E943

    /// The categories RE2 allows in capture group names: letters, marks, decimal and letter numbers, connectors.
    private static let captureNameCharacters = RuneSet(
        ["Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Mn", "Mc", "Nd", "Pc"].flatMap { ranges(forGroup: $0) ?? [] }
    )

    static func isCaptureNameCharacter(_ rune: UInt32) -> Bool {
        captureNameCharacters.contains(rune)
    }
}
