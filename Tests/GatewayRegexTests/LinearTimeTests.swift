import Testing

@testable import GatewayRegex

/// Patterns that take exponential time in backtracking engines must cost time linear in the input here.
/// Measured as a ratio between two input sizes, so the test does not depend on the machine's speed.
@Suite("Linear time on hostile input")
struct LinearTimeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pattern: String
        /// Builds an input of about `size` bytes.
        var input: @Sendable (Int) -> [UInt8]
        var testDescription: String { pattern }
    }

    static let cases: [Case] = [
        Case(pattern: "(a+)+$") { Array(repeating: UInt8(ascii: "a"), count: $0) + [UInt8(ascii: "!")] },
        Case(pattern: "(a|aa)*b") { Array(repeating: UInt8(ascii: "a"), count: $0) },
        Case(pattern: "(.*a){20}") { Array(repeating: UInt8(ascii: "a"), count: $0) },
        Case(pattern: "(x+x+)+y") { Array(repeating: UInt8(ascii: "x"), count: $0) },
        Case(pattern: "[\\s\\S]*id: ([0-9]{4})[\\s\\S]*") { size in
            Array(repeating: UInt8(ascii: "i"), count: size) + Array("id: 12".utf8)
        },
    ]

    @Test("time grows linearly from 10 KB to 100 KB", arguments: cases)
    func scalesLinearly(_ testCase: Case) throws {
        let regex = try SafeRegex(testCase.pattern)
        let small = testCase.input(10_000)
        let large = testCase.input(100_000)
        let smallTime = Self.fastest { _ = (regex.matches(small), regex.firstMatch(in: small)) }
        let largeTime = Self.fastest { _ = (regex.matches(large), regex.firstMatch(in: large)) }
        // Linear is 10×; quadratic would be 100×. Leave room for timer noise on a busy machine.
        let ratio = largeTime / Swift.max(smallTime, 1e-7)
        #expect(ratio < 35, "10 KB took \(smallTime) s, 100 KB took \(largeTime) s (ratio \(ratio))")
    }

    @Test("a match is still found at the end of a long hostile input")
    func findsMatchAfterLongPrefix() throws {
        let regex = try SafeRegex("(a|aa)*b")
        let input = String(repeating: "a", count: 100_000) + "b"
        #expect(regex.matches(input))
        #expect(regex.firstMatch(in: input)?.range == 0..<100_001)
    }

    /// The fastest of a few runs, in seconds.
    static func fastest(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<3 {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = Swift.min(best, seconds)
        }
        return best
    }
}
