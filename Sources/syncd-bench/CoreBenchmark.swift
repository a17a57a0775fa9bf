import Extract
import Folders
import Dedup
import Fingerprint
import Foundation
import SyncModel

/// Times the fingerprint + LSH core on the documents of a folder, one document at a time on
/// one thread, the way `peer-dedup` times rensa's MinHash + LSH: texts are read and extracted
/// beforehand (untimed); the timed part takes each document from normalized text to
/// token and shingle hashes, MinHash signature, LSH query, exact verification of the
/// candidates, and insertion.
struct CoreBenchmark {
    let parameters: DedupParameters

    struct Result: Encodable {
        var docs: Int
        var seconds: Double
        var docsPerSecond: Double
        var secondsWithNormalization: Double
        var docsPerSecondWithNormalization: Double
        var pairs: Int
        /// Seconds per stage, measured in a second pass over the same texts.
        var stages: [String: Double]
        /// Reading and extraction by kind of input (`html`, `page_dump`, `text`): documents
        /// and microseconds per document, one thread, files already in the page cache.
        var extraction: [String: Kind]

        struct Kind: Encodable {
            var docs = 0
            var microsecondsPerDoc = 0.0
        }
    }

    func run(folder: String) throws -> Result {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { DocumentReader.format(forFileName: $0) != nil }.sorted()
        let reader = DocumentReader(maxFileSize: 10 << 20)
        let clock = ContinuousClock()
        var texts: [String] = []
        var byKind: [String: (docs: Int, time: Duration)] = [:]
        let readTime = clock.measure {
            for name in names {
                var document: (bytes: [UInt8], format: DocumentFormat, document: ExtractedDocument)?
                let time = clock.measure { document = try? reader.document(path: folder + "/" + name) }
                guard let document else { continue }
                texts.append(document.document.article.storedText)
                let kind = document.format == .html ? "html" : document.document.pageLines != nil ? "page_dump" : "text"
                byKind[kind, default: (0, .zero)].docs += 1
                byKind[kind, default: (0, .zero)].time += time
            }
        }
        let extraction = byKind.mapValues { entry in
            Result.Kind(
                docs: entry.docs,
                microsecondsPerDoc: (Double(entry.time.components.seconds) + Double(entry.time.components.attoseconds) * 1e-18) * 1e6
                    / Double(entry.docs))
        }
        let fingerprinter = Fingerprinter(parameters: parameters)

        // Normalization alone, to report it separately.
        var normalized: [[UInt8]] = []
        normalized.reserveCapacity(texts.count)
        let normalizeTime = clock.measure {
            for text in texts { normalized.append(fingerprinter.normalizer.normalize(text)) }
        }

        // The core runs three times from scratch; the median time is reported.
        var pairs = 0
        var coreTimes: [Duration] = []
        for _ in 0..<3 {
            pairs = 0
            coreTimes.append(
                clock.measure {
                    var index = LSHIndex(
                        banding: LSHBanding.derive(
                            threshold: parameters.threshold, permutations: parameters.permutations,
                            bands: parameters.bands))
                    var shingleSets: [[UInt64]] = []
                    shingleSets.reserveCapacity(normalized.count)
                    for (id, text) in normalized.enumerated() {
                        let shingles = fingerprinter.shingler.shingles(text)
                        let signature = fingerprinter.minHasher.signature(of: shingles)
                        let candidates = index.insert(
                            Int64(id), signature: signature,
                            candidatesAbove: parameters.threshold - LSHIndex.screeningMargin)
                        for candidate in candidates
                        where Similarity.jaccard(shingles, shingleSets[Int(candidate.id)]) >= parameters.threshold {
                            pairs += 1
                        }
                        shingleSets.append(shingles)
                    }
                })
        }
        let coreTime = coreTimes.sorted()[1]
        // Per-stage breakdown in a second pass.
        var tokens: [[UInt64]] = [], shingleSets: [[UInt64]] = [], signatures: [[UInt32]] = []
        let tokenTime = clock.measure { tokens = normalized.map { fingerprinter.shingler.tokenHashes($0) } }
        let shingleTime = clock.measure { shingleSets = tokens.map { fingerprinter.shingler.shingles(tokenHashes: $0) } }
        let minHashTime = clock.measure { signatures = shingleSets.map { fingerprinter.minHasher.signature(of: $0) } }
        var index = LSHIndex(
            banding: LSHBanding.derive(
                threshold: parameters.threshold, permutations: parameters.permutations,
                bands: parameters.bands))
        var found = 0
        let lshTime = clock.measure {
            for (id, signature) in signatures.enumerated() {
                found += index.insert(Int64(id), signature: signature, candidatesAbove: parameters.threshold - LSHIndex.screeningMargin).count
            }
        }
        let stages = [
            "read_extract": readTime, "normalize": normalizeTime, "token_hashes": tokenTime, "shingles": shingleTime, "minhash": minHashTime,
            "lsh": lshTime,
        ]
        .mapValues { Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18 }
        let core = Double(coreTime.components.seconds) + Double(coreTime.components.attoseconds) * 1e-18
        let norm = Double(normalizeTime.components.seconds) + Double(normalizeTime.components.attoseconds) * 1e-18
        return Result(
            docs: texts.count, seconds: core, docsPerSecond: Double(texts.count) / core,
            secondsWithNormalization: core + norm, docsPerSecondWithNormalization: Double(texts.count) / (core + norm),
            pairs: pairs, stages: stages, extraction: extraction)
    }
}
