// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Assay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assay", targets: ["assay"]),
        .library(name: "AssayEngine", targets: ["AssayEngine"]),
        .library(name: "AssayStore", targets: ["AssayStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "AssayCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
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
                "AssayCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AssayEngine",
            dependencies: [
                "AssayCore", "AssayProviders", "AssayStore", "AssaySandbox", "AssaySimulator",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "assay",
            dependencies: [
                "AssayEngine", "AssayCore", "AssayStore", "AssaySimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssayCoreTests", dependencies: ["AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayProvidersTests",
            dependencies: [
                "AssayProviders", "AssayCore", "AssaySimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AssayStoreTests", dependencies: ["AssayStore", "AssayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AssaySandboxTests", dependencies: ["AssaySandbox", "AssayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssayEngineTests",
            dependencies: ["AssayEngine", "AssayCore", "AssaySimulator", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
    ]
)
