internal import GatewayModel

extension Extractor {
    /// The extractor's result for `input` (the header's first value, or the body): the extracted group, or the input
    /// with replacements made.
    ///
    /// This is the fastest entry point: the bytes are matched in place, without a copy, unless they contain bytes
    /// above 0x7F, which are transcoded once (the engine reads UTF-8, `std::regex<char>` single bytes). Time is
    /// linear in the input for ``GatewayModel/Extraction/Mode/extract`` and
    /// ``GatewayModel/Extraction/Mode/singleReplace``. ``GatewayModel/Extraction/Mode/replaceAll`` searches again
    /// after each match, which is linear for ordinary
    /// patterns; like any leftmost-first global replace, it can be quadratic for a pattern whose preferred branch
    /// must read to the end of the input to fail before a shorter branch is taken (such as `[\s\S]*x|a` on a body
    /// of `a`s without `x`).
    public func apply(to input: UnsafeRawBufferPointer) -> [UInt8] {
        apply(input.assumingMemoryBound(to: UInt8.self))
    }

    /// The extractor's result for `input`; matched in place when the collection has contiguous storage (`[UInt8]`,
    /// `ArraySlice<UInt8>`, a native string's `utf8` view), otherwise copied first.
    public func apply(to input: some Collection<UInt8>) -> [UInt8] {
        if let result = input.withContiguousStorageIfAvailable({ apply($0) }) {
            return result
        }
        return Array(input).withUnsafeBufferPointer { apply($0) }
    }

    /// The extractor's result for `input` as text; bytes that are not valid UTF-8 are replaced by U+FFFD.
    public func apply(to input: String) -> String {
        var input = input
        let bytes = input.withUTF8 { apply($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Modes

    private func apply(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard Latin1Transcoding.needed(for: input) else {
            return run(on: input, original: input, offset: { $0 })
        }
        let transcoding = Latin1Transcoding(input)
        return transcoding.bytes.withUnsafeBufferPointer { transcoded in
            run(on: transcoded, original: input, offset: transcoding.originalOffset)
        }
    }

    /// Runs the mode on `matched` (the input, or its transcoding), mapping positions back to `original` with
    /// `offset`.
    private func run(
        on matched: UnsafeBufferPointer<UInt8>,
        original: UnsafeBufferPointer<UInt8>,
        offset: (Int) -> Int
    ) -> [UInt8] {
        func mapped(_ span: Range<Int>?) -> Range<Int>? {
            span.map { offset($0.lowerBound)..<offset($0.upperBound) }
        }
        switch mode {
        case .extract:
            if subgroup == 0 {
                return matcher.matchesWhole(matched) ? Array(original) : []
            }
            guard let spans = matcher.wholeMatch(matched), let span = mapped(spans.groups[subgroup]) else { return [] }
            return Array(original[span])
        case .singleReplace:
            guard let spans = matcher.firstMatch(matched, from: 0), spans.range == 0..<matched.count else {
                return Array(original)
            }
            // std::regex reports a group that did not take part as empty at the end of the input.
            let span = mapped(spans.groups[subgroup]) ?? original.count..<original.count
            var output: [UInt8] = []
            output.reserveCapacity(original.count + replacement.count)
            output.append(contentsOf: original[..<span.lowerBound])
            output.append(contentsOf: replacement)
            output.append(contentsOf: original[span.upperBound...])
            return output
        case .replaceAll:
            return replaceAll(matched, original: original, mapped: mapped)
        }
    }

    private func replaceAll(
        _ matched: UnsafeBufferPointer<UInt8>,
        original: UnsafeBufferPointer<UInt8>,
        mapped: (Range<Int>?) -> Range<Int>?
    ) -> [UInt8] {
        guard let format else { return Array(original) }
        var output: [UInt8] = []
        var position = 0
        var copied = 0
        var replaced = false
        while let spans = matcher.firstMatch(matched, from: position) {
            // Matches are never empty (match_not_null), so each search starts further on.
            guard spans.range.upperBound > position, let whole = mapped(spans.groups[0]) else { break }
            if !replaced {
                output.reserveCapacity(original.count)
                replaced = true
            }
            output.append(contentsOf: original[copied..<whole.lowerBound])
            format.append(to: &output, groups: spans.groups.map(mapped), previousEnd: copied, input: original)
            copied = whole.upperBound
            position = spans.range.upperBound
        }
        guard replaced else { return Array(original) }
        output.append(contentsOf: original[copied...])
        return output
    }
}
