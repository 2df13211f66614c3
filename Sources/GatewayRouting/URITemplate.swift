internal import GatewayRegex

/// An Envoy URI template (`envoy.path.match.uri_template.uri_template_matcher`), validated as Envoy validates it
/// and compiled to the regex Envoy matches with, plus a segment form for the template trie when it has one.
final class URITemplate: Sendable {
    /// The regex Envoy builds from the template, with a named group per variable.
    let regex: SafeRegex
    /// The variables in template order.
    let variableNames: [String]
    /// The template as trie segments, when every segment is a literal, a one-segment glob or variable, or a final
    /// `**`; nil for templates only the regex can match (variables spanning segments, mixed segments, suffixes).
    let segments: [TemplateSegment]?
    /// For `segments`: which segments capture, in order.
    let capturing: [Bool]

    init(_ template: String) throws(RoutingError) {
        let parsed: ParsedTemplate
        do {
            parsed = try ParsedTemplate(template)
        } catch {
            throw RoutingError(.invalidMatcher, "invalid URI template '\(template)': \(error.reason)")
        }
        do {
            // Envoy compiles templates with plain RE2: no program size limit.
            regex = try SafeRegex(parsed.regexPattern)
        } catch {
            // Envoy accepts such a template and never matches it.
            throw RoutingError(
                .invalidMatcher,
                "invalid URI template '\(template)': its regex '\(parsed.regexPattern)' does not compile: \(error)"
            )
        }
        variableNames = parsed.variableNames
        (segments, capturing) = parsed.trieSegments.map { ($0.map(\.segment), $0.map(\.captures)) } ?? (nil, [])
    }

    /// The captured ranges, as Envoy's regex finds them.
    func regexCaptures(in path: UnsafeBufferPointer<UInt8>) -> PathCaptures {
        var captures = PathCaptures()
        guard !variableNames.isEmpty, let match = regex.wholeMatch(in: path) else { return captures }
        for name in variableNames { captures.append(match[name] ?? 0..<0) }
        return captures
    }

    /// `*` (Envoy's path glob): a character of the template literal set.
    @inline(__always)
    static func isPathGlobByte(_ byte: UInt8) -> Bool {
        byte < 64 ? pathGlobLow >> byte & 1 != 0 : byte < 128 && pathGlobHigh >> (byte - 64) & 1 != 0
    }

    /// `**` (Envoy's text glob): the path glob's characters and `/`.
    @inline(__always)
    static func isTextGlobByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || isPathGlobByte(byte)
    }

    /// `ParsedTemplate.isLiteralByte` as bit masks over bytes 0–63 and 64–127 (a test checks they agree).
    static let pathGlobLow: UInt64 = 0x2FFF7FF200000000
    static let pathGlobHigh: UInt64 = 0x47FFFFFE87FFFFFF
}

/// One segment of a URI template in the trie.
enum TemplateSegment: Sendable, Hashable {
    case literal([UInt8])
    /// `*`, `{name}` or `{name=*}`: one non-empty segment of path-glob characters.
    case segment
    /// `**` or `{name=**}` as the last segment: the rest of the path after the `/`, text-glob characters only.
    case rest
}
