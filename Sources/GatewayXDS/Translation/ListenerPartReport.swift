internal import GatewayModel

/// The errors and warnings of one part of a Proxy (a listener, a virtual host, a route), collected while it is
/// translated and then reported on the resources it was built from.
///
/// An error means Envoy would reject the part (or Gloo rejects its source): the part is left out of the output
/// and its sources are Rejected. A warning means something written is not sent to Envoy, or not exactly.
struct ListenerPartReport {
    private(set) var errors: [String] = []
    private(set) var warnings: [String] = []

    /// Records that the part cannot be sent to Envoy, and why.
    mutating func fail(_ message: String) {
        errors.append(message)
    }

    /// Records something about the part that is not sent to Envoy, or not exactly.
    mutating func warn(_ message: String) {
        warnings.append(message)
    }

    /// Whether nothing has failed so far.
    var isValid: Bool { errors.isEmpty }

    /// Reports everything collected on each of `sources`.
    func flush(to sources: [ResourceID], in context: inout TranslationContext) {
        for source in sources {
            for error in errors { context.fail(source, error) }
            for warning in warnings { context.warn(source, warning) }
        }
    }

    /// The warning for an option written on a resource that is not sent to Envoy. `expressible` says whether
    /// vanilla Envoy could express it at all (transformations, for example, need Gloo's own Envoy build).
    static func notSent(_ name: String, at path: String, expressible: Bool) -> String {
        expressible
            ? "option '\(name)' at \(path) is not translated to Envoy by this gateway and is not sent to Envoy"
            : "option '\(name)' at \(path) is not expressible in Envoy's built-in filters and is not sent to Envoy"
    }
}
