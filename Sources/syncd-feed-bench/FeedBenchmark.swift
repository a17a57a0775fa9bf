import Feeds
import Fetch
import Fingerprint
import Foundation
import TestSupport
import Logging
import Storage
import StoreBackends
import SyncConfig
import SyncModel
import Synchronization

/// One poll cycle over N feeds served by a local HTTP server, timed, in four situations:
/// every feed new (fetch, parse, ingest), every feed 200 with the body parsed last time (fetch,
/// digest, state update), every feed 200 with a body one byte longer but the same entries
/// (fetch and parse, nothing stored), every feed 304 (a conditional GET and a state update).
/// Then `wrk` against the same server and paths, for the ceiling of the server and loopback.
struct FeedBenchmark {
    var feeds = 200
    var entries = 20
    var corpus: String?
    var perHost = 16
    var concurrency = 16
    var wrkSeconds = 5
    var wrkConnections = 16
    /// Also run `newsboat -x reload` on the same feeds (`FeedBenchmark+Newsboat`).
    var newsboat = false
    /// newsboat's `reload-threads`; syncd's concurrency when `nil`.
    var newsboatThreads: Int?
    /// Print each cycle's start and end on stderr, as CLOCK_MONOTONIC seconds (`--marks`).
    var marks = false

    struct Cycle: Encodable {
        var name: String
        var seconds: Double
        var feedsPerSecond: Double
        /// Entries stored (created or updated) per second.
        var entriesPerSecond: Double
        /// CPU time of the whole process (user + system, server included) per feed.
        var cpuMicrosecondsPerFeed: Double
        var statuses: [String: Int]
        /// Transactions the polls' merges were committed in (`StoreWriter.merge` groups the
        /// merges of polls that wait for the writer together).
        var mergeTransactions: Int
    }

    struct WrkRun: Encodable {
        var name: String
        var requestsPerSecond: Double?
        var error: String?
    }

    struct Result: Encodable {
        var feeds: Int
        var entriesPerFeed: Int
        var feedBytes: Int
        var cycles: [Cycle]
        var wrk: [WrkRun]
        var newsboat: NewsboatRun?
    }

    func run() async throws -> Result {
        let documents = try rssDocuments()
        // 0: 200 without validators; 1: 200 with an ETag, 304 when it comes back; 2: 200 without
        // validators, the body with a line feed after it (another body, the same entries).
        let mode = Atomic<Int>(0)
        let server = try await TestHTTPServer.start(maxRecordedRequests: 0) { request in
            guard let index = Self.feedIndex(request.path), index < documents.count else { return HTTPResponse(status: 404) }
            let etag = "\"f\(index)\""
            switch mode.load(ordering: .relaxed) {
            case 0:
                return HTTPResponse(status: 200, headers: [("Content-Type", "application/rss+xml; charset=utf-8")], body: documents[index])
            case 2:
                return HTTPResponse(
                    status: 200, headers: [("Content-Type", "application/rss+xml; charset=utf-8")], body: documents[index] + [0x0A])
            default:
                break
            }
            if request.header("If-None-Match") == etag { return HTTPResponse(status: 304, headers: [("ETag", etag)]) }
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "application/rss+xml; charset=utf-8"), ("ETag", etag)], body: documents[index])
        }
        do {
            let result = try await run(on: server, documents: documents, mode: mode)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private func run(on server: TestHTTPServer, documents: [[UInt8]], mode: borrowing Atomic<Int>) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-feed-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = SyncdConfig(path: "<bench>", store: StoreSettings(path: folder + "/store.db"), sources: [])
        for index in 0..<feeds {
            config.sources.append(.feed("feed\(index)", FeedSettings(url: "\(server.baseURL)/feed/\(index).xml")))
        }
        let store = try StoreBackends.open(config)
        try store.registerSources(config.sources.map { StoreSource(name: $0.name, kind: $0.kind, location: $0.location) })
        let writer = StoreWriter(store: store)
        let poller = FeedIngestor(
            writer: writer, fetcher: CurlFetcher(perHost: perHost, total: concurrency),
            logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        func cycle(_ name: String) async throws -> Cycle {
            let start = ContinuousClock.now
            let cpuStart = Self.cpuSeconds()
            let monotonicStart = Self.monotonicSeconds()
            let transactionsBefore = writer.mergeTransactions
            let summaries = try await poller.poll(config.sources)
            let cpu = Self.cpuSeconds() - cpuStart
            if marks {
                FileHandle.standardError.write(
                    Data(String(format: "%.6f,%.6f %@\n", monotonicStart, Self.monotonicSeconds(), name).utf8))
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var statuses: [String: Int] = [:]
            for summary in summaries { statuses[summary.httpStatus.map(String.init) ?? (summary.error ?? "?"), default: 0] += 1 }
            let stored = summaries.reduce(0) { $0 + $1.created + $1.updated }
            return Cycle(
                name: name, seconds: seconds, feedsPerSecond: Double(feeds) / seconds, entriesPerSecond: Double(stored) / seconds,
                cpuMicrosecondsPerFeed: cpu * 1e6 / Double(feeds), statuses: statuses,
                mergeTransactions: writer.mergeTransactions - transactionsBefore)
        }
        var cycles: [Cycle] = []
        cycles.append(try await cycle("first poll: all 200, every entry new (fetch + parse + ingest)"))
        cycles.append(try await cycle("all 200, the body parsed last time (fetch + digest, no parse)"))
        mode.store(2, ordering: .relaxed)
        cycles.append(try await cycle("all 200, another body, entries unchanged (fetch + parse)"))
        mode.store(1, ordering: .relaxed)
        _ = try await cycle("warm-up: 200 with ETag")
        cycles.append(try await cycle("all 304 (conditional GET, state update)"))
        let wrk = [
            runWrk(server: server, conditional: false, name: "wrk GET, all 200 (same server, same paths)"),
            runWrk(server: server, conditional: true, name: "wrk GET with If-None-Match, all 304"),
        ]
        var newsboatRun: NewsboatRun?
        if newsboat {
            // Every feed 200 without validators again, as syncd's first poll had them.
            mode.store(0, ordering: .relaxed)
            newsboatRun = runNewsboat(baseURL: server.baseURL)
        }
        return Result(
            feeds: feeds, entriesPerFeed: entries, feedBytes: documents.map(\.count).reduce(0, +) / max(documents.count, 1),
            cycles: cycles, wrk: wrk, newsboat: newsboatRun)
    }

    /// User and system CPU time of the process so far (getrusage), server threads included.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CLOCK_MONOTONIC, the clock `perf record -k CLOCK_MONOTONIC` stamps samples with.
    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func feedIndex(_ path: String) -> Int? {
        guard path.hasPrefix("/feed/"), path.hasSuffix(".xml") else { return nil }
        return Int(path.dropFirst(6).dropLast(4))
    }

    /// N RSS documents of `entries` articles each, from the corpus (JSON Lines with title, text,
    /// id, url, time) or generated text when there is none.
    func rssDocuments() throws -> [[UInt8]] {
        var articles: [(id: String, title: String, text: String, url: String, time: String)] = []
        if let corpus, let data = FileManager.default.contents(atPath: corpus) {
            for line in data.split(separator: UInt8(ascii: "\n")) where articles.count < feeds * entries {
                guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let title = object["title"] as? String, let text = object["text"] as? String
                else { continue }
                articles.append(
                    (
                        object["id"] as? String ?? "a\(articles.count)", title, text,
                        object["url"] as? String ?? "http://example.org/\(articles.count)", object["time"] as? String ?? ""
                    ))
            }
        }
        // More entries than the corpus holds: distinct stories of words drawn at random (seeded by
        // the entry's number) from the corpus's vocabulary. (A shifted copy of one word sequence
        // per story, as before, made every generated story a near-duplicate of hundreds of others:
        // a benchmark of ever-growing clusters, not of feeds.)
        var vocabulary = Set<Substring>()
        for article in articles { for word in article.text.split(separator: " ") where word.count >= 2 { vocabulary.insert(word) } }
        let words = vocabulary.isEmpty ? (0..<50_000).map { Substring("word\($0)") } : vocabulary.sorted()
        while articles.count < feeds * entries {
            let n = articles.count
            var state = UInt64(n)
            func draw(_ count: Int) -> String {
                (0..<count).map { _ in String(words[Int(StableHash.splitMix(&state) % UInt64(words.count))]) }.joined(separator: " ")
            }
            let title = draw(8)
            articles.append(("gen\(n)", title, draw(300), "http://example.org/\(n)", ""))
        }
        func escape(_ text: String) -> String {
            // On the UTF-8 bytes: Foundation's replacingOccurrences took minutes for 10,000 feeds.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count + 64)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
                case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
                case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
                default: bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return (0..<feeds).map { feed in
            var xml =
                #"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed \#(feed)</title><link>http://example.org/</link>"#
            for article in articles[(feed * entries)..<((feed + 1) * entries)] {
                xml += "<item><guid>\(escape(article.id))</guid><link>\(escape(article.url))</link><title>\(escape(article.title))</title>"
                if !article.time.isEmpty { xml += "<pubDate>\(escape(article.time))</pubDate>" }
                xml += "<description>\(escape("<p>" + escape(article.text) + "</p>"))</description></item>"
            }
            return Array((xml + "</channel></rss>").utf8)
        }
    }

    /// `wrk` over the same paths, round-robin, optionally with each feed's ETag.
    func runWrk(server: TestHTTPServer, conditional: Bool, name: String) -> WrkRun {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-wrk-\(UUID().uuidString).lua").path
        defer { try? FileManager.default.removeItem(atPath: script) }
        let lua = """
            local n = \(feeds)
            local i = 0
            request = function()
              i = i % n
              local headers = {}
              \(conditional ? "headers[\"If-None-Match\"] = '\"f' .. i .. '\"'" : "")
              local path = "/feed/" .. i .. ".xml"
              i = i + 1
              return wrk.format("GET", path, headers)
            end
            """
        do {
            try lua.write(toFile: script, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["wrk", "-t2", "-c\(wrkConnections)", "-d\(wrkSeconds)s", "-s", script, server.baseURL + "/"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
                let value = Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces))
            else {
                return WrkRun(name: name, error: "wrk failed (install it: apt-get install -y wrk): \(text.suffix(300))")
            }
            return WrkRun(name: name, requestsPerSecond: value)
        } catch {
            return WrkRun(name: name, error: "wrk could not run: \(error)")
        }
    }
}
