// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that building or testing the main package never resolves
// or builds package-benchmark. Run them with `Scripts/bench` from the repository root.
let package = Package(
    name: "swift-gateway-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-gateway", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/routing-kit", from: "4.9.3"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The xDS benchmarks' simulated Envoys: the same versions and traits as the main package.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0", traits: []),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    ],
    targets: [
        .executableTarget(
            name: "RegexBenchmarks",
            dependencies: [
                .product(name: "GatewayRegex", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RegexBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: [
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ModelBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "RoutingBenchmarks",
            dependencies: [
                .product(name: "GatewayRouting", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "RoutingKit", package: "routing-kit"),
            ],
            path: "Benchmarks/RoutingBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "TransformBenchmarks",
            dependencies: [
                .product(name: "GatewayTransform", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Stencil", package: "Stencil"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Benchmarks/TransformBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "XDSBenchmarks",
            dependencies: [
                .product(name: "GatewayXDS", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
                "XDSConfig",
            ],
            path: "Benchmarks/XDSBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "DiscoveryBenchmarks",
            dependencies: [
                .product(name: "GatewayDiscovery", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DiscoveryBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // Not a package-benchmark target: one ADS server and 500 simulated Envoys, measured once per run and
        // printed as a table (`swift run -c release --package-path Benchmarks XDSFanout`). It lives one level
        // deeper because package-benchmark runs every executable in a directory named `Benchmarks`.
        .executableTarget(
            name: "XDSFanout",
            dependencies: [
                .product(name: "GatewayXDS", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                "XDSFanoutMalloc",
                "XDSConfig",
            ],
            path: "Benchmarks/Fanout/XDSFanout",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Each phase of a cold snapshot timed alone, for profiling (`swift run -c release XDSPhases`).
        .executableTarget(
            name: "XDSPhases",
            dependencies: [
                .product(name: "GatewayXDS", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
                "XDSConfig",
            ],
            path: "Benchmarks/Fanout/XDSPhases",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Lambda discovery against moto's server (10,000 functions), boto3 timed in the same run, printed as a table
        // (`swift run -c release --package-path Benchmarks LambdaListing`).
        .executableTarget(
            name: "LambdaListing",
            dependencies: [
                .product(name: "GatewayDiscovery", package: "swift-gateway"),
                .product(name: "GatewayModel", package: "swift-gateway"),
            ],
            path: "Benchmarks/Fanout/LambdaListing",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The synthetic configuration the xDS benchmarks translate (1,000 VirtualServices × 10 routes).
        .target(
            name: "XDSConfig",
            dependencies: [.product(name: "GatewayModel", package: "swift-gateway")],
            path: "Benchmarks/Fanout/XDSConfig",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // glibc's allocator statistics (`mallinfo2`, `malloc_trim`), which Swift's Glibc module does not export.
        .target(name: "XDSFanoutMalloc", path: "Benchmarks/Fanout/XDSFanoutMalloc"),
    ]
)
