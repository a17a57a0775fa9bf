// swift-tools-version:6.1
import PackageDescription

// Every Swift target: imports are internal unless marked public, a member is visible only where its
// module is imported, and existential types are spelled `any`.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "syncd",
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
        // Already in the graph through Hummingbird; named for TestSupport's (and API's ByteBuffer-to-Data) direct imports.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // C libraries the system already ships, each behind a tiny module map.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CPSL", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Pipeline stages, in the order a document passes them.
        .target(name: "SyncModel", swiftSettings: swiftSettings),
        // Bytes to text: BOM, UTF-8/16, charset labels, sniffing, guessing, iconv.
        .target(name: "TextEncoding", dependencies: ["SyncModel"], swiftSettings: swiftSettings),
        // Text or HTML to an article; no I/O.
        .target(name: "Extract", dependencies: ["SyncModel", "TextEncoding", "CLibXML2"], swiftSettings: swiftSettings),
        .target(name: "Fetch", dependencies: ["SyncModel", "CCurl", "CPSL"], swiftSettings: swiftSettings),
        // The MinHash inner loop, compiled per instruction set and chosen at load time.
        .target(name: "CMinHash", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Fingerprint", dependencies: ["SyncModel", "COpenSSL", "CMinHash"], swiftSettings: swiftSettings),
        // The near-duplicate index behind a protocol.
        .target(name: "Dedup", dependencies: ["Fingerprint"], swiftSettings: swiftSettings),
        // The storage seam: what the daemon, the API and syncctl need of a store, and its records.
        .target(name: "Storage", dependencies: ["SyncModel", "Fingerprint", "CZlib", "CZstd"], swiftSettings: swiftSettings),
        .target(name: "SyncConfig", dependencies: ["SyncModel"], swiftSettings: swiftSettings),
        // Feed parsing, entry identity, scheduling, and polling a feed into a store.
        .target(
            name: "Feeds",
            dependencies: [
                "SyncModel", "TextEncoding", "Extract", "Fingerprint", "Fetch", "Storage", "SyncConfig", "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),
        // Folder sources: reading files, walking, inotify, read-ahead, ingesting into a store.
        .target(
            name: "Folders",
            dependencies: [
                "SyncModel", "Extract", "Fingerprint", "Storage",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),
        // The SQLite backend (GRDB).
        .target(
            name: "SQLiteStore",
            dependencies: [
                "SyncModel", "Fingerprint", "Dedup", "Storage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),
        // The PostgreSQL backend (PostgresNIO): several syncd nodes on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "SyncModel", "Fingerprint", "Dedup", "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ], swiftSettings: swiftSettings),
        // Opens the configured backend; the only module that names them.
        .target(
            name: "StoreBackends", dependencies: ["SyncModel", "SyncConfig", "Storage", "SQLiteStore", "PostgresStore"],
            swiftSettings: swiftSettings),
        // The HTTP change feed and API (Hummingbird) over the store and a small control protocol.
        .target(
            name: "API",
            dependencies: [
                "SyncModel", "Storage", "Fingerprint",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ], swiftSettings: swiftSettings),
        // Wiring: builds the services of one ServiceGroup from a configuration, a clock and a store.
        .target(
            name: "Daemon",
            dependencies: [
                "SyncModel", "SyncConfig", "Storage", "Fetch", "Feeds", "Folders", "API", "Fingerprint",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings),

        // Executables stay thin.
        .executableTarget(
            name: "syncd",
            dependencies: [
                "Daemon", "SyncConfig", "StoreBackends", "SyncModel",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings),
        .executableTarget(
            name: "syncctl",
            dependencies: [
                "SyncConfig", "Storage", "StoreBackends", "Extract", "Feeds", "Folders", "Fetch", "Fingerprint", "SyncModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: swiftSettings),
        // The parsers that read untrusted bytes, as functions for libFuzzer and for replaying
        // inputs that once crashed (`make fuzz`; FuzzRegressionTests).
        .target(name: "FuzzTargets", dependencies: ["SyncModel", "Extract", "Feeds", "Fingerprint", "SyncConfig"], swiftSettings: swiftSettings),
        .executableTarget(name: "syncd-fuzz", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),
        // Shared by the test targets: a real HTTP/1.1 test server (Hummingbird) for the feed tests
        // and the fetch benchmark, and a clock tests move by hand.
        .target(
            name: "TestSupport",
            dependencies: [
                "SyncModel",
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings),
        .executableTarget(
            name: "syncd-bench",
            dependencies: [
                "Fingerprint", "Dedup", "Extract", "Folders", "SyncModel",
            ], swiftSettings: swiftSettings),

        .executableTarget(
            name: "syncd-feed-bench",
            dependencies: [
                "Feeds", "Fetch", "Fingerprint", "Storage", "StoreBackends", "SyncConfig", "SyncModel", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings),

        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint", "Dedup", "SyncModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ExtractTests", dependencies: ["Extract", "TextEncoding", "Feeds", "Folders", "SyncModel", "FuzzTargets", "TestSupport"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "SyncConfigTests", dependencies: ["SyncConfig", "SyncModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "SQLiteStore", "PostgresStore", "StoreBackends", "Storage", "Fingerprint", "SyncModel", "Folders", "Extract", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ], swiftSettings: swiftSettings),
        .testTarget(
            name: "FeedTests",
            dependencies: [
                "Daemon", "Feeds", "Folders", "Fetch", "Storage", "SQLiteStore", "SyncConfig", "SyncModel", "TestSupport", "API", "Extract", "Fingerprint",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
        // SyncConfig: what the binaries wrote to a config file is read back by the same reader.
        .testTarget(name: "EndToEndTests", dependencies: ["SyncModel", "SyncConfig", "TestSupport"], swiftSettings: swiftSettings),
    ]
)
