import Foundation
import PostgresStore
import SQLiteStore
import Storage
import StoreBackends
import SyncModel
import TestSupport
import Testing

@Suite("syncctl migrate: a SQLite store into PostgreSQL")
struct StoreMigratorTests {
    /// A SQLite store with clusters, a deletion, a consumer, a feed state and a host deadline.
    func filledSQLiteStore() throws -> String {
        let place = try Backend.sqlite.fresh()
        let store = try place.open()
        let texts = try (0..<5).map { try seedText($0) }
        for (index, text) in texts.enumerated() { _ = try store.mergeOne("a", "\(index).txt", text) }
        _ = try store.mergeOne("b", "copy0.txt", lightlyEdited(texts[0]))
        _ = try store.mergeOne("b", "copy3.txt", lightlyEdited(texts[3]))
        try store.tombstone(source: "a", keys: ["1.txt"])
        try store.ackConsumer("indexer", seq: 3)
        try store.registerSources([StoreSource(name: "feed", kind: .feed, location: "http://example.com/feed")])
        var state = FeedState(url: "http://example.com/feed")
        state.etag = "\"e1\""
        try store.recordFetch(source: "feed", state: state, error: nil, problems: [], now: 100)
        try store.setHostDeadline(host: "example.com", until: 900, reason: "429")
        // A feed document whose article waits for a retry, and a page dump the chrome model counts.
        let base = incoming("feed", "e1", "Entry\nThe entry's summary.")
        _ = try store.merge(
            [
                IncomingDocument(
                    source: "feed", key: "e1", article: base.article, fingerprint: base.fingerprint, stamp: nil,
                    entry: FeedEntryIdentity(key: "e1", guid: "g1", link: "http://example.com/1", digest: "d1"), summary: "The entry's summary.",
                    articleState: ArticleState(url: "http://example.com/1", status: .pending, attempts: 1, nextAttemptAt: 200))
            ], now: 100)
        var page = incoming("a", "page.txt", "Page\nA page dump's text.")
        page.pageLines = [PageLine(hash: 0xFFFF_0000_0000_0001, words: 3), PageLine(hash: 5, words: 1)]
        _ = try store.merge([page])
        return place.location
    }

    @Test("everything is copied with its ids and seqs, counts are verified, and the copy goes on as a store")
    func copiesEverything() throws {
        let path = try filledSQLiteStore()
        let url = try PostgresURL(try PostgresServer.shared().createDatabase())
        let report = try StoreMigrator.migrate(sqlite: path, to: url, password: nil, parameters: .default)
        #expect(!report.resumed)
        #expect(report.counts.first { $0.table == "document" }?.rows == 9)
        let before = try SQLiteStoreReader(path: path, parameters: .default)
        let after = try PostgresStore(url: url, parameters: .default, node: "n")
        #expect(try after.changes(since: 0, limit: 1000).map(\.seq) == before.changes(since: 0, limit: 1000).map(\.seq))
        #expect(try after.changes(since: 0, limit: 1000).map(\.op) == before.changes(since: 0, limit: 1000).map(\.op))
        #expect(try after.duplicateClusters().map { $0.members.map(\.doc) } == before.duplicateClusters().map { $0.members.map(\.doc) })
        #expect(try after.consumerSeq("indexer") == 3)
        #expect(try after.feedState(source: "feed", url: "http://example.com/feed")?.state.etag == "\"e1\"")
        #expect(try after.hostDeadlines()["example.com"]?.until == 900)
        let doc = try before.resolve("a:2.txt")
        #expect(try after.document(doc).text == before.document(doc).text)
        let status = try after.status()
        #expect(status.documents == 8 && status.deleted == 1 && status.clusters == 2)
        #expect(try after.articleRetries(source: "feed", now: 300).map(\.key) == ["e1"])
        #expect(try after.pageLineCounts(source: "a", minDocuments: 1) == before.pageLineCounts(source: "a", minDocuments: 1))
        #expect(try after.pageLineCounts(source: "a", minDocuments: 1).documents == 1)
        #expect(try after.largestClusters(limit: 5).map(\.cluster) == before.largestClusters(limit: 5).map(\.cluster))
        // The copy is a working store: new ids after the copied ones, seqs after the copied
        // head, and the band index finds the copied documents.
        let head = try after.changeHead()
        let third = try after.mergeOne("a", "third0.txt", lightlyEdited(try seedText(0), every: 33))
        let story = try after.duplicateClusters().first { $0.members.contains { $0.key == "0.txt" } }?.cluster
        #expect(third.doc > 9 && third.cluster != nil && third.cluster == story)
        #expect(try after.changes(since: head, limit: 10).first?.seq == head + 1)
    }

    @Test("a second run continues (or re-checks) the same copy; a database holding anything else is refused")
    func resumesAndRefuses() throws {
        let path = try filledSQLiteStore()
        let url = try PostgresURL(try PostgresServer.shared().createDatabase())
        _ = try StoreMigrator.migrate(sqlite: path, to: url, password: nil, parameters: .default)
        // As if the copy had stopped after the documents: later tables are copied again.
        try PostgresServer.shared().psql(
            "DELETE FROM consumer; DELETE FROM meta WHERE key IN ('migrate.table.consumer', 'migrate.done')", database: url.database)
        let again = try StoreMigrator.migrate(sqlite: path, to: url, password: nil, parameters: .default)
        #expect(again.resumed && again.counts.first { $0.table == "consumer" }?.rows == 1)
        let other = try filledSQLiteStore()
        let error = #expect(throws: SyncError.self) { try StoreMigrator.migrate(sqlite: other, to: url, password: nil, parameters: .default) }
        #expect(error?.message.contains("copy of another store") == true)
        let used = try PostgresURL(try PostgresServer.shared().createDatabase())
        let store = try PostgresStore(url: used, parameters: .default, node: "n")
        try store.registerSources([StoreSource(name: "x", kind: .folder, location: "/x")])
        let refused = #expect(throws: SyncError.self) { try StoreMigrator.migrate(sqlite: path, to: used, password: nil, parameters: .default) }
        #expect(refused?.message.contains("not empty") == true)
    }
}
