import API
import Folders
import Foundation
import Logging
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// The operator's controls over the running daemon (`DaemonControl`, served by the API): sync
/// requests, reloads, consumer acknowledgements, and what status shows. It owns nothing the
/// services own; it asks them.
final class DaemonController: DaemonControl {
    let config: LiveConfig
    let writer: StoreWriter
    let metrics: DaemonMetrics
    let clock: any SyncClock
    let startedAt: Double
    private let folders: FolderService
    private let feeds: FeedPoller
    private let scheduler: SchedulerService
    private let webhookService: WebhookService
    private let notifierService: NotifierService
    private let logger: Logger
    private let reloading = Mutex(())

    init(
        config: LiveConfig, writer: StoreWriter, metrics: DaemonMetrics, clock: any SyncClock, startedAt: Double, folders: FolderService,
        feeds: FeedPoller, scheduler: SchedulerService, webhooks: WebhookService, notifier: NotifierService, logger: Logger
    ) {
        self.config = config
        self.writer = writer
        self.metrics = metrics
        self.clock = clock
        self.startedAt = startedAt
        self.folders = folders
        self.feeds = feeds
        self.scheduler = scheduler
        webhookService = webhooks
        notifierService = notifier
        self.logger = logger
    }

    var store: any StoreReader { writer.store }
    var commits: CommitSignal { writer.store.commits }
    var isReady: Bool { notifierService.isReady }
    var queueDepth: Int { folders.queueDepth }
    var failingSources: [SourceFailure] { folders.failures }
    var webhooks: [WebhookStatus] { webhookService.statuses(head: (try? writer.store.changeHead()) ?? 0) }

    @discardableResult
    func requestSync(_ source: String? = nil) -> [String] {
        let names = config.current.sources.map(\.name).filter { source == nil || $0 == source }
        scheduler.force(names)
        return names
    }

    func acknowledge(consumer: String, seq: Int64) async throws(SyncError) {
        let now = clock.now()
        try await writer.perform { store throws(SyncError) in try store.ackConsumer(consumer, seq: seq, now: now) }
    }

    func reextract(_ source: String?) async throws(SyncError) -> [ReextractSummary] {
        let config = config.current
        let names = try config.reextractSources(source)
        let (writer, clock, logger) = (self.writer, self.clock, self.logger)
        return try await onThread("syncd.reextract") { () throws(SyncError) in
            let reextractor = Reextractor(store: writer.store, writer: writer, clock: clock)
            var summaries: [ReextractSummary] = []
            for name in names {
                let summary = try reextractor.reextract(source: name, maxFileSize: config.ingest.maxFileSize)
                logger.info(
                    "source extracted again",
                    metadata: [
                        "source.name": "\(name)", "documents": "\(summary.documents)", "inputs": "\(summary.inputs)",
                        "known_chrome": "\(summary.knownChrome)", "changed": "\(summary.changed)", "failed": "\(summary.failures.count)",
                    ])
                summaries.append(summary)
            }
            return summaries
        }
    }

    /// Re-reads the configuration file on a thread of its own (adding watches walks folder
    /// trees). An invalid file is refused with a log line and the running configuration stays;
    /// a valid one is applied: added sources start, removed ones stop (their documents stay),
    /// changed ones restart.
    /// - Returns: `nil` on success, else why the new configuration was refused.
    func reload() async -> String? {
        (try? await onThread("syncd.reload") { () throws(SyncError) in self.reloading.withLock { _ in self.reloadNow() } }) ?? nil
    }

    private func reloadNow() -> String? {
        let notifier = notifierService.notifier
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())")
        defer { notifier.notify("READY=1\nSTATUS=\(statusLine())") }
        let fresh: SyncdConfig
        do {
            fresh = try SyncdConfig.load(path: config.path)
            try checkFeedCharsets(fresh)
        } catch {
            logger.error("reload refused: the new configuration is invalid; the running one stays", metadata: ["error": "\(error)"])
            return error.description
        }
        let old = config.current
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
        // Compared without their line and tags: a comment added above a source, or a tag, does not restart it.
        func unplaced(_ source: SourceSettings) -> SourceSettings {
            var copy = source
            copy.line = 0
            copy.tags = []
            return copy
        }
        let before = Dictionary(old.sources.map { ($0.name, unplaced($0)) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(fresh.sources.map { ($0.name, unplaced($0)) }, uniquingKeysWith: { first, _ in first })
        let started = after.filter { before[$0.key] != $0.value }
        folders.rewatch(
            removed: before.filter { after[$0.key] != $0.value && $0.value.kind == .folder }.map(\.key),
            added: started.filter { $0.value.kind == .folder }.map { ($0.key, $0.value.location) })
        if fresh.feeds != old.feeds { feeds.reconfigure(fresh.feeds) }
        config.replace(with: fresh)
        webhookService.apply(fresh.webhooks)
        scheduler.force(started.keys)
        logger.notice(
            "configuration reloaded",
            metadata: [
                "sources": "\(fresh.sources.count)", "started": "\(started.keys.sorted().joined(separator: ","))",
                "stopped": "\(Set(before.keys).subtracting(after.keys).sorted().joined(separator: ","))",
            ])
        return nil
    }

    func statusLine() -> String { Self.statusLine(config: config.current, store: writer.store, metrics: metrics) }

    /// One line for systemd's `STATUS=`.
    static func statusLine(config: SyncdConfig, store: any StoreReader, metrics: DaemonMetrics) -> String {
        let head = (try? store.changeHead()) ?? 0
        let folders = config.sources.filter { $0.kind == .folder }.count
        let counts = metrics.snapshot()
        return "\(folders) folders, \(config.sources.count - folders) feeds; change log at \(head); \(counts.scans) scans, \(counts.fetches) fetches"
    }
}

extension SourceSettings {
    /// The source as the store records it.
    var storeSource: StoreSource { StoreSource(name: name, kind: kind, location: location) }
}
