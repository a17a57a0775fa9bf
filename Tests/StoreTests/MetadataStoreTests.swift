import Fingerprint
import Foundation
import Storage
import SyncModel
import Testing

@Suite("Article metadata in the store")
struct MetadataStoreTests {
    func document(_ key: String, _ text: String, _ metadata: ArticleMetadata) -> IncomingDocument {
        let article = Article(title: "Title", text: text, metadata: metadata)
        return IncomingDocument(
            source: "a", key: key, article: article,
            fingerprint: Fingerprinter(parameters: .default).fingerprint(article), stamp: nil)
    }

    static let first = ArticleMetadata(
        canonicalURL: "https://example.com/1", language: "ar", direction: "rtl",
        authors: ["كاتب", "Writer"], published: Date(timeIntervalSince1970: 1_700_000_000),
        siteName: "Example", description: "d")

    @Test("each version keeps the metadata it came with; documents without metadata show an empty object", arguments: Backend.allCases)
    func perVersion(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let doc = try store.merge([document("x.html", "First text of the story.", Self.first)])[0].doc
        var second = Self.first
        second.authors = ["Another"]
        #expect(try store.merge([document("x.html", "Second text of the story.", second)])[0].version == 2)
        #expect(try store.document(doc, version: 1).metadata == Self.first)
        #expect(try store.document(doc).metadata == second)
        let bare = try store.merge([document("y.html", "Unrelated words entirely here.", ArticleMetadata())])[0].doc
        #expect(try store.document(bare).metadata.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(try store.document(bare)), as: UTF8.self)
        #expect(json.contains("\"metadata\":{}"))
    }

    @Test("the same text with other metadata makes no version and leaves the stored metadata", arguments: Backend.allCases)
    func metadataOnlyChange(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let created = try store.merge([document("x.html", "The same text.", Self.first)])[0]
        var changed = Self.first
        changed.description = "edited"
        let again = try store.merge([document("x.html", "The same text.", changed)])[0]
        #expect(again.op == nil && again.version == 1)
        #expect(try store.document(created.doc).metadata == Self.first)
        #expect(try store.allChanges().map(\.op) == [.create])
    }

    @Test("metadata never changes the fingerprint")
    func fingerprint() {
        let plain = document("x", "Some words of an article body.", ArticleMetadata())
        let rich = document("x", "Some words of an article body.", Self.first)
        #expect(plain.fingerprint.signature == rich.fingerprint.signature)
        #expect(plain.fingerprint.contentHash == rich.fingerprint.contentHash)
        #expect(plain.bodyHash == rich.bodyHash)
        #expect(plain.metadataJSON == nil && rich.metadataJSON != nil)
    }
}
