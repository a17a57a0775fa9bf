import Fingerprint
import Foundation
import Storage
import SyncModel
import Testing

/// The article state of feed documents (`full_text`) as every backend keeps it: a pending
/// article is offered for a retry once it is due, with what its document was stored from; a
/// fetched one is not; `show` and `status` see the state.
@Suite("Full-text article state in the store")
struct ArticleStoreTests {
    func entry(_ key: String, _ text: String, state: ArticleState?, summary: String? = nil, page: String? = nil) -> IncomingDocument {
        let base = incoming("feed", key, text)
        return IncomingDocument(
            source: "feed", key: key, article: base.article, fingerprint: base.fingerprint, stamp: nil,
            entry: FeedEntryIdentity(key: key, guid: "g-\(key)", link: "http://site.example/\(key)", digest: "d-\(key)"),
            original: Array("{\"entry\": \"\(key)\"}".utf8), summary: summary, page: page.map { Array($0.utf8) }, articleState: state)
    }

    @Test("a pending article is retried once due, with its entry; a fetched one is not; show and status see the state", arguments: Backend.allCases)
    func pendingAndFetched(backend: Backend) throws {
        let store = try backend.fresh().open(sources: ["feed"])
        let pending = ArticleState(url: "http://site.example/one", status: .pending, reason: "HTTP 500", attempts: 1, nextAttemptAt: 1000)
        _ = try store.merge(
            [
                entry("one", "One\nThe entry's summary of the first story.", state: pending),
                entry(
                    "two", "Two\nThe second story in full, as its page had it.",
                    state: ArticleState(
                        url: "http://site.example/two", status: .fetched, fetchedAt: 500), summary: "The second story's summary.",
                    page: "<html>two</html>"),
                entry("three", "Three\nA story without full text.", state: nil),
            ], now: 500)
        #expect(try store.articleRetries(source: "feed", now: 999).isEmpty, "not before its time")
        let retries = try store.articleRetries(source: "feed", now: 1000)
        #expect(retries.map(\.key) == ["one"])
        let retry = try #require(retries.first)
        #expect(retry.state == pending && retry.title == "One" && retry.summary == "The entry's summary of the first story.")
        #expect(retry.entry == FeedEntryIdentity(key: "one", guid: "g-one", link: "http://site.example/one", digest: "d-one"))
        #expect(retry.original == Array("{\"entry\": \"one\"}".utf8))

        let two = try store.document(try store.resolve("feed:two"))
        #expect(two.summary == "The second story's summary." && two.article?.status == .fetched && two.article?.fetchedAt == 500)
        #expect(try store.document(try store.resolve("feed:three")).article == nil)
        #expect(try store.status().sources.first { $0.name == "feed" }?.articles == ArticleCounts(fetched: 1, pending: 1))

        // The retry succeeds: a new version, the article fetched, no retry left.
        var fetched = entry(
            "one", "One\nThe first story in full.", state: ArticleState(url: "http://site.example/one", status: .fetched, fetchedAt: 1000),
            summary: retry.summary)
        fetched.replacesVersion = 1
        #expect(try store.merge([fetched], now: 1000)[0].op == .update)
        #expect(try store.articleRetries(source: "feed", now: 5000).isEmpty)
        #expect(try store.status().sources.first { $0.name == "feed" }?.articles == ArticleCounts(fetched: 2))
        // The entry merged without an article state: its own text again, the state dropped.
        _ = try store.merge([entry("two", "Two\nThe second story's summary.", state: nil)], now: 2000)
        #expect(try store.document(try store.resolve("feed:two")).article == nil)
        #expect(try store.status().sources.first { $0.name == "feed" }?.articles == ArticleCounts(fetched: 1))
    }
}

/// The status page's largest clusters come off an index of cluster sizes on every backend; they
/// must be the clusters a full listing finds, largest first, and status must count them alike.
@Suite("The largest clusters")
struct LargestClusterTests {
    @Test("largest first (ties: the older), through merges, splits and deletes; status counts agree", arguments: Backend.allCases)
    func largestFirst(backend: Backend) throws {
        let store = try backend.fresh().open()
        let texts = try (0..<5).map { try seedText($0) }
        for (index, text) in texts.enumerated() { _ = try store.mergeOne("a", "\(index).txt", text) }
        for step in [21, 23, 27] { _ = try store.mergeOne("b", "copy2-\(step).txt", lightlyEdited(texts[2], every: step)) }
        _ = try store.mergeOne("b", "copy0.txt", lightlyEdited(texts[0]))
        _ = try store.mergeOne("b", "copy4.txt", lightlyEdited(texts[4]))
        _ = try store.mergeOne("b", "copy4b.txt", lightlyEdited(texts[4], every: 31))
        func sizes() throws -> [[String]] { try store.largestClusters(limit: 10).map { $0.members.map(\.key) } }
        #expect(
            try sizes() == [
                ["2.txt", "copy2-21.txt", "copy2-23.txt", "copy2-27.txt"], ["4.txt", "copy4.txt", "copy4b.txt"], ["0.txt", "copy0.txt"],
            ])
        #expect(try store.largestClusters(limit: 1).count == 1)
        // A split (an edit that leaves its cluster for another story) and a delete reorder them.
        _ = try store.mergeOne("b", "copy2-21.txt", texts[1] + "\nنص آخر")
        try store.tombstone(source: "b", keys: ["copy4.txt"])
        #expect(
            try sizes() == [
                ["2.txt", "copy2-23.txt", "copy2-27.txt"], ["0.txt", "copy0.txt"], ["4.txt", "copy4b.txt"], ["1.txt", "copy2-21.txt"],
            ])
        let listed = try store.duplicateClusters()
        #expect(try sizes().count == listed.count)
        let status = try store.status()
        #expect(status.clusters == listed.count && status.duplicates == listed.reduce(0) { $0 + $1.members.count - 1 })
        // Ties keep the older cluster first.
        let twos = try store.largestClusters(limit: 10).filter { $0.members.count == 2 }.map(\.cluster)
        #expect(twos.count == 3 && twos == twos.sorted())
    }
}
