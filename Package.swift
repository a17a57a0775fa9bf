// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "syncd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "syncd", targets: ["syncd"]),
        .executable(name: "syncctl", targets: ["syncctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in the graph through Hummingbird; named for TestSupport's direct imports.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // C libraries the system already ships, each behind a tiny module map.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Pipeline stages.
        .target(name: "SyncModel"),
        // The MinHash inner loop, compiled per instruction set and chosen at load time.
        .target(name: "CMinHash", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Fingerprint", dependencies: ["SyncModel", "COpenSSL", "CMinHash"]),
        .target(name: "Extract", dependencies: ["SyncModel", "CLibXML2"]),
        .target(name: "SyncConfig", dependencies: ["SyncModel"]),
        .target(name: "Fetch", dependencies: ["SyncModel", "CCurl"]),
        .target(name: "Store", dependencies: [
            "SyncModel", "Fingerprint", "CZlib",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Daemon", dependencies: [
            "SyncModel", "SyncConfig", "Fingerprint", "Extract", "Store", "Fetch",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // The HTTP change feed and API (Hummingbird), a service of the daemon's group.
        .target(name: "API", dependencies: [
            "SyncModel", "Store", "Daemon",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Executables stay thin.
        .executableTarget(name: "syncd", dependencies: [
            "Daemon", "API", "SyncConfig",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "syncctl", dependencies: [
            "Daemon", "SyncConfig", "Store", "Extract", "Fetch", "SyncModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A real HTTP/1.1 test server (Hummingbird) for the feed tests and the fetch benchmark.
        .target(name: "TestSupport", dependencies: [
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
        .executableTarget(name: "syncd-bench", dependencies: [
            "Daemon", "SyncConfig", "Store", "Fingerprint", "Extract", "SyncModel",
        ]),

        .executableTarget(name: "syncd-feed-bench", dependencies: [
            "Daemon", "Fetch", "Store", "SyncConfig", "SyncModel", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint", "SyncModel"]),
        .testTarget(name: "ExtractTests", dependencies: ["Extract"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SyncConfigTests", dependencies: ["SyncConfig", "SyncModel"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Fingerprint", "SyncModel", "Daemon", "SyncConfig"]),
        .testTarget(name: "FeedTests", dependencies: [
            "Daemon", "Fetch", "Store", "SyncConfig", "SyncModel", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SyncModel", "TestSupport"]),
    ]
)
