import Dispatch
#if canImport(Glibc)
internal import Glibc
#endif
import Foundation
public import Logging
public import Storage
public import SyncModel
import Extract
import Fingerprint

/// Ingests a folder source: reads what is new or changed (in parallel), merges it in batches
/// (one transaction each), tombstones what vanished, and records the scan against the source.
public struct FolderIngestor: Sendable {
    public let writer: StoreWriter
    public var store: any DocumentStore { writer.store }
    let fingerprinter: Fingerprinter
    public let logger: Logger
    /// Documents merged per transaction at most (`batchSizes`): each transaction rewrites the index pages its random
    /// keys (body hashes, line hashes) land on, so larger batches write fewer pages per document
    /// (a scan of 3,697 files: 21,084 page writes in batches of 64, 12,128 in batches of 256).
    public var batchSize = 256
    /// Asked between batches: when it says yes (shutdown), the scan stops after the batch it
    /// committed, deletes nothing and leaves the rest for the next scan.
    public var isCancelled: @Sendable () -> Bool = { false }
    /// Stamps the versions, changes and problems it records.
    let clock: any SyncClock
    /// Told how a walk is going: once the folder is listed, then after every merged batch
    /// (`syncd --once` draws it on a terminal).
    public var progress: (@Sendable (ScanProgress) -> Void)?

    public init(writer: StoreWriter, logger: Logger, clock: any SyncClock = SystemClock()) {
        self.writer = writer
        self.clock = clock
        self.fingerprinter = Fingerprinter(parameters: writer.store.parameters)
        self.logger = logger
    }

    /// - Parameters:
    ///   - name: the source name (already registered with the store).
    ///   - root: absolute folder path.
    ///   - maxFileSize: files larger than this are reported, not read.
    /// - Throws: `SyncError(.store)` when the store fails; a failing folder or file is not an
    ///   error but part of the summary and of the source's recorded state.
    public func ingest(source name: String, root: String, maxFileSize: Int) throws(SyncError) -> SourceSummary {
        var summary = SourceSummary(source: name)
        var report = ScanReport()
        let listing: FolderListing
        do {
            listing = try FolderScanner().scan(root: root)
        } catch {
            summary.error = error.description
            report.error = SourceError(error)
            logger.error("source scan failed", metadata: ["source.name": "\(name)", "error": "\(error)"])
            try writer.performBlocking { store throws(SyncError) in try store.recordScan(source: name, report: report, now: clock.now()) }
            return summary
        }
        // The listing and the stored documents are both in the byte order of their keys' UTF-8:
        // one merge of the two streams finds what is new, changed, unchanged and gone, without
        // a dictionary of every stored key. Keys are compared as bytes: file names that are
        // canonically equivalent Unicode are still different files (String equality would
        // merge them).
        let blind = listing.unreadableFolders.map { $0.key.isEmpty ? "" : $0.key + "/" }
        var pending: [ScannedFile] = []
        var vanished: [String] = []
        var knownCount = 0
        var next = listing.files.startIndex
        func consider(_ file: ScannedFile, stored: FileStamp?) {
            if DocumentReader.format(forFileName: file.key) == nil {
                summary.skipped += 1
            } else if stored == file.stamp {
                summary.unchanged += 1
            } else {
                pending.append(file)
            }
        }
        try store.forEachLiveDocument(source: name) { key, stamp in
            knownCount += 1
            while next < listing.files.endIndex, listing.files[next].key.utf8.lexicographicallyPrecedes(key.utf8) {
                consider(listing.files[next], stored: nil)
                next += 1
            }
            if next < listing.files.endIndex, listing.files[next].key.utf8.elementsEqual(key.utf8) {
                consider(listing.files[next], stored: stamp)
                next += 1
            } else if !blind.contains(where: { key.utf8.starts(with: $0.utf8) }) {
                // Live but no longer on disk: a delete, unless it sits under a folder that
                // could not be listed this time.
                vanished.append(key)
            }
        }
        for file in listing.files[next...] { consider(file, stored: nil) }
        summary.skipped += listing.ignored.count
        let now = { clock.now() }
        for folder in listing.unreadableFolders {
            report.problems.append(SourceProblem(key: folder.key + "/", code: SyncError.Code.unreadable.rawValue, message: folder.reason, at: now()))
        }
        for entry in listing.badNames {
            report.problems.append(SourceProblem(key: entry.key, code: SyncError.Code.unsupported.rawValue, message: entry.reason, at: now()))
        }
        for problem in report.problems {
            logger.warning(
                "entry not ingested", metadata: ["source.name": "\(name)", "file.path": "\(root)/\(problem.key)", "reason": "\(problem.message)"])
        }

        progress?(ScanProgress(source: name, files: listing.files.count, toRead: pending.count, read: 0))
        guard try merge(pending, of: listing.files.count, source: name, maxFileSize: maxFileSize, summary: &summary, report: &report) else {
            return summary
        }

        if listing.files.isEmpty && !vanished.isEmpty && vanished.count == knownCount {
            // An unmounted disk looks exactly like this: never take it for "everything was deleted".
            let message =
                "folder is empty but \(knownCount) documents of it are stored; not deleting them (an unmounted disk looks the same; "
                + "to empty the source, leave any file syncd skips in it, e.g. KEEP)"
            logger.error("source scan refused", metadata: ["source.name": "\(name)", "error": "\(message)"])
            summary.error = message
            report.error = SourceError(code: .refused, message: "\(root): \(message)")
            try writer.performBlocking { store throws(SyncError) in try store.recordScan(source: name, report: report, now: clock.now()) }
            return summary
        }
        summary.deleted = try writer.performBlocking { store throws(SyncError) in try store.tombstone(source: name, keys: vanished, now: clock.now())
        }

        summary.failed = report.problems.count
        report.seen = listing.files.count
        report.skipped = summary.skipped
        try writer.performBlocking { store throws(SyncError) in try store.recordScan(source: name, report: report, now: clock.now()) }
        return summary
    }

    /// Reads, extracts and fingerprints `pending` on all cores, a few batches ahead of the
    /// single writer that merges them; counts what happened and notes files that failed.
    /// - Returns: false when shutdown interrupted it (the summary then says so).
    private func merge(
        _ pending: [ScannedFile], of files: Int = 0, source name: String, maxFileSize: Int, summary: inout SourceSummary, report: inout ScanReport
    ) throws(SyncError) -> Bool {
        let now = { clock.now() }
        guard !pending.isEmpty else { return true }
        // Page dumps lose the lines the source is known to repeat, as the store knows them when
        // the pass starts (what it learns from this pass applies to later changes, and to
        // `syncctl reextract`): the same store and files give the same texts.
        let known = SourceChromeModel().knownChrome(try store.pageLineCounts(source: name, minDocuments: SourceChromeModel().minDocuments))
        // Reading, extraction, fingerprinting and compression run on all cores, a few batches
        // ahead of the single writer that merges them (the store has one writer).
        let reader = DocumentReader(maxFileSize: maxFileSize, knownChrome: known)
        var start = 0
        let chunks = Self.batchSizes(count: pending.count, maximum: batchSize).map { size in
            defer { start += size }
            return Array(pending[start..<(start + size)])
        }
        let fingerprinter = self.fingerprinter
        let readAhead = ReadAhead<ReadOutcome>(sizes: chunks.map(\.count), depth: 3) { batch, item in
            let file = chunks[batch][item]
            do throws(SyncError) {
                let (bytes, _, extracted) = try reader.document(path: file.path)
                let article = extracted.article
                // A page dump's bytes are kept, to be extracted again with what the source learns.
                var document = IncomingDocument(
                    source: name, key: file.key, article: article, fingerprint: fingerprinter.fingerprint(article), stamp: file.stamp,
                    original: extracted.keepsInput ? bytes : nil, pageLines: extracted.pageLines)
                document.unchangedOriginalKeepsText = true
                return .success(document)
            } catch {
                return .failure(error)
            }
        }
        var waited: UInt64 = 0, merging: UInt64 = 0
        defer {
            logger.debug(
                "ingest timing", metadata: ["source.name": "\(name)", "wait.ms": "\(waited / 1_000_000)", "merge.ms": "\(merging / 1_000_000)"])
        }
        for index in chunks.indices {
            if isCancelled() {
                readAhead.stop()
                summary.error = "interrupted by shutdown after \(index) of \(chunks.count) batches; the next scan finishes it"
                return false
            }
            let waitStart = DispatchTime.now().uptimeNanoseconds
            let outcomes = readAhead.next(index)
            waited += DispatchTime.now().uptimeNanoseconds - waitStart
            var batch: [IncomingDocument] = []
            for (file, outcome) in zip(chunks[index], outcomes) {
                switch outcome {
                case .success(let document):
                    batch.append(document)
                case .failure(let error):
                    logger.warning(
                        "file not ingested", metadata: ["source.name": "\(name)", "file.path": "\(file.path)", "reason": "\(error.message)"])
                    report.problems.append(SourceProblem(key: file.key, code: error.code.rawValue, message: error.message, at: now()))
                }
            }
            let results: [MergeResult]
            let mergeStart = DispatchTime.now().uptimeNanoseconds
            defer { merging += DispatchTime.now().uptimeNanoseconds - mergeStart }
            do {
                results = try writer.performBlocking { store throws(SyncError) in try store.merge(batch, now: clock.now()) }
            } catch {
                readAhead.stop()  // let the readers finish before unwinding
                throw error
            }
            for result in results {
                switch result.op {
                case .create?: summary.created += 1
                case .update?: summary.updated += 1
                default: summary.unchanged += 1
                }
            }
            if let progress {
                let read = chunks[...index].reduce(0) { $0 + $1.count }
                progress(ScanProgress(source: name, files: files, toRead: pending.count, read: read))
            }
        }

        return true
    }

    /// Batch sizes for `count` documents: small at first, so the writer starts while the
    /// readers go on, `maximum` in the middle, and small again at the end, so the writer has
    /// little left to merge alone once the readers are done (both cores work until the end).
    static func batchSizes(count: Int, maximum: Int) -> [Int] {
        let smallest = max(1, min(16, maximum))
        var sizes: [Int] = []
        var remaining = count
        var ramp = smallest
        while remaining > 0 {
            let size = min(remaining, max(smallest, min(maximum, ramp, remaining / 3)))
            sizes.append(size)
            remaining -= size
            ramp = min(ramp * 2, maximum)
        }
        return sizes
    }

    /// Ingests only the named files of a folder source (what inotify reported): each is read
    /// and merged when its stamp differs from the stored one, tombstoned when it is gone, and
    /// its problem recorded or cleared. Nothing else of the source is listed or loaded.
    /// - Parameter keys: paths relative to `root`.
    public func ingest(source name: String, root: String, maxFileSize: Int, files keys: Set<String>) throws(SyncError) -> SourceSummary {
        var summary = SourceSummary(source: name)
        var report = ScanReport()
        let ordered = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let candidates = ordered.filter { DocumentReader.format(forFileName: $0) != nil }
        summary.skipped = ordered.count - candidates.count
        // Compared as bytes, as a walk compares them.
        let stored = Dictionary(
            try store.liveStamps(source: name, keys: candidates).map { (Array($0.key.utf8), $0.stamp) }, uniquingKeysWith: { first, _ in first })
        var pending: [ScannedFile] = []
        var gone: [String] = []
        for key in candidates {
            let path = root + "/" + key
            switch Self.stamp(path) {
            case .success(let stamp?):
                if let known = stored[Array(key.utf8)], known == stamp {
                    summary.unchanged += 1
                } else {
                    pending.append(ScannedFile(key: key, path: path, stamp: stamp))
                }
            case .success(nil):
                // Gone, or no longer a regular file: what a walk would no longer list.
                if stored[Array(key.utf8)] != nil { gone.append(key) }
            case .failure(let error):
                report.problems.append(SourceProblem(key: key, code: error.code.rawValue, message: error.message, at: clock.now()))
                logger.warning("file not ingested", metadata: ["source.name": "\(name)", "file.path": "\(path)", "reason": "\(error.message)"])
            }
        }
        guard try merge(pending, of: candidates.count, source: name, maxFileSize: maxFileSize, summary: &summary, report: &report) else {
            return summary
        }
        if !gone.isEmpty {
            summary.deleted = try writer.performBlocking { store throws(SyncError) in try store.tombstone(source: name, keys: gone, now: clock.now())
            }
        }
        summary.failed = report.problems.count
        let problems = report.problems
        if !candidates.isEmpty {
            try writer.performBlocking { store throws(SyncError) in
                try store.recordFileProblems(source: name, keys: candidates, problems: problems, now: clock.now())
            }
        }
        return summary
    }

    /// The stamp of a regular file (or of the file a link points to); `nil` when there is none
    /// at `path` (gone, a folder, a link to a folder, a socket …).
    static func stamp(_ path: String) -> Result<FileStamp?, SyncError> {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .success(nil) }
            return .failure(SyncError(.unreadable, "cannot look at the file: \(String(cString: strerror(errno)))"))
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else { return .success(nil) }
            info = target
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .success(nil) }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return .success(FileStamp(size: Int64(info.st_size), modifiedNanoseconds: modified, inode: Int64(info.st_ino)))
    }

    typealias ReadOutcome = Result<IncomingDocument, SyncError>
}

/// How far a walk of a folder source has come.
public struct ScanProgress: Sendable, Equatable {
    public var source: String
    /// Files the walk found.
    public var files: Int
    /// Of these, the new or changed ones that are read and merged.
    public var toRead: Int
    /// Of those, how many are merged so far.
    public var read: Int
}
