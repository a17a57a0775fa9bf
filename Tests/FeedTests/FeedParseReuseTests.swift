import Foundation
import Testing
import Storage
import SQLiteStore
import SyncConfig
import SyncModel
import TestSupport
@testable import Feeds

/// A 200 whose body is the one parsed and stored last time is not parsed again (the feed
/// state's `parsedDigest`); anything that would make parsing it give something else still
/// parses it.
@Suite("Feed bodies parsed once")
struct FeedParseReuseTests {
    let arabic: [(title: String, text: String)] = (0..<4).map { try! seed($0) }

    func items(_ count: Int) -> [Item] {
        (0..<count).map { Item(guid: "g\($0)", link: "http://example.org/\($0)", title: arabic[$0].title, body: arabic[$0].text) }
    }

    @Test("the same body again is not parsed and stores nothing but the fetch; a changed body is parsed")
    func sameBodyNotParsed() async throws {
        let harness = try await FeedHarness()
        var entries = items(3)
        harness.routes.serve("/a.xml", rss(entries, ttl: 180))
        let first = try await harness.poll("a", now: 1_000)
        #expect(first.parsed == true && first.created == 3)
        let head = try harness.head()
        let second = try await harness.poll("a", now: 2_000)
        #expect(second.parsed == false && second.httpStatus == 200 && second.result == .unchanged)
        #expect(second.created + second.updated == 0 && second.unchanged == 3)
        #expect(try harness.head() == head, "no new version, no change")
        let state = try harness.state("a").state
        #expect(state.lastFetchAt == 2_000 && state.lastResult == .unchanged && state.lastStatus == 200)
        let due = try #require(state.nextDueAt)
        #expect(due - 2_000 == 180 * 60, "the body's <ttl> still counts, found \(String(format: "%.17g", due))")
        // One byte more is another body: parsed, and only the edited entry stored.
        entries[1].body += " وأضاف المتحدث أن الحملة مستمرة."
        harness.routes.serve("/a.xml", rss(entries, ttl: 180))
        let third = try await harness.poll("a", now: 3_000)
        #expect(third.parsed == true && third.updated == 1 && third.unchanged == 2)
        #expect(try harness.text("a:g1").hasSuffix("الحملة مستمرة."))
    }

    @Test("the digest is kept in the store: after a restart the same body is still not parsed")
    func survivesRestart() async throws {
        var harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(2)))
        #expect(try await harness.poll("a").created == 2)
        let reopened = try SQLiteStore(path: harness.folder + "/store.db", parameters: .default)
        let poller = FeedIngestor(writer: StoreWriter(store: reopened), fetcher: harness.fetcher, logger: FeedHarness.quiet)
        let summary = try await poller.poll(harness.sources["a"]!)
        #expect(summary.parsed == false && summary.unchanged == 2)
        harness.sources["a"]!.feed!.url += "?moved"
        harness.routes.serve("/a.xml", rss(items(2)))
        let moved = try await poller.poll(harness.sources["a"]!)
        #expect(moved.parsed == true && moved.unchanged == 2, "a new URL starts a new state: the body is parsed")
    }

    @Test("the same body under another charset setting is parsed again, and its entries change")
    func settingsChangeParses() async throws {
        var harness = try await FeedHarness()
        // UTF-8 bytes read as windows-1256 by the source's override: mojibake.
        harness.routes.serve("/a.xml", bytes: Array(rss(items(2)).utf8), headers: [("Content-Type", "application/rss+xml")])
        harness.sources["a"]!.feed!.charset = "windows-1256"
        #expect(try await harness.poll("a").created == 2)
        #expect(try !harness.text("a:g0").hasPrefix(arabic[0].title))
        #expect(try await harness.poll("a").parsed == false)
        harness.sources["a"]!.feed!.charset = nil
        let fixed = try await harness.poll("a")
        #expect(fixed.parsed == true && fixed.updated == 2)
        #expect(try harness.text("a:g0") == arabic[0].title + "\n\n" + arabic[0].text)
    }

    @Test("the same body under another full_text mode is parsed again (its entries, known already, stay as they are)")
    func fullTextChangeParses() async throws {
        var harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(2)))
        #expect(try await harness.poll("a").created == 2)
        #expect(try await harness.poll("a").parsed == false)
        harness.sources["a"]!.feed!.fullText = .auto
        let auto = try await harness.poll("a")
        #expect(auto.parsed == true && auto.unchanged == 2 && auto.created + auto.updated == 0)
        #expect(try await harness.poll("a").parsed == false)
    }

    @Test("a body with an entry that could not be stored is parsed again, and the problem stays reported")
    func problemsReparse() async throws {
        let harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(1) + [Item(guid: "empty", title: "", body: "")]))
        let first = try await harness.poll("a")
        #expect(first.created == 1 && first.failed == 1)
        let second = try await harness.poll("a")
        #expect(second.parsed == true && second.failed == 1 && second.unchanged == 1)
        let row = try #require(try harness.store.status().sources.first { $0.name == "a" })
        #expect(row.lastError?.contains("neither a title nor text") == true)
    }

    @Test("a body whose merge failed is parsed again once the store takes writes")
    func failedMergeReparses() async throws {
        let harness = try await FeedHarness()
        harness.routes.serve("/a.xml", rss(items(3)))
        let store = FaultyStore(harness.store)
        let poller = FeedIngestor(writer: StoreWriter(store: store), fetcher: harness.fetcher, logger: FeedHarness.quiet)
        store.failWrites(true)
        await #expect(throws: SyncError.self) { try await poller.poll(harness.sources["a"]!) }
        store.failWrites(false)
        let summary = try await poller.poll(harness.sources["a"]!)
        #expect(summary.parsed == true && summary.created == 3)
        #expect(try await poller.poll(harness.sources["a"]!).parsed == false)
    }
}
