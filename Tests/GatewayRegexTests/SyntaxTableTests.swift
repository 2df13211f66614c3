// Table-driven checks of GatewayRegex against RE2's documented syntax; the tables live in SyntaxCases.swift.

import Testing

@testable import GatewayRegex

@Suite("RE2 syntax")
struct SyntaxTableTests {
    // MARK: - Matching

    @Test("Literals and escapes", arguments: SyntaxCases.literals)
    func literals(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Dot and newline", arguments: SyntaxCases.dot)
    func dot(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Bracketed classes", arguments: SyntaxCases.classes)
    func classes(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("POSIX classes", arguments: SyntaxCases.posix)
    func posix(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Perl classes", arguments: SyntaxCases.perl)
    func perl(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Unicode classes", arguments: SyntaxCases.unicode)
    func unicode(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Anchors and boundaries", arguments: SyntaxCases.anchors)
    func anchors(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Groups", arguments: SyntaxCases.groups)
    func groups(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Flags", arguments: SyntaxCases.flags)
    func flags(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Case folding", arguments: SyntaxCases.folding)
    func folding(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Alternation", arguments: SyntaxCases.alternation)
    func alternation(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Repetition", arguments: SyntaxCases.repetition)
    func repetition(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Leftmost-first versus full match", arguments: SyntaxCases.leftmost)
    func leftmost(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("Empty matches", arguments: SyntaxCases.empty)
    func empty(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    @Test("UTF-8 and byte offsets", arguments: SyntaxCases.utf8)
    func utf8(_ testCase: MatchCase) {
        checkMatch(testCase)
    }

    // MARK: - Errors

    @Test("Errors: parentheses", arguments: SyntaxCases.parensErrors)
    func parenErrors(_ testCase: ErrorCase) {
        checkError(testCase)
    }

    @Test("Errors: brackets and classes", arguments: SyntaxCases.bracketsErrors)
    func bracketErrors(_ testCase: ErrorCase) {
        checkError(testCase)
    }

    @Test("Errors: repetition", arguments: SyntaxCases.repeatsErrors)
    func repeatErrors(_ testCase: ErrorCase) {
        checkError(testCase)
    }

    @Test("Errors: escapes", arguments: SyntaxCases.escapesErrors)
    func escapeErrors(_ testCase: ErrorCase) {
        checkError(testCase)
    }

    @Test("Errors: Perl operators and named groups", arguments: SyntaxCases.perlErrors)
    func perlErrors(_ testCase: ErrorCase) {
        checkError(testCase)
    }

    // MARK: - Captures, replacement, analysis

    @Test("Capture counts and names", arguments: SyntaxCases.captureNames)
    func captureNames(_ testCase: CaptureNamesCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        #expect(regex.captureCount == testCase.captureCount)
        #expect(regex.captureNames == testCase.names)
    }

    @Test("Named groups in matches")
    func namedGroupLookup() throws {
        let regex = try SafeRegex(#"(?P<year>\d{4})-(?<month>\d{2})"#)
        let input = "on 2024-05"
        let match = try #require(regex.firstMatch(in: input))
        #expect(match["year"] == 3..<7)
        #expect(match["month"] == 8..<10)
        #expect(match["day"] == nil)
        #expect(match.substring(1, in: input) == "2024")
        #expect(match.substring(2, in: input) == "05")
    }

    @Test("Every match", arguments: SyntaxCases.allMatches)
    func allMatches(_ testCase: AllMatchesCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        #expect(regex.allMatches(in: testCase.input).map(\.range) == testCase.matches)
    }

    @Test("Replace every match", arguments: SyntaxCases.replaceAll)
    func replaceAll(_ testCase: ReplaceCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        let substitution = try regex.substitution(testCase.template, syntax: syntax(testCase.syntax))
        #expect(regex.replacingAllMatches(in: testCase.input, with: substitution) == testCase.expected)
    }

    @Test("Replace the first match", arguments: SyntaxCases.replaceFirst)
    func replaceFirst(_ testCase: ReplaceCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        let substitution = try regex.substitution(testCase.template, syntax: syntax(testCase.syntax))
        #expect(regex.replacingFirstMatch(in: testCase.input, with: substitution) == testCase.expected)
    }

    @Test("Substitution templates RE2 refuses", arguments: SyntaxCases.substitutionErrors)
    func substitutionErrors(_ testCase: SubstitutionErrorCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        do throws(RegexError) {
            _ = try regex.substitution(testCase.template, syntax: syntax(testCase.syntax))
            Issue.record("template was accepted")
        } catch {
            #expect(error.code == .badSubstitution)
        }
    }

    @Test("Program size limit", arguments: SyntaxCases.programSize)
    func programSize(_ testCase: ProgramSizeCase) {
        do throws(RegexError) {
            _ = try SafeRegex(testCase.pattern)
            #expect(!testCase.rejected, "RE2 rejects this pattern as too large")
        } catch {
            #expect(testCase.rejected, "RE2 accepts this pattern: \(error)")
            if testCase.rejected {
                #expect(error.code == .patternTooLarge)
                #expect(error.message == "pattern too large - compile failed")
            }
        }
    }

    @Test("Literal prefix and anchoring", arguments: SyntaxCases.prefixes)
    func prefixes(_ testCase: PrefixCase) throws {
        let regex = try SafeRegex(testCase.pattern)
        #expect(regex.literalPrefix == Array(testCase.prefix.utf8))
        switch testCase.literal {
        case .exactly(let literal):
            #expect(regex.literal == Array(literal.utf8))
        case .absent:
            #expect(regex.literal == nil)
        case .unchecked:
            break
        }
        #expect(regex.isAnchoredAtStart == testCase.anchoredAtStart)
        #expect(regex.isAnchoredAtEnd == testCase.anchoredAtEnd)
    }
}

// MARK: - Helpers

/// Group 0 followed by every capture group of `match`, or `nil` when there is no match.
private func spans(_ match: RegexMatch?) -> [Range<Int>?]? {
    guard let match else { return nil }
    return [match.range] + (0..<match.groupCount).map { match[$0 + 1] }
}

private func syntax(_ syntax: TemplateSyntax) -> SafeRegex.Substitution.Syntax {
    switch syntax {
    case .backslash: .backslash
    case .dollar: .dollar
    }
}

/// Checks full match and search, through the byte API and (for UTF-8 inputs) the String API.
private func checkMatch(_ testCase: MatchCase) {
    let regex: SafeRegex
    do throws(RegexError) {
        regex = try SafeRegex(testCase.pattern, options: testCase.options)
    } catch {
        Issue.record("RE2 accepts this pattern, but it was rejected: \(error)")
        return
    }
    if let groups = (testCase.full ?? testCase.search)?.count {
        #expect(regex.captureCount == groups - 1, "captureCount")
    }

    let bytes = testCase.input
    let whole = regex.wholeMatch(in: bytes)
    #expect(spans(whole) == testCase.full, "wholeMatch")
    #expect(whole?[0] == whole?.range, "group 0 is the match range")
    #expect(regex.matches(bytes) == (testCase.full != nil), "matches")
    #expect(spans(regex.firstMatch(in: bytes)) == testCase.search, "firstMatch")
    #expect(regex.containsMatch(in: bytes) == (testCase.search != nil), "containsMatch")

    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    #expect(spans(regex.wholeMatch(in: text)) == testCase.full, "wholeMatch(String)")
    #expect(regex.matches(text) == (testCase.full != nil), "matches(String)")
    #expect(spans(regex.firstMatch(in: text)) == testCase.search, "firstMatch(String)")
    #expect(regex.containsMatch(in: text) == (testCase.search != nil), "containsMatch(String)")
}

/// Checks that the pattern is rejected with RE2's message, the matching code and our offset.
private func checkError(_ testCase: ErrorCase) {
    do throws(RegexError) {
        let regex = try SafeRegex(testCase.pattern)
        Issue.record("RE2 rejects this pattern, but it compiled with \(regex.captureCount) groups")
    } catch {
        #expect(error.message == testCase.message, "message")
        #expect(error.code == testCase.code, "code")
        #expect(error.offset == testCase.offset, "offset")
    }
}
