import Foundation
import Logging
import ServiceLifecycle
import SyncModel
import SyncConfig
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

/// Every second: folders not scanned yet or not within `rescan_interval` (a minute when a
/// watch failed) are queued; feeds whose next due time has come (or that were asked for) are
/// polled, concurrently within the fetcher's limits.
struct SchedulerService: Service {
    let daemon: SyncDaemon

    func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let now = Date().timeIntervalSince1970
                let config = daemon.config
                let states = (try? daemon.store.feedStates()) ?? [:]
                let (scans, polls) = daemon.scheduled.withLock { state -> ([String], [(source: SourceSettings, forced: Bool)]) in
                    var scans: [String] = [], polls: [(source: SourceSettings, forced: Bool)] = []
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
                for name in scans { await daemon.queue.submit(name) }
                for (source, forced) in polls { group.addTask { await daemon.poll(source, revive: forced) } }
                try? await Task.sleep(for: .seconds(1))
            }
            group.cancelAll()
        }
    }
}

/// SIGHUP reloads the configuration.
struct ReloadService: Service {
    let daemon: SyncDaemon

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            daemon.logger.notice("SIGHUP: reloading the configuration", metadata: ["file.path": "\(daemon.configPath)"])
            daemon.reload()
        }
    }
}

/// READY=1 once the store is open and the sources are loaded; then STATUS= every few seconds,
/// WATCHDOG=1 at half of `WATCHDOG_USEC` while the store answers; STOPPING=1 on shutdown.
struct NotifierService: Service {
    let daemon: SyncDaemon

    func run() async throws {
        let watchdog = SystemdNotifier.watchdogInterval()
        let tick = min(watchdog ?? .seconds(5), .seconds(5))
        // READY only once the API listens, so `systemctl start syncd && syncctl reload` works.
        let bindDeadline = ContinuousClock.now + .seconds(30)
        while !daemon.apiBound.load(ordering: .relaxed) && ContinuousClock.now < bindDeadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        daemon.ready.store(true, ordering: .relaxed)
        let now = Date().timeIntervalSince1970
        daemon.metrics.markReady(at: now)
        daemon.recordDaemonInfo()
        daemon.notifier.notify("READY=1\nSTATUS=\(daemon.statusLine())\nMAINPID=\(getpid())")
        daemon.logger.notice("syncd ready", metadata: ["sources": "\(daemon.config.sources.count)", "socket": "\(daemon.socketPath)"])
        await withGracefulShutdownHandler {
            var lastStatus = ContinuousClock.now
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: tick)
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                if watchdog != nil, daemon.store.ping() {
                    daemon.notifier.notify("WATCHDOG=1")
                }
                if ContinuousClock.now - lastStatus >= .seconds(5) {
                    lastStatus = ContinuousClock.now
                    daemon.notifier.notify("STATUS=\(daemon.statusLine())")
                    daemon.recordDaemonInfo()
                }
            }
        } onGracefulShutdown: { [daemon] in
            daemon.notifier.notify("STOPPING=1\nSTATUS=stopping")
            daemon.logger.notice("syncd stopping")
        }
        try? daemon.store.setDaemonInfo(nil)
    }
}
