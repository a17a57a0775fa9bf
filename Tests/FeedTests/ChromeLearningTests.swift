import Extract
import Folders
import Foundation
import SQLiteStore
import Storage
import SyncModel
import TestSupport
import Testing

/// A folder source of page dumps teaches the store its site's chrome; `Reextractor` applies it
/// to the kept inputs; files that did not change never get a new version from it.
@Suite("Per-source chrome learning")
struct ChromeLearningTests {
    /// Clean text (a title line, then paragraphs) holding lines the site repeats as chrome.
    static let clean =
        "A note on the harbour\n\nThe budget passed late on Tuesday, and the residents who had filled the chamber all evening went home "
        + "tired but glad that the old quay would finally be repaired before the winter storms.\n\n\(PageDumpSite.advertisement)\n\n"
        + "\(PageDumpSite.donate)\n"

    func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func text(_ store: any DocumentStore, _ key: String) throws -> (text: String, version: Int) {
        let view = try store.document(try store.resolve("docs:" + key))
        return (view.title + "\n\n" + view.text, view.version)
    }

    func known(_ store: any DocumentStore) throws -> Set<UInt64> {
        SourceChromeModel().knownChrome(try store.pageLineCounts(source: "docs", minDocuments: SourceChromeModel().minDocuments))
    }

    @Test("ingest learns the chrome; reextract makes a version only where the text changes; unchanged files never get one")
    func learnAndReextract() async throws {
        let harness = try await FeedHarness(feeds: [], folders: ["docs"])
        let root = harness.folder + "/docs"
        let store = harness.store
        let writer = StoreWriter(store: store)
        let ingestor = FolderIngestor(writer: writer, logger: FeedHarness.quiet)
        let pages = PageDumpSite.stories.indices
        for index in pages { try write(PageDumpSite.page(index), root + "/page\(index).txt") }
        try write(Self.clean, root + "/clean.txt")
        // The first pass knows nothing yet: the advertisement line and the donate blurb, which
        // the classifier alone takes for text, stay.
        #expect(try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20).created == pages.count + 1)
        #expect(try text(store, "page0.txt").text.contains(PageDumpSite.donate))
        #expect(try text(store, "page0.txt").text.contains(PageDumpSite.advertisement))
        let counts = try store.pageLineCounts(source: "docs", minDocuments: 3)
        #expect(counts.documents == pages.count)
        #expect(try known(store).count >= PageDumpSite.menu.count + 4)

        // Files that did not change get no new version from what the source learned since, not
        // even when a rescan reads them again (touched: a new modification time, the same bytes).
        let head = try store.changeHead()
        #expect(try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20).unchanged == pages.count + 1)
        for index in pages {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: root + "/page\(index).txt")
        }
        let touched = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20)
        #expect(touched.unchanged == pages.count + 1 && touched.updated == 0)
        #expect(try store.changeHead() == head)
        #expect(try text(store, "page0.txt").text.contains(PageDumpSite.donate))

        // A dry run counts and writes nothing.
        let dry = try Reextractor(store: store, writer: nil).reextract(source: "docs", maxFileSize: 1 << 20)
        #expect(dry.documents == pages.count + 1 && dry.inputs == pages.count && dry.changed == pages.count && dry.failures.isEmpty)
        #expect(try store.changeHead() == head)

        let run = try Reextractor(store: store, writer: writer).reextract(source: "docs", maxFileSize: 1 << 20)
        #expect(run.changed == pages.count)
        // Every article whole, and only its own: the site's chrome is gone, the headline stays.
        for index in pages {
            let stored = try text(store, "page\(index).txt")
            #expect(stored.text == PageDumpSite.article(index), "page\(index).txt")
            #expect(stored.version == 2)
        }
        #expect(try text(store, "clean.txt") == (Self.clean.trimmingCharacters(in: .newlines), 1))
        let changes = try store.changes(since: head, limit: 100)
        #expect(changes.filter { $0.op == .update }.count == pages.count)
        #expect(try Reextractor(store: store, writer: writer).reextract(source: "docs", maxFileSize: 1 << 20).changed == 0)
        let settled = try store.changeHead()

        #expect(try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20).unchanged == pages.count + 1)
        #expect(try store.changeHead() == settled)

        // A changed file is read with what the source knows.
        let added = "The harbour master said the work would start in September and last for about two years, weather permitting."
        try write(PageDumpSite.page(3).replacingOccurrences(of: PageDumpSite.donate, with: added + "\n\n" + PageDumpSite.donate), root + "/page3.txt")
        #expect(try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20).updated == 1)
        #expect(try text(store, "page3.txt").text == PageDumpSite.article(3) + "\n\n" + added)

        // A deleted page no longer counts.
        try FileManager.default.removeItem(atPath: root + "/page5.txt")
        #expect(try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20).deleted == 1)
        #expect(try store.pageLineCounts(source: "docs", minDocuments: 3).documents == pages.count - 1)
    }

    @Test("the order files arrive in does not change what reextract makes of them")
    func orderDoesNotMatter() async throws {
        var texts: [[String]] = []
        for order in [Array(PageDumpSite.stories.indices), Array(PageDumpSite.stories.indices.reversed())] {
            let harness = try await FeedHarness(feeds: [], folders: ["docs"])
            let root = harness.folder + "/docs"
            let writer = StoreWriter(store: harness.store)
            let ingestor = FolderIngestor(writer: writer, logger: FeedHarness.quiet)
            // One file per pass: each pass reads with what the passes before taught.
            for index in order {
                try write(PageDumpSite.page(index), root + "/page\(index).txt")
                _ = try ingestor.ingest(source: "docs", root: root, maxFileSize: 1 << 20, files: ["page\(index).txt"])
            }
            _ = try Reextractor(store: harness.store, writer: writer).reextract(source: "docs", maxFileSize: 1 << 20)
            texts.append(try PageDumpSite.stories.indices.map { try text(harness.store, "page\($0).txt").text })
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0] == PageDumpSite.stories.indices.map(PageDumpSite.article))
    }
}
