import API
import Feeds
import Fetch
import Folders
import Foundation
import Logging
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// The running daemon's shared state and the operator's controls (`DaemonControl`): the live
/// configuration, the one store writer, the folder watcher and scan queue, the feed poller and
/// the schedule. The services of `buildServices` each drive one part of it.
final class SyncDaemon: DaemonControl {
    let writer: StoreWriter
    let logger: Logger
    let metrics = DaemonMetrics()
    let clock: any SyncClock
    let startedAt: Double
    let configPath: String
    let settings: Mutex<SyncdConfig>
    let notifier: SystemdNotifier
    let queue = WorkQueue()
    let watcher: FolderWatcher
    let poller: Mutex<FeedIngestor>
    let makeFetcher: @Sendable (FeedDefaults) -> any Fetcher
    let scheduled = Mutex(ScheduleState())
    let stopping = Atomic<Bool>(false)
    let ready = Atomic<Bool>(false)
    let depth = Atomic<Int>(0)
    let apiBound = SignalOnce()
    /// Bumped after every finished scan and poll (its head counts them): what tests wait on.
    let activity = CommitSignal()
    private let finished = Atomic<Int64>(0)
    private let reloading = Mutex(())
    /// The API's unix socket, recorded for syncctl.
    let socketPath: String

    struct ScheduleState {
        var lastScan: [String: Double] = [:]
        var inFlight: Set<String> = []
        var forced: Set<String> = []
    }

    init(config: SyncdConfig, store: any DocumentStore, clock: any SyncClock, makeFetcher: @escaping @Sendable (FeedDefaults) -> any Fetcher,
         notifier: SystemdNotifier, logger: Logger, socketPath: String) throws(SyncError) {
        configPath = config.path
        self.logger = logger
        self.notifier = notifier
        self.clock = clock
        self.makeFetcher = makeFetcher
        self.socketPath = socketPath
        startedAt = clock.now()
        settings = Mutex(config)
        writer = StoreWriter(store: store)
        try store.registerSources(config.sources.map(\.storeSource), now: clock.now())
        poller = Mutex(FeedIngestor(writer: writer, fetcher: makeFetcher(config.feeds), logger: logger, clock: clock))
        let queue = self.queue
        watcher = try FolderWatcher(logger: logger) { source in
            Task { await queue.submit(source) }
        }
        for source in config.sources where source.kind == .folder {
            watcher.watch(source: source.name, root: source.path)
        }
    }

    var store: any StoreReader { writer.store }
    var commits: CommitSignal { writer.store.commits }
    var config: SyncdConfig { settings.withLock { $0 } }
    var isReady: Bool { ready.load(ordering: .relaxed) }
    var queueDepth: Int { depth.load(ordering: .relaxed) }

    @discardableResult
    func requestSync(_ source: String? = nil) -> [String] {
        let names = config.sources.map(\.name).filter { source == nil || $0 == source }
        scheduled.withLock { $0.forced.formUnion(names) }
        return names
    }

    func acknowledge(consumer: String, seq: Int64) async throws(SyncError) {
        let now = clock.now()
        try await writer.perform { store throws(SyncError) in try store.ackConsumer(consumer, seq: seq, now: now) }
    }

    // MARK: - Reload

    /// Re-reads the configuration file on a thread of its own (adding watches walks folder
    /// trees). An invalid file is refused with a log line and the running configuration stays;
    /// a valid one is applied: added sources start, removed ones stop (their documents stay),
    /// changed ones restart.
    /// - Returns: `nil` on success, else why the new configuration was refused.
    func reload() async -> String? {
        (try? await onThread("syncd.reload") { () throws(SyncError) in self.reloading.withLock { _ in self.reloadNow() } }) ?? nil
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
            let now = clock.now()
            try writer.performBlocking { store throws(SyncError) in try store.registerSources(fresh.sources.map(\.storeSource), now: now) }
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
            poller.withLock { $0 = FeedIngestor(writer: writer, fetcher: makeFetcher(fresh.feeds), logger: logger, clock: clock) }
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
        var ingestor = FolderIngestor(writer: writer, logger: logger)
        ingestor.isCancelled = { [self] in stopping.load(ordering: .relaxed) }
        let scanner = ingestor
        let started = clock.now()
        scheduled.withLock { $0.lastScan[name] = started }
        let result: Result<SourceSummary, SyncError>
        do {
            result = .success(try await onThread("syncd.scan") { () throws(SyncError) in
                try scanner.ingest(source: name, root: source.path, maxFileSize: maxFileSize)
            })
        } catch {
            result = .failure(error)
        }
        metrics.recordScan(seconds: clock.now() - started, failed: (try? result.get())?.error != nil)
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
        finishedWork()
    }

    private func finishedWork() {
        activity.notify(head: finished.add(1, ordering: .relaxed).newValue)
    }

    /// Polls one feed source; `revive` fetches a feed disabled by a 410 (an operator asked).
    func poll(_ source: SourceSettings, revive: Bool) async {
        let poller = self.poller.withLock { $0 }
        let started = clock.now()
        do {
            let summary = try await poller.poll(source, revive: revive)
            metrics.recordFetch(result: summary.result?.rawValue ?? FetchOutcome.failed.rawValue, seconds: clock.now() - started)
        } catch {
            if error.code != .cancelled { logger.error("feed poll failed", metadata: ["source.name": "\(source.name)", "error": "\(error)"]) }
        }
        scheduled.withLock {
            $0.inFlight.remove(source.name)
            $0.lastScan[source.name] = started
        }
        finishedWork()
    }

    /// One line for systemd's `STATUS=`.
    func statusLine() -> String {
        let config = self.config
        let head = (try? writer.store.changeHead()) ?? 0
        let folders = config.sources.filter { $0.kind == .folder }.count
        let counts = metrics.snapshot()
        return "\(folders) folders, \(config.sources.count - folders) feeds; change log at \(head); \(counts.scans) scans, \(counts.fetches) fetches"
    }

    func recordDaemonInfo() {
        let info = DaemonInfo(pid: getpid(), startedAt: startedAt, readyAt: metrics.snapshot().readyAt, heartbeatAt: clock.now(), socket: socketPath)
        _ = try? writer.performBlocking { store throws(SyncError) in try store.setDaemonInfo(info) }
    }
}

extension SourceSettings {
    /// The source as the store records it.
    var storeSource: StoreSource { StoreSource(name: name, kind: kind, location: path) }
}

/// A one-shot event that tasks can wait for.
final class SignalOnce: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.fired = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var hasFired: Bool { state.withLock { $0.fired } }

    /// Returns once `fire()` was called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
