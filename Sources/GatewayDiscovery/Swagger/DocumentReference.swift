import Foundation
import GatewayModel

/// The target of a `$ref`: a document (absolute URL without fragment; nil for the referring document itself) and a
/// JSON pointer into it.
struct DocumentReference: Hashable {
    /// The document the reference points into; nil when it points into the document it is written in.
    var document: String?
    /// The JSON pointer's tokens, unescaped (`~1` is `/`, `~0` is `~`, percent-escapes decoded).
    var pointer: [String]

    /// The reference `text` as written in the document at `base` (nil for an inline document, which can only
    /// refer into itself). Nil when the text is not a reference this reader follows.
    init?(_ text: String, base: String?) {
        let hash = text.firstIndex(of: "#")
        let documentPart = String(text[..<(hash ?? text.endIndex)])
        let fragment = hash.map { String(text[text.index(after: $0)...]) } ?? ""
        if documentPart.isEmpty {
            document = nil
        } else {
            guard let base, let resolved = Self.resolve(documentPart, against: base) else { return nil }
            document = resolved == Self.withoutFragment(base) ? nil : resolved
        }
        guard let pointer = Self.tokens(ofPointer: fragment) else { return nil }
        self.pointer = pointer
    }

    /// `relative` resolved against `base` as a browser would (RFC 3986), without fragment.
    static func resolve(_ relative: String, against base: String) -> String? {
        guard let url = URL(string: relative, relativeTo: URL(string: base)) else { return nil }
        return withoutFragment(url.absoluteURL.absoluteString)
    }

    static func withoutFragment(_ location: String) -> String {
        location.firstIndex(of: "#").map { String(location[..<$0]) } ?? location
    }

    /// The tokens of a JSON pointer (RFC 6901) written as a URI fragment; nil when it is not one.
    static func tokens(ofPointer fragment: String) -> [String]? {
        if fragment.isEmpty { return [] }
        guard fragment.hasPrefix("/") else { return nil }
        let tokens = fragment.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return tokens.map { token in
            // Most pointers are plain names: only a `%` or `~` needs decoding.
            guard token.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "~") }) else {
                return String(decoding: token, as: UTF8.self)
            }
            let text = String(decoding: token, as: UTF8.self)
            let decoded = text.removingPercentEncoding ?? text
            return decoded.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

extension APIDocument {
    /// A value reached while reading the document, with the location of the document it is in (so that the
    /// references inside it resolve relative to that document).
    struct Located {
        var value: ConfigValue
        var base: String?
    }

    /// The document at `location` (nil: the root).
    func document(at location: String?) -> ConfigValue? {
        guard let location, location != self.location else { return root }
        return externalDocuments[location]
    }

    /// `value` with every `$ref` it is made of followed (a reference to a reference is followed too), at most 32
    /// deep; nil when a reference points nowhere.
    func resolved(_ value: Located) -> Located? {
        var current = value
        for _ in 0..<32 {
            guard let reference = current.value["$ref"]?.stringValue else { return current }
            guard let target = DocumentReference(reference, base: current.base) else { return nil }
            let base = target.document ?? current.base
            guard var node = document(at: base) else { return nil }
            for token in target.pointer {
                switch node.content {
                case .object: node = node[token] ?? .null
                case .array(let values):
                    guard let index = Int(token), values.indices.contains(index) else { return nil }
                    node = values[index]
                default: return nil
                }
                if case .null = node.content { return nil }
            }
            current = Located(value: node, base: base)
        }
        return nil
    }
}
