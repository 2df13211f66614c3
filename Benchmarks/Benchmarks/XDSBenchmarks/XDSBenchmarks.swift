import Benchmark
import GatewayModel
import GatewayXDS
import XDSConfig

// What a configuration change costs GatewayXDS once the Proxy exists, on 1,000 VirtualServices × 10 routes and
// 1,000 static Upstreams (see XDSConfig). Names are `<scenario>/GatewayXDS`.
//
// - TranslateSnapshot1000: translate and encode a snapshot (no previous one): a cold configuration.
// - TranslateValidateSnapshot1000: the same with XDSValidator's check in between, as XDSPublisher publishes.
// - OneRouteChange: one route's prefix changed; translate + validate + a snapshot reusing the previous one's
//   encodings. Setup checks that exactly the resources that changed are encoded again.
// - Translate1000, Validate1000, SnapshotEncode1000: the three parts alone.
// - ProxyBuild1000: ProxyBuilder on the same, already decoded, resources (for context; it runs before the rest).
// - TranslateValidateSnapshot1000Allocations: mallocs and peak memory of TranslateValidateSnapshot1000, in a run of
//   their own (the malloc counter and the memory sampler slow the timed runs).
//
// Each iteration also frees what the previous one built (about 4 ms of the totals here). The harness's malloc
// interposer adds bookkeeping to each of the roughly 220,000 allocations and frees of an iteration;
// `XDSPhases` (Benchmarks/Fanout) times the phases in a plain release build.

let benchmarks: @Sendable () -> Void = {
    let count = 1_000
    let base = XDSConfig.build(XDSConfig.yaml(virtualServices: count))
    let changed = XDSConfig.build(XDSConfig.yaml(virtualServices: count, changedRoute: count / 2))
    let translator = XDSTranslator()
    let validator = XDSValidator()

    let translation = translator.translate(base.proxy, in: base.resources)
    let issues = validator.validate(translation.resources)
    precondition(issues.isEmpty, "Envoy would reject the synthetic configuration: \(issues.prefix(3))")
    let snapshot = XDSSnapshot(translation.resources)
    let changedTranslation = translator.translate(changed.proxy, in: changed.resources)
    let changedResources = XDSChangeCount.changed(from: translation.resources, to: changedTranslation.resources)
    let reencoded = XDSSnapshot(changedTranslation.resources, reusing: snapshot).encodedCount
    precondition(
        reencoded == changedResources,
        "OneRouteChange: \(reencoded) resources encoded again, \(changedResources) changed"
    )
    print(
        "XDS1000: \(translation.resources.listeners.count) listener(s), "
            + "\(translation.resources.routeConfigurations.count) route configuration(s), "
            + "\(translation.resources.clusters.count) clusters, "
            + "\(translation.resources.clusterLoadAssignments.count) load assignments, "
            + "\(snapshot.encodedCount) resources encoded; one route changed: \(changedResources) resource(s) "
            + "changed, \(reencoded) encoded again"
    )

    let timing = Benchmark.Configuration(
        metrics: [.wallClock],
        timeUnits: .microseconds,
        maxDuration: .seconds(10),
        maxIterations: 100
    )

    Benchmark("TranslateSnapshot1000/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(XDSSnapshot(translator.translate(base.proxy, in: base.resources).resources))
        }
    }
    let translateValidateSnapshot: @Sendable (Benchmark) -> Void = { benchmark in
        for _ in benchmark.scaledIterations {
            let translation = translator.translate(base.proxy, in: base.resources)
            let issues = validator.validate(translation.resources)
            precondition(issues.isEmpty)
            blackHole(XDSSnapshot(translation.resources))
        }
    }
    Benchmark("TranslateValidateSnapshot1000/GatewayXDS", configuration: timing, closure: translateValidateSnapshot)
    Benchmark(
        "TranslateValidateSnapshot1000Allocations/GatewayXDS",
        configuration: .init(metrics: [.mallocCountTotal, .peakMemoryResident], maxIterations: 5),
        closure: translateValidateSnapshot
    )

    Benchmark("OneRouteChange/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            let translation = translator.translate(changed.proxy, in: changed.resources)
            let issues = validator.validate(translation.resources)
            precondition(issues.isEmpty)
            blackHole(XDSSnapshot(translation.resources, reusing: snapshot))
        }
    }

    Benchmark("Translate1000/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(translator.translate(base.proxy, in: base.resources))
        }
    }
    Benchmark("Validate1000/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(validator.validate(translation.resources))
        }
    }
    Benchmark("SnapshotEncode1000/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(XDSSnapshot(translation.resources))
        }
    }
    Benchmark("ProxyBuild1000/GatewayXDS", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ProxyBuilder().build(base.resources))
        }
    }
}

/// Counting the resources that differ between two translations, to check what a snapshot encodes again.
enum XDSChangeCount {
    /// The resources of `new` that are not in `old` with the same name and content.
    static func changed(from old: XDSResources, to new: XDSResources) -> Int {
        func count<M: Equatable>(_ old: [M], _ new: [M], name: (M) -> String) -> Int {
            var previous: [String: M] = [:]
            for message in old { previous[name(message)] = message }
            return new.filter { previous[name($0)] != $0 }.count
        }
        return count(old.listeners, new.listeners) { $0.name }
            + count(old.routeConfigurations, new.routeConfigurations) { $0.name }
            + count(old.clusters, new.clusters) { $0.name }
            + count(old.clusterLoadAssignments, new.clusterLoadAssignments) { $0.clusterName }
            + count(old.secrets, new.secrets) { $0.name }
    }
}
