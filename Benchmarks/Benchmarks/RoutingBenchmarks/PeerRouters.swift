import Foundation
@_spi(Internal) import Hummingbird
import RoutingKit

/// A router from another project, measured on the same route set as ours. It is built once from a list of
/// `(method, path)` routes (`:name` segments are parameters) and then answers lookups with the index of the
/// matching route in that list together with the parameters it captured.
protocol PeerRouter: Sendable {
    associatedtype Match: Sendable

    init(routes: [(method: String, path: String)])

    /// The route for a request method and path, or `nil` when none matches.
    func lookup(method: String, path: String) -> Match?

    /// The route index and the captured parameters (name → value) of a match, for checking.
    func summary(of match: Match) -> (route: Int, parameters: [String: String])
}

extension PeerRouter {
    /// Looks up `requestPath` of every route and describes each wrong answer: no match, a match of a route that is
    /// neither the requested one nor an equivalent of it (same method, same path up to parameter names), or captured
    /// parameters that differ from the values at the parameter segments of the request path. Empty when all are right.
    func mismatches(routes: [(method: String, path: String)]) -> [String] {
        var problems: [String] = []
        for (index, route) in routes.enumerated() {
            let requestPath = GitHubRoutes.requestPath(route.path)
            let request = "\(route.method) \(requestPath) (route \(index): \(route.method) \(route.path))"
            guard let match = lookup(method: route.method, path: requestPath) else {
                problems.append("\(request): no match")
                continue
            }
            let (matched, parameters) = summary(of: match)
            guard routes.indices.contains(matched) else {
                problems.append("\(request): matched nonexistent route \(matched)")
                continue
            }
            let matchedRoute = routes[matched]
            guard matched == index || Self.isEquivalent(matchedRoute, route) else {
                problems.append("\(request): matched route \(matched): \(matchedRoute.method) \(matchedRoute.path)")
                continue
            }
            let expected = Self.parameters(of: matchedRoute.path, in: requestPath)
            if parameters != expected {
                problems.append(
                    "\(request): captured \(parameters.sorted { $0.key < $1.key }), "
                        + "expected \(expected.sorted { $0.key < $1.key })"
                )
            }
        }
        return problems
    }

    /// Builds the router and runs `mismatches(routes:)` on it, reporting the outcome on standard error. A wrong
    /// answer is reported, not fatal, so that the other benchmarks still run.
    static func checked(_ name: String, routes: [(method: String, path: String)]) -> Self {
        let router = Self(routes: routes)
        let problems = router.mismatches(routes: routes)
        var report = "\(name): "
        if problems.isEmpty {
            report += "all \(routes.count) routes resolve to themselves\n"
        } else {
            report += "\(problems.count) of \(routes.count) routes resolve wrongly\n"
            for problem in problems {
                report += "  \(problem)\n"
            }
        }
        FileHandle.standardError.write(Data(report.utf8))
        return router
    }

    private static func isEquivalent(
        _ lhs: (method: String, path: String),
        _ rhs: (method: String, path: String)
    ) -> Bool {
        func shape(_ path: String) -> [Substring] {
            path.split(separator: "/").map { $0.hasPrefix(":") ? ":" : $0 }
        }
        return lhs.method == rhs.method && shape(lhs.path) == shape(rhs.path)
    }

    /// The values at the parameter segments of `template` in `requestPath`, by parameter name.
    private static func parameters(of template: String, in requestPath: String) -> [String: String] {
        var values: [String: String] = [:]
        for (segment, value) in zip(template.split(separator: "/"), requestPath.split(separator: "/"))
        where segment.hasPrefix(":") {
            values[String(segment.dropFirst())] = String(value)
        }
        return values
    }
}

/// Hummingbird 2's route lookup: its `RouterTrie`, built with `RouterPathTrieBuilder` and queried the way
/// `RouterResponder.respond(to:context:)` does it. Each trie node holds what `Router` stores there, a table from
/// method to endpoint (here the route index) and the node's `RouterPath`. A lookup is `RouterTrie.resolve(_:)` on the
/// path (walking the trie and capturing the parameters into Hummingbird's `Parameters`), then the method table
/// lookup. Routes are added in the order given; a second route with the same path and method is ignored (where
/// `Router` would stop the process).
struct HummingbirdRouter: PeerRouter {
    struct Match: Sendable {
        let route: Int
        let parameters: Hummingbird.Parameters
    }

    private struct Endpoint: Sendable {
        var methods: [HTTPRequest.Method: Int]
        let path: RouterPath
    }

    private let trie: RouterTrie<Endpoint>

    init(routes: [(method: String, path: String)]) {
        var endpoints: [String: Endpoint] = [:]
        var paths: [String] = []
        for (index, route) in routes.enumerated() {
            guard let method = HTTPRequest.Method(route.method) else {
                preconditionFailure("HummingbirdRouter: invalid method `\(route.method)`")
            }
            if endpoints[route.path] == nil {
                endpoints[route.path] = Endpoint(methods: [:], path: RouterPath(route.path))
                paths.append(route.path)
            }
            if endpoints[route.path]!.methods[method] == nil {
                endpoints[route.path]!.methods[method] = index
            }
        }
        let builder = RouterPathTrieBuilder<Endpoint>()
        for path in paths {
            let endpoint = endpoints[path]!
            builder.addEntry(endpoint.path, value: endpoint)
        }
        self.trie = builder.build()
    }

    func lookup(method: String, path: String) -> Match? {
        guard let (endpoint, parameters) = trie.resolve(path),
            let method = HTTPRequest.Method(method),
            let route = endpoint.methods[method]
        else {
            return nil
        }
        return Match(route: route, parameters: parameters)
    }

    func summary(of match: Match) -> (route: Int, parameters: [String: String]) {
        var parameters: [String: String] = [:]
        for (name, value) in match.parameters {
            parameters[String(name)] = String(value)
        }
        return (match.route, parameters)
    }
}

/// RoutingKit 4's `TrieRouter<Int>` used the way Vapor's `DefaultResponder` uses it: each route is registered at
/// `[.constant(method)] + path.pathComponents`, and a lookup splits the path with `split(separator: "/")` into
/// `String`s, prepends the method and calls `route(path:parameters:)` with a new `Parameters()`.
struct RoutingKitRouter: PeerRouter {
    struct Match: Sendable {
        let route: Int
        let parameters: RoutingKit.Parameters
    }

    private let router: UncheckedSendable<TrieRouter<Int>>

    init(routes: [(method: String, path: String)]) {
        let router = TrieRouter(Int.self)
        for (index, route) in routes.enumerated() {
            router.register(index, at: [.constant(route.method)] + route.path.pathComponents)
        }
        self.router = UncheckedSendable(value: router)
    }

    func lookup(method: String, path: String) -> Match? {
        let pathComponents = path.split(separator: "/").map(String.init)
        var parameters = RoutingKit.Parameters()
        guard let route = router.value.route(path: [method] + pathComponents, parameters: &parameters) else {
            return nil
        }
        return Match(route: route, parameters: parameters)
    }

    func summary(of match: Match) -> (route: Int, parameters: [String: String]) {
        var parameters: [String: String] = [:]
        for name in match.parameters.allNames {
            parameters[name] = match.parameters.get(name)
        }
        return (match.route, parameters)
    }
}

/// `TrieRouter` is a class with mutable registration state; it is only read after `init`, so sharing it between
/// benchmark closures is safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
