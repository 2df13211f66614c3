import Benchmark

let benchmarks: @Sendable () -> Void = {
    jsonBenchmarks()
    templateBenchmarks()
    headerBenchmarks()
}
