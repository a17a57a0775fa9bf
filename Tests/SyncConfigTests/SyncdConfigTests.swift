import Foundation
import SyncModel
import Testing
@testable import SyncConfig

let minimalSource = """
    [[source]]
    name = "seeds"
    type = "folder"
    path = "seeds"
    """

@Suite("SyncdConfig: valid configurations")
struct SyncdConfigTests {
    @Test func defaults() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let seeds = try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(minimalSource, path: dir.configPath)
        #expect(config.path == dir.configPath)
        #expect(config.store.path == "/var/lib/syncd/store.db")
        #expect(config.dedup == DedupParameters.default)
        #expect(config.ingest.maxFileSize == 10_485_760)
        #expect(config.sources == [.folder("seeds", path: seeds, maxFileSize: nil, line: 1)])
    }

    @Test func feedSourcesTakeTheirOwnKeysOverFeedsOverDefaults() throws {
        let text = """
            [[source]]
            name = "plain"
            type = "feed"
            url = "https://example.org/feed.xml"

            [[source]]
            name = "tuned"
            type = "feed"
            url = "http://example.net/rss"
            interval = "1h30m"
            user_agent = "archive-bot/2"
            headers = { "Accept-Language" = "ar", "X-Token" = "s3cret" }
            charset = "windows-1256"
            timeout = 20
            connect_timeout = "5s"
            max_size = "2MiB"
            full_text = "always"

            [feeds]
            full_text = "auto"
            interval = "10m"
            min_interval = "2m"
            max_interval = "12h"
            timeout = "45s"
            per_host = 4
            concurrency = 32
            """
        let config = try SyncdConfig.parse(text, path: "")
        #expect(config.feeds.perHost == 4 && config.feeds.concurrency == 32)
        let plain = try #require(config.sources.first?.feed)
        #expect(
            plain
                == FeedSettings(
                    url: "https://example.org/feed.xml", interval: 600, minInterval: 120, maxInterval: 43200, timeout: 45, fullText: .auto))
        #expect(config.sources.first?.kind == .feed && config.sources.first?.location == "https://example.org/feed.xml")
        let tuned = try #require(config.sources.last?.feed)
        #expect(tuned.interval == 5400 && tuned.userAgent == "archive-bot/2" && tuned.charset == "windows-1256")
        #expect(tuned.headers.map { "\($0.name): \($0.value)" } == ["Accept-Language: ar", "X-Token: s3cret"])
        #expect(tuned.timeout == 20 && tuned.connectTimeout == 5 && tuned.maxSize == 2 << 20)
        #expect(tuned.fullText == .always && config.feeds.fullText == .auto)
    }

    @Test func daemonSettings() throws {
        let config = try SyncdConfig.parse(
            "[daemon]\nsocket = \"run/s.sock\"\nlisten = \"[::1]:8089\"\ntoken_file = \"api.token\"\nrescan_interval = \"30m\"\n"
                + "max_connections = 64\nidle_timeout = \"15s\"\n" + minimalSource, path: "/etc/syncd/syncd.toml")
        #expect(config.daemon.socket == "/etc/syncd/run/s.sock")
        #expect(config.daemon.listen?.host == "::1" && config.daemon.listen?.port == 8089)
        #expect(config.daemon.rescanInterval == 1800)
        #expect(config.daemon.tokenFile == "/etc/syncd/api.token")
        #expect(config.daemon.maxConnections == 64 && config.daemon.idleTimeout == 15)
    }

    @Test func theDocumentedExampleIsValid() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(SyncdConfig.example, path: dir.configPath)
        #expect(config.feeds == FeedDefaults())
        #expect(config.sources.map(\.name) == ["seeds"])
        let withFeed = SyncdConfig.example.replacingOccurrences(of: "# [[source]]", with: "[[source]]")
            .replacingOccurrences(of: "# name = \"news\"", with: "name = \"news\"").replacingOccurrences(
                of: "# type = \"feed\"", with: "type = \"feed\""
            )
            .replacingOccurrences(of: "# url =", with: "url =").replacingOccurrences(of: "# interval = \"15m\"", with: "interval = \"15m\"")
        #expect(try SyncdConfig.parse(withFeed, path: dir.configPath).sources.last?.feed?.interval == 900)
    }

    @Test(arguments: [("90s", 90.0), ("15m", 900), ("1h30m", 5400), ("2d", 172_800), ("1.5h", 5400)] as [(String, Double)])
    func durations(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("etc/syncd")
        try dir.makeFolder("data/articles")
        let config = try SyncdConfig.parse(
            """
            [store]
            path = "../../var/./store.db"
            [[source]]
            name = "articles"
            type = "folder"
            path = "./../../data//articles/"
            [[source]]
            name = "absolute"
            type = "folder"
            path = "\(dir.path)/etc/../data/articles"
            """, path: dir.path + "/etc/syncd/../syncd/syncd.toml")
        #expect(config.path == dir.path + "/etc/syncd/syncd.toml")
        #expect(config.store.path == dir.path + "/var/store.db")
        #expect(config.sources.map(\.location) == [dir.path + "/data/articles", dir.path + "/data/articles"])
    }

    @Test func pathStandardization() {
        #expect(ConfigPath.standardized("/a/./b/../c//d/") == "/a/c/d")
        #expect(ConfigPath.standardized("/../x") == "/x")
        #expect(ConfigPath.absolute("b/../c", relativeTo: "/a") == "/a/c")
        #expect(ConfigPath.absolute("/abs", relativeTo: "/a") == "/abs")
        #expect(ConfigPath.folder(of: "/etc/syncd.toml") == "/etc")
        #expect(ConfigPath.folder(of: "/syncd.toml") == "/")
    }

    @Test func embeddedTextResolvesAgainstTheCurrentDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let seeds = try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(
            """
            [store]
            path = "store.db"
            [[source]]
            name = "seeds"
            type = "folder"
            path = "\(seeds)"
            """, path: "")
        #expect(config.path == "<embedded>")
        #expect(config.store.path == ConfigPath.standardized(FileManager.default.currentDirectoryPath + "/store.db"))
        #expect(config.sources.first?.location == seeds)
    }

    @Test(arguments: [
        ("\"10MiB\"", 10_485_760), ("\"10 mib\"", 10_485_760), ("\"1KB\"", 1_000), ("\"1kib\"", 1_024),
        ("\"2 GiB\"", 2_147_483_648), ("\"3gb\"", 3_000_000_000), ("\"512B\"", 512), ("\"5MB\"", 5_000_000),
        ("\" 7 KiB \"", 7_168), ("4096", 4_096), ("1_000_000", 1_000_000),
    ])
    func sizeUnits(literal: String, bytes: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(
            """
            [ingest]
            max_file_size = \(literal)
            \(minimalSource)
            max_file_size = \(literal)
            """, path: dir.configPath)
        #expect(config.ingest.maxFileSize == bytes)
        #expect(config.sources.first?.maxFileSize == bytes)
    }

    @Test func realisticConfig() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let news = try dir.makeFolder("corpora/news")
        let blogs = try dir.makeFolder("corpora/blogs")
        let config = try SyncdConfig.parse(
            """
            # Production configuration for syncd.

            [store]
            path = "state/store.db"   # next to this file

            [dedup]
            shingle_size = 4
            permutations = 256
            threshold = 0.45
            bands = 64
            seed = 0xC0FFEE

            [ingest]
            max_file_size = "2MiB"

            [[source]]
            name = "news.ar"
            type = "folder"
            path = "corpora/news"

            [[source]]
            name = "blogs_2024-q1"
            type = 'folder'
            path = "corpora/blogs"
            max_file_size = 65536
            enabled = true

            [[source]]   # kept for later; its folder is not mounted yet
            name = "archive"
            type = "folder"
            path = "/mnt/archive/does-not-exist"
            enabled = false
            """, path: dir.configPath)
        #expect(config.store.path == dir.path + "/state/store.db")
        #expect(config.dedup == DedupParameters(shingleSize: 4, permutations: 256, threshold: 0.45, bands: 64, seed: 0xC0FFEE))
        #expect(config.ingest == IngestSettings(maxFileSize: 2_097_152))
        #expect(
            config.sources == [
                .folder("news.ar", path: news, maxFileSize: nil, line: 16),
                .folder("blogs_2024-q1", path: blogs, maxFileSize: 65_536, line: 21),
            ])
    }

    @Test func exampleParses() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let seeds = try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(SyncdConfig.example, path: dir.configPath)
        #expect(config.store.path == "/var/lib/syncd/store.db")
        #expect(config.dedup == DedupParameters.default)
        #expect(config.ingest.maxFileSize == 10_485_760)
        #expect(config.sources.map(\.name) == ["seeds"])
        #expect(config.sources.first?.location == seeds)
    }

    @Test func loadReadsTheFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("seeds")
        let file = try dir.write(
            "conf/syncd.toml",
            """
            \u{FEFF}[store]
            path = "db/store.db"
            [[source]]
            name = "seeds"
            type = "folder"
            path = "../seeds"
            """)
        let config = try SyncdConfig.load(path: file)
        #expect(config.path == file)
        #expect(config.store.path == dir.path + "/conf/db/store.db")
        #expect(config.sources.first?.location == dir.path + "/seeds")
    }

    @Test func disabledSourcesAreDroppedButStillValidated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("seeds")
        let config = try SyncdConfig.parse(
            minimalSource + "\n[[source]]\nname = \"off\"\ntype = \"folder\"\npath = \"missing\"\nenabled = false", path: dir.configPath)
        #expect(config.sources.map(\.name) == ["seeds"])

        let duplicate = configError(minimalSource + "\nenabled = false\n[[source]]\nname = \"seeds\"\ntype = \"folder\"\npath = \"seeds\"", in: dir)
        #expect(duplicate == "\(dir.configPath):7: duplicate source name \"seeds\" (first defined at line 2)")
        let badType = configError(minimalSource + "\nenabled = false\nmax_file_size = true", in: dir)
        #expect(
            badType == "\(dir.configPath):6: source \"seeds\": max_file_size must be an integer (bytes) or a string like \"10MiB\", found boolean")
    }

    @Test func allSourcesDisabled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = try SyncdConfig.parse("[[source]]\nname = \"a\"\ntype = \"folder\"\npath = \"gone\"\nenabled = false", path: dir.configPath)
        #expect(config.sources.isEmpty)
    }

    @Test func inlineArrayOfSourceTables() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.makeFolder("a")
        try dir.makeFolder("b")
        let config = try SyncdConfig.parse(
            """
            source = [
              { name = "a", type = "folder", path = "a" },
              { name = "b", type = "folder", path = "b" },
            ]
            """, path: dir.configPath)
        #expect(config.sources.map(\.name) == ["a", "b"])
        #expect(config.sources.map(\.line) == [2, 3])
    }
}

/// `String(describing:)` of the error parsing `text` as `dir`'s config raises, or `nil`.
func configError(_ text: String, in dir: TemporaryDirectory) -> String? {
    do {
        _ = try SyncdConfig.parse(text, path: dir.configPath)
        return nil
    } catch {
        #expect(error.code == .invalidConfig)
        return String(describing: error)
    }
}
