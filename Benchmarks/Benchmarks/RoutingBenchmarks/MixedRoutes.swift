import GatewayModel
import GatewayRouting

/// Route tables shaped like a large virtual host: per service, ten routes of the kinds Gloo Edge users write most
/// (exact paths, prefixes, one of them case-insensitive, a regex over item ids, and routes conditional on a header,
/// a query parameter or methods), then a catch-all `/`. Requests name random services, so every lookup needs the
/// index to find its route among `count`.
enum MixedRoutes {
    static func rules(count: Int) -> [RouteRule] {
        var rules: [RouteRule] = []
        for index in 0..<count {
            let service = "/service-\(index / 10)"
            switch index % 10 {
            case 0: rules.append(RouteRule(.exact(service + "/health")))
            case 1: rules.append(RouteRule(.prefix(service + "/api"), headers: [HeaderMatcher(name: "x-canary")]))
            case 2: rules.append(RouteRule(.regex(service + "/items/[0-9]+")))
            case 3: rules.append(RouteRule(.prefix(service + "/api"), methods: ["GET", "HEAD"]))
            case 4: rules.append(RouteRule(.exact(service + "/login"), methods: ["POST"]))
            case 5: rules.append(RouteRule(.exact(service + "/version")))
            case 6:
                rules.append(
                    RouteRule(.prefix(service + "/v2"), queryParameters: [QueryParameterMatcher(name: "beta")])
                )
            case 7: rules.append(RouteRule(.prefix(service + "/static/")))
            case 8: rules.append(RouteRule(.prefix(service + "/docs")))
            default: rules.append(RouteRule(.prefix(service + "/", caseSensitive: false)))
            }
        }
        rules.append(RouteRule(.prefix("/")))
        return rules
    }

    /// 1,024 requests over the table's services, each matching one of its routes.
    static func requests(count: Int) -> [RouteRequest] {
        var random = SplitMix64(seed: UInt64(count))
        return (0..<1_024).map { _ in
            let service = "/service-\(Int.random(in: 0..<max(1, count / 10), using: &random))"
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return RouteRequest(path: service + "/health")
            case 1: return RouteRequest(path: service + "/api/orders?page=2", headers: [.init("X-Canary", "1")])
            case 2: return RouteRequest(path: service + "/items/\(Int.random(in: 0..<100_000, using: &random))")
            case 3: return RouteRequest(method: "GET", path: service + "/api/orders/17")
            case 4: return RouteRequest(method: "POST", path: service + "/login")
            case 5: return RouteRequest(path: service + "/v2/orders?beta=1")
            case 6: return RouteRequest(path: service + "/static/app.js")
            default: return RouteRequest(method: "POST", path: service.uppercased() + "/upload")
            }
        }
    }
}

/// A small seedable generator, so every run measures the same requests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
