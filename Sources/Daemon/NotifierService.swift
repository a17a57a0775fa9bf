import API
import Foundation
import Logging
import ServiceLifecycle
import Storage
import SyncModel
import Synchronization

/// The systemd side of the daemon: READY=1 once every API listener is bound (never before);
/// then STATUS= every five seconds and WATCHDOG=1 at half of `WATCHDOG_USEC` while the store
/// answers, on the daemon's clock; STOPPING=1 on shutdown. It also keeps the daemon's record in
/// the store (pid, start, ready, heartbeat, socket) for `syncctl status`.
final class NotifierService: Service, Sendable {
    let notifier: SystemdNotifier
    private let writer: StoreWriter
    private let clock: any SyncClock
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let watchdog: Duration?
    private let socketPath: String
    private let startedAt: Double
    /// One line for `STATUS=`.
    private let statusLine: @Sendable () -> String
    private let ready = Atomic<Bool>(false)
    /// Fired by the API once all its listeners are bound.
    let apiBound = SignalOnce()

    init(
        notifier: SystemdNotifier, writer: StoreWriter, clock: any SyncClock, metrics: DaemonMetrics, logger: Logger,
        watchdog: Duration?, socketPath: String, startedAt: Double, statusLine: @escaping @Sendable () -> String
    ) {
        self.notifier = notifier
        self.writer = writer
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.watchdog = watchdog
        self.socketPath = socketPath
        self.startedAt = startedAt
        self.statusLine = statusLine
    }

    /// Whether READY=1 was sent.
    var isReady: Bool { ready.load(ordering: .relaxed) }

    func run() async throws {
        let tick = min(watchdog ?? .seconds(5), .seconds(5))
        // An API that never binds fails its own service, and the group with it: no READY then.
        await withTaskCancellationOrGracefulShutdownHandler {
            await apiBound.wait()
        } onCancelOrGracefulShutdown: { [apiBound] in
            apiBound.fire()
        }
        guard !Task.isCancelled && !Task.isShuttingDownGracefully else {
            notifier.notify("STOPPING=1\nSTATUS=stopping")
            return
        }
        ready.store(true, ordering: .relaxed)
        metrics.markReady(at: clock.now())
        await recordDaemon()
        notifier.notify("READY=1\nSTATUS=\(statusLine())\nMAINPID=\(getpid())")
        logger.notice("syncd ready", metadata: ["socket": "\(socketPath)"])
        await withGracefulShutdownHandler {
            var sinceStatus = Duration.zero
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do { try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: tick) } } catch { break }
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                if watchdog != nil, writer.store.ping() {
                    notifier.notify("WATCHDOG=1")
                }
                sinceStatus += tick
                if sinceStatus >= .seconds(5) {
                    sinceStatus = .zero
                    notifier.notify("STATUS=\(statusLine())")
                    await recordDaemon()
                }
            }
        } onGracefulShutdown: { [notifier, logger] in
            notifier.notify("STOPPING=1\nSTATUS=stopping")
            logger.notice("syncd stopping")
        }
        _ = try? await writer.perform { store throws(SyncError) in try store.setDaemonInfo(nil) }
        do { try await writer.perform { store throws(SyncError) in try store.saveIndex() } } catch {
            logger.warning("cannot save the near-duplicate index", metadata: ["error": "\(error)"])
        }
        do { try await writer.perform { store throws(SyncError) in try store.seal() } } catch {
            logger.warning("cannot seal the store (the next start checks it)", metadata: ["error": "\(error)"])
        }
    }

    /// Keeps the daemon's record (the heartbeat) through the writer, without blocking.
    private func recordDaemon() async {
        let info = DaemonInfo(pid: getpid(), startedAt: startedAt, readyAt: metrics.snapshot().readyAt, heartbeatAt: clock.now(), socket: socketPath)
        _ = try? await writer.perform { store throws(SyncError) in try store.setDaemonInfo(info) }
    }
}
