import Folders
import Foundation
import SQLiteStore
import Storage
import SyncModel
import Synchronization
import Testing

/// What inotify reports is ingested file by file: only the named files are looked at.
@Suite("Ingesting the files an event names")
struct FolderIngestTests {
    func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test("named files are created, updated and tombstoned; files not named are not touched; unchanged files make no change")
    func namedFiles() async throws {
        let harness = try await FeedHarness(feeds: [], folders: ["docs"])
        let root = harness.folder + "/docs"
        let ingestor = FolderIngestor(writer: StoreWriter(store: harness.store), logger: FeedHarness.quiet)
        try write("Budget\n\nThe council approved the budget on Tuesday after a long debate about roads.\n", root + "/a.txt")
        try write("Schools\n\nThe school board met on Monday to discuss the new term and the buses.\n", root + "/b.txt")
        let first = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20)
        #expect(first.created == 2)
        let head = try harness.store.changeHead()

        try write("Budget\n\nThe council approved the budget on Wednesday after a long debate about roads.\n", root + "/a.txt")
        try FileManager.default.removeItem(atPath: root + "/b.txt")
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try write("Parks\n\nThe parks department planted two hundred trees along the river this spring.\n", root + "/sub/c.txt")
        try write("Not named\n\nA file no event named stays out until a walk finds it.\n", root + "/d.txt")
        let summary = try ingestor.ingest(
            source: "docs", root: root, maxFileSize: 1 << 20, files: ["a.txt", "b.txt", "sub/c.txt", "gone.txt", "notes.bin"])
        #expect(summary.updated == 1 && summary.created == 1 && summary.deleted == 1 && summary.skipped == 1 && summary.failed == 0)
        let changes = try harness.store.changes(since: head, limit: 100).map { "\($0.op.rawValue) \($0.key)" }
        #expect(changes == ["update a.txt", "create sub/c.txt", "delete b.txt"])
        #expect(try harness.store.liveDocuments(source: "docs").map(\.key).sorted() == ["a.txt", "sub/c.txt"])

        let again = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20, files: ["a.txt", "sub/c.txt"])
        #expect(again.unchanged == 2 && again.created + again.updated + again.deleted == 0)
        #expect(try harness.store.changeHead() == head + 3)
    }

    @Test("a full walk merges the sorted listing with the stored keys: new, changed, unchanged and gone are told apart in byte order")
    func walkMergesSortedStreams() async throws {
        let harness = try await FeedHarness(feeds: [], folders: ["docs"])
        let root = harness.folder + "/docs"
        let ingestor = FolderIngestor(writer: StoreWriter(store: harness.store), logger: FeedHarness.quiet)
        // Keys whose byte order differs from a naive string order: '-' < '.' < '/', upper case
        // before lower case, a prefix before its extensions, and the two Unicode forms of é.
        let keys = ["B.txt", "a-b.txt", "a.txt", "a/b.txt", "a/c/d.txt", "ab.txt", "caf\u{E9}.txt", "cafe\u{301}.txt", "z.txt"]
        for directory in ["a", "a/c"] { try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true) }
        for (index, key) in keys.enumerated() {
            try write("Story \(index)\n\nThe council discussed budget item \(index * 37) and the roads of district \(index).\n", root + "/" + key)
        }
        let first = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20)
        #expect(first.created == keys.count)
        #expect(
            try harness.store.liveDocuments(source: "docs").map { Array($0.key.utf8) }
                == keys.map { Array($0.utf8) }.sorted {
                    $0.lexicographicallyPrecedes($1)
                })
        let head = try harness.store.changeHead()

        // Gone: the first and last in byte order and one in the middle; changed: one; new: one
        // that sorts between stored keys and one after all of them.
        for key in ["B.txt", "a/b.txt", "z.txt"] { try FileManager.default.removeItem(atPath: root + "/" + key) }
        try write("Story 6\n\nThe council discussed budget item 999 and the bridges of district 6.\n", root + "/caf\u{E9}.txt")
        try write("Story new\n\nThe library opened a new wing for children and students on Saturday.\n", root + "/a0.txt")
        try write("Story last\n\nThe harbour authority announced new fees for fishing boats this week.\n", root + "/zz.txt")
        let summary = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20)
        #expect(summary.created == 2 && summary.updated == 1 && summary.deleted == 3 && summary.unchanged == 5, "\(summary)")
        let changes = try harness.store.changes(since: head, limit: 100).map { "\($0.op.rawValue) \($0.key)" }
        #expect(
            changes.sorted() == ["create a0.txt", "create zz.txt", "delete B.txt", "delete a/b.txt", "delete z.txt", "update caf\u{E9}.txt"].sorted())
    }

    @Test("a named file that cannot be ingested is a problem of the source until it can; other files' problems stay")
    func problemsComeAndGo() async throws {
        let harness = try await FeedHarness(feeds: [], folders: ["docs"])
        let root = harness.folder + "/docs"
        let ingestor = FolderIngestor(writer: StoreWriter(store: harness.store), logger: FeedHarness.quiet)
        let long = "Long\n\n" + String(repeating: "word ", count: 400) + "\n"
        try write(long, root + "/big.txt")
        try write(long, root + "/other.txt")
        _ = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1000)
        func problems() throws -> [String] {
            try harness.store.status().sources.first { $0.name == "docs" }?.problems.map(\.key) ?? []
        }
        #expect(try problems() == ["big.txt", "other.txt"])

        let summary = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1000, files: ["big.txt"])
        #expect(summary.failed == 1)
        #expect(try problems() == ["big.txt", "other.txt"])

        try write("Short now\n\nIt fits.\n", root + "/big.txt")
        let fixed = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1000, files: ["big.txt"])
        #expect(fixed.created == 1 && fixed.failed == 0)
        #expect(try problems() == ["other.txt"])
        #expect(try harness.store.status().sources.first { $0.name == "docs" }?.filesFailed == 1)
    }

    @Test("a walk merges in batches that start and end small, never above the batch size, and every file is merged once")
    func batchesRampUpAndDown() async throws {
        let harness = try await FeedHarness(feeds: [], folders: ["docs"])
        let root = harness.folder + "/docs"
        var ingestor = FolderIngestor(writer: StoreWriter(store: harness.store), logger: FeedHarness.quiet)
        ingestor.batchSize = 64
        let reads = Mutex<[Int]>([])
        ingestor.progress = { progress in reads.withLock { $0.append(progress.read) } }
        for index in 0..<300 {
            try write(
                "Story \(index)\n\nThe council discussed budget item \(index * 7919) and district \(index % 97) roads.\n", root + "/\(index).txt")
        }
        let summary = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20)
        #expect(summary.created == 300)
        // The first report is the listing (nothing read yet), then one after each batch.
        let read = reads.withLock { $0 }
        let batches = zip(read.dropFirst(), read).map { $0 - $1 }
        #expect(read.first == 0 && read.last == 300, "\(read)")
        #expect(batches.allSatisfy { $0 > 0 && $0 <= 64 }, "\(batches)")
        #expect(batches.first == 16 && batches.last! <= 16 && batches.contains(64), "\(batches)")
        #expect(try harness.store.liveDocuments(source: "docs").count == 300)
    }
}
