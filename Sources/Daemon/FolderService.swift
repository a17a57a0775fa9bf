import API
import Folders
import Foundation
import Logging
import ServiceLifecycle
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// The folder sources: their inotify watches, the coalescing queue of scans, and the loop that
/// runs those scans one at a time on a thread of their own, writing through the one writer. On
/// shutdown it stops taking work; a scan in progress stops after the batch it is committing.
final class FolderService: Service, Sendable {
    private let config: LiveConfig
    private let writer: StoreWriter
    private let clock: any SyncClock
    private let metrics: DaemonMetrics
    private let logger: Logger
    /// Bumped after every finished scan.
    private let finished: @Sendable () -> Void
    private let queue = WorkQueue()
    private let watcher: FolderWatcher
    private let stopping = Atomic<Bool>(false)
    private let depth = Atomic<Int>(0)
    /// When each source's latest scan was queued or started (periodic rescans count from it).
    private let lastScan = Mutex<[String: Double]>([:])
    /// Sources whose last scan failed as a whole (the store refused a write: disk full, locked,
    /// out of file descriptors), with when to try again.
    private let failing = Mutex<[String: ScanFailure]>([:])

    /// A scan that failed as a whole, retried with backoff until one succeeds.
    struct ScanFailure: Sendable {
        var failures: Int
        var error: String
        var retryAt: Double

        /// 1 s, 2 s, 4 s … at most 5 minutes.
        static func backoff(failures: Int) -> Double { min(300, Double(1 << min(failures - 1, 9))) }
    }

    /// Starts watching every configured folder.
    /// - Throws: `SyncError(.unsupported)` when inotify is unavailable.
    init(
        config: LiveConfig, writer: StoreWriter, clock: any SyncClock, metrics: DaemonMetrics, logger: Logger,
        finished: @escaping @Sendable () -> Void
    ) throws(SyncError) {
        self.config = config
        self.writer = writer
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.finished = finished
        let queue = self.queue
        watcher = try FolderWatcher(logger: logger, clock: clock) { source, change in
            Task { await queue.submit(source, change) }
        }
        for source in config.current.sources where source.kind == .folder {
            watcher.watch(source: source.name, root: source.location)
        }
    }

    /// Folder scans waiting.
    var queueDepth: Int { depth.load(ordering: .relaxed) }

    /// Whether some folder of the source could not be watched (it is then rescanned more often).
    func isDegraded(_ source: String) -> Bool { watcher.isDegraded(source) }

    /// Queues a full scan (a source already waiting is not queued twice).
    func submit(_ source: String) async {
        let now = clock.now()
        lastScan.withLock { $0[source] = now }
        await queue.submit(source, .full)
    }

    /// When the source was last queued or scanned, `nil` before its first scan.
    func lastScanned(_ source: String) -> Double? { lastScan.withLock { $0[source] } }

    /// Sources whose failed scan is due to be tried again at `now`.
    func retriesDue(now: Double) -> [String] {
        failing.withLock { $0.filter { $0.value.retryAt <= now }.map(\.key).sorted() }
    }

    /// Sources whose last scan failed, for status and metrics.
    var failures: [SourceFailure] {
        failing.withLock { failing in
            failing.map { SourceFailure(source: $0.key, failures: $0.value.failures, error: $0.value.error, retryAt: $0.value.retryAt) }
                .sorted { $0.source < $1.source }
        }
    }

    /// Follows a configuration change: stops watching `removed` folders, watches `added` ones.
    func rewatch(removed: [String], added: [(name: String, root: String)]) {
        for name in removed { watcher.unwatch(source: name) }
        for (name, root) in added { watcher.watch(source: name, root: root) }
    }

    func run() async throws {
        // Cancellation (another service failed) ends the wait as a graceful shutdown does.
        await withTaskCancellationOrGracefulShutdownHandler {
            while let (source, change) = await queue.next() {
                depth.store(await queue.depth, ordering: .relaxed)
                await scan(source, change)
            }
        } onCancelOrGracefulShutdown: { [self] in
            stopping.store(true, ordering: .relaxed)
            Task { await queue.close() }
        }
    }

    /// Ingests what changed in one folder source on a thread of its own (reading is blocking):
    /// the files inotify named, or the whole folder when only a walk can tell (and always while
    /// the source's last scan failed or some of its folders are not watched).
    private func scan(_ name: String, _ change: FolderChange) async {
        defer { finished() }
        let config = self.config.current
        guard let source = config.sources.first(where: { $0.name == name && $0.kind == .folder }) else { return }
        watcher.ensureWatched(source: name, root: source.location)
        let maxFileSize = source.maxFileSize ?? config.ingest.maxFileSize
        var ingestor = FolderIngestor(writer: writer, logger: logger, clock: clock)
        ingestor.isCancelled = { [self] in stopping.load(ordering: .relaxed) }
        let scanner = ingestor
        let started = clock.now()
        var named: Set<String>?
        if case .files(let keys) = change, failing.withLock({ $0[name] == nil }), !watcher.isDegraded(name) { named = keys }
        let files = named
        if files == nil { lastScan.withLock { $0[name] = started } }
        let result: Result<SourceSummary, SyncError>
        do {
            result = .success(
                try await onThread("syncd.scan") { () throws(SyncError) in
                    if let files { return try scanner.ingest(source: name, root: source.location, maxFileSize: maxFileSize, files: files) }
                    return try scanner.ingest(source: name, root: source.location, maxFileSize: maxFileSize)
                })
        } catch {
            result = .failure(error)
        }
        let failed: Bool
        var filesFailed = 0
        switch result {
        case .success(let summary): (failed, filesFailed) = (summary.error != nil, summary.failed)
        case .failure: failed = true
        }
        metrics.recordScan(source: name, seconds: clock.now() - started, failed: failed, filesFailed: filesFailed)
        failing.withLock { failing in
            guard case .failure(let error) = result else {
                failing[name] = nil
                return
            }
            let count = (failing[name]?.failures ?? 0) + 1
            failing[name] = ScanFailure(failures: count, error: error.description, retryAt: clock.now() + ScanFailure.backoff(failures: count))
        }
        switch result {
        case .success(let summary) where summary.error == nil && summary.created + summary.updated + summary.deleted > 0:
            logger.info(
                "source ingested",
                metadata: [
                    "source.name": "\(name)", "created": "\(summary.created)", "updated": "\(summary.updated)",
                    "deleted": "\(summary.deleted)", "failed": "\(summary.failed)",
                ])
        case .failure(let error):
            logger.error("scan failed; retrying with backoff", metadata: ["source.name": "\(name)", "error": "\(error)"])
        default:
            break
        }
    }
}
