// swift-tools-version:6.0
import PackageDescription

// Every target: imports are internal unless marked `public import`, and a member is visible only where
// its module is imported, so the compiler checks which room may use which (README, "Layout").
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Assay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayEngine", targets: ["AssayEngine"]),
        .library(name: "AssayStore", targets: ["AssayStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // A leaf: intervals, tests, bounds, confidence sequences, seeded random numbers.
        .target(name: "AssayStatistics", swiftSettings: swiftSettings),
        // The domain: suites, models, samples, loading, templating, prices, the store protocol.
        .target(
            name: "AssayCore",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Graders: rules, JSON Schema, ROUGE/BLEU, code extraction, judges and their calibration.
        .target(name: "AssayGrading", dependencies: ["AssayCore", "AssayStatistics"], swiftSettings: swiftSettings),
        // The outcome table, aggregation, comparison, routing and the report writers.
        .target(
            name: "AssayReporting",
            dependencies: ["AssayCore", "AssayStatistics", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayProviders",
            dependencies: [
                "AssayCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayStore",
            dependencies: [
                "AssayCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "AssaySandbox", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .target(
            name: "AssaySimulator",
            dependencies: [
                "AssayCore", "AssayStatistics", "AssayGrading",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayEngine",
            dependencies: [
                "AssayCore", "AssayStatistics", "AssayGrading", "AssayReporting", "AssayProviders", "AssayStore", "AssaySandbox",
                "AssaySimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayEngine", "AssayCore", "AssayReporting", "AssayStore", "AssaySimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fakes and fixtures shared by the test targets.
        .target(name: "AssayTesting", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AssayStatisticsTests", dependencies: ["AssayStatistics"], swiftSettings: swiftSettings),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore", "AssayTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayGradingTests", dependencies: ["AssayGrading", "AssayCore", "AssayStatistics", "AssayTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayReportingTests", dependencies: ["AssayReporting", "AssayCore", "AssayStatistics"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayProvidersTests",
            dependencies: [
                "AssayProviders", "AssayCore", "AssaySimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Recordings"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssayStoreTests", dependencies: ["AssayStore", "AssayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AssaySandboxTests", dependencies: ["AssaySandbox", "AssayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AssaySimulatorTests", dependencies: ["AssaySimulator", "AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayEngineTests",
            dependencies: [
                "AssayEngine", "AssayCore", "AssayStatistics", "AssayGrading", "AssayReporting", "AssaySimulator", "AssayStore",
                "AssayProviders", "AssayTesting",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
