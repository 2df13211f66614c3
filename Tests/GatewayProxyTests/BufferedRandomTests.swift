import Testing

@testable import GatewayProxy

@Suite("BufferedRandom")
struct BufferedRandomTests {
    @Test("values across several refills are distinct and use every bit")
    func distinctValues() {
        let random = BufferedRandom()
        let values = (0..<2_000).map { _ in random.next() }
        #expect(Set(values).count == values.count)
        // Each bit is set in about half of the values; 2,000 draws put each count far inside 700...1,300.
        for bit in 0..<64 {
            let ones = values.count { $0 & (1 << UInt64(bit)) != 0 }
            #expect((700...1_300).contains(ones), "bit \(bit): \(ones)")
        }
    }

    @Test("two generators do not repeat each other")
    func independent() {
        let first = BufferedRandom()
        let second = BufferedRandom()
        #expect((0..<16).map { _ in first.next() } != (0..<16).map { _ in second.next() })
    }
}
