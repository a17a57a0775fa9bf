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
    func poll(_ source: SourceSettings, revive: Bool) async {
        let ingestor = self.ingestor.withLock { $0 }
        let started = clock.now()
        do {
            let summary = try await ingestor.poll(source, revive: revive)
            metrics.recordFetch(result: summary.result?.rawValue ?? FetchOutcome.failed.rawValue, seconds: clock.now() - started)
        } catch {
            if error.code != .cancelled { logger.error("feed poll failed", metadata: ["source.name": "\(source.name)", "error": "\(error)"]) }
        }
    }
}
