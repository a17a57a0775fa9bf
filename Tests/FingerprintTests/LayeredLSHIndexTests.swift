import Dedup
import Fingerprint
import Foundation
import SyncModel
import Testing

/// Texts of 60 to 120 words drawn from a small vocabulary, every fourth a light edit of an
/// earlier one: near-duplicates among unrelated documents.
func layeredCorpus(_ count: Int, seed: UInt64) -> [String] {
    var rng = SplitMix(seed: seed)
    let vocabulary = (0..<3000).map { "كلمة\($0)" }
    var texts: [String] = []
    for i in 0..<count {
        if i >= 4 && i % 4 == 0 {
            var words = texts[Int(rng.next() % UInt64(texts.count))].split(separator: " ").map(String.init)
            for _ in 0..<3 { words[Int(rng.next() % UInt64(words.count))] = "تعديل\(rng.next() % 1000)" }
            texts.append(words.joined(separator: " "))
        } else {
            texts.append((0..<(60 + Int(rng.next() % 60))).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }.joined(separator: " "))
        }
    }
    return texts
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("the layered LSH index: a memory-mapped snapshot plus an in-memory delta")
struct LayeredLSHIndexTests {
    let banding = LSHBanding.derive(threshold: 0.45, permutations: 128)
    let fingerprinter = Fingerprinter(parameters: .default)
    let stamp = LSHSnapshot.Stamp(seq: 7, change: 42, parameters: 99)

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("syncd-lsh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func answers(_ index: some DedupIndex, _ probes: [[UInt32]]) -> [[Int64]] {
        probes.map { probe in index.candidates(for: probe, minimumEstimate: 0.29, excluding: nil).map(\.id) }
    }

    @Test("answers exactly as one in-memory index over inserts, edits and removals, before and after each snapshot")
    func sameAnswersAsInMemory() throws {
        let signatures = layeredCorpus(400, seed: 3).map { fingerprinter.fingerprint(text: $0).signature }
        let probes = Array(signatures.prefix(60)) + layeredCorpus(40, seed: 4).map { fingerprinter.fingerprint(text: $0).signature }
        var reference = LSHIndex(banding: banding)
        var layered = LayeredLSHIndex(banding: banding)
        let path = try folder() + "/index-lsh"
        func apply(_ body: (inout any DedupIndex) -> [[(id: Int64, estimate: Double)]]) {
            var a: any DedupIndex = reference
            var b: any DedupIndex = layered
            let found = (body(&a), body(&b))
            #expect(found.0.map { $0.map(\.id) } == found.1.map { $0.map(\.id) })
            #expect(found.0.map { $0.map(\.estimate) } == found.1.map { $0.map(\.estimate) })
            reference = a as! LSHIndex
            layered = b as! LayeredLSHIndex
        }
        apply { index in (0..<200).map { index.insert(Int64($0), signature: signatures[$0], candidatesAbove: 0.29) } }
        try layered.persist(to: path, stamp: stamp)
        #expect(layered.base?.count == 200 && layered.changedSinceSnapshot == 0)
        #expect(answers(reference, probes) == answers(layered, probes))
        // Over the snapshot: new documents, base documents edited (another text) and removed.
        apply { index in (200..<400).map { index.insert(Int64($0), signature: signatures[$0], candidatesAbove: 0.29) } }
        apply { index in (0..<40).map { index.insert(Int64($0 * 3), signature: signatures[399 - $0], candidatesAbove: 0.29) } }
        apply { index in
            for id in stride(from: 1, to: 300, by: 7) { index.remove(Int64(id)) }
            return []
        }
        #expect(layered.count == reference.count)
        #expect(answers(reference, probes) == answers(layered, probes))
        try layered.persist(to: path, stamp: stamp)
        #expect(layered.base?.count == reference.count && layered.changedSinceSnapshot == 0)
        #expect(answers(reference, probes) == answers(layered, probes))
        // A snapshot mapped afresh answers the same.
        let reopened = LayeredLSHIndex(banding: banding, base: try LSHSnapshot(path: path, banding: banding, parameters: stamp.parameters))
        #expect(reopened.base?.stamp == stamp)
        #expect(answers(reference, probes) == answers(reopened, probes))
        #expect(answers(reopened, probes).contains { !$0.isEmpty })
    }

    @Test("a truncated, damaged or foreign snapshot is refused, saying why")
    func damagedSnapshots() throws {
        var layered = LayeredLSHIndex(banding: banding)
        for (id, text) in layeredCorpus(50, seed: 5).enumerated() {
            layered.insert(Int64(id), signature: fingerprinter.fingerprint(text: text).signature, candidatesAbove: nil)
        }
        let path = try folder() + "/index-lsh"
        try layered.persist(to: path, stamp: stamp)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        func refusal(_ bytes: Data?, banding: LSHBanding? = nil, parameters: UInt64? = nil) -> String? {
            if let bytes { try? bytes.write(to: URL(fileURLWithPath: path)) }
            do {
                _ = try LSHSnapshot(path: path, banding: banding ?? self.banding, parameters: parameters ?? stamp.parameters)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(good) == nil)
        #expect(refusal(good.prefix(good.count - 100))?.contains("partial write") == true)
        #expect(refusal(good.prefix(60))?.contains("truncated") == true)
        var flipped = good
        flipped[40] ^= 1
        #expect(refusal(flipped)?.contains("checksum") == true)
        #expect(refusal(Data(repeating: 7, count: 4096))?.contains("not a syncd index snapshot") == true)
        #expect(refusal(good, banding: LSHBanding(bands: 32, rows: 4)) == "made for 41 bands of 3 rows, not 32 of 4")
        #expect(refusal(good, parameters: 100)?.contains("other fingerprint parameters") == true)
        #expect(refusal(Data())?.contains("truncated") == true)
        try FileManager.default.removeItem(atPath: path)
        #expect(refusal(nil) == "no snapshot")
    }
}
