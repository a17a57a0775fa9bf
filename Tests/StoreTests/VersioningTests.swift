import Foundation
import Folders
import Storage
import SyncModel
import Testing

@Suite("Versions, deletes and the change log")
struct VersioningTests {
    @Test("a new document is version 1 with a create change; the same text again changes nothing", arguments: Backend.allCases)
    func createAndUnchanged(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let first = try store.mergeOne("a", "x.txt", try seedText(0))
        #expect(first.op == .create && first.version == 1)
        let again = try store.mergeOne("a", "x.txt", try seedText(0))
        #expect(again.op == nil && again.version == 1)
        let changes = try store.allChanges()
        #expect(changes.map(\.op) == [.create])
        #expect(changes[0].doc == first.doc && changes[0].source == "a" && changes[0].key == "x.txt" && changes[0].cluster == nil)
    }

    @Test("changed content makes version n+1 and the old text stays retrievable", arguments: Backend.allCases)
    func update(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let original = try seedText(1)
        let doc = try store.mergeOne("a", "x.txt", original).doc
        let second = try store.mergeOne("a", "x.txt", original + "\nفقرة جديدة أضيفت لاحقا.")
        #expect(second.op == .update && second.version == 2 && second.doc == doc)
        #expect(try store.document(doc, version: 1).text == String(original.split(separator: "\n", maxSplits: 1)[1]))
        #expect(try store.document(doc).text.hasSuffix("فقرة جديدة أضيفت لاحقا."))
        #expect(try store.versions(doc).map(\.version) == [1, 2])
        #expect(try store.allChanges().map(\.op) == [.create, .update])
    }

    @Test("a vanished document becomes a tombstone with its history; it can come back", arguments: Backend.allCases)
    func deleteAndRevive(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let doc = try store.mergeOne("a", "x.txt", try seedText(2)).doc
        #expect(try store.tombstone(source: "a", keys: ["x.txt", "never-existed.txt"]) == 1)
        let view = try store.document(doc)
        #expect(view.deleted && view.version == 1)
        #expect(try store.status().documents == 0)
        #expect(try store.tombstone(source: "a", keys: ["x.txt"]) == 0)  // already gone: nothing doubled
        let back = try store.mergeOne("a", "x.txt", try seedText(2))
        #expect(back.op == .update && back.version == 2 && back.doc == doc)
        let changes = try store.allChanges()
        #expect(changes.map(\.op) == [.create, .delete, .update])
        #expect(changes.map(\.version) == [1, 1, 2])
    }

    @Test("seq strictly increases and a reopened store continues the log", arguments: Backend.allCases)
    func sequence(_ backend: Backend) throws {
        let place = try backend.fresh()
        do {
            let store = try place.open()
            for i in 0..<3 { _ = try store.mergeOne("a", "\(i).txt", try seedText(i)) }
        }
        let store = try place.open()
        _ = try store.mergeOne("b", "3.txt", try seedText(3))
        let seqs = try store.allChanges().map(\.seq)
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count && seqs.count == 4)
        #expect(try store.changes(since: seqs[1], limit: 10).map(\.seq) == Array(seqs[2...]))
        #expect(try store.changes(since: seqs[1], limit: 1).count == 1)
    }

    @Test("identical bodies are stored once", arguments: Backend.allCases)
    func blobsStoredOnce(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(4)
        _ = try store.mergeOne("a", "one.txt", text)
        _ = try store.mergeOne("b", "two.txt", text)
        let versions = try store.versions(try store.resolve("a:one.txt")) + store.versions(try store.resolve("b:two.txt"))
        #expect(versions[0].blob == versions[1].blob)
    }

    @Test("unknown references are clear errors", arguments: Backend.allCases)
    func unknownReferences(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        #expect(throws: SyncError.self) { try store.resolve("a:missing.txt") }
        #expect(throws: SyncError.self) { try store.resolve("42") }
        let doc = try store.mergeOne("a", "x.txt", try seedText(0)).doc
        let error = #expect(throws: SyncError.self) { try store.document(doc, version: 9) }
        #expect(error?.message == "document \(doc) has no version 9")
    }
}
