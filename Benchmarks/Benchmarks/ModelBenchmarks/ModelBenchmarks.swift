import Benchmark
import GatewayModel

// Decode + validate + build Proxy for configurations of 100, 1,000 and 10,000 VirtualServices (each with 10
// routes, one Upstream, and a RouteTable per five). The cost per VirtualService should stay flat.

let benchmarks: @Sendable () -> Void = {
    for count in [100, 1_000, 10_000] {
        let yaml = Array(SyntheticConfig.yaml(virtualServices: count).utf8)
        let run: @Sendable (Benchmark) throws -> Void = { benchmark in
            for _ in benchmark.scaledIterations {
                var loader = ResourceLoader()
                try loader.load(yaml, file: "synthetic.yaml")
                let result = ProxyBuilder().build(loader.resources, reports: loader.reports)
                blackHole(result)
            }
        }
        // Time is measured alone. Counting every allocation in one shared counter slows the parallel phases (both
        // cores contend for it) by about 15%, and sampling the resident memory takes a share of the two cores
        // (about 7%), so allocations and peak memory are measured in a run of their own.
        Benchmark(
            "ConfigBuild/\(count)",
            configuration: .init(
                metrics: [.wallClock],
                maxDuration: .seconds(10),
                maxIterations: count >= 10_000 ? 5 : 50
            ),
            closure: run
        )
        Benchmark(
            "ConfigBuildAllocations/\(count)",
            configuration: .init(
                metrics: [.mallocCountTotal, .peakMemoryResident],
                maxDuration: .seconds(10),
                maxIterations: 3
            ),
            closure: run
        )
    }
}
