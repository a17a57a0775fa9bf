import Fingerprint
import Foundation
import Storage
import SyncModel
import Testing

/// The per-source counts of page-dump lines follow the documents' latest inputs through
/// creates, updates and deletes, and a text extracted again never replaces a newer version.
@Suite("Page-dump line counts in the store")
struct PageLineStoreTests {
    func page(_ key: String, _ text: String, lines: [UInt64], source: String = "a") -> IncomingDocument {
        var document = incoming(source, key, text)
        document.pageLines = lines.map { PageLine(hash: $0, words: Int($0 % 20) + 1) }
        return document
    }

    func counts(_ store: any DocumentStore, _ source: String = "a", min: Int = 1) throws -> [UInt64: Int] {
        Dictionary(uniqueKeysWithValues: try store.pageLineCounts(source: source, minDocuments: min).lines.map { ($0.line.hash, $0.documents) })
    }

    @Test("counts follow creates, updates, deletes and sources", arguments: Backend.allCases)
    func counting(backend: Backend) throws {
        let store = try backend.fresh().open()
        let menu: UInt64 = 0xFFFF_0000_0000_0001  // above Int64.max: stored by its bits
        _ = try store.merge([
            page("1.txt", "One\nThe first story.", lines: [menu, 2, 3]),
            page("2.txt", "Two\nThe second story.", lines: [menu, 2, 4]),
            page("3.txt", "Three\nThe third story.", lines: [menu, 5]),
            page("4.txt", "Four\nAnother source's story.", lines: [menu, 6], source: "b"),
            incoming("a", "clean.txt", "Clean\nNo page dump."),
        ])
        #expect(try store.pageLineCounts(source: "a", minDocuments: 1).documents == 3)
        // Only lines in two documents or more are ever asked for.
        #expect(try counts(store) == [menu: 3, 2: 2])
        #expect(try counts(store, min: 3) == [menu: 3])
        #expect(try counts(store, "b") == [:])

        // An update replaces the document's lines; one that is no page dump any more drops them.
        _ = try store.merge([page("1.txt", "One\nThe first story, edited.", lines: [menu, 4])])
        #expect(try counts(store) == [menu: 3, 4: 2])
        _ = try store.merge([incoming("a", "2.txt", "Two\nNow clean text.")])
        #expect(try counts(store) == [menu: 2])
        #expect(try store.pageLineCounts(source: "a", minDocuments: 1).documents == 2)
        // The same text from other lines (a changed dateline) still updates the counts.
        _ = try store.merge([page("3.txt", "Three\nThe third story.", lines: [menu, 4])])
        #expect(try counts(store) == [menu: 2, 4: 2])
        try store.tombstone(source: "a", keys: ["3.txt"])
        #expect(try counts(store) == [:])
        #expect(try store.pageLineCounts(source: "a", minDocuments: 1).documents == 1)
    }

    @Test(
        "one batch that creates a page dump, updates it and adds its copy: every version, body and count is there after it commits",
        arguments: Backend.allCases)
    func oneBatchWritesEverything(backend: Backend) throws {
        let store = try backend.fresh().open()
        let story = "A long story about the river. It flooded the old town twice this spring, and the people there rebuilt the bridge."
        let results = try store.merge([
            page("1.txt", "One\n" + story, lines: [1, 2, 3]),
            page("1.txt", "One, edited\n" + story + " Then it rained again.", lines: [1, 4]),
            page("2.txt", "One copy\n" + story + " Then it rained again.", lines: [1, 5]),
        ])
        #expect(results.map(\.op) == [.create, .update, .create])
        let doc = try store.resolve("a:1.txt")
        #expect(try store.versions(doc).map(\.version) == [1, 2])
        #expect(try store.document(doc, version: 1).text == story)
        #expect(try store.document(doc, version: nil).text == story + " Then it rained again.")
        // The copy merged after the update found it: one cluster of two.
        #expect(results[2].cluster != nil)
        #expect(try store.duplicateClusters().map { $0.members.count } == [2])
        // The counts are the documents' last lines.
        #expect(try counts(store) == [1: 2])  // (lines of one document are never asked for)
        #expect(try store.pageLineCounts(source: "a", minDocuments: 1).documents == 2)
    }

    @Test("a file whose bytes did not change keeps its text; a text from a stale input loses", arguments: Backend.allCases)
    func sameInputAndStaleInput(backend: Backend) throws {
        let store = try backend.fresh().open()
        let stamp = FileStamp(size: 10, modifiedNanoseconds: 1, inode: 1)
        func file(_ text: String, original: String) -> IncomingDocument {
            let base = incoming("a", "page.txt", text)
            var document = IncomingDocument(
                source: "a", key: "page.txt", article: base.article, fingerprint: base.fingerprint, stamp: stamp, original: Array(original.utf8))
            document.unchangedOriginalKeepsText = true
            document.pageLines = [PageLine(hash: 7, words: 1)]
            return document
        }
        _ = try store.merge([file("Title\nThe text with chrome.", original: "menu\nTitle\nThe text with chrome.")])
        // The input is kept for `syncctl reextract`, with the file's stamp.
        let kept = try #require(try store.storedInputs(source: "a").first)
        #expect(kept.key == "page.txt" && kept.stamp == stamp && kept.version == 1 && kept.pageLines == [7])
        #expect(
            try BlobCodec.decompress(#require(kept.compressedOriginal), size: kept.originalSize) == Array("menu\nTitle\nThe text with chrome.".utf8))
        // The same bytes read with a model that learned more: no new version.
        #expect(try store.merge([file("Title\nThe text.", original: "menu\nTitle\nThe text with chrome.")])[0].op == nil)
        // New bytes: a new version.
        #expect(try store.merge([file("Title\nThe new text.", original: "menu\nTitle\nThe new text.")])[0].op == .update)

        var stale = incoming("a", "page.txt", "Title\nA text extracted from the first input.")
        stale.replacesVersion = 1
        #expect(try store.merge([stale])[0].op == nil)
        #expect(try store.document(try store.resolve("a:page.txt")).text == "The new text.")
        stale.replacesVersion = 2
        #expect(try store.merge([stale])[0].op == .update)
    }
}
