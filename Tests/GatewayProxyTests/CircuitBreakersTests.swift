import GatewayModel
import Testing

@testable import GatewayProxy

@Suite("Circuit breakers")
struct CircuitBreakersTests {
    @Test("Envoy's defaults; the Upstream's own limits over the settings'; unenforced limits noted")
    func limits() {
        var notes: [String] = []
        #expect(
            CircuitBreakers.make(nil, defaults: nil) { notes.append($0) }
                == CircuitBreakers(maxRequests: 1024, maxRetries: 3)
        )

        var settings = CircuitBreakerConfig()
        settings.maxRequests = 10
        #expect(CircuitBreakers.make(nil, defaults: settings) { notes.append($0) }.maxRequests == 10)

        var own = CircuitBreakerConfig()
        own.maxRetries = 0
        // The Upstream's config replaces the settings' whole, as Gloo does: maxRequests is Envoy's default again.
        #expect(
            CircuitBreakers.make(own, defaults: settings) { notes.append($0) }
                == CircuitBreakers(maxRequests: 1024, maxRetries: 0)
        )
        #expect(notes.isEmpty)

        own.maxConnections = 5
        _ = CircuitBreakers.make(own, defaults: nil) { notes.append($0) }
        #expect(notes.count == 1 && notes[0].contains("maxConnections"))
    }

    @Test("slots are taken up to the limit and given back")
    func slots() {
        let load = ClusterLoad()
        #expect(load.startRequest(limit: 2) && load.startRequest(limit: 2))
        #expect(!load.startRequest(limit: 2))
        load.endRequest()
        #expect(load.startRequest(limit: 2))
        #expect(!load.startRetry(limit: 0))
        #expect(load.startRetry(limit: 1) && !load.startRetry(limit: 1))
        load.endRetry()
        #expect(load.startRetry(limit: 1))
    }
}
