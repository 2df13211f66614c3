// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every target: Swift 6 mode with strict concurrency and the upcoming features
/// that keep imports and existentials explicit.
let defaultSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    // SE-0335: spell out `any` for existential types.
    .enableUpcomingFeature("ExistentialAny"),
    // SE-0409: imports are internal unless they say otherwise.
    .enableUpcomingFeature("InternalImportsByDefault"),
    // SE-0444: members are visible only through modules imported in the same file.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let products: [Product] = [
    .library(name: "GatewayRegex", targets: ["GatewayRegex"]),
    .library(name: "GatewayModel", targets: ["GatewayModel"]),
    .library(name: "GatewayRouting", targets: ["GatewayRouting"]),
    .library(name: "GatewayTransform", targets: ["GatewayTransform"]),
    .library(name: "GatewayXDS", targets: ["GatewayXDS"]),
    .library(name: "GatewayStore", targets: ["GatewayStore"]),
    .library(name: "GatewayDiscovery", targets: ["GatewayDiscovery"]),
    .library(name: "GatewayProxy", targets: ["GatewayProxy"]),
    .executable(name: "gateway", targets: ["gateway"]),
    .executable(name: "gatewayctl", targets: ["gatewayctl"]),
]

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Protocol buffers without the optional traits: only binary and JSON coding of Envoy's messages are used.
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0", traits: []),
    .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
]

let targets: [Target] = [
    // MARK: - Libraries

    .target(
        name: "GatewayRegex",
        swiftSettings: defaultSwiftSettings
    ),
    .target(
        name: "GatewayModel",
        dependencies: [
            "GatewayRegex",
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayRouting",
        dependencies: ["GatewayModel", "GatewayRegex"],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayTransform",
        dependencies: ["GatewayModel", "GatewayRegex"],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayXDS",
        dependencies: [
            "GatewayModel",
            "GatewayRegex",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ],
        exclude: ["Generated/README.md"],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayStore",
        dependencies: ["GatewayModel"],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayDiscovery",
        dependencies: [
            "GatewayModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ],
        exclude: ["Generated/README.md"],
        swiftSettings: defaultSwiftSettings
    ),

    .target(
        name: "GatewayProxy",
        dependencies: [
            "GatewayModel",
            "GatewayRegex",
            "GatewayRouting",
            "GatewayTransform",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ],
        swiftSettings: defaultSwiftSettings
    ),

    // MARK: - Executables

    .executableTarget(
        name: "gatewayctl",
        dependencies: [
            "GatewayModel",
            "GatewayRouting",
            "GatewayTransform",
            "GatewayXDS",
            "GatewayStore",
            "GatewayDiscovery",
            "GatewayProxy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Examples/gatewayctl",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "gateway",
        dependencies: [
            "GatewayModel",
            "GatewayXDS",
            "GatewayStore",
            "GatewayDiscovery",
            "GatewayProxy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Examples/gateway",
        swiftSettings: defaultSwiftSettings
    ),

    // MARK: - Tests

    .target(
        name: "TestSupport",
        path: "Tests/TestSupport",
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayRegexTests",
        dependencies: ["GatewayRegex", "TestSupport"],
        resources: [.copy("Oracle")],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayCtlTests",
        dependencies: ["gatewayctl", "gateway", "GatewayModel"],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "IntegrationTests",
        dependencies: [
            "GatewayRouting", "GatewayModel", "GatewayXDS", "GatewayStore", "GatewayDiscovery", "GatewayProxy",
            "TestSupport",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        ],
        resources: [.copy("Goldens")],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayRoutingTests",
        dependencies: ["GatewayRouting", "GatewayModel", "TestSupport"],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayTransformTests",
        dependencies: ["GatewayTransform", "GatewayModel", "GatewayRegex", "TestSupport"],
        resources: [.copy("Peers"), .copy("Fixtures")],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayXDSTests",
        dependencies: [
            "GatewayXDS", "GatewayModel", "TestSupport",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        ],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayDiscoveryTests",
        dependencies: ["GatewayDiscovery", "GatewayModel", "GatewayTransform", "TestSupport"],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayProxyTests",
        dependencies: [
            "GatewayProxy", "GatewayModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayStoreTests",
        dependencies: ["GatewayStore", "GatewayModel", "TestSupport"],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayModelTests",
        dependencies: ["GatewayModel"],
        resources: [.copy("Fixtures")],
        swiftSettings: defaultSwiftSettings
    ),

    // MARK: - Fuzzing

    // libFuzzer entry points; built only with `Scripts/fuzz` (`--sanitize=fuzzer`).
    .executableTarget(
        name: "GatewayRegexFuzz",
        dependencies: ["GatewayRegex"],
        path: "Fuzz/GatewayRegexFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayRoutingFuzz",
        dependencies: ["GatewayModel", "GatewayRouting"],
        path: "Fuzz/GatewayRoutingFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayModelFuzz",
        dependencies: ["GatewayModel", "GatewayRouting"],
        path: "Fuzz/GatewayModelFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayJSONFuzz",
        dependencies: ["GatewayTransform"],
        path: "Fuzz/GatewayJSONFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayXDSFuzz",
        dependencies: ["GatewayXDS", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
        path: "Fuzz/GatewayXDSFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayDiscoveryFuzz",
        dependencies: ["GatewayDiscovery", "GatewayModel"],
        path: "Fuzz/GatewayDiscoveryFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayProxyFuzz",
        dependencies: [
            "GatewayProxy", "GatewayModel",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Fuzz/GatewayProxyFuzz",
        swiftSettings: defaultSwiftSettings
    ),
    .executableTarget(
        name: "GatewayTemplateFuzz",
        dependencies: ["GatewayTransform"],
        path: "Fuzz/GatewayTemplateFuzz",
        swiftSettings: defaultSwiftSettings
    ),
]

let package = Package(
    name: "swift-gateway",
    // The generated gRPC code is annotated for these Apple platforms; on Linux this has no effect.
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: dependencies,
    targets: targets
)
