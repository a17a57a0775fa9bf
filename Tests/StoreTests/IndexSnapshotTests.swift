import Dedup
import Fingerprint
import Foundation
@testable import SQLiteStore
import Storage
import SyncModel
import Testing

/// Texts built from the seed articles' words, every fourth a light edit of an earlier one (its
/// near-duplicate), each with a title line.
func snapshotCorpus(_ count: Int, seed: UInt64) throws -> [String] {
    var words: [String] = []
    for i in 0..<5 { words += try seedText(i).split(whereSeparator: \.isWhitespace).map(String.init) }
    var state = seed
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33)
    }
    var texts: [String] = []
    for i in 0..<count {
        if i >= 4 && i % 4 == 0 {
            texts.append(lightlyEdited(texts[next() % texts.count], every: 30))
        } else {
            texts.append("عنوان \(seed)-\(i)\n" + (0..<(80 + next() % 80)).map { _ in words[next() % words.count] }.joined(separator: " "))
        }
    }
    return texts
}

@Suite("the near-duplicate index snapshot beside a SQLite store")
struct IndexSnapshotTests {
    let fingerprinter = Fingerprinter(parameters: .default)

    func open(_ path: String, parameters: DedupParameters = .default) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path, parameters: parameters)
        try store.registerSources([StoreSource(name: "a", kind: .folder, location: "/tmp/a")])
        return store
    }

    func ingest(_ store: SQLiteStore, _ texts: [String], prefix: String) throws {
        for start in stride(from: 0, to: texts.count, by: 25) {
            _ = try store.merge((start..<min(start + 25, texts.count)).map { incoming("a", "\(prefix)\($0)", texts[$0]) })
        }
    }

    /// What the full and the lead index answer for each probe.
    func answers(_ store: SQLiteStore, _ probes: [String]) -> [[Int64]] {
        probes.flatMap { text -> [[Int64]] in
            let fingerprint = fingerprinter.fingerprint(text: text)
            return [
                store.indexCandidates(for: fingerprint.signature, lead: false).map(\.id),
                fingerprint.leadSignature.map { store.indexCandidates(for: $0, lead: true).map(\.id) } ?? [],
            ]
        }
    }

    func copyFolder(_ from: String) throws -> String {
        let to = try makeTemporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: from) {
            try FileManager.default.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
        }
        return to
    }

    @Test("a reopened store maps its snapshot instead of rebuilding, and answers as a rebuilt index does")
    func reopenDoesNotRebuild() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(240, seed: 1)
        let probes = Array(corpus.prefix(40)) + (try snapshotCorpus(20, seed: 2))
        var store: SQLiteStore? = try open(folder + "/store.db")
        try ingest(store!, corpus, prefix: "d")
        try store!.saveIndex(minimum: 0)
        let head = try store!.changeHead()
        let expected = answers(store!, probes)
        #expect(expected.contains { $0.count >= 2 })
        store = nil
        let reopened = try open(folder + "/store.db")
        #expect(reopened.indexReport.rebuilds == 0)
        #expect(reopened.indexReport.replayed == 0)
        #expect(reopened.indexReport.snapshotSeq == head)
        #expect(reopened.indexReport.documents == 240)
        #expect(answers(reopened, probes) == expected)
        // Without the snapshot the store rebuilds, says why, and finds the same candidates.
        let copy = try copyFolder(folder)
        try FileManager.default.removeItem(atPath: copy + "/store.db-lsh")
        let rebuilt = try open(copy + "/store.db")
        #expect(rebuilt.indexReport.rebuilds == 1)
        #expect(rebuilt.indexReport.lastRebuildReason == "store.db-lsh: no snapshot")
        #expect(answers(rebuilt, probes) == expected)
        // …and writes a new snapshot, so the next open maps it again.
        #expect(FileManager.default.fileExists(atPath: copy + "/store.db-lsh"))
    }

    @Test("a snapshot older than the store replays the creates, edits and deletes after it")
    func olderSnapshotReplays() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(200, seed: 3)
        let later = try snapshotCorpus(80, seed: 4)
        var store: SQLiteStore? = try open(folder + "/store.db")
        try ingest(store!, corpus, prefix: "d")
        try store!.saveIndex(minimum: 0)
        let old = try copyFolder(folder)
        // After the snapshot: new documents, near-duplicates of old ones, edits, deletes.
        try ingest(store!, later, prefix: "n")
        _ = try store!.merge((0..<20).map { incoming("a", "d\($0 * 5)", later[$0 + 40]) })
        _ = try store!.merge((0..<10).map { incoming("a", "x\($0)", lightlyEdited(corpus[$0 * 7 + 1], every: 40)) })
        #expect(try store!.tombstone(source: "a", keys: (0..<15).map { "d\($0 * 7 + 1)" }) == 15)
        try store!.saveIndex(minimum: 0)
        let probes = Array(corpus.prefix(50)) + Array(later.prefix(50))
        let expected = answers(store!, probes)
        let clusters = try store!.duplicateClusters().map { $0.members.map(\.doc) }
        store = nil
        // The database as it is now beside the snapshot as it was (a crash before the new
        // snapshot was renamed into place leaves exactly this).
        for name in ["store.db-lsh", "store.db-lsh-leads"] {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
            try FileManager.default.copyItem(atPath: old + "/" + name, toPath: folder + "/" + name)
        }
        let reopened = try open(folder + "/store.db")
        #expect(reopened.indexReport.rebuilds == 0)
        #expect(reopened.indexReport.replayed >= 80 + 20 + 10 + 15 - 5)
        #expect(reopened.indexReport.documents == 200 + 80 + 10 - 15)
        #expect(answers(reopened, probes) == expected)
        // Merging the same near-duplicates into it and into a rebuilt copy clusters them alike.
        let copy = try copyFolder(folder)
        for name in ["store.db-lsh", "store.db-lsh-leads"] { try FileManager.default.removeItem(atPath: copy + "/" + name) }
        let rebuilt = try open(copy + "/store.db")
        #expect(rebuilt.indexReport.rebuilds == 1)
        #expect(try rebuilt.duplicateClusters().map { $0.members.map(\.doc) } == clusters)
        let more = (0..<30).map { incoming("a", "m\($0)", lightlyEdited(($0 % 2 == 0 ? corpus : later)[$0 * 2 + 1], every: 35)) }
        #expect(try reopened.merge(more).map(\.cluster) == (try rebuilt.merge(more).map(\.cluster)))
        #expect(try reopened.duplicateClusters().map { $0.members.map(\.doc) } == (try rebuilt.duplicateClusters().map { $0.members.map(\.doc) }))
        #expect(try reopened.duplicateClusters().count > clusters.count)
    }

    @Test("a damaged, foreign or too new snapshot is ignored and rebuilt, saying why")
    func unusableSnapshots() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(120, seed: 5)
        var store: SQLiteStore? = try open(folder + "/store.db")
        try ingest(store!, Array(corpus.prefix(60)), prefix: "d")
        let backup = try copyFolder(folder)
        try ingest(store!, Array(corpus.suffix(60)), prefix: "e")
        try store!.saveIndex(minimum: 0)
        let probes = Array(corpus.prefix(30))
        let expected = answers(store!, probes)
        store = nil

        func reopen(_ damage: (String) throws -> Void, parameters: DedupParameters = .default) throws -> (SQLiteStore, String?) {
            let copy = try copyFolder(folder)
            try damage(copy)
            let store = try open(copy + "/store.db", parameters: parameters)
            #expect(store.indexReport.rebuilds == 1)
            return (store, store.indexReport.lastRebuildReason)
        }
        let truncated = try reopen { copy in
            let handle = try #require(FileHandle(forWritingAtPath: copy + "/store.db-lsh"))
            try handle.truncate(atOffset: 4000)
            try handle.close()
        }
        #expect(truncated.1?.contains("partial write") == true)
        #expect(answers(truncated.0, probes) == expected)
        let garbage = try reopen { copy in try Data(repeating: 0x5A, count: 10_000).write(to: URL(fileURLWithPath: copy + "/store.db-lsh-leads")) }
        #expect(garbage.1 == "store.db-lsh-leads: not a syncd index snapshot")
        #expect(answers(garbage.0, probes) == expected)
        var other = DedupParameters.default
        other.threshold = 0.6
        let foreign = try reopen({ _ in }, parameters: other)
        #expect(foreign.1?.contains("bands of") == true)
        // A store restored from a backup (older than the snapshot): the snapshot is too new.
        let restored = try reopen { copy in
            for name in ["store.db", "store.db-wal", "store.db-shm"] {
                try? FileManager.default.removeItem(atPath: copy + "/" + name)
                if FileManager.default.fileExists(atPath: backup + "/" + name) {
                    try FileManager.default.copyItem(atPath: backup + "/" + name, toPath: copy + "/" + name)
                }
            }
        }
        #expect(restored.1?.contains("the store ends at") == true)
        #expect(restored.0.indexReport.documents == 60)
        // …and a restored backup written since, back to the snapshot's seq: another history.
        let rewritten = try reopen { copy in
            for name in ["store.db", "store.db-wal", "store.db-shm"] {
                try? FileManager.default.removeItem(atPath: copy + "/" + name)
                if FileManager.default.fileExists(atPath: backup + "/" + name) {
                    try FileManager.default.copyItem(atPath: backup + "/" + name, toPath: copy + "/" + name)
                }
            }
            let restoredStore = try SQLiteStore(path: copy + "/store.db", parameters: .default)
            try restoredStore.registerSources([StoreSource(name: "a", kind: .folder, location: "/tmp/a")])
            try ingest(restoredStore, corpus.map { $0 + " مختلف" }, prefix: "z")
            try FileManager.default.copyItem(atPath: folder + "/store.db-lsh", toPath: copy + "/store.db-lsh.keep")
            try FileManager.default.removeItem(atPath: copy + "/store.db-lsh")
            try FileManager.default.moveItem(atPath: copy + "/store.db-lsh.keep", toPath: copy + "/store.db-lsh")
        }
        #expect(rewritten.1?.contains("restored from a backup") == true)
    }

    @Test("snapshots written in the background while merges go on are adopted with what changed meanwhile")
    func backgroundSnapshots() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(400, seed: 7)
        var store: SQLiteStore? = try open(folder + "/store.db")
        store!.setSnapshotMinimum(40)
        for start in stride(from: 0, to: 400, by: 25) {
            try ingest(store!, Array(corpus[start..<(start + 25)]), prefix: "d\(start)-")
            // Edits and deletes of documents already in a snapshot, or in one being written.
            if start >= 100 {
                _ = try store!.merge([incoming("a", "d\(start - 100)-3", corpus[start + 1])])
                #expect(try store!.tombstone(source: "a", keys: ["d\(start - 100)-5"]) == 1)
            }
        }
        try store!.saveIndex(minimum: .max)  // waits for a snapshot being written, writes none
        #expect(store!.indexReport.snapshotsWritten >= 2)
        let probes = Array(corpus.prefix(60))
        let expected = answers(store!, probes)
        store = nil
        let copy = try copyFolder(folder)
        let reopened = try open(folder + "/store.db")
        #expect(reopened.indexReport.rebuilds == 0)
        #expect(answers(reopened, probes) == expected)
        for name in ["store.db-lsh", "store.db-lsh-leads"] { try FileManager.default.removeItem(atPath: copy + "/" + name) }
        let rebuilt = try open(copy + "/store.db")
        #expect(rebuilt.indexReport.rebuilds == 1)
        #expect(answers(rebuilt, probes) == expected)
        #expect(rebuilt.indexReport.documents == 400 - 12)
    }

    @Test("snapshots written between merges stack up as layers; a reopened store maps them all and replays only what came after")
    func layeredSnapshots() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(600, seed: 9)
        var store: SQLiteStore? = try open(folder + "/store.db")
        store!.setSnapshotMinimum(60)
        try ingest(store!, Array(corpus.prefix(300)), prefix: "d")
        try store!.saveIndex(minimum: 0)
        for start in stride(from: 300, to: 600, by: 50) {
            try ingest(store!, Array(corpus[start..<(start + 50)]), prefix: "e\(start)-")
            _ = try store!.merge([incoming("a", "d\(start - 290)", corpus[start - 200])])
            #expect(try store!.tombstone(source: "a", keys: ["d\(start - 280)"]) == 1)
            try store!.saveIndex(minimum: 0)
        }
        #expect(store!.indexReport.layers >= 2)
        let layerFiles = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("store.db-lsh.") }
        #expect(!layerFiles.isEmpty)
        let probes = Array(corpus.prefix(80)) + Array(corpus.suffix(40))
        let expected = answers(store!, probes)
        #expect(expected.contains { $0.count >= 2 })
        let head = try store!.changeHead()
        store = nil
        let reopened = try open(folder + "/store.db")
        #expect(reopened.indexReport.rebuilds == 0)
        #expect(reopened.indexReport.replayed == 0)
        #expect(reopened.indexReport.snapshotSeq == head)
        #expect(reopened.indexReport.documents == 600 - 6)
        #expect(answers(reopened, probes) == expected)
        // Without its base, the stack is rebuilt whole (and the layers above the old base go).
        let copy = try copyFolder(folder)
        try FileManager.default.removeItem(atPath: copy + "/store.db-lsh")
        let rebuilt = try open(copy + "/store.db")
        #expect(rebuilt.indexReport.rebuilds == 1)
        #expect(answers(rebuilt, probes) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0.hasPrefix("store.db-lsh.") }.isEmpty)
    }

    @Test("a half-written snapshot left by a crash is ignored and replaced")
    func leftoverTemporaryFile() throws {
        let folder = try makeTemporaryDirectory()
        let corpus = try snapshotCorpus(60, seed: 6)
        var store: SQLiteStore? = try open(folder + "/store.db")
        try ingest(store!, corpus, prefix: "d")
        try store!.saveIndex(minimum: 0)
        let expected = answers(store!, corpus)
        store = nil
        try Data(repeating: 1, count: 5000).write(to: URL(fileURLWithPath: folder + "/store.db-lsh.tmp"))
        let reopened = try open(folder + "/store.db")
        #expect(reopened.indexReport.rebuilds == 0)
        #expect(answers(reopened, corpus) == expected)
        _ = try reopened.merge([incoming("a", "new", lightlyEdited(corpus[3]))])
        try reopened.saveIndex(minimum: 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/store.db-lsh.tmp"))
        #expect(reopened.indexReport.snapshotSeq == (try reopened.changeHead()))
    }
}
