import Foundation
import Glibc
import GRDB
import SQLiteStore
import Storage
import SyncModel
import Testing

/// syncd writes nothing to a store it cannot trust.
@Suite("Damaged and newer stores are refused before any write")
struct StoreIntegrityTests {
    /// The file's bytes, to show a refused open changed none of them.
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Overwrites the file's second page (a b-tree page of the schema's tables) with 0xFF; the
    /// first, with the schema, stays readable so that the file still opens.
    func damageSecondPage(_ path: String) throws {
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let header = try bytes(path).prefix(18)
        let pageSize = Int(header[16]) << 8 | Int(header[17])
        try file.seek(toOffset: UInt64(pageSize))
        file.write(Data(repeating: 0xFF, count: pageSize))
        try file.close()
    }

    @Test("a store with a damaged page is refused with what to do, and its file is left byte for byte")
    func damagedPage() throws {
        let place = try Backend.sqlite.fresh()
        do {
            let store = try place.open()
            for index in 0..<5 { _ = try store.mergeOne("a", "\(index).txt", try seedText(index)) }
        }
        // Everything in the main file, nothing left in the WAL.
        let busy = try DatabaseQueue(path: place.location).writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        #expect(busy == 0, "the closed store left no connection that holds the log")
        try damageSecondPage(place.location)
        let before = try bytes(place.location)
        #expect {
            _ = try place.open()
        } throws: { error in
            let message = (error as? SyncError)?.description ?? "\(error)"
            return message.contains("the store is damaged") && message.contains("quick_check") && message.contains(place.location)
        }
        let after = try bytes(place.location)
        #expect(
            after == before, "first difference at \(Array(zip(after, before)).firstIndex { $0 != $1 } ?? -1), sizes \(after.count) \(before.count)")
    }

    @Test("a store sealed at a clean close opens without the page check; damage written after the seal is still refused")
    func sealedStore() throws {
        let place = try Backend.sqlite.fresh()
        do {
            let store = try place.open()
            for index in 0..<5 { _ = try store.mergeOne("a", "\(index).txt", try seedText(index)) }
            try store.seal()
        }
        // Closing the store after the seal changed nothing the seal records.
        #expect(SQLiteStore.isSealed(place.location))
        do {
            let store = try place.open()
            // The open trusted the seal and removed it before writing.
            #expect(!SQLiteStore.isSealed(place.location))
            _ = try store.mergeOne("a", "4.txt", try seedText(4) + "\nتحديث")
            try store.seal()
        }
        #expect(SQLiteStore.isSealed(place.location))
        // A damaged page written into the sealed file, its modification time put back as it was:
        // the change time still tells, and the page check refuses the store.
        var before = stat()
        #expect(stat(place.location, &before) == 0)
        try damageSecondPage(place.location)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, place.location, &times, 0) == 0)
        #expect(!SQLiteStore.isSealed(place.location))
        #expect {
            _ = try place.open()
        } throws: { error in
            ((error as? SyncError)?.description ?? "\(error)").contains("the store is damaged")
        }
    }

    @Test("a store migrated by a newer syncd is refused, naming the unknown steps", arguments: Backend.allCases)
    func newerStore(_ backend: Backend) throws {
        let place = try backend.fresh()
        do { _ = try place.open().mergeOne("a", "one.txt", try seedText(0)) }
        try place.execute(
            backend == .postgres
                ? "INSERT INTO schema_migration(id, applied_at) VALUES ('v99-from-the-future', 0)"
                : "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
        #expect {
            _ = try place.open()
        } throws: { error in
            let message = (error as? SyncError)?.description ?? "\(error)"
            return message.contains("migrated by a newer syncd") && message.contains("v99-from-the-future")
        }
    }
}

/// Status reads counts kept by triggers; they must equal counting the rows.
@Suite("Status counts are kept, not recounted")
struct StoreCounterTests {
    /// Creates, edits, merges, splits, deletes and revivals over two sources.
    func edit(_ store: some DocumentStore) throws {
        let texts = try (0..<5).map { try seedText($0) }
        for (index, text) in texts.enumerated() { _ = try store.mergeOne("a", "\(index).txt", text) }
        _ = try store.mergeOne("b", "copy0.txt", lightlyEdited(texts[0]))
        _ = try store.mergeOne("b", "copy0b.txt", lightlyEdited(texts[0], every: 31))
        _ = try store.mergeOne("b", "copy3.txt", lightlyEdited(texts[3]))
        _ = try store.mergeOne("a", "0.txt", texts[0] + "\nتحديث")  // an update inside a cluster
        _ = try store.mergeOne("b", "copy3.txt", texts[4] + "\nنص آخر")  // an update that leaves its cluster
        try store.tombstone(source: "b", keys: ["copy0.txt"])
        try store.tombstone(source: "a", keys: ["1.txt", "missing.txt"])
        _ = try store.mergeOne("a", "1.txt", texts[1])  // revived
    }

    @Test("after creates, edits, merges, splits, deletes and revivals the kept counts equal a recount", arguments: Backend.sqliteCases)
    func keptCountsEqualRecount(_ backend: Backend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        try edit(store)
        let status = try store.status()
        let database: any DatabaseWriter = try place.memory ?? DatabaseQueue(path: place.location)
        try database.read { db in
            #expect(status.documents == (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE deleted = 0")))
            #expect(status.deleted == (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE deleted != 0")))
            #expect(status.versions == (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM version")))
            let sizes = try Int.fetchAll(
                db, sql: "SELECT COUNT(*) FROM document WHERE cluster_id IS NOT NULL AND deleted = 0 GROUP BY cluster_id HAVING COUNT(*) >= 2")
            #expect(status.clusters == sizes.count && status.clusters > 0)
            #expect(status.duplicates == sizes.reduce(0) { $0 + $1 - 1 })
            for source in status.sources {
                let live = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM document d JOIN source s ON s.id = d.source_id WHERE s.name = ? AND d.deleted = 0",
                    arguments: [source.name])
                let versions = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM version v JOIN document d ON d.id = v.doc_id JOIN source s ON s.id = d.source_id WHERE s.name = ?",
                    arguments: [source.name])
                #expect(source.documents == live && source.versions == versions, "\(source.name)")
            }
        }
        #expect(status.deleted == 1 && status.versions >= 11)
    }

    @Test("PostgreSQL keeps the same counts, per source too, as the SQLite store after the same edits")
    func postgresKeepsTheSameCounts() throws {
        let sqlite = try Backend.sqliteInMemory.fresh().open()
        let postgres = try Backend.postgres.fresh().open()
        try edit(sqlite)
        try edit(postgres)
        let expected = try sqlite.status()
        let kept = try postgres.status()
        #expect(kept.documents == expected.documents && kept.deleted == expected.deleted && kept.versions == expected.versions)
        #expect(kept.clusters == expected.clusters && kept.duplicates == expected.duplicates)
        #expect(kept.sources.map(\.name) == expected.sources.map(\.name))
        for (mine, theirs) in zip(kept.sources, expected.sources) {
            #expect(
                (mine.documents, mine.deleted, mine.versions) == (theirs.documents, theirs.deleted, theirs.versions), "\(mine.name)")
        }
        #expect(kept.documents == 7 && kept.deleted == 1 && kept.versions == 11)
    }
}

@Suite("syncctl reads only stores of its own schema")
struct ReaderSchemaTests {
    @Test("a store an older syncd still writes is refused by the reader with what to do, not misread")
    func olderStore() throws {
        let place = try Backend.sqlite.fresh()
        do { _ = try place.open().mergeOne("a", "one.txt", try seedText(0)) }
        try DatabaseQueue(path: place.location).write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v7-counters'")
        }
        #expect {
            _ = try SQLiteStoreReader(path: place.location, parameters: .default)
        } throws: { error in
            let message = (error as? SyncError)?.description ?? "\(error)"
            return message.contains("predates this version") && message.contains("v7-counters") && message.contains("syncd --once")
        }
    }
}
