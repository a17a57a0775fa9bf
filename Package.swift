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

        // Pipeline stages, in the order a document passes them.
        .target(name: "SyncModel"),
        // Bytes to text: BOM, UTF-8/16, charset labels, sniffing, guessing, iconv.
        .target(name: "TextEncoding", dependencies: ["SyncModel"]),
        // Text or HTML to an article; no I/O.
        .target(name: "Extract", dependencies: ["SyncModel", "TextEncoding", "CLibXML2"]),
        .target(name: "Fetch", dependencies: ["SyncModel", "CCurl"]),
        // The MinHash inner loop, compiled per instruction set and chosen at load time.
        .target(name: "CMinHash", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Fingerprint", dependencies: ["SyncModel", "COpenSSL", "CMinHash"]),
        // The near-duplicate index behind a protocol.
        .target(name: "Dedup", dependencies: ["SyncModel", "Fingerprint"]),
        // The storage seam: what the daemon, the API and syncctl need of a store, and its records.
        .target(name: "Storage", dependencies: ["SyncModel", "Fingerprint", "CZlib"]),
        .target(name: "SyncConfig", dependencies: ["SyncModel"]),
        // Feed parsing, entry identity, scheduling, and polling a feed into a store.
        .target(name: "Feeds", dependencies: [
            "SyncModel", "TextEncoding", "Extract", "Fingerprint", "Fetch", "Storage", "SyncConfig", "CLibXML2",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Folder sources: reading files, walking, inotify, read-ahead, ingesting into a store.
        .target(name: "Folders", dependencies: [
            "SyncModel", "TextEncoding", "Extract", "Fingerprint", "Storage",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The SQLite backend (GRDB).
        .target(name: "SQLiteStore", dependencies: [
            "SyncModel", "Fingerprint", "Dedup", "Storage",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Opens the configured backend; the only module that names them.
        .target(name: "StoreBackends", dependencies: ["SyncModel", "SyncConfig", "Storage", "SQLiteStore"]),
        // The HTTP change feed and API (Hummingbird) over the store and a small control protocol.
        .target(name: "API", dependencies: [
            "SyncModel", "Storage",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Wiring: builds the services of one ServiceGroup from a configuration, a clock and a store.
        .target(name: "Daemon", dependencies: [
            "SyncModel", "SyncConfig", "Storage", "Fetch", "Feeds", "Folders", "API",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),

        // Executables stay thin.
        .executableTarget(name: "syncd", dependencies: [
            "Daemon", "SyncConfig", "StoreBackends", "SyncModel",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "syncctl", dependencies: [
            "SyncConfig", "Storage", "StoreBackends", "Extract", "Feeds", "Folders", "Fetch", "SyncModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the test targets: a real HTTP/1.1 test server (Hummingbird) for the feed tests
        // and the fetch benchmark, and a clock tests move by hand.
        .target(name: "TestSupport", dependencies: [
            "SyncModel",
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
        .executableTarget(name: "syncd-bench", dependencies: [
            "Fingerprint", "Dedup", "Extract", "Folders", "SyncModel",
        ]),

        .executableTarget(name: "syncd-feed-bench", dependencies: [
            "Feeds", "Fetch", "Storage", "StoreBackends", "SyncConfig", "SyncModel", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "FingerprintTests", dependencies: ["Fingerprint", "Dedup", "SyncModel"]),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "TextEncoding", "Feeds", "Folders", "SyncModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SyncConfigTests", dependencies: ["SyncConfig", "SyncModel"]),
        .testTarget(name: "StoreTests", dependencies: [
            "SQLiteStore", "Storage", "Dedup", "Fingerprint", "SyncModel", "Folders", "SyncConfig",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "FeedTests", dependencies: [
            "Daemon", "Feeds", "Folders", "Fetch", "Storage", "SQLiteStore", "SyncConfig", "SyncModel", "TestSupport", "API",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SyncModel", "TestSupport"]),
    ]
)
