internal import GatewayRegex

/// An Envoy URI template (`envoy.path.match.uri_template.uri_template_matcher`), validated as Envoy validates it
/// and compiled to the regex Envoy matches with, plus a segment form for the template trie when it has one.
struct URITemplate: Sendable {
    /// The regex Envoy builds from the template, with a named group per variable.
    let regex: SafeRegex
    /// The variables in template order.
    let variableNames: [String]
    /// The template as trie segments, when every segment is a literal, a one-segment glob or variable, or a final
    /// `**`; nil for templates only the regex can match (variables spanning segments, mixed segments, suffixes).
    let segments: [TemplateSegment]?
    /// For `segments`: which segments capture, in order.
    private let capturing: [Bool]

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

    /// The captured ranges of a path the template is known to match.
    func captures(in path: UnsafeBufferPointer<UInt8>) -> PathCaptures {
        guard !variableNames.isEmpty, let segments else { return regexCaptures(in: path) }
        var captures = PathCaptures()
        var position = 0
        for (segment, isCapturing) in zip(segments, capturing) {
            let start = position + 1
            var end = path.count
            if segment != .rest {
                end = start
                while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
            }
            if isCapturing { captures.append(start..<end) }
            position = end
        }
        return captures
    }

    /// The captured ranges as the regex finds them (the reference for `captures(in:)`).
    func regexCaptures(in path: UnsafeBufferPointer<UInt8>) -> PathCaptures {
        var captures = PathCaptures()
        guard !variableNames.isEmpty, let match = regex.wholeMatch(in: path) else { return captures }
        for name in variableNames { captures.append(match[name] ?? 0..<0) }
        return captures
    }

    /// `*` (Envoy's path glob): a character of the template literal set.
    @inline(__always)
    static func isPathGlobByte(_ byte: UInt8) -> Bool {
        ParsedTemplate.isLiteralByte(byte)
    }

    /// `**` (Envoy's text glob): the path glob's characters and `/`.
    @inline(__always)
    static func isTextGlobByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || isPathGlobByte(byte)
    }
}

/// One segment of a URI template in the trie.
enum TemplateSegment: Sendable, Hashable {
    case literal([UInt8])
    /// `*`, `{name}` or `{name=*}`: one non-empty segment of path-glob characters.
    case segment
    /// `**` or `{name=**}` as the last segment: the rest of the path after the `/`, text-glob characters only.
    case rest
}
