import GatewayModel
import NIOHTTP1
import Testing

@testable import GatewayProxy

/// The `location` of redirects, as Envoy 1.40 answered these requests (request host `host.test:1234` unless said).
@Suite("Redirect locations")
struct RedirectPlanTests {
    static func location(
        _ configure: (inout RedirectAction) -> Void,
        path: String,
        host: String = "host.test:1234",
        prefix: String = "/r"
    ) -> String {
        var action = RedirectAction()
        configure(&action)
        let plan = RedirectPlan(action, matchedLengths: [prefix.utf8.count])
        return plan.location(scheme: "http", authority: host, path: path, matcher: 0)
    }

    @Test("host, path, prefix, scheme, port and query as Envoy writes them")
    func locations() {
        #expect(
            Self.location({ $0.hostRedirect = "example.com" }, path: "/r-host/a?q=1")
                == "http://example.com/r-host/a?q=1"
        )
        #expect(
            Self.location({ $0.pathRedirect = "/new/path" }, path: "/r-path/a?q=1")
                == "http://host.test:1234/new/path?q=1"
        )
        #expect(
            Self.location({ $0.prefixRewrite = "/replaced/" }, path: "/r-prefix/a/b?q=1", prefix: "/r-prefix/")
                == "http://host.test:1234/replaced/a/b?q=1"
        )
        #expect(
            Self.location({ $0.httpsRedirect = true }, path: "/r-https/a?q=1") == "https://host.test:1234/r-https/a?q=1"
        )
        #expect(Self.location({ $0.httpsRedirect = true }, path: "/x", host: "host.test:80") == "https://host.test/x")
        #expect(
            Self.location({ $0.httpsRedirect = true }, path: "/x", host: "host.test:443") == "https://host.test:443/x"
        )
        #expect(
            Self.location(
                {
                    $0.pathRedirect = "/stripped"
                    $0.stripQuery = true
                },
                path: "/r-strip/a?q=1"
            )
                == "http://host.test:1234/stripped"
        )
        #expect(
            Self.location(
                {
                    $0.pathRedirect = "/p?a=b"
                    $0.stripQuery = true
                },
                path: "/x?q=1"
            )
                == "http://host.test:1234/p?a=b"
        )
        #expect(
            Self.location({ $0.portRedirect = 8443 }, path: "/r-port/a?q=1") == "http://host.test:8443/r-port/a?q=1"
        )
        #expect(
            Self.location(
                {
                    $0.hostRedirect = "example.com"
                    $0.portRedirect = 8080
                },
                path: "/x?y"
            )
                == "http://example.com:8080/x?y"
        )
        #expect(
            Self.location(
                {
                    $0.httpsRedirect = true
                    $0.portRedirect = 443
                },
                path: "/x"
            )
                == "https://host.test:443/x"
        )
    }

    @Test("response codes")
    func codes() {
        var action = RedirectAction()
        #expect(RedirectPlan(action, matchedLengths: []).status.code == 301)
        action.responseCode = .permanentRedirect
        #expect(RedirectPlan(action, matchedLengths: []).status.code == 308)
    }
}
