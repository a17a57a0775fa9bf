import Foundation
public import Storage
public import SyncModel
public import Extract
import Fingerprint

/// Applies the current extractor and the source's chrome model to the inputs a store keeps
/// (`syncctl reextract`), without the files: a document gets a new version, through the normal
/// merge (change log, clusters, fingerprints), only where its stored text would change.
///
/// The model is learned afresh from every kept input of the source, so the result depends on
/// the inputs alone, not on the order they arrived in; the source's stored counts are made to
/// match it.
public struct Reextractor: Sendable {
    public let store: any StoreReader
    /// Where the new versions are merged; `nil` for a dry run, which writes nothing.
    public let writer: StoreWriter?
    public var model = SourceChromeModel()
    /// Documents merged per transaction.
    public var batchSize = 64
    let clock: any SyncClock

    public init(store: any StoreReader, writer: StoreWriter?, clock: any SyncClock = SystemClock()) {
        self.store = store
        self.writer = writer
        self.clock = clock
    }

    /// Extracts a folder source's kept inputs again and merges the texts that changed.
    /// - Parameter maxFileSize: the configured size limit (inputs were within it when kept).
    /// - Throws: `SyncError(.store)` when the store fails; an input that no longer extracts is
    ///   listed in `failures`.
    public func reextract(source: String, maxFileSize: Int) throws(SyncError) -> ReextractSummary {
        var summary = ReextractSummary(source: source)
        let inputs = try store.storedInputs(source: source)
        summary.documents = inputs.count
        // The lines each page dump counts, read without any model. Inputs stay compressed in
        // between (a source's inputs, decompressed, may not fit in memory).
        var originals: [(input: StoredInput, format: DocumentFormat)] = []
        var counts: [UInt64: (words: Int, documents: Int)] = [:]
        var pageDumps = 0
        let plain = DocumentReader(maxFileSize: maxFileSize)
        for input in inputs {
            guard let bytes = try input.original(), let format = DocumentReader.format(forFileName: input.key) else { continue }
            originals.append((input, format))
            guard format != .html, let lines = try? plain.document(bytes: bytes, fileName: input.key, format: format).pageLines else {
                continue
            }
            pageDumps += 1
            for line in lines { counts[line.hash, default: (line.words, 0)].documents += 1 }
        }
        summary.inputs = originals.count
        let recurring = counts.filter { $0.value.documents >= model.minDocuments }.map {
            (line: PageLine(hash: $0.key, words: $0.value.words), documents: $0.value.documents)
        }
        let known = model.knownChrome(PageLineCounts(documents: pageDumps, lines: recurring))
        summary.knownChrome = known.count

        let reader = DocumentReader(maxFileSize: maxFileSize, knownChrome: known)
        let fingerprinter = Fingerprinter(parameters: store.parameters)
        var batch: [IncomingDocument] = []
        for (input, format) in originals {
            let extracted: ExtractedDocument
            let bytes = try input.original() ?? []
            do {
                extracted = try reader.document(bytes: bytes, fileName: input.key, format: format)
            } catch {
                summary.failures.append(ReextractSummary.Failure(key: input.key, message: error.message))
                continue
            }
            let textChanged = SHA256Digest.hash(Array(extracted.article.storedText.utf8)) != input.bodyHash
            let linesChanged = extracted.pageLines.map { Set($0.map(\.hash)) } != input.pageLines
            if textChanged, writer == nil { summary.changed += 1 }
            guard textChanged || linesChanged, writer != nil else { continue }
            var document = IncomingDocument(
                source: source, key: input.key, article: extracted.article, fingerprint: fingerprinter.fingerprint(extracted.article),
                stamp: input.stamp, original: bytes, pageLines: extracted.pageLines)
            document.replacesVersion = input.version
            batch.append(document)
            if batch.count >= batchSize { summary.changed += try merge(&batch) }
        }
        summary.changed += try merge(&batch)
        return summary
    }

    /// Merges the batch; returns how many documents got a new version (a document whose file
    /// changed since its input was read keeps the newer version).
    private func merge(_ batch: inout [IncomingDocument]) throws(SyncError) -> Int {
        guard let writer, !batch.isEmpty else { return 0 }
        let documents = batch
        batch.removeAll()
        let results = try writer.performBlocking { store throws(SyncError) in try store.merge(documents, now: clock.now()) }
        return results.filter { $0.op != nil }.count
    }
}
