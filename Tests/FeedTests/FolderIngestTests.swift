import Folders
import Foundation
import SQLiteStore
import Storage
import SyncModel
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
}
