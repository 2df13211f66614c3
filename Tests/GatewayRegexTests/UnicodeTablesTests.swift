import Testing

@testable import GatewayRegex

@Suite("Unicode tables")
struct UnicodeTablesTests {
    private func contains(_ name: String, _ rune: UInt32) -> Bool {
        guard let ranges = UnicodeTables.ranges(forGroup: name) else {
            Issue.record("unknown group \(name)")
            return false
        }
        return ranges.contains { $0.contains(rune) }
    }

    @Test("Scripts and categories contain the expected code points")
    func spotChecks() {
        #expect(contains("Greek", 0x3B1))
        #expect(!contains("Greek", 0x61))
        #expect(contains("Latin", 0x61))
        #expect(contains("Han", 0x4E00))
        #expect(contains("Braille", 0x2800))
        #expect(contains("Lu", 0x41))
        #expect(!contains("Lu", 0x61))
        #expect(contains("Ll", 0x61))
        #expect(contains("L", 0x41))
        #expect(contains("L", 0x61))
        #expect(!contains("L", 0x30))
        for digit in UInt32(0x30)...0x39 {
            #expect(contains("Nd", digit))
            #expect(contains("N", digit))
        }
        #expect(contains("Nd", 0x660))
        #expect(contains("Zs", 0x20))
        #expect(contains("Zs", 0x3000))
        #expect(contains("Cc", 0x0A))
        #expect(contains("Co", 0xE000))
        #expect(contains("Common", 0x20))
        #expect(contains("Inherited", 0x300))
    }

    @Test("Names are exactly RE2's")
    func names() {
        #expect(UnicodeTables.ranges(forGroup: "Any") == [0...0x10FFFF])
        #expect(UnicodeTables.ranges(forGroup: "Cs") == [0xD800...0xDFFF])
        #expect(contains("C", 0xD800))
        for unknown in ["greek", "GREEK", "Cn", "LC", "L&", "Lc", "IsGreek", "Latn", "", "^Greek", "any"] {
            #expect(UnicodeTables.ranges(forGroup: unknown) == nil, "\(unknown)")
        }
        for name in ["C", "L", "M", "N", "P", "S", "Z", "Lu", "Nd", "Zs", "Cs", "Co", "Braille", "Old_Italic"] {
            #expect(UnicodeTables.ranges(forGroup: name) != nil, "\(name)")
        }
    }

    @Test("Every group is sorted, non-overlapping, merged and in range")
    func wellFormed() {
        let names = ["Any", "C", "L", "Lu", "N", "Nd", "P", "S", "Z", "Greek", "Latin", "Han", "Common", "Arabic"]
        for name in names {
            let ranges = UnicodeTables.ranges(forGroup: name) ?? []
            #expect(!ranges.isEmpty, "\(name)")
            #expect(ranges.last.map { $0.upperBound <= 0x10FFFF } ?? false, "\(name)")
            for (previous, next) in zip(ranges, ranges.dropFirst()) {
                // A gap of at least one code point, otherwise the ranges would have been merged.
                #expect(previous.upperBound + 1 < next.lowerBound, "\(name): \(previous) \(next)")
            }
        }
    }

    @Test("A one-letter category is the union of its two-letter ones")
    func categoryUnion() {
        let parts = ["Lu", "Ll", "Lt", "Lm", "Lo"].flatMap { UnicodeTables.ranges(forGroup: $0) ?? [] }
        var merged: [ClosedRange<UInt32>] = []
        for range in parts.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, last.upperBound + 1 >= range.lowerBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        #expect(merged == UnicodeTables.ranges(forGroup: "L"))
    }

    @Test("Case orbits match RE2's (?i)")
    func caseOrbits() {
        #expect(UnicodeTables.caseOrbit(of: 0x6B) == [0x4B, 0x6B, 0x212A])
        #expect(UnicodeTables.caseOrbit(of: 0x212A) == [0x4B, 0x6B, 0x212A])
        #expect(UnicodeTables.caseOrbit(of: 0x73) == [0x53, 0x73, 0x17F])
        #expect(UnicodeTables.caseOrbit(of: 0x61) == [0x41, 0x61])
        #expect(UnicodeTables.caseOrbit(of: 0x41) == [0x41, 0x61])
        #expect(UnicodeTables.caseOrbit(of: 0x31) == [])
        #expect(UnicodeTables.caseOrbit(of: 0x3B1) == [0x391, 0x3B1])
        // Sigma has three forms; the combining ypogegrammeni shares iota's orbit with the prosgegrammeni.
        #expect(UnicodeTables.caseOrbit(of: 0x3C2) == [0x3A3, 0x3C2, 0x3C3])
        #expect(UnicodeTables.caseOrbit(of: 0x345) == [0x345, 0x399, 0x3B9, 0x1FBE])
        // Dotted capital I and dotless i have no simple case folding partners in RE2.
        #expect(UnicodeTables.caseOrbit(of: 0x130) == [])
        #expect(UnicodeTables.caseOrbit(of: 0x131) == [])
        #expect(UnicodeTables.caseOrbit(of: 0xDF) == [0xDF, 0x1E9E])
        #expect(UnicodeTables.caseOrbit(of: 0x10400) == [0x10400, 0x10428])
        #expect(UnicodeTables.caseOrbit(of: 0x4E00) == [])
        #expect(UnicodeTables.caseOrbit(of: 0) == [])
        #expect(UnicodeTables.caseOrbit(of: 0x10FFFF) == [])
    }

    @Test("Orbits are symmetric, sorted and contain their rune")
    func orbitSymmetry() {
        var withOrbit = 0
        for rune in UInt32(0)...0x1FFFF {
            let orbit = UnicodeTables.caseOrbit(of: rune)
            guard !orbit.isEmpty else { continue }
            withOrbit += 1
            #expect(orbit.count >= 2)
            #expect(orbit.contains(rune))
            #expect(zip(orbit, orbit.dropFirst()).allSatisfy { $0 < $1 })
            for member in orbit where UnicodeTables.caseOrbit(of: member) != orbit {
                Issue.record("orbit of \(member) differs from orbit of \(rune)")
            }
        }
        #expect(withOrbit > 2_000)
    }

    @Test("No code point above maxCaseFoldedRune has an orbit")
    func maxCaseFoldedRune() {
        let max = UnicodeTables.maxCaseFoldedRune
        #expect(!UnicodeTables.caseOrbit(of: max).isEmpty)
        #expect((max + 1...0x10FFFF).allSatisfy { UnicodeTables.caseOrbit(of: $0).isEmpty })
    }

    @Test("Capture name characters")
    func captureNameCharacters() {
        for rune: UInt32 in [0x61, 0x5A, 0x30, 0x5F, 0x3B1, 0x301, 0x2160, 0x660, 0x4E00] {
            #expect(UnicodeTables.isCaptureNameCharacter(rune), "\(rune)")
        }
        for rune: UInt32 in [0x2D, 0x20, 0x24, 0x3C, 0x3E, 0xB2, 0xD800, 0x1F600] {
            #expect(!UnicodeTables.isCaptureNameCharacter(rune), "\(rune)")
        }
    }
}
