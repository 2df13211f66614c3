import GatewayModel
import NIOHTTP1

/// `redirectAction`: the status and how the `location` is made from the request, as Envoy's router makes it.
struct RedirectPlan: Sendable {
    enum PathChange: Sendable {
        /// `pathRedirect`: the whole path (with its own query, if it has one).
        case replace(String)
        /// `prefixRewrite`: the matched prefix (or exact path) replaced; per matcher, the length matched, nil for a
        /// matcher that has none (a regex).
        case prefix(matchedLengths: [Int?], replacement: String)
    }

    var status: HTTPResponseStatus
    var scheme: String?
    var host: String?
    var port: UInt32?
    var path: PathChange?
    var stripQuery: Bool

    init(_ action: RedirectAction, matchedLengths: [Int?]) {
        status = HTTPResponseStatus(statusCode: action.responseCode?.status ?? 301)
        scheme = action.httpsRedirect == true ? "https" : nil
        host = action.hostRedirect
        port = action.portRedirect
        stripQuery = action.stripQuery ?? false
        if let replacement = action.pathRedirect {
            path = .replace(replacement)
        } else if let replacement = action.prefixRewrite {
            path = .prefix(matchedLengths: matchedLengths, replacement: replacement)
        }
    }

    /// The `location` for a request with this scheme, authority and path (with its query).
    func location(scheme requestScheme: String, authority: String, path requestPath: String, matcher: Int) -> String {
        let finalScheme = scheme ?? requestScheme
        var finalHost = host ?? authority
        if let port {
            finalHost = Self.withoutPort(finalHost) + ":\(port)"
        } else if scheme != nil && scheme != requestScheme {
            // Changing the scheme drops a port that was the old scheme's default (and only that one).
            let defaultPort = requestScheme == "https" ? ":443" : ":80"
            if finalHost.hasSuffix(defaultPort) { finalHost = Self.withoutPort(finalHost) }
        }
        let queryStart = requestPath.firstIndex(of: "?")
        var pathPart = queryStart.map { String(requestPath[..<$0]) } ?? requestPath
        var query = queryStart.map { String(requestPath[$0...]) } ?? ""
        var stripsQuery = stripQuery
        switch path {
        case .replace(let replacement)?:
            if let mark = replacement.firstIndex(of: "?") {
                // A query written in `pathRedirect` is the redirect's own; `stripQuery` leaves it.
                pathPart = String(replacement[..<mark])
                query = String(replacement[mark...])
                stripsQuery = false
            } else {
                pathPart = replacement
            }
        case .prefix(let lengths, let replacement)?:
            if matcher < lengths.count, let length = lengths[matcher] {
                pathPart = PathRewriting.replacingPrefix(of: pathPart, length: length, with: replacement)
            }
        case nil:
            break
        }
        if stripsQuery { query = "" }
        return "\(finalScheme)://\(finalHost)\(pathPart)\(query)"
    }

    /// `host` without a trailing `:port` (an IPv6 literal keeps its brackets).
    static func withoutPort(_ host: String) -> String {
        guard let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") else { return host }
        if host.hasPrefix("[") || !host[..<colon].contains(":") { return String(host[..<colon]) }
        return host
    }
}
