import GatewayDiscovery
import GatewayModel
import Synchronization
import Testing

/// The loop's scheduling, with a discovery function the test controls (the real discoveries are exercised against
/// real peers in the integration tests).
@Suite("The discovery loop: polling, change detection, back-off, last functions kept")
struct FunctionDiscoveryLoopTests {
    /// Answers discovery attempts from a script and counts them.
    final class Script: Sendable {
        let answers: Mutex<[String: [Result<DiscoveredFunctions, DiscoveryError>]]>
        let attempts = Mutex<[String: [ContinuousClock.Instant]]>([:])

        init(_ answers: [String: [Result<DiscoveredFunctions, DiscoveryError>]]) {
            self.answers = Mutex(answers)
        }

        func discover(_ plan: DiscoveryPlan) throws(DiscoveryError) -> DiscoveredFunctions {
            guard case .swagger(.url(let url)) = plan else { throw DiscoveryError(.invalidInput, "unexpected plan") }
            attempts.withLock { $0[url, default: []].append(.now) }
            let answer = answers.withLock { answers -> Result<DiscoveredFunctions, DiscoveryError> in
                let list = answers[url] ?? []
                guard let first = list.first else { return .failure(DiscoveryError(.unreachable, "no answer")) }
                // The last answer repeats.
                if list.count > 1 { answers[url] = Array(list.dropFirst()) }
                return first
            }
            return try answer.get()
        }

        func count(_ url: String) -> Int { attempts.withLock { $0[url]?.count ?? 0 } }

        func times(_ url: String) -> [ContinuousClock.Instant] { attempts.withLock { $0[url] ?? [] } }
    }

    static func functions(_ names: String...) -> DiscoveredFunctions {
        .rest(
            RestServiceSpec(
                transformations: Dictionary(uniqueKeysWithValues: names.map { ($0, TransformationTemplate()) })
            )
        )
    }

    static func resources(_ urls: [String: String]) -> ResourceSet {
        var resources = ResourceSet()
        var settings = SettingsSpec()
        settings.discovery = SettingsSpec.DiscoveryOptions()  // BLACKLIST: every Upstream
        resources.insert(Resource(name: "default", spec: settings))
        for (name, url) in urls {
            var rest = RestServiceSpec()
            rest.swaggerInfo = .init(url: url)
            var spec = UpstreamSpec()
            spec.static = StaticUpstream(hosts: [.init(addr: "127.0.0.1", port: 1)])
            spec.static?.serviceSpec = ServiceSpec(.rest(rest))
            resources.insert(Resource(name: name, spec: spec))
        }
        return resources
    }

    static var fast: FunctionDiscoveryLoop.Timing {
        var timing = FunctionDiscoveryLoop.Timing()
        timing.swaggerInterval = .milliseconds(20)
        timing.initialBackoff = .milliseconds(10)
        timing.maximumBackoff = .milliseconds(40)
        return timing
    }

    /// The next results that satisfy `condition`, within 5 seconds.
    static func next(
        _ iterator: inout AsyncStream<DiscoveryResults>.Iterator,
        _ condition: (DiscoveryResults) -> Bool
    ) async throws -> DiscoveryResults {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            guard let results = await iterator.next() else { break }
            if condition(results) { return results }
        }
        throw DiscoveryError(.timeout, "no matching results")
    }

    static let id = ResourceID(kind: "Upstream", namespace: "default", name: "shop")

    @Test("functions found are reported once; polls that find the same functions report nothing")
    func changeDetection() async throws {
        let script = Script(["http://a": [.success(Self.functions("one", "two"))]])
        let loop = FunctionDiscoveryLoop(timing: Self.fast) { plan throws(DiscoveryError) in try script.discover(plan) }
        defer { loop.stop() }
        var iterator = loop.results.makeAsyncIterator()
        loop.update(Self.resources(["shop": "http://a"]))
        let found = try await Self.next(&iterator) { $0.statuses[Self.id]?.state == .discovered }
        #expect(found.statuses[Self.id]?.functions == Self.functions("one", "two"))
        let deadline = ContinuousClock.now + .seconds(20)
        while script.count("http://a") < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(script.count("http://a") >= 3)
        // Nothing changed since: no results were published meanwhile (the stream keeps only the newest).
        loop.stop()
        #expect(await iterator.next() == nil)
    }

    @Test("failures keep the functions found before, back off, and recover")
    func failuresKeepFunctions() async throws {
        let failure = DiscoveryError(.httpStatus, "GET http://a answered 500")
        let script = Script([
            "http://a": [
                .success(Self.functions("one")), .failure(failure), .failure(failure), .failure(failure),
                .success(Self.functions("one", "two")),
            ]
        ])
        let loop = FunctionDiscoveryLoop(timing: Self.fast) { plan throws(DiscoveryError) in try script.discover(plan) }
        defer { loop.stop() }
        var iterator = loop.results.makeAsyncIterator()
        loop.update(Self.resources(["shop": "http://a"]))
        let failed = try await Self.next(&iterator) { $0.statuses[Self.id]?.state == .failed }
        let status = try #require(failed.statuses[Self.id])
        #expect(status.functions == Self.functions("one"))
        #expect(
            status.warning
                == "function discovery failed: GET http://a answered 500; serving the 1 function(s) discovered before"
        )
        var reports = ResourceReports()
        let resources = Self.resources(["shop": "http://a"])
        failed.addWarnings(to: &reports, for: resources)
        #expect(reports.warnings(for: Self.id) == [status.warning].compactMap { $0 })
        #expect(
            failed.applied(to: resources).upstreams.first?.spec.static?.serviceSpec?.rest?.transformations?.keys
                .sorted() == ["one"]
        )
        let recovered = try await Self.next(&iterator) { $0.statuses[Self.id]?.functions?.count == 2 }
        #expect(recovered.statuses[Self.id]?.state == .discovered && recovered.statuses[Self.id]?.error == nil)
    }

    @Test("an edited source restarts discovery, keeping the old functions until new ones are found; removal stops it")
    func edits() async throws {
        let script = Script([
            "http://a": [.success(Self.functions("a"))],
            "http://b": [.failure(DiscoveryError(.unreachable, "down")), .success(Self.functions("b"))],
        ])
        let loop = FunctionDiscoveryLoop(timing: Self.fast) { plan throws(DiscoveryError) in try script.discover(plan) }
        defer { loop.stop() }
        var iterator = loop.results.makeAsyncIterator()
        loop.update(Self.resources(["shop": "http://a"]))
        _ = try await Self.next(&iterator) { $0.statuses[Self.id]?.functions == Self.functions("a") }
        loop.update(Self.resources(["shop": "http://b"]))
        let failing = try await Self.next(&iterator) { $0.statuses[Self.id]?.state == .failed }
        #expect(failing.statuses[Self.id]?.functions == Self.functions("a"))
        _ = try await Self.next(&iterator) { $0.statuses[Self.id]?.functions == Self.functions("b") }
        let attemptsOnA = script.count("http://a")
        loop.update(Self.resources([:]))
        let removed = try await Self.next(&iterator) { $0.statuses.isEmpty }
        #expect(removed.statuses.isEmpty)
        try await Task.sleep(for: .milliseconds(100))
        #expect(script.count("http://a") == attemptsOnA)
    }

    @Test("the wait after failures doubles up to the maximum")
    func backoff() async throws {
        let script = Script(["http://a": [.failure(DiscoveryError(.unreachable, "down"))]])
        var timing = Self.fast
        timing.initialBackoff = .milliseconds(50)
        timing.maximumBackoff = .milliseconds(200)
        let loop = FunctionDiscoveryLoop(timing: timing) { plan throws(DiscoveryError) in try script.discover(plan) }
        defer { loop.stop() }
        loop.update(Self.resources(["shop": "http://a"]))
        let deadline = ContinuousClock.now + .seconds(20)
        while script.count("http://a") < 6, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let times = script.times("http://a")
        try #require(times.count >= 6)
        // Waits may only come out longer on a busy machine: each is at least the back-off, which doubles from
        // 50 ms and stays at 200 ms (where a success would poll every 20 ms).
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        for (gap, minimum) in zip(gaps, [50, 100, 200, 200, 200]) {
            #expect(gap >= .milliseconds(minimum - 5), "\(gaps)")
        }
    }
}
