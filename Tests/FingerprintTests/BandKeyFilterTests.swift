@testable import Dedup
import Fingerprint
import Foundation
import SyncModel
import Testing

/// Lookups in snapshot files: the band-key filter (format 2) answers "no" only for keys it does
/// not hold, format-1 files, written before it, still open and answer the same, and a document's
/// slot is found whatever the gaps between ids.
@Suite("index snapshot lookups: the band-key filter and slots by id")
struct BandKeyFilterTests {
    let banding = LSHBanding.derive(threshold: 0.45, permutations: 128)
    let fingerprinter = Fingerprinter(parameters: .default)
    let stamp = LSHSnapshot.Stamp(seq: 7, change: 42, parameters: 99)

    @Test("holds every key added; says maybe for few of the others")
    func noFalseNegatives() {
        let keys = (0..<50_000).map { StableHash.mix(UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        let blocks = BandKeyFilter.blocks(forKeys: keys.count)
        var words = [UInt64](repeating: 0, count: blocks * BandKeyFilter.wordsPerBlock)
        for key in keys { BandKeyFilter.insert(key, into: &words, blocks: blocks) }
        words.withUnsafeBufferPointer { stored in
            #expect(keys.allSatisfy { BandKeyFilter.mayContain($0, in: stored.baseAddress!, blocks: blocks) })
            let others = (50_000..<150_000).map { StableHash.mix(UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
            let maybes = others.filter { BandKeyFilter.mayContain($0, in: stored.baseAddress!, blocks: blocks) }.count
            // 10 bits a key and six probes in one block: about 1–2%.
            #expect(maybes < others.count / 25, "\(maybes) of \(others.count) absent keys said maybe")
        }
    }

    @Test("band keys are sorted by key, then slot, as a comparison sort orders them", arguments: [0, 5, 64, 65, 1_000, 70_000])
    func bandKeySort(count: Int) {
        var generator = SplitMix(seed: UInt64(count) + 1)
        // Hashed keys, plus runs of equal keys (exact duplicates share every band key), some of
        // them longer than a bucket's insertion sort takes.
        var entries: [BandKeySort.Entry] = (0..<count).map { _ in (generator.next(), UInt32(truncatingIfNeeded: generator.next())) }
        if count > 100 {
            let repeated = entries[7].key
            for i in stride(from: 0, to: count, by: 3) { entries[i].key = repeated }
            for i in stride(from: 1, to: count, by: 50) { entries[i].key = entries[2].key }
        }
        var sorted = entries
        BandKeySort.sort(&sorted)
        #expect(sorted.elementsEqual(entries.sorted { ($0.key, $0.slot) < ($1.key, $1.slot) }) { $0 == $1 })
    }

    @Test("a snapshot written before the filter (format 1) opens and answers as the one with it")
    func formatOneStillOpens() throws {
        let signatures = layeredCorpus(300, seed: 11).map { fingerprinter.fingerprint(text: $0).signature }
        var index = LSHIndex(banding: banding)
        for (id, signature) in signatures.enumerated() { index.insert(Int64(id), signature: signature) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-filter-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/index-lsh"
        try LSHSnapshot.write(to: path, base: nil, masked: [], delta: index, stamp: stamp)
        let current = try LSHSnapshot(path: path, banding: banding, parameters: stamp.parameters)
        #expect(current.filter != nil && current.filterBlocks > 0)

        // The same file as format 1 wrote it: no filter section, version 1, word 14 zero.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let end = current.layout.filter
        bytes = bytes.prefix(end)
        var header = (0..<16).map { i in bytes.withUnsafeBytes { UInt64(littleEndian: $0.load(fromByteOffset: i * 8, as: UInt64.self)) } }
        // Format 1 ended at the directory (no removed ids in a base), not padded to a cache line.
        let directoryEnd = current.layout.directory + ((1 << current.directoryBits) + 1) * 4
        bytes = bytes.prefix(directoryEnd)
        header[1] = 1
        header[10] = UInt64(directoryEnd)
        header[14] = 0
        header[15] = LSHSnapshot.checksum(header[0..<15])
        for (i, word) in header.enumerated() {
            withUnsafeBytes(of: word.littleEndian) { bytes.replaceSubrange((i * 8)..<(i * 8 + 8), with: $0) }
        }
        let old = folder + "/old-lsh"
        try bytes.write(to: URL(fileURLWithPath: old))
        let formatOne = try LSHSnapshot(path: old, banding: banding, parameters: stamp.parameters)
        #expect(formatOne.filter == nil)
        let probes = signatures.prefix(50) + layeredCorpus(30, seed: 12).map { fingerprinter.fingerprint(text: $0).signature }
        let withFilter = LayeredLSHIndex(banding: banding, layers: [current])
        let without = LayeredLSHIndex(banding: banding, layers: [formatOne])
        for probe in probes {
            let a = withFilter.candidates(for: probe, minimumEstimate: 0, excluding: nil)
            let b = without.candidates(for: probe, minimumEstimate: 0, excluding: nil)
            #expect(a.map(\.id) == b.map(\.id))
            #expect(a.map(\.estimate) == b.map(\.estimate))
        }
        // Near-duplicates are still found through the filter.
        #expect(probes.prefix(50).allSatisfy { !withFilter.candidates(for: $0, minimumEstimate: 0.9, excluding: nil).isEmpty })

        // The next layer written over a format-1 base takes it in: the stack gains the filter.
        var upgraded = LayeredLSHIndex(banding: banding, layers: [formatOne])
        upgraded.insert(1_000, signature: probes.last!, candidatesAbove: nil)
        try upgraded.persist(to: old, stamp: stamp)
        #expect(upgraded.layers.count == 1 && upgraded.layers[0].filter != nil && upgraded.layers[0].count == 301)
    }

    @Test("every document's slot is found and no absent id is, with ids dense, sparse or in clumps")
    func slotsByID() throws {
        var rng = SplitMix(seed: 5)
        var ids: [Int64] = []
        var next: Int64 = 1
        for i in 0..<5_000 {
            // Runs of consecutive ids, gaps of every size, and a few huge jumps.
            next += i % 997 == 0 ? 1_000_000 : Int64(rng.next() % (i % 3 == 0 ? 2 : 40)) + 1
            ids.append(next)
        }
        let signature = layeredCorpus(1, seed: 13).map { fingerprinter.fingerprint(text: $0).signature }[0]
        var index = LSHIndex(banding: banding)
        for id in ids { index.insert(id, signature: signature) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-slots-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try LSHSnapshot.write(to: folder + "/lsh", base: nil, masked: [], delta: index, stamp: stamp)
        let snapshot = try LSHSnapshot(path: folder + "/lsh", banding: banding, parameters: stamp.parameters)
        #expect(ids.enumerated().allSatisfy { snapshot.slot(of: $0.element) == $0.offset })
        let present = Set(ids)
        let absent = (0..<20_000).map { _ in Int64(rng.next() % UInt64(next + 10)) }.filter { !present.contains($0) }
        #expect(absent.allSatisfy { snapshot.slot(of: $0) == nil })
    }
}
