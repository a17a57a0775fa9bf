import API
import Folders
import Foundation
import Logging
import ServiceLifecycle
import Storage
import SyncModel
import SyncConfig
import Synchronization
import UnixSignals

/// The single writer of folder scans: takes sources from the coalescing queue one at a time.
/// On shutdown it stops taking work; a scan in progress stops after its current batch.
struct IngestService: Service {
    let daemon: SyncDaemon

    func run() async throws {
        // Cancellation (another service failed) ends the wait as a graceful shutdown does.
        await withTaskCancellationOrGracefulShutdownHandler {
            while let source = await daemon.queue.next() {
                daemon.depth.store(await daemon.queue.depth, ordering: .relaxed)
                await daemon.scan(source)
            }
        } onCancelOrGracefulShutdown: { [daemon] in
            daemon.stopping.store(true, ordering: .relaxed)
            Task { await daemon.queue.close() }
        }
    }
}

/// Every tick of the daemon's clock (a second): folders not scanned yet or not within
/// `rescan_interval` (a minute when a watch failed) are queued; feeds whose next due time has
/// come (or that were asked for) are polled, concurrently within the fetcher's limits.
struct SchedulerService: Service {
    let daemon: SyncDaemon
    static let tick = Duration.seconds(1)

    func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let (scans, polls) = due(now: daemon.clock.now())
                for name in scans { await daemon.queue.submit(name) }
                for (source, forced) in polls { group.addTask { await daemon.poll(source, revive: forced) } }
                do { try await cancelWhenGracefulShutdown { try await daemon.clock.sleep(for: Self.tick) } } catch { break }
            }
            group.cancelAll()
        }
    }

    /// What is due at `now`: folder scans, and feed polls with whether each was asked for.
    func due(now: Double) -> (scans: [String], polls: [(SourceSettings, forced: Bool)]) {
        let config = daemon.config
        let states = (try? daemon.writer.store.feedStates()) ?? [:]
        return daemon.scheduled.withLock { state in
            var scans: [String] = [], polls: [(SourceSettings, forced: Bool)] = []
            for source in config.sources where !state.inFlight.contains(source.name) {
                let forced = state.forced.remove(source.name) != nil
                switch source.kind {
                case .folder:
                    let every = daemon.watcher.isDegraded(source.name) ? min(60, config.daemon.rescanInterval) : config.daemon.rescanInterval
                    if forced || now - (state.lastScan[source.name] ?? 0) >= every {
                        state.lastScan[source.name] = now
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

/// SIGHUP reloads the configuration.
struct ReloadService: Service {
    let daemon: SyncDaemon

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            daemon.logger.notice("SIGHUP: reloading the configuration", metadata: ["file.path": "\(daemon.configPath)"])
            _ = await daemon.reload()
        }
    }
}

/// READY=1 once the store is open, the sources are loaded and the API listens; then STATUS=
/// every few seconds, WATCHDOG=1 at half of `WATCHDOG_USEC` while the store answers;
/// STOPPING=1 on shutdown.
struct NotifierService: Service {
    let daemon: SyncDaemon
    let watchdog: Duration?

    func run() async throws {
        let tick = min(watchdog ?? .seconds(5), .seconds(5))
        // READY only once the API listens, so `systemctl start syncd && syncctl reload` works;
        // an API that never binds fails its own service, and the group with it.
        await withTaskCancellationOrGracefulShutdownHandler {
            await daemon.apiBound.wait()
        } onCancelOrGracefulShutdown: { [daemon] in
            daemon.apiBound.fire()
        }
        guard !Task.isCancelled && !Task.isShuttingDownGracefully else {
            daemon.notifier.notify("STOPPING=1\nSTATUS=stopping")
            return
        }
        daemon.ready.store(true, ordering: .relaxed)
        daemon.metrics.markReady(at: daemon.clock.now())
        daemon.recordDaemonInfo()
        daemon.notifier.notify("READY=1\nSTATUS=\(daemon.statusLine())\nMAINPID=\(getpid())")
        daemon.logger.notice("syncd ready", metadata: ["sources": "\(daemon.config.sources.count)", "socket": "\(daemon.socketPath)"])
        await withGracefulShutdownHandler {
            var sinceStatus = Duration.zero
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do { try await cancelWhenGracefulShutdown { try await daemon.clock.sleep(for: tick) } } catch { break }
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                if watchdog != nil, daemon.writer.store.ping() {
                    daemon.notifier.notify("WATCHDOG=1")
                }
                sinceStatus += tick
                if sinceStatus >= .seconds(5) {
                    sinceStatus = .zero
                    daemon.notifier.notify("STATUS=\(daemon.statusLine())")
                    daemon.recordDaemonInfo()
                }
            }
        } onGracefulShutdown: { [daemon] in
            daemon.notifier.notify("STOPPING=1\nSTATUS=stopping")
            daemon.logger.notice("syncd stopping")
        }
        _ = try? daemon.writer.performBlocking { store throws(SyncError) in try store.setDaemonInfo(nil) }
    }
}
