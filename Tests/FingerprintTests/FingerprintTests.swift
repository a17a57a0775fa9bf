import Dedup
import Fingerprint
import Foundation
import SyncModel
import Testing

@Suite("Stable fingerprints")
struct FingerprintTests {
    let text = "سيطرت فصائل المعارضة بشكل كامل على مدينة حمص، التي تعد إحدى أبرز المدن الثائرة ضد النظام السوري."

    @Test("token hashes are fixed constants, identical in every process and machine")
    func stableTokenHash() {
        #expect(StableHash.hash(bytes: Array("syncd".utf8)) == 703_413_646_271_640_391)
        #expect(StableHash.hash(bytes: Array("حمص".utf8)) == 11_495_755_294_254_719_232)
    }

    @Test("token hashing while splitting equals hashing each token on its own")
    func tokenHashesMatchWholeTokenHashes() {
        var state: UInt64 = 3
        let alphabet = Array("abcdefghحمصالعربيه0123456789".utf8)
        for _ in 0..<200 {
            let count = Int(StableHash.splitMix(&state) % 12)
            let tokens: [[UInt8]] = (0..<count).map { _ in
                (0..<(1 + Int(StableHash.splitMix(&state) % 19))).map { _ in alphabet[Int(StableHash.splitMix(&state) % UInt64(alphabet.count))] }
            }
            let text = Array(tokens.joined(separator: [0x20]))
            #expect(Shingler(size: 3).tokenHashes(text) == tokens.map { StableHash.hash(bytes: $0) })
        }
    }

    @Test("a fixed text's fingerprint is a constant")
    func stableFingerprint() {
        let fingerprint = Fingerprinter(parameters: .default).fingerprint(text: text)
        #expect(fingerprint.tokenCount == 17)
        #expect(fingerprint.shingles.count == 15)
        #expect(Array(fingerprint.signature.prefix(4)) == [63_123_441, 404_695_600, 460_378_496, 64_596_806])
        #expect(SHA256Digest.hex(fingerprint.contentHash) == "de086720156f4fd21182a1eca5ee23adccc48580e6e89dd43ba3289ab57f54f4")
    }

    @Test("a text's opening is its first shingles in reading order; only texts of 32 shingles or more have a lead signature")
    func openingAndLead() {
        let fingerprinter = Fingerprinter(parameters: .default)
        let short = fingerprinter.fingerprint(text: text)
        #expect(short.opening.count == 15)
        #expect(Set(short.opening) == Set(short.shingles))
        #expect(short.leadSignature == nil)
        let long = fingerprinter.fingerprint(text: Array(repeating: text, count: 6).joined(separator: " ") + " ختام")
        #expect(long.opening.count == SummaryMatch.openingShingles)
        #expect(long.leadSignature?.count == 128)
        #expect(fingerprinter.profile(text: Array(repeating: text, count: 6).joined(separator: " ") + " ختام") == long.profile)
        // The opening is positional: the same words in another order open differently.
        let reordered = fingerprinter.fingerprint(text: "ختام " + Array(repeating: text, count: 6).joined(separator: " "))
        #expect(reordered.opening.first != long.opening.first)
    }

    @Test("re-typed text has the same fingerprint")
    func retypedIsIdentical() {
        let fingerprinter = Fingerprinter(parameters: .default)
        let retyped = "سيطرت فصائل المعارضة بشكل كامل علي مدينه حمص, التي تعد احدي ابرز المدن الثائرة ضد النظام السوري"
        #expect(fingerprinter.fingerprint(text: text) == fingerprinter.fingerprint(text: retyped))
    }

    @Test("shingles: a text shorter than one shingle still has one; an empty text none")
    func shortTexts() {
        let shingler = Shingler(size: 3)
        #expect(shingler.shingles(Array("a b".utf8)).count == 1)
        #expect(shingler.shingles([]).isEmpty)
        #expect(shingler.shingles(Array("a b c d".utf8)).count == 2)
        #expect(shingler.shingles(Array("a b a b a b".utf8)).count == 2)  // "a b a", "b a b"
    }

    @Test("over many pairs the 128-permutation estimate is unbiased with binomial spread")
    func minHashEstimatorQuality() {
        let hasher = MinHasher(permutations: 128, seed: DedupParameters.default.seed)
        var state: UInt64 = 11
        var errors: [Double] = []
        for _ in 0..<300 {
            let common = (0..<120).map { _ in StableHash.splitMix(&state) }
            let a = (common + (0..<80).map { _ in StableHash.splitMix(&state) }).sorted()
            let b = (common + (0..<80).map { _ in StableHash.splitMix(&state) }).sorted()
            errors.append(MinHasher.estimatedJaccard(hasher.signature(of: a), hasher.signature(of: b)) - Similarity.jaccard(a, b))
        }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let spread = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count)).squareRoot()
        // J = 120/280 ≈ 0.43: the binomial standard error is sqrt(J(1-J)/128) ≈ 0.044.
        #expect(abs(mean) < 0.01, "bias \(mean)")
        #expect(spread < 0.055, "spread \(spread)")
    }

    @Test("the MinHash estimate tracks the exact Jaccard similarity")
    func minHashEstimate() {
        let hasher = MinHasher(permutations: 256, seed: 7)
        var state: UInt64 = 1
        let common = (0..<600).map { _ in StableHash.splitMix(&state) }
        let onlyA = (0..<200).map { _ in StableHash.splitMix(&state) }
        let onlyB = (0..<200).map { _ in StableHash.splitMix(&state) }
        let a = (common + onlyA).sorted(), b = (common + onlyB).sorted()
        let exact = Similarity.jaccard(a, b)
        #expect(exact == 0.6)
        let estimate = MinHasher.estimatedJaccard(hasher.signature(of: a), hasher.signature(of: b))
        #expect(abs(estimate - exact) < 0.1)
    }
}

@Suite("LSH")
struct LSHTests {
    @Test("banding derived from the threshold catches pairs at the threshold")
    func banding() {
        let banding = LSHBanding.derive(threshold: 0.45, permutations: 128)
        #expect(banding.bands * banding.rows <= 128)
        #expect(banding.candidateProbability(0.45) >= 0.98)
        #expect(banding.candidateProbability(0.05) < 0.05)
        #expect(LSHBanding.derive(threshold: 0.5, permutations: 128, bands: 16) == LSHBanding(bands: 16, rows: 8))
    }

    @Test("insert, query and remove")
    func index() {
        let fingerprinter = Fingerprinter(parameters: .default)
        let base = (0..<80).map { "كلمة\($0)" }.joined(separator: " ")
        let edited = base.replacingOccurrences(of: "كلمة40 ", with: "تعديل ")
        let other = (0..<80).map { "word\($0)" }.joined(separator: " ")
        var index = LSHIndex(banding: LSHBanding.derive(threshold: 0.45, permutations: 128))
        index.insert(1, signature: fingerprinter.fingerprint(text: base).signature)
        index.insert(2, signature: fingerprinter.fingerprint(text: other).signature)
        let hits = index.candidates(for: fingerprinter.fingerprint(text: edited).signature, minimumEstimate: 0.5)
        #expect(hits.map(\.id) == [1])
        index.remove(1)
        #expect(index.candidates(for: fingerprinter.fingerprint(text: edited).signature).isEmpty)
        #expect(index.count == 1)
    }
}
