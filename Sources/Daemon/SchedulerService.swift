import Logging
import ServiceLifecycle
import Storage
import SyncConfig
import SyncModel
import Synchronization

/// Every tick of the daemon's clock (a second): folders not scanned yet or not within
/// `rescan_interval` (a minute when a watch failed) are queued; feeds whose next due time has
/// come (or that were asked for) are polled, concurrently within the fetcher's limits.
final class SchedulerService: Service, Sendable {
    static let tick = Duration.seconds(1)

    private struct State {
        /// Feeds being polled: not polled again until done.
        var inFlight: Set<String> = []
        /// Sources asked for (`syncctl sync`, a reload): synced at the next tick, whatever is due.
        var forced: Set<String> = []
    }

    private let config: LiveConfig
    private let store: any StoreReader
    private let folders: FolderService
    private let feeds: FeedPoller
    private let clock: any SyncClock
    private let finished: @Sendable () -> Void
    private let state = Mutex(State())

    init(
        config: LiveConfig, store: any StoreReader, folders: FolderService, feeds: FeedPoller, clock: any SyncClock,
        finished: @escaping @Sendable () -> Void
    ) {
        self.config = config
        self.store = store
        self.folders = folders
        self.feeds = feeds
        self.clock = clock
        self.finished = finished
    }

    /// Syncs these sources at the next tick, due or not (a feed disabled by a 410 included).
    func force(_ sources: some Sequence<String>) {
        state.withLock { $0.forced.formUnion(sources) }
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let (scans, polls) = due(now: clock.now())
                for name in scans { await folders.submit(name) }
                for (source, forced) in polls {
                    group.addTask { [self] in
                        await feeds.poll(source, revive: forced)
                        state.withLock { _ = $0.inFlight.remove(source.name) }
                        finished()
                    }
                }
                do { try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: Self.tick) } } catch { break }
            }
            group.cancelAll()
        }
    }

    /// What is due at `now`: folder scans, and feed polls with whether each was asked for.
    private func due(now: Double) -> (scans: [String], polls: [(SourceSettings, forced: Bool)]) {
        let config = self.config.current
        let states = (try? store.feedStates()) ?? [:]
        let retries = Set(folders.retriesDue(now: now))
        return state.withLock { state in
            var scans: [String] = [], polls: [(SourceSettings, forced: Bool)] = []
            for source in config.sources where !state.inFlight.contains(source.name) {
                let forced = state.forced.remove(source.name) != nil
                switch source.kind {
                case .folder:
                    let every = folders.isDegraded(source.name) ? min(60, config.daemon.rescanInterval) : config.daemon.rescanInterval
                    if forced || retries.contains(source.name) || now - (folders.lastScanned(source.name) ?? 0) >= every {
                        scans.append(source.name)
                    }
                case .feed:
                    let feed = states[source.name].flatMap { $0.url == source.feed?.url ? $0 : nil }
                    if feed?.disabledReason != nil && !forced { continue }
                    if forced || (feed?.nextDueAt ?? 0) <= now {
                        state.inFlight.insert(source.name)
                        polls.append((source, forced))
                    }
                }
            }
            return (scans, polls)
        }
    }
}
