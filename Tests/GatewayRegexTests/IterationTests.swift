import GatewayRegex
import Testing

@Suite("Matching from an offset and within a span")
struct IterationTests {
    @Test("firstMatch(in:from:) searches from an offset; earlier bytes are context for ^ and \\b")
    func fromOffset() throws {
        let bytes = Array("ab ab".utf8)
        let word = try SafeRegex(#"\bab"#)
        let anchored = try SafeRegex("^ab")
        bytes.withUnsafeBufferPointer { buffer in
            #expect(word.firstMatch(in: buffer, from: 1)?.range == 3..<5)
            #expect(anchored.firstMatch(in: buffer, from: 0)?.range == 0..<2)
            #expect(anchored.firstMatch(in: buffer, from: 3) == nil)
            #expect(word.firstMatch(in: buffer, from: -1) == nil)
        }
    }

    @Test("match(in:from:to:) matches exactly the span, with its groups, reading context around it")
    func withinSpan() throws {
        let bytes = Array("xaab!".utf8)
        let regex = try SafeRegex("(a+)(b?)")
        let bounded = try SafeRegex(#"\ba"#)
        bytes.withUnsafeBufferPointer { buffer in
            let match = regex.match(in: buffer, from: 1, to: 4)
            #expect(match?.range == 1..<4)
            #expect(match.flatMap { $0.bytes(1, in: bytes) }.map(Array.init) == Array("aa".utf8))
            // The span must be matched whole.
            #expect(regex.match(in: buffer, from: 1, to: 5) == nil)
            // `x` before the span is context: no word boundary before `a`.
            #expect(bounded.match(in: buffer, from: 1, to: 2) == nil)
            #expect(regex.match(in: buffer, from: 3, to: 2) == nil)
        }
    }
}
