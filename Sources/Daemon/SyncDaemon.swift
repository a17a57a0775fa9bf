import Foundation
public import Logging
public import ServiceLifecycle
public import Store
public import SyncConfig
public import SyncModel
import Fetch
import Synchronization
import UnixSignals

/// The long-running `syncd`: watches folders (inotify), polls due feeds, rescans periodically,
/// reloads its configuration on SIGHUP, speaks the systemd notify protocol, and exposes what
/// the API needs (the store, a change signal, sync requests, metrics).
///
/// Its work runs as services of one `ServiceGroup`: the ingest writer (folder scans, one at a
/// time, from a coalescing queue), the scheduler (feeds and periodic rescans), the reloader
/// (SIGHUP) and the notifier (READY, STATUS, WATCHDOG, STOPPING).
public final class SyncDaemon: Sendable {
    public let store: Store
    public let logger: Logger
    public let changes = ChangeSignal()
    public let metrics = DaemonMetrics()
    public let startedAt = Date().timeIntervalSince1970
    let configPath: String
    let settings: Mutex<SyncdConfig>
    let notifier: SystemdNotifier
    let queue = WorkQueue()
    let watcher: FolderWatcher
    let poller: Mutex<FeedIngestor>
    let scheduled = Mutex(ScheduleState())
    let stopping = Atomic<Bool>(false)
    let ready = Atomic<Bool>(false)
    let depth = Atomic<Int>(0)
    let apiBound = Atomic<Bool>(false)
    private let reloading = Mutex(())
    /// The API's unix socket, recorded for syncctl.
    public let socketPath: String

    struct ScheduleState {
        var lastScan: [String: Double] = [:]
        var inFlight: Set<String> = []
        var forced: Set<String> = []
    }

    /// Opens the store, records the sources and starts watching the folders.
    /// - Throws: `SyncError` when the store cannot be opened or inotify is unavailable.
    public init(config: SyncdConfig, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(SyncError) {
        configPath = config.path
        self.logger = logger
        self.notifier = notifier
        settings = Mutex(config)
        socketPath = config.daemon.socket ?? ((environment["RUNTIME_DIRECTORY"].map { $0.split(separator: ":").first.map(String.init) ?? $0 } ?? "/run/syncd") + "/syncd.sock")
        store = try buildStore(config)
        poller = Mutex(FeedIngestor(store: store, fetcher: CurlFetcher(perHost: config.feeds.perHost, total: config.feeds.concurrency), logger: logger))
        let queue = self.queue
        watcher = try FolderWatcher(logger: logger) { source in
            Task { await queue.submit(source) }
        }
        for source in config.sources where source.kind == .folder {
            watcher.watch(source: source.name, root: source.path)
        }
    }

    /// The daemon's services, in start order (shut down in reverse).
    public var services: [any Service] {
        [NotifierService(daemon: self), IngestService(daemon: self), SchedulerService(daemon: self), ReloadService(daemon: self)]
    }

    public var config: SyncdConfig { settings.withLock { $0 } }
    public var isReady: Bool { ready.load(ordering: .relaxed) }
    /// Folder scans waiting (sampled by the writer loop).
    public var queueDepth: Int { depth.load(ordering: .relaxed) }

    /// Called by the API once its unix socket listens (READY=1 waits for it).
    public func markAPIBound() { apiBound.store(true, ordering: .relaxed) }

    /// Asks for a poll (feed) or scan (folder) now, or of every source when `source` is nil.
    /// - Returns: the sources that will be synced; empty when `source` names none.
    @discardableResult
    public func requestSync(_ source: String? = nil) -> [String] {
        let names = config.sources.map(\.name).filter { source == nil || $0 == source }
        scheduled.withLock { $0.forced.formUnion(names) }
        return names
    }

    // MARK: - Reload

    /// Re-reads the configuration file. An invalid one is refused with a log line and the
    /// running configuration stays; a valid one is applied: added sources start, removed ones
    /// stop (their documents stay), changed ones restart.
    /// - Returns: `nil` on success, else why the new configuration was refused.
    @discardableResult
    public func reload() -> String? {
        reloading.withLock { _ in reloadNow() }
    }

    private func reloadNow() -> String? {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())")
        defer { notifier.notify("READY=1\nSTATUS=\(statusLine())") }
        let fresh: SyncdConfig
        do {
            fresh = try SyncdConfig.load(path: configPath)
            try checkFeedCharsets(fresh)
        } catch {
            logger.error("reload refused: the new configuration is invalid; the running one stays", metadata: ["error": "\(error)"])
            return error.description
        }
        let old = config
        if fresh.store != old.store || fresh.dedup != old.dedup || fresh.daemon != old.daemon {
            logger.warning("store, dedup and daemon settings (socket, listen) take effect at the next start")
        }
        do {
            try store.registerSources(fresh.sources.map { StoreSource(name: $0.name, kind: $0.kind, location: $0.path) })
        } catch {
            logger.error("reload failed: cannot record the sources", metadata: ["error": "\(error)"])
            return error.description
        }
        // Compared without their line: a comment added above a source does not restart it.
        func unplaced(_ source: SourceSettings) -> SourceSettings {
            var copy = source
            copy.line = 0
            return copy
        }
        let before = Dictionary(old.sources.map { ($0.name, unplaced($0)) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(fresh.sources.map { ($0.name, unplaced($0)) }, uniquingKeysWith: { first, _ in first })
        for (name, source) in before where after[name] != source && source.kind == .folder {
            watcher.unwatch(source: name)
        }
        var started: [String] = []
        for (name, source) in after where before[name] != source {
            if source.kind == .folder { watcher.watch(source: name, root: source.path) }
            started.append(name)
        }
        if fresh.feeds != old.feeds {
            poller.withLock { $0 = FeedIngestor(store: store, fetcher: CurlFetcher(perHost: fresh.feeds.perHost, total: fresh.feeds.concurrency), logger: logger) }
        }
        settings.withLock { $0 = fresh }
        scheduled.withLock { $0.forced.formUnion(started) }
        logger.notice("configuration reloaded", metadata: [
            "sources": "\(fresh.sources.count)", "started": "\(started.sorted().joined(separator: ","))",
            "stopped": "\(Set(before.keys).subtracting(after.keys).sorted().joined(separator: ","))",
        ])
        return nil
    }

    // MARK: - Work

    /// Scans one folder source on a thread of its own (reading is blocking), one at a time.
    func scan(_ name: String) async {
        guard let source = config.sources.first(where: { $0.name == name && $0.kind == .folder }) else { return }
        watcher.ensureWatched(source: name, root: source.path)
        let maxFileSize = source.maxFileSize ?? config.ingest.maxFileSize
        var ingestor = FolderIngestor(store: store, logger: logger)
        ingestor.isCancelled = { [self] in stopping.load(ordering: .relaxed) }
        let scanner = ingestor
        let started = Date().timeIntervalSince1970
        scheduled.withLock { $0.lastScan[name] = started }
        let result: Result<SourceSummary, SyncError>
        do {
            result = .success(try await onThread("syncd.scan") { () throws(SyncError) in
                try scanner.ingest(source: name, root: source.path, maxFileSize: maxFileSize)
            })
        } catch {
            result = .failure(error)
        }
        metrics.recordScan(seconds: Date().timeIntervalSince1970 - started, failed: (try? result.get())?.error != nil)
        switch result {
        case .success(let summary) where summary.error == nil && summary.created + summary.updated + summary.deleted > 0:
            logger.info("source ingested", metadata: [
                "source.name": "\(name)", "created": "\(summary.created)", "updated": "\(summary.updated)",
                "deleted": "\(summary.deleted)", "failed": "\(summary.failed)",
            ])
        case .failure(let error):
            logger.error("scan failed", metadata: ["source.name": "\(name)", "error": "\(error)"])
        default:
            break
        }
        await changes.bump()
    }

    /// Polls one feed source; `revive` (a forced poll: `syncctl sync`) fetches it even when a
    /// 410 disabled it.
    func poll(_ source: SourceSettings, revive: Bool = false) async {
        let poller = self.poller.withLock { $0 }
        let started = Date().timeIntervalSince1970
        do {
            let summary = try await poller.poll(source, revive: revive)
            metrics.recordFetch(result: summary.result ?? "failed", seconds: Date().timeIntervalSince1970 - started)
        } catch {
            if error.code != .cancelled { logger.error("feed poll failed", metadata: ["source.name": "\(source.name)", "error": "\(error)"]) }
        }
        scheduled.withLock {
            $0.inFlight.remove(source.name)
            $0.lastScan[source.name] = started
        }
        await changes.bump()
    }

    /// One line for systemd's `STATUS=`.
    func statusLine() -> String {
        let config = self.config
        let head = (try? store.changeHead()) ?? 0
        let folders = config.sources.filter { $0.kind == .folder }.count
        let counts = metrics.snapshot()
        return "\(folders) folders, \(config.sources.count - folders) feeds; change log at \(head); \(counts.scans) scans, \(counts.fetches) fetches"
    }

    func recordDaemonInfo() {
        try? store.setDaemonInfo(DaemonInfo(pid: getpid(), startedAt: startedAt, readyAt: metrics.snapshot().readyAt,
                                            heartbeatAt: Date().timeIntervalSince1970, socket: socketPath))
    }
}
