import Foundation
import Folders
import Storage
import SyncModel
import Testing

@Suite("Near-duplicate clusters")
struct ClusterTests {
    @Test("the five seeds are five different stories: no cluster", arguments: Backend.allCases)
    func seedsDoNotCluster(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        for i in 0..<5 { #expect(try store.mergeOne("a", "\(i).txt", try seedText(i)).cluster == nil) }
        #expect(try store.duplicateClusters().isEmpty)
    }

    @Test("a light edit from another source joins the original's cluster; the canonical stays the first", arguments: Backend.allCases)
    func clusterAcrossSources(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(3)
        let first = try store.mergeOne("a", "story.txt", text)
        let second = try store.mergeOne("b", "copy.txt", lightlyEdited(text))
        let third = try store.mergeOne("b", "retyped.txt", text.replacingOccurrences(of: "أ", with: "ا") + "\nتابعونا على تيليجرام")
        let clusters = try store.duplicateClusters()
        #expect(clusters.count == 1)
        #expect(clusters[0].members.map(\.doc) == [first.doc, second.doc, third.doc])
        #expect(clusters[0].members.map(\.canonical) == [true, false, false])
        #expect(clusters[0].members[1].similarity > 0.3 && clusters[0].members[1].similarity < 1)
        // The first member was pulled in by the second: a `cluster` change says so.
        let changes = try store.allChanges()
        #expect(changes.map(\.op) == [.create, .create, .cluster, .create])
        #expect(changes[2].doc == first.doc && changes[2].canonical && changes[2].cluster == second.cluster)
        #expect(changes[3].cluster == second.cluster && !changes[3].canonical)
    }

    @Test("an update that makes a member dissimilar takes it out; the last pair dissolves", arguments: Backend.allCases)
    func updateLeavesCluster(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(2)
        let original = try store.mergeOne("a", "one.txt", text)
        let copy = try store.mergeOne("b", "two.txt", lightlyEdited(text))
        #expect(copy.cluster != nil)
        let rewritten = try store.mergeOne("b", "two.txt", try seedText(4))
        #expect(rewritten.op == .update && rewritten.cluster == nil)
        #expect(try store.duplicateClusters().isEmpty)
        let last = try store.allChanges().suffix(2)
        #expect(last.map(\.op) == [.update, .cluster])
        #expect(last.last?.doc == original.doc && last.last?.cluster == nil)
    }

    @Test("deleting the canonical member hands the role to the earliest remaining member", arguments: Backend.allCases)
    func deleteCanonical(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(1)
        let a = try store.mergeOne("a", "1.txt", text)
        let b = try store.mergeOne("a", "2.txt", lightlyEdited(text, every: 30))
        let c = try store.mergeOne("a", "3.txt", lightlyEdited(text, every: 40))
        #expect(try store.duplicateClusters().first?.members.first?.doc == a.doc)
        try store.tombstone(source: "a", keys: ["1.txt"])
        let clusters = try store.duplicateClusters()
        #expect(clusters.count == 1 && clusters[0].cluster == b.cluster)
        #expect(clusters[0].members.map(\.doc) == [b.doc, c.doc])
        #expect(clusters[0].members[0].canonical)
        let last = try store.allChanges().suffix(2)
        #expect(last.map(\.op) == [.delete, .cluster])
        #expect(last.last?.doc == b.doc && last.last?.canonical == true)
    }

    @Test("a document linking two clusters merges them into the older one", arguments: Backend.allCases)
    func bridgeMerges(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let left = try seedText(0), right = try seedText(2)
        // Two pairs, then a document holding most of both texts links them.
        let a1 = try store.mergeOne("a", "a1.txt", left)
        let a2 = try store.mergeOne("a", "a2.txt", lightlyEdited(left))
        let b1 = try store.mergeOne("b", "b1.txt", right)
        _ = try store.mergeOne("b", "b2.txt", lightlyEdited(right))
        #expect(try store.duplicateClusters().count == 2)
        let bridge = try store.mergeOne("a", "bridge.txt", left + "\n" + right)
        let clusters = try store.duplicateClusters()
        #expect(clusters.count == 1 && clusters[0].members.count == 5)
        #expect(clusters[0].members.first?.doc == a1.doc && bridge.cluster == a2.cluster)
        #expect(clusters[0].members.contains { $0.doc == b1.doc && !$0.canonical })
    }

    @Test("removing the bridge splits the cluster into the groups still alike", arguments: Backend.allCases)
    func bridgeRemovedSplits(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let left = try seedText(0), right = try seedText(2)
        _ = try store.mergeOne("a", "a1.txt", left)
        _ = try store.mergeOne("a", "a2.txt", lightlyEdited(left))
        _ = try store.mergeOne("a", "bridge.txt", left + "\n" + right)
        _ = try store.mergeOne("b", "b1.txt", right)
        _ = try store.mergeOne("b", "b2.txt", lightlyEdited(right))
        #expect(try store.duplicateClusters().count == 1)
        try store.tombstone(source: "a", keys: ["bridge.txt"])
        let clusters = try store.duplicateClusters()
        #expect(clusters.map { $0.members.map(\.key) } == [["a1.txt", "a2.txt"], ["b1.txt", "b2.txt"]])
        #expect(clusters.allSatisfy { $0.members.filter(\.canonical).count == 1 })
    }

    @Test("the index survives a restart: a new copy matches without re-reading anything", arguments: Backend.allCases)
    func indexSurvivesRestart(_ backend: Backend) throws {
        let place = try backend.fresh()
        let text = try seedText(3)
        do { _ = try place.open().mergeOne("a", "1.txt", text) }
        let reopened = try place.open()
        #expect(try reopened.mergeOne("b", "copy.txt", lightlyEdited(text)).cluster != nil)
    }

    @Test("a light edit of the canonical keeps the cluster id and the canonical; no cluster rows", arguments: Backend.allCases)
    func lightEditOfCanonicalKeepsIdentity(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(1)
        let a = try store.mergeOne("a", "1.txt", text)
        let b = try store.mergeOne("a", "2.txt", lightlyEdited(text, every: 30))
        _ = try store.mergeOne("a", "3.txt", lightlyEdited(text, every: 40))
        let before = try store.allChanges().count
        let edited = try store.mergeOne("a", "1.txt", text + "\nسطر أضيف في التحديث.")
        #expect(edited.op == .update && edited.cluster == b.cluster)
        let after = try store.allChanges().dropFirst(before)
        #expect(after.map(\.op) == [.update])
        #expect(after.first?.canonical == true && after.first?.doc == a.doc)
        let clusters = try store.duplicateClusters()
        #expect(clusters.count == 1 && clusters[0].members.first?.doc == a.doc && clusters[0].members.first?.canonical == true)
    }

    @Test("a light edit inside a two-member cluster changes neither member's cluster", arguments: Backend.allCases)
    func lightEditInPairKeepsIdentity(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(3)
        _ = try store.mergeOne("a", "1.txt", text)
        let b = try store.mergeOne("b", "2.txt", lightlyEdited(text))
        let before = try store.allChanges().count
        let edited = try store.mergeOne("b", "2.txt", lightlyEdited(text, every: 20))
        #expect(edited.cluster == b.cluster)
        #expect(try store.allChanges().dropFirst(before).map(\.op) == [.update])
    }

    @Test("an older document updated into a match becomes the canonical: the earliest arrival", arguments: Backend.allCases)
    func olderDocumentUpdatedIntoMatchIsCanonical(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let old = try store.mergeOne("a", "old.txt", try seedText(0))
        let newer = try store.mergeOne("b", "new.txt", try seedText(4))
        let edited = try store.mergeOne("a", "old.txt", lightlyEdited(try seedText(4)))
        let clusters = try store.duplicateClusters()
        #expect(edited.cluster != nil && clusters.count == 1)
        #expect(clusters[0].members.map(\.doc) == [old.doc, newer.doc])
        #expect(clusters[0].members.map(\.canonical) == [true, false])
    }

    @Test("when clusters merge, the absorbed canonical's similarity is the link that joined it", arguments: Backend.allCases)
    func absorbedCanonicalSimilarity(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let left = try seedText(0), right = try seedText(2)
        _ = try store.mergeOne("a", "a1.txt", left)
        _ = try store.mergeOne("a", "a2.txt", lightlyEdited(left))
        let b1 = try store.mergeOne("b", "b1.txt", right)
        _ = try store.mergeOne("b", "b2.txt", lightlyEdited(right))
        _ = try store.mergeOne("a", "bridge.txt", left + "\n" + right)
        let member = try #require(try store.duplicateClusters().first?.members.first { $0.doc == b1.doc })
        #expect(!member.canonical && member.similarity < 1 && member.similarity >= 0.45)
    }

    @Test("when the canonical is updated away, the rest keep the cluster id, as after a delete", arguments: Backend.allCases)
    func canonicalUpdatedAway(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(1)
        _ = try store.mergeOne("a", "1.txt", text)
        let b = try store.mergeOne("a", "2.txt", lightlyEdited(text, every: 30))
        let c = try store.mergeOne("a", "3.txt", lightlyEdited(text, every: 40))
        _ = try store.mergeOne("a", "1.txt", try seedText(4))
        let clusters = try store.duplicateClusters()
        #expect(clusters.count == 1 && clusters[0].cluster == b.cluster)
        #expect(clusters[0].members.map(\.doc) == [b.doc, c.doc] && clusters[0].members[0].canonical)
    }

    @Test("a re-typed exact copy (equal after normalization) joins with similarity 1", arguments: Backend.allCases)
    func exactDuplicate(_ backend: Backend) throws {
        let store = try backend.fresh().open()
        let text = try seedText(2)
        let first = try store.mergeOne("a", "1.txt", text)
        let retyped = text.replacingOccurrences(of: "أ", with: "ا").replacingOccurrences(of: "ة", with: "ه")
        #expect(retyped != text)
        let copy = try store.mergeOne("b", "copy.txt", retyped)
        let member = try #require(try store.duplicateClusters().first?.members.first { $0.doc == copy.doc })
        #expect(copy.cluster != nil && member.similarity == 1 && !member.canonical)
        #expect(try store.duplicateClusters().first?.members.first?.doc == first.doc)
    }
}
