import Dedup
import Fingerprint
import Foundation
import SyncModel
import Testing

@Suite("snapshot layers of the LSH index, merged geometrically")
struct LSHLayerMergeTests {
    let banding = LSHBanding.derive(threshold: 0.45, permutations: 128)
    let fingerprinter = Fingerprinter(parameters: .default)

    func stamp(_ seq: Int64) -> LSHSnapshot.Stamp { LSHSnapshot.Stamp(seq: seq, change: UInt64(seq) * 31, parameters: 99) }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-layers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func answers(_ index: some DedupIndex, _ probes: [[UInt32]]) -> [[Int64]] {
        probes.map { probe in index.candidates(for: probe, minimumEstimate: 0.29, excluding: nil).map(\.id) }
    }

    func estimates(_ index: some DedupIndex, _ probes: [[UInt32]]) -> [[Double]] {
        probes.map { probe in index.candidates(for: probe, minimumEstimate: 0.29, excluding: nil).map(\.estimate) }
    }

    @Test(
        "a new layer merges only the layers of about its size",
        arguments: [
            ([], 10, 0), ([100], 10, 1), ([100], 60, 0), ([100, 20], 10, 1), ([100, 20], 5, 2), ([400, 100, 40, 20], 20, 1),
            ([400, 100, 40, 20], 5, 4),
            ([1, 1, 1, 1, 1, 1, 1, 1], 1, 0), ([1000, 200, 40, 8, 2, 1, 1, 1], 1, 3),
        ])
    func mergeLevels(counts: [Int], fresh: Int, level: Int) {
        #expect(LayeredLSHIndex.mergeLevel(layerCounts: counts, fresh: fresh) == level)
    }

    @Test("layers written batch by batch answer as one in-memory index, and rewrite each document a few times, not once a batch")
    func geometricLayers() throws {
        let texts = layeredCorpus(960, seed: 11)
        let signatures = texts.map { fingerprinter.fingerprint(text: $0).signature }
        let probes = Array(signatures.prefix(80)) + layeredCorpus(40, seed: 12).map { fingerprinter.fingerprint(text: $0).signature }
        var reference = LSHIndex(banding: banding)
        var layered = LayeredLSHIndex(banding: banding)
        let path = try folder() + "/index-lsh"
        var rewritten = 0
        var maximumLayers = 0
        for batch in 0..<24 {
            for i in (batch * 40)..<((batch + 1) * 40) {
                reference.insert(Int64(i), signature: signatures[i])
                layered.insert(Int64(i), signature: signatures[i], candidatesAbove: nil)
            }
            // Edits and removals of documents in older layers.
            if batch >= 2 {
                for k in 0..<3 {
                    let id = Int64((batch * 37 + k * 101) % (batch * 40))
                    reference.insert(id, signature: signatures[959 - Int(id) % 300])
                    layered.insert(id, signature: signatures[959 - Int(id) % 300], candidatesAbove: nil)
                }
                reference.remove(Int64(batch * 13 % (batch * 40)))
                layered.remove(Int64(batch * 13 % (batch * 40)))
            }
            #expect(answers(reference, probes) == answers(layered, probes))
            try layered.persist(to: path, stamp: stamp(Int64(batch + 1)))
            rewritten += layered.top?.count ?? 0
            maximumLayers = max(maximumLayers, layered.layers.count)
            #expect(layered.count == reference.count)
            #expect(layered.changedSinceSnapshot == 0)
            #expect(answers(reference, probes) == answers(layered, probes))
            #expect(estimates(reference, probes) == estimates(layered, probes))
            // Older layers are at least as large as the ones above them.
            let counts = layered.layers.map(\.count)
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 })
        }
        #expect(maximumLayers >= 3 && maximumLayers <= LayeredLSHIndex.maximumLayers)
        // One file rewritten whole each batch would write 40 + 80 + … + 960 = 12,000 documents.
        #expect(rewritten < 960 * 6)
        #expect(answers(layered, probes).contains { $0.count >= 2 })
    }

    @Test("a stack reopened after merges maps every layer and answers the same")
    func reopenedStack() throws {
        let texts = layeredCorpus(300, seed: 13)
        let signatures = texts.map { fingerprinter.fingerprint(text: $0).signature }
        var layered = LayeredLSHIndex(banding: banding)
        let path = try folder() + "/index-lsh"
        for batch in 0..<6 {
            for i in (batch * 50)..<((batch + 1) * 50) { layered.insert(Int64(i), signature: signatures[i], candidatesAbove: nil) }
            if batch > 0 { layered.remove(Int64(batch * 7)) }
            try layered.persist(to: path, stamp: stamp(Int64(batch + 1)))
        }
        #expect(layered.layers.count >= 2)
        let reopened = LayeredLSHIndex(banding: banding, layers: try LSHSnapshot.openLayers(path: path, banding: banding, parameters: 99))
        #expect(reopened.layers.map(\.count) == layered.layers.map(\.count))
        #expect(reopened.top?.stamp == stamp(6))
        #expect(reopened.count == 300 - 5)
        #expect(answers(reopened, signatures) == answers(layered, signatures))
        // Removed after its layer was written: the layer above lists it.
        #expect(reopened.layers.last?.removed == [35])
        #expect(!answers(reopened, [signatures[35]])[0].contains(35))
        #expect(answers(reopened, [signatures[36]])[0].contains(36))
    }

    @Test("a crash between layer writes leaves a usable stack: a replaced layer or a half-written one is ignored")
    func crashBetweenLayers() throws {
        let texts = layeredCorpus(400, seed: 17)
        let signatures = texts.map { fingerprinter.fingerprint(text: $0).signature }
        var layered = LayeredLSHIndex(banding: banding)
        let folder = try folder()
        let path = folder + "/index-lsh"
        func insert(_ range: Range<Int>) {
            for i in range { layered.insert(Int64(i), signature: signatures[i], candidatesAbove: nil) }
        }
        insert(0..<200)
        try layered.persist(to: path, stamp: stamp(1))
        insert(200..<240)
        try layered.persist(to: path, stamp: stamp(2))
        insert(240..<255)
        try layered.persist(to: path, stamp: stamp(3))
        #expect(layered.layers.map(\.count) == [200, 40, 15])
        let replaced = try Data(contentsOf: URL(fileURLWithPath: path + ".2"))
        // This one merges the two top layers into level 1 and removes level 2.
        insert(255..<295)
        try layered.persist(to: path, stamp: stamp(4))
        #expect(layered.layers.map(\.count) == [200, 95])
        #expect(!FileManager.default.fileExists(atPath: path + ".2"))
        // A crash after the rename, before the removal: the replaced layer is still there.
        try replaced.write(to: URL(fileURLWithPath: path + ".2"))
        try Data(repeating: 3, count: 9000).write(to: URL(fileURLWithPath: path + ".3.tmp"))
        let reopened = LayeredLSHIndex(banding: banding, layers: try LSHSnapshot.openLayers(path: path, banding: banding, parameters: 99))
        #expect(reopened.layers.map(\.count) == [200, 95])
        #expect(reopened.top?.stamp == stamp(4))
        #expect(answers(reopened, signatures) == answers(layered, signatures))
        // The next write clears what no stack reaches.
        var next = reopened
        for i in 295..<305 { next.insert(Int64(i), signature: signatures[i], candidatesAbove: nil) }
        try next.persist(to: path, stamp: stamp(5))
        #expect(next.layers.map(\.count) == [200, 95, 10])
        #expect(!FileManager.default.fileExists(atPath: path + ".3.tmp"))
        // A layer whose file is damaged ends the stack below it: the caller replays from there.
        let handle = try #require(FileHandle(forWritingAtPath: path + ".2"))
        try handle.truncate(atOffset: 1000)
        try handle.close()
        let truncated = try LSHSnapshot.openLayers(path: path, banding: banding, parameters: 99)
        #expect(truncated.map(\.count) == [200, 95])
        #expect(truncated.last?.stamp == stamp(4))
    }
}
