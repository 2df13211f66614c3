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
]

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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

    // MARK: - Executables

    .executableTarget(
        name: "gatewayctl",
        dependencies: [
            "GatewayModel",
            "GatewayRouting",
            "GatewayTransform",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Examples/gatewayctl",
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
        dependencies: ["gatewayctl", "GatewayModel"],
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "IntegrationTests",
        dependencies: ["GatewayRouting", "GatewayModel", "TestSupport"],
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
        name: "GatewayTemplateFuzz",
        dependencies: ["GatewayTransform"],
        path: "Fuzz/GatewayTemplateFuzz",
        swiftSettings: defaultSwiftSettings
    ),
]

let package = Package(
    name: "swift-gateway",
    products: products,
    dependencies: dependencies,
    targets: targets
)
