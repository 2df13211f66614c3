import GatewayModel
import NIOHTTP1

/// Header additions and removals of a `headerManipulation` block, for requests or responses, compiled once.
///
/// As Envoy applies them: removals first, then additions; an addition with `append: false` replaces every
/// value of its header, one with `append` (the default) adds a line.
struct HeaderEdits: Sendable {
    struct Addition: Sendable {
        var name: String
        var value: String
        var append: Bool
    }

    var removals: [String] = []
    var additions: [Addition] = []

    var isEmpty: Bool { removals.isEmpty && additions.isEmpty }

    static let none = HeaderEdits()

    /// The request side of `manipulation`. Headers whose value comes from a Secret are left out here; the
    /// caller resolves them.
    init(requestOf manipulation: HeaderManipulation?) {
        self.init(
            removals: manipulation?.requestHeadersToRemove,
            additions: (manipulation?.requestHeadersToAdd ?? []).map { ($0.header, $0.append) }
        )
    }

    /// The response side of `manipulation`.
    init(responseOf manipulation: HeaderManipulation?) {
        self.init(
            removals: manipulation?.responseHeadersToRemove,
            additions: (manipulation?.responseHeadersToAdd ?? []).map { ($0.header, $0.append) }
        )
    }

    private init(removals: [String]?, additions: [(header: HeaderValue?, append: Bool?)]) {
        self.removals = (removals ?? []).map { $0.lowercased() }
        self.additions = additions.compactMap { header, append in
            guard let header, let key = header.key else { return nil }
            return Addition(name: key.lowercased(), value: header.value ?? "", append: append ?? true)
        }
    }

    init() {}

    /// These edits, then `other`'s: a route's, then its virtual host's, as Envoy applies the less specific last.
    func followed(by other: HeaderEdits) -> HeaderEdits {
        var combined = self
        combined.removals += other.removals
        combined.additions += other.additions
        return combined
    }

    func apply(to headers: inout HTTPHeaders) {
        for name in removals { headers.remove(name: name) }
        for addition in additions {
            if addition.append {
                headers.add(name: addition.name, value: addition.value)
            } else {
                headers.replaceOrAdd(name: addition.name, value: addition.value)
            }
        }
    }
}
