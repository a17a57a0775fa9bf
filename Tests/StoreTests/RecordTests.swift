import Foundation
import GRDB
@testable import SQLiteStore
import Storage
import SyncModel
import Testing

/// The record types of the SQLite backend against the schema the migrations build: a migration
/// that adds a table or a column without its record fails here.
@Suite("SQLite records")
struct RecordTests {
    /// Every record type's table and the columns its `Columns` names.
    static let records: [(table: String, columns: [String])] = [
        (MetaRecord.databaseTableName, MetaRecord.Columns.allCases.map(\.rawValue)),
        (SourceRecord.databaseTableName, SourceRecord.Columns.allCases.map(\.rawValue)),
        (SourceProblemRecord.databaseTableName, SourceProblemRecord.Columns.allCases.map(\.rawValue)),
        (BlobRecord.databaseTableName, BlobRecord.Columns.allCases.map(\.rawValue)),
        (ClusterRecord.databaseTableName, ClusterRecord.Columns.allCases.map(\.rawValue)),
        (DocumentRecord.databaseTableName, DocumentRecord.Columns.allCases.map(\.rawValue)),
        (VersionRecord.databaseTableName, VersionRecord.Columns.allCases.map(\.rawValue)),
        (FingerprintRecord.databaseTableName, FingerprintRecord.Columns.allCases.map(\.rawValue)),
        (ChangeRecord.databaseTableName, ChangeRecord.Columns.allCases.map(\.rawValue)),
        (FeedStateRecord.databaseTableName, FeedStateRecord.Columns.allCases.map(\.rawValue)),
        (HostStateRecord.databaseTableName, HostStateRecord.Columns.allCases.map(\.rawValue)),
        (FeedEntryRecord.databaseTableName, FeedEntryRecord.Columns.allCases.map(\.rawValue)),
        (ConsumerRecord.databaseTableName, ConsumerRecord.Columns.allCases.map(\.rawValue)),
        (CounterRecord.databaseTableName, CounterRecord.Columns.allCases.map(\.rawValue)),
        (FeedArticleRecord.databaseTableName, FeedArticleRecord.Columns.allCases.map(\.rawValue)),
        (SourceLineRecord.databaseTableName, SourceLineRecord.Columns.allCases.map(\.rawValue)),
        (DocumentLinesRecord.databaseTableName, DocumentLinesRecord.Columns.allCases.map(\.rawValue)),
    ]

    func migrated() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue)
        return queue
    }

    @Test("every table has one record type, whose columns are the table's columns")
    func columnsCoverTables() throws {
        try migrated().read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            #expect(tables.sorted() == Self.records.map(\.table).sorted())
            for record in Self.records {
                let columns = try db.columns(in: record.table).map(\.name)
                #expect(columns.sorted() == record.columns.sorted(), "columns of \(record.table)")
            }
        }
    }

    /// Inserts `records` in key order and expects to read them back, ids assigned.
    func roundTrip<Record: FetchableRecord & MutablePersistableRecord & Equatable>(_ db: Database, _ records: [Record]) throws {
        var inserted: [Record] = []
        for var record in records {
            try record.insert(db)
            inserted.append(record)
        }
        #expect(try Record.fetchAll(db) == inserted, "\(Record.databaseTableName)")
    }

    @Test("every record reads back what it wrote, every column set and every optional one empty")
    func roundTrips() throws {
        try migrated().write { db in
            try roundTrip(db, [MetaRecord(key: "k", value: "v")])
            try roundTrip(
                db,
                [
                    SourceRecord(
                        name: "a", type: "feed", location: "https://example.com/feed", createdAt: 1, lastScanAt: 2, lastSuccessAt: 3,
                        lastError: "e", lastErrorAt: 4, consecutiveFailures: 5, filesSeen: 6, filesSkipped: 7, filesFailed: 8,
                        lastErrorCode: "network"),
                    SourceRecord(name: "b", type: "folder", location: "/tmp/b", createdAt: 9),
                ])
            try roundTrip(db, [SourceProblemRecord(sourceID: 1, key: "x.html", code: "decode", message: "m", at: 10)])
            let hashes = [Data(repeating: 1, count: 32), Data(repeating: 2, count: 32)]
            try roundTrip(
                db, [BlobRecord(hash: hashes[0], size: 11, data: Data([1, 2, 3])), BlobRecord(hash: hashes[1], size: 12, data: Data([4]))])
            try roundTrip(db, [ClusterRecord(canonicalDocID: 1, createdAt: 13, updatedAt: 14, dissolved: true)])
            try roundTrip(
                db,
                [
                    DocumentRecord(
                        sourceID: 1, key: "x.html", version: 2, deleted: true, clusterID: 1, similarity: 0.9, createdAt: 15, updatedAt: 16,
                        fileSize: 17, fileMtimeNs: 18, fileInode: 19),
                    DocumentRecord(sourceID: 2, key: "y.txt", version: 1, createdAt: 20, updatedAt: 21),
                ])
            try roundTrip(
                db,
                [
                    VersionRecord(
                        docID: 1, version: 1, title: "t", blobHash: hashes[0], contentHash: Data([5]), tokens: 22, createdAt: 23,
                        originalHash: hashes[1], metadata: "{}", summary: "s", pageHash: hashes[1]),
                    VersionRecord(docID: 1, version: 2, title: "u", blobHash: hashes[1], contentHash: Data([6]), tokens: 24, createdAt: 25),
                ])
            try roundTrip(
                db, [FingerprintRecord(docID: 1, contentHash: Data([7]), signature: Data([8, 9, 10, 11]), leadSignature: Data([12, 13, 14, 15]))])
            try roundTrip(
                db,
                [
                    ChangeRecord(at: 26, op: "cluster", docID: 1, source: "a", key: "x.html", version: 2, clusterID: 1, canonical: true),
                    ChangeRecord(at: 27, op: "delete", docID: 2, source: "b", key: "y.txt", version: 1, clusterID: nil, canonical: false),
                ])
            try roundTrip(
                db,
                [
                    FeedStateRecord(
                        sourceID: 1, url: "https://example.com/feed", currentURL: "https://example.com/moved", etag: "\"e\"",
                        lastModified: "Mon, 01 Jan 2024 00:00:00 GMT", lastFetchAt: 28, lastStatus: 200, lastResult: "new", lastSeconds: 0.5,
                        nextDueAt: 29, backoffSeconds: 30, disabledReason: "gone", entries: 31, publishInterval: 32),
                    FeedStateRecord(
                        sourceID: 2, url: "https://example.org/", currentURL: "https://example.org/", etag: nil, lastModified: nil,
                        lastFetchAt: nil, lastStatus: nil, lastResult: nil, lastSeconds: nil, nextDueAt: nil, backoffSeconds: nil,
                        disabledReason: nil, entries: 0, publishInterval: nil),
                ])
            try roundTrip(db, [HostStateRecord(host: "example.com", retryAfterUntil: 33, reason: "429")])
            try roundTrip(
                db,
                [
                    FeedEntryRecord(sourceID: 1, key: "e1", guid: "g", link: "https://example.com/1", digest: "d1", firstSeen: 34, lastSeen: 35),
                    FeedEntryRecord(sourceID: 1, key: "e2", guid: nil, link: nil, digest: "d2", firstSeen: 36, lastSeen: 37),
                ])
            try roundTrip(
                db,
                [
                    FeedArticleRecord(
                        docID: 1, sourceID: 1, url: "https://example.com/1", status: "pending", reason: "HTTP 500", attempts: 2,
                        nextAttemptAt: 39, fetchedAt: 40, updatedAt: 41),
                    FeedArticleRecord(
                        docID: 2, sourceID: 1, url: "https://example.com/2", status: "fetched", reason: nil, attempts: 0, nextAttemptAt: nil,
                        fetchedAt: nil, updatedAt: 42),
                ])
            try roundTrip(db, [ConsumerRecord(name: "indexer", seq: 2, updatedAt: 38)])
            _ = try CounterRecord.deleteAll(db)  // the migration's own counters
            try roundTrip(db, [CounterRecord(name: "test", value: 7)])
            try roundTrip(
                db,
                [SourceLineRecord(sourceID: 1, hash: -5, words: 3, documents: 39), SourceLineRecord(sourceID: 2, hash: 40, words: 30, documents: 1)])
            try roundTrip(db, [DocumentLinesRecord(docID: 1, sourceID: 1, hashes: Data([41, 42, 43, 44, 45, 46, 47, 48]))])
            #expect(try ChangeRecord.head(db) == 2)
        }
    }

    @Test("a feed state survives its record, every field set")
    func feedState() {
        var state = FeedState(url: "https://example.com/feed")
        state.currentURL = "https://example.com/moved"
        state.etag = "\"e\""
        state.lastModified = "Mon, 01 Jan 2024 00:00:00 GMT"
        state.lastFetchAt = 1
        state.lastStatus = 304
        state.lastResult = .notModified
        state.lastSeconds = 2
        state.nextDueAt = 3
        state.backoffSeconds = 4
        state.disabledReason = "gone"
        state.entries = 5
        state.publishInterval = 6
        #expect(FeedStateRecord(sourceID: 1, state: state).state == state)
        #expect(FeedStateRecord(sourceID: 1, state: FeedState(url: "u")).state == FeedState(url: "u"))
    }
}
