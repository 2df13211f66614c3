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
    .library(name: "GatewayRegex", targets: ["GatewayRegex"])
]

let targets: [Target] = [
    // MARK: - Libraries

    .target(
        name: "GatewayRegex",
        swiftSettings: defaultSwiftSettings
    ),
    .testTarget(
        name: "GatewayRegexTests",
        dependencies: ["GatewayRegex"],
        resources: [.copy("Oracle")],
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
]

let package = Package(
    name: "swift-gateway",
    products: products,
    targets: targets
)
