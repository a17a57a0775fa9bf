import Foundation
import TestSupport
import Logging
import Testing
import Fetch
import SQLiteStore
import Storage
import SyncConfig
import SyncModel
@testable import Daemon
@testable import Feeds
import Folders
import TestSupport

/// A store with feed sources served by a real local HTTP server, polled by `FeedIngestor`
/// through the real libcurl fetcher.
struct FeedHarness {
    let folder: String
    let store: SQLiteStore
    let server: TestHTTPServer
    let routes: Routes
    let fetcher: CurlFetcher
    var sources: [String: SourceSettings] = [:]

    init(feeds: [String] = ["a"], folders: [String] = [], perHost: Int = 2) async throws {
        fetcher = CurlFetcher(perHost: perHost, total: 16)
        folder = try makeTemporaryDirectory()
        (server, routes) = try await startServer()
        store = try SQLiteStore(path: folder + "/store.db", parameters: .default)
        for name in feeds {
            sources[name] = .feed(name, FeedSettings(url: server.baseURL + "/\(name).xml"))
        }
        for name in folders {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            sources[name] = .folder(name, path: folder + "/" + name)
        }
        try store.registerSources(sources.values.map { StoreSource(name: $0.name, kind: $0.kind, location: $0.location) })
    }

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func poller(now: Double? = nil) -> FeedIngestor {
        var poller = FeedIngestor(
            writer: StoreWriter(store: store), fetcher: fetcher, logger: Self.quiet,
            clock: now.map { ManualClock(now: $0) } ?? SystemClock())
        poller.jitter = { 0.5 }
        return poller
    }

    func poll(_ name: String, now: Double? = nil) async throws -> SourceSummary {
        try await poller(now: now).poll(sources[name]!)
    }

    func state(_ name: String) throws -> FeedRecord {
        try #require(try store.feedState(source: name, url: sources[name]!.feed!.url))
    }

    /// The stored form: title, blank line, text.
    func text(_ reference: String) throws -> String {
        let view = try store.document(try store.resolve(reference))
        return view.title + "\n\n" + view.text
    }

    func head() throws -> Int64 { try store.status().changeHead }
}

@Suite("Feed polling")
struct FeedPollTests {
    let arabic: [(title: String, text: String)] = (0..<5).map { try! seed($0) }

    func items(_ count: Int) -> [Item] {
        (0..<count).map { Item(guid: "g\($0)", link: "http://example.org/\($0)", title: arabic[$0].title, body: arabic[$0].text) }
    }

    @Test("entries become documents; a 304 costs no parsing and makes no change")
    func conditionalGet() async throws {
        let harness = try await FeedHarness()
        let feed = rss(items(3))
        harness.routes["/a.xml"] = { request in
            if request.header("If-None-Match") == "\"v1\"" { return HTTPResponse(status: 304) }
            return HTTPResponse(status: 200, headers: [("ETag", "\"v1\""), ("Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT")], text: feed)
        }
        let first = try await harness.poll("a")
        #expect(first.created == 3 && first.result == .new && first.httpStatus == 200)
        #expect(try harness.text("a:g0") == arabic[0].title + "\n\n" + arabic[0].text)
        let head = try harness.head()
        let second = try await harness.poll("a")
        #expect(second.result == .notModified && second.httpStatus == 304 && second.created + second.updated + second.unchanged == 0)
        #expect(try harness.head() == head)
        let request = try #require(harness.server.requests().last)
        #expect(request.header("If-None-Match") == "\"v1\"")
        #expect(request.header("If-Modified-Since") == "Sat, 21 Nov 2026 10:00:00 GMT")
        let state = try harness.state("a").state
        #expect(state.lastStatus == 304 && state.lastResult == .notModified && state.etag == "\"v1\"")
    }

    @Test("an entry edited upstream becomes a new version; the others record nothing")
    func editedUpstream() async throws {
        let harness = try await FeedHarness()
        var entries = items(3)
        harness.routes.serve("/a.xml", rss(entries))
        _ = try await harness.poll("a")
        let head = try harness.head()
        entries[1].body += " وأضاف المتحدث أن الحملة مستمرة."
        harness.routes.serve("/a.xml", rss(entries))
        let summary = try await harness.poll("a")
        #expect(summary.updated == 1 && summary.unchanged == 2 && summary.created == 0)
        let changes = try harness.store.changes(since: head, limit: 100)
        #expect(changes.map(\.op) == [.update] && changes.first?.key == "g1" && changes.first?.version == 2)
        #expect(try harness.text("a:g1").hasSuffix("الحملة مستمرة."))
    }

    @Test("entries sharing a guid are all kept, and refetching imports nothing again")
    func duplicateGUIDs() async throws {
        let harness = try await FeedHarness()
        let entries = (0..<3).map { Item(guid: "same", link: "http://example.org/\($0)", title: arabic[$0].title, body: arabic[$0].text) }
        harness.routes.serve("/a.xml", rss(entries))
        let first = try await harness.poll("a")
        #expect(first.created == 3)
        #expect(try harness.store.liveDocuments(source: "a").map(\.key).sorted() == (0..<3).map { "http://example.org/\($0)" })
        let head = try harness.head()
        let second = try await harness.poll("a")
        #expect(second.created == 0 && second.unchanged == 3)
        #expect(try harness.head() == head)
    }

    @Test("guids that change on every fetch do not re-import the entries")
    func changingGUIDs() async throws {
        let harness = try await FeedHarness()
        func feed(_ fetch: Int) -> String {
            rss(
                (0..<3).map {
                    Item(guid: "urn:uuid:\(fetch)-\($0)", link: "http://example.org/\($0)", title: arabic[$0].title, body: arabic[$0].text)
                })
        }
        harness.routes.serve("/a.xml", feed(1))
        #expect(try await harness.poll("a").created == 3)
        let head = try harness.head()
        harness.routes.serve("/a.xml", feed(2))
        let second = try await harness.poll("a")
        #expect(second.created == 0 && second.unchanged == 3)
        #expect(try harness.head() == head)
        // Entries without guid or link are known by their title and content.
        harness.routes.serve("/a.xml", rss([Item(title: arabic[3].title, body: arabic[3].text)]))
        #expect(try await harness.poll("a").created == 1)
        #expect(try await harness.poll("a").unchanged == 1)
    }

    @Test("a 301 or 308 moves the feed for good (shown in status); a 302 or 307 changes nothing", arguments: [301, 308, 302, 307])
    func redirect(status: Int) async throws {
        let harness = try await FeedHarness()
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: status, headers: [("Location", "/moved.xml")]) }
        harness.routes.serve("/moved.xml", rss(items(1)))
        #expect(try await harness.poll("a").created == 1)
        let permanent = status == 301 || status == 308
        let state = try harness.state("a").state
        #expect(state.currentURL == harness.server.baseURL + (permanent ? "/moved.xml" : "/a.xml"))
        #expect(state.url == harness.server.baseURL + "/a.xml")
        _ = try await harness.poll("a")
        let paths = harness.server.requests().map(\.path)
        #expect(paths == (permanent ? ["/a.xml", "/moved.xml", "/moved.xml"] : ["/a.xml", "/moved.xml", "/a.xml", "/moved.xml"]))
        let shown = try harness.store.status().sources.first { $0.name == "a" }?.feed?.currentURL
        #expect(shown == state.currentURL)
    }

    @Test("410 Gone disables the source with a visible reason; its documents stay")
    func gone() async throws {
        let harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(2)))
        _ = try await harness.poll("a")
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 410) }
        let summary = try await harness.poll("a")
        #expect(summary.result == .gone && summary.error?.contains("410 Gone") == true)
        let requests = harness.server.requestCount
        let again = try await harness.poll("a")
        #expect(again.error?.hasPrefix("disabled: 410 Gone") == true)
        #expect(harness.server.requestCount == requests, "a disabled feed is not fetched")
        let status = try harness.store.status().sources.first { $0.name == "a" }
        #expect(status?.feed?.disabledReason?.contains("410 Gone") == true)
        #expect(status?.lastError?.contains("410 Gone") == true)
        #expect(status?.documents == 2)
    }

    @Test("a feed disabled by 410 is fetched again only by a revive poll, which enables it when it answers")
    func reviveGone() async throws {
        let harness = try await FeedHarness()
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 410) }
        let gone = try await harness.poll("a")
        #expect(gone.result == .gone)
        #expect(try harness.state("a").state.disabledReason?.contains("410 Gone") == true)

        // A normal poll (the scheduler's when due) does not fetch a disabled feed.
        var requests = harness.server.requestCount
        let skipped = try await harness.poller().poll(harness.sources["a"]!)
        #expect(skipped.result == .gone && skipped.error?.hasPrefix("disabled: 410 Gone") == true)
        #expect(harness.server.requestCount == requests, "a disabled feed is not fetched")

        // A revive poll (`syncctl sync a`) fetches; still 410: still disabled.
        let stillGone = try await harness.poller().poll(harness.sources["a"]!, revive: true)
        #expect(harness.server.requestCount == requests + 1, "a revive poll fetches the disabled feed")
        #expect(stillGone.result == .gone)
        #expect(try harness.state("a").state.disabledReason?.contains("410 Gone") == true)

        // The feed is back: a revive poll ingests it and enables the source again.
        harness.routes.serve("/a.xml", rss(items(2)))
        requests = harness.server.requestCount
        let revived = try await harness.poller().poll(harness.sources["a"]!, revive: true)
        #expect(harness.server.requestCount == requests + 1)
        #expect(revived.result == .new && revived.created == 2 && revived.error == nil, "\(revived)")
        let record = try harness.state("a")
        #expect(record.state.disabledReason == nil && record.state.lastStatus == 200 && record.state.nextDueAt != nil)
        #expect(record.consecutiveFailures == 0 && record.lastError == nil)
        let status = try #require(try harness.store.status().sources.first { $0.name == "a" })
        #expect(status.feed?.disabledReason == nil && status.lastError == nil && status.documents == 2)
        #expect(try harness.text("a:g0") == arabic[0].title + "\n\n" + arabic[0].text)

        // Enabled again: an ordinary poll fetches it.
        requests = harness.server.requestCount
        _ = try await harness.poll("a")
        #expect(harness.server.requestCount == requests + 1)
    }

    @Test(
        "429 with Retry-After (seconds or HTTP-date) holds back every source on that host, across restarts",
        arguments: ["120", "Sat, 21 Nov 2026 12:02:00 GMT"])
    func retryAfter(value: String) async throws {
        let harness = try await FeedHarness(feeds: ["a", "b"])
        let now = 1_795_262_400.0  // 2026-11-21T12:00:00Z
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 429, headers: [("Retry-After", value)]) }
        harness.routes.serve("/b.xml", rss(items(1)))
        let a = try await harness.poll("a", now: now)
        #expect(a.result == .failed && a.httpStatus == 429 && a.error?.contains("Retry-After") == true)
        #expect(try harness.state("a").state.nextDueAt ?? 0 >= now + 120)
        let requests = harness.server.requestCount
        // A new poller (as after a restart) reads the host's deadline from the store.
        let b = try await harness.poll("b", now: now + 60)
        #expect(b.result == .deferred)
        #expect(harness.server.requestCount == requests)
        #expect(try harness.store.feedState(source: "b", url: harness.sources["b"]!.feed!.url)?.state.nextDueAt == now + 120)
        let later = try await harness.poll("b", now: now + 121)
        #expect(later.result == .new)
    }

    @Test("a feed waiting its turn for the host is deferred, not fetched, when the host answers 429 meanwhile")
    func retryAfterWhileQueued() async throws {
        let harness = try await FeedHarness(feeds: ["a", "b"], perHost: 1)
        let (arrived, signal) = AsyncStream.makeStream(of: Void.self)
        harness.routes["/a.xml"] = { _ in
            signal.yield()  // a holds the host's only slot from here until its answer
            var response = HTTPResponse(status: 429, headers: [("Retry-After", "300")])
            response.delay = .milliseconds(400)
            return response
        }
        harness.routes.serve("/b.xml", rss(items(1)))
        let poller = harness.poller()  // one poller for every feed, as syncd runs them
        async let a = poller.poll(harness.sources["a"]!)
        var arrivals = arrived.makeAsyncIterator()
        await arrivals.next()  // the server has a's request: b queues behind it
        let b = try await poller.poll(harness.sources["b"]!)
        #expect(try await a.httpStatus == 429)
        #expect(b.result == .deferred)
        #expect(harness.server.requests().map(\.path) == ["/a.xml"])
    }

    @Test("an absurd Retry-After is capped at 7 days and crashes nothing")
    func hugeRetryAfter() async throws {
        let harness = try await FeedHarness()
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 503, headers: [("Retry-After", "9223372036854775807999")]) }
        let now = 1_795_262_400.0
        let summary = try await harness.poll("a", now: now)
        #expect(summary.httpStatus == 503)
        #expect(try harness.state("a").state.nextDueAt == now + 7 * 86_400)
        #expect(try harness.store.status().sources.count == 1)
    }

    @Test("a 301 answered by a 304 still records the move")
    func movedThenNotModified() async throws {
        let harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(1)), headers: [("ETag", "\"1\"")])
        _ = try await harness.poll("a")
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 301, headers: [("Location", "/new.xml")]) }
        harness.routes["/new.xml"] = { request in
            request.header("If-None-Match") == "\"1\"" ? HTTPResponse(status: 304) : HTTPResponse(status: 200, text: "")
        }
        let summary = try await harness.poll("a")
        #expect(summary.result == .notModified)
        #expect(try harness.state("a").state.currentURL == harness.server.baseURL + "/new.xml")
    }

    @Test("a source's headers are not sent to another host a redirect points at")
    func headersStayHome() async throws {
        var harness = try await FeedHarness()
        let (other, otherRoutes) = try await startServer()
        otherRoutes.serve("/feed.xml", rss(items(1)))
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: 302, headers: [("Location", other.baseURL + "/feed.xml")]) }
        harness.sources["a"]!.feed!.headers = [("Authorization", "Bearer secret")]
        #expect(try await harness.poll("a").created == 1)
        #expect(harness.server.requests().first?.header("Authorization") == "Bearer secret")
        #expect(other.requests().first?.header("Authorization") == nil)
    }

    @Test("404 and 5xx are failures that back off exponentially and are kept across restarts", arguments: [404, 500, 503])
    func failures(status: Int) async throws {
        let harness = try await FeedHarness()
        harness.routes["/a.xml"] = { _ in HTTPResponse(status: status, text: "no") }
        let now = 1_795_262_400.0
        var backoffs: [Double] = []
        for attempt in 1...3 {
            let summary = try await harness.poll("a", now: now)
            #expect(summary.result == .failed && summary.error?.contains("HTTP \(status)") == true)
            let record = try harness.state("a")
            #expect(record.consecutiveFailures == attempt)
            backoffs.append(try #require(record.state.backoffSeconds))
        }
        #expect(backoffs == [300, 600, 1200])
        let reopened = try SQLiteStore(path: harness.folder + "/store.db", parameters: .default)
        #expect(try reopened.feedState(source: "a", url: harness.sources["a"]!.feed!.url)?.consecutiveFailures == 3)
        let row = try #require(try reopened.status().sources.first { $0.name == "a" })
        #expect(row.lastErrorCode == "http-status" && row.lastError?.contains("HTTP \(status)") == true, "the code reaches the source's row")
        harness.routes.serve("/a.xml", rss(items(1)))
        _ = try await harness.poll("a", now: now)
        let healed = try harness.state("a")
        #expect(healed.consecutiveFailures == 0 && healed.state.backoffSeconds == nil && healed.lastError == nil)
    }

    @Test("a windows-1256 feed is read as Arabic, with its charset declared or not", arguments: [true, false])
    func windows1256(declared: Bool) async throws {
        let harness = try await FeedHarness()
        let declaration = declared ? #"<?xml version="1.0" encoding="windows-1256"?>"# : #"<?xml version="1.0"?>"#
        let utf8 = rss(items(2), declaration: declaration)
        let bytes = try iconv(utf8, to: "WINDOWS-1256")
        harness.routes.serve("/a.xml", bytes: bytes, headers: [("Content-Type", "application/rss+xml")])
        let summary = try await harness.poll("a")
        #expect(summary.created == 2)
        #expect(try harness.text("a:g0") == arabic[0].title + "\n\n" + arabic[0].text)
    }

    @Test("a feed declared windows-1256 with a byte that charset lacks keeps its Arabic, the byte replaced")
    func invalidByteInDeclaredCharset() async throws {
        let harness = try await FeedHarness()
        var bytes = try iconv(rss(items(1), declaration: #"<?xml version="1.0" encoding="iso-8859-6"?>"#), to: "ISO-8859-6")
        let at = try #require(bytes.firstIndex(of: 0xC7))  // an alef in the title
        bytes.insert(0xA1, at: at)  // undefined in ISO-8859-6 (the Arabic comma of windows-1256)
        harness.routes.serve("/a.xml", bytes: bytes, headers: [("Content-Type", "application/rss+xml")])
        #expect(try await harness.poll("a").created == 1)
        let text = try harness.text("a:g0")
        #expect(text.contains("\u{FFFD}"))
        #expect(text.replacingOccurrences(of: "\u{FFFD}", with: "").hasPrefix(arabic[0].title))
    }

    @Test("a UTF-16 override reads an unmarked UTF-16 feed")
    func utf16Override() async throws {
        var harness = try await FeedHarness()
        let bytes = try iconv(rss(items(1), declaration: ""), to: "UTF-16LE")
        harness.routes.serve("/a.xml", bytes: bytes, headers: [("Content-Type", "application/rss+xml")])
        harness.sources["a"]!.feed!.charset = "utf-16le"
        #expect(try await harness.poll("a").created == 1)
        #expect(try harness.text("a:g0") == arabic[0].title + "\n\n" + arabic[0].text)
    }

    @Test("the HTTP header's charset wins over the declaration, and a source's charset wins over both")
    func charsetPrecedence() async throws {
        var harness = try await FeedHarness()
        let bytes = try iconv(rss(items(1), declaration: #"<?xml version="1.0" encoding="utf-8"?>"#), to: "WINDOWS-1256")
        harness.routes.serve("/a.xml", bytes: bytes, headers: [("Content-Type", "text/xml; charset=windows-1256")])
        #expect(try await harness.poll("a").created == 1)
        #expect(try harness.text("a:g0").hasPrefix(arabic[0].title))
        harness.routes.serve("/a.xml", bytes: bytes, headers: [("Content-Type", "text/xml; charset=utf-8")])
        harness.sources["a"]!.feed!.charset = "windows-1256"
        let summary = try await harness.poll("a")
        #expect(summary.unchanged == 1)
    }

    @Test("a story that arrives as a file and by feed lands in one cluster")
    func fileAndFeed() async throws {
        let harness = try await FeedHarness(feeds: ["a"], folders: ["docs"])
        try (arabic[2].title + "\n\n" + arabic[2].text).write(toFile: harness.folder + "/docs/story.txt", atomically: true, encoding: .utf8)
        _ = try FolderIngestor(writer: StoreWriter(store: harness.store), logger: FeedHarness.quiet).ingest(
            source: "docs", root: harness.folder + "/docs", maxFileSize: 1 << 20)
        harness.routes.serve("/a.xml", rss([Item(guid: "x", link: nil, title: arabic[2].title, body: arabic[2].text + " المصدر: وكالات")]))
        _ = try await harness.poll("a")
        let clusters = try harness.store.duplicateClusters()
        #expect(clusters.count == 1)
        #expect(Set(clusters.first?.members.map { "\($0.source):\($0.key)" } ?? []) == ["docs:story.txt", "a:x"])
        #expect(clusters.first?.members.first?.source == "docs", "the earlier arrival stays canonical")
    }

    @Test("a feed over the size limit, or a gzip bomb, fails without touching what is stored")
    func oversized() async throws {
        var harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(2)))
        _ = try await harness.poll("a")
        let head = try harness.head()
        harness.sources["a"]!.feed!.maxSize = 1_000_000
        harness.routes.serve("/a.xml", bytes: try fixture("bomb-64MiB.gz"), headers: [("Content-Encoding", "gzip")])
        let summary = try await harness.poll("a")
        #expect(summary.result == .failed && summary.error?.contains("1000000-byte limit") == true)
        #expect(try harness.head() == head)
        #expect(try harness.store.status().documents == 2)
    }

    @Test("a server too slow to answer fails with a timeout and a backoff")
    func slow() async throws {
        var harness = try await FeedHarness()
        harness.sources["a"]!.feed!.timeout = 1
        harness.routes["/a.xml"] = { _ in
            var response = HTTPResponse(status: 200, text: "late")
            response.delay = .seconds(10)
            return response
        }
        let summary = try await harness.poll("a")
        #expect(summary.result == .failed && summary.error?.contains("timed out") == true)
        #expect(try harness.state("a").state.backoffSeconds != nil)
        #expect(try harness.store.status().sources.first { $0.name == "a" }?.lastErrorCode == "timed-out")
    }

    @Test("a document that is not a feed is refused with a clear error, and the source backs off")
    func notAFeed() async throws {
        let harness = try await FeedHarness()
        harness.routes.serve("/a.xml", "<html><body>Not here</body></html>", headers: [("Content-Type", "text/html")])
        let summary = try await harness.poll("a")
        #expect(summary.error?.contains("not a feed") == true)
        #expect(summary.error?.contains(harness.server.baseURL + "/a.xml") == true)
    }
}

/// Converts UTF-8 text to another charset with iconv(1), as a publisher's CMS would.
func iconv(_ text: String, to charset: String) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", charset]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}
