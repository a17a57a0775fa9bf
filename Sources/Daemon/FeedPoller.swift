import API
import Feeds
import Fetch
import Logging
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// Polls feed sources with the fetcher the `[feeds]` limits call for, made again when they change.
final class FeedPoller: Sendable {
    private let writer: StoreWriter
    private let clock: any SyncClock
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let makeFetcher: @Sendable (FeedDefaults) -> any Fetcher
    private let ingestor: Mutex<FeedIngestor>

    init(
        defaults: FeedDefaults, writer: StoreWriter, clock: any SyncClock, metrics: DaemonMetrics, logger: Logger,
        makeFetcher: @escaping @Sendable (FeedDefaults) -> any Fetcher
    ) {
        self.writer = writer
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.makeFetcher = makeFetcher
        ingestor = Mutex(FeedIngestor(writer: writer, fetcher: makeFetcher(defaults), logger: logger, clock: clock))
    }

    /// New limits: a new fetcher for the polls that start from now on.
    func reconfigure(_ defaults: FeedDefaults) {
        let fresh = FeedIngestor(writer: writer, fetcher: makeFetcher(defaults), logger: logger, clock: clock)
        ingestor.withLock { $0 = fresh }
    }

    /// Polls one feed source; `revive` fetches a feed disabled by a 410 (an operator asked).
    /// On a store several nodes share, the poll happens only when this node wins the feed's
    /// lease (the claim is checked against the shared due time, so a feed another node has just
    /// polled is left alone); the lease outlives the longest poll a fetch timeout allows.
    func poll(_ source: SourceSettings, revive: Bool) async {
        let ingestor = self.ingestor.withLock { $0 }
        let store = writer.store
        let lease = 2 * ((source.feed?.connectTimeout ?? 10) + (source.feed?.timeout ?? 60)) + 30
        let now = clock.now()
        do {
            let claimed = try await BlockingWork.run { () throws(SyncError) in
                try store.claimFeed(source: source.name, lease: lease, force: revive, now: now)
            }
            guard claimed else { return }
        } catch {
            logger.error("feed claim failed", metadata: ["source.name": "\(source.name)", "error": "\(error)"])
            return
        }
        let started = clock.now()
        do {
            let summary = try await ingestor.poll(source, revive: revive)
            metrics.recordFetch(result: summary.result?.rawValue ?? FetchOutcome.failed.rawValue, seconds: clock.now() - started)
        } catch {
            if error.code != .cancelled { logger.error("feed poll failed", metadata: ["source.name": "\(source.name)", "error": "\(error)"]) }
        }
        let name = source.name
        _ = try? await BlockingWork.run { () throws(SyncError) in try store.releaseFeed(source: name) }
    }
}
