public import API
public import Fetch
public import Foundation
public import Logging
public import ServiceLifecycle
public import Storage
public import SyncConfig
public import SyncModel

/// The daemon's services, built from a configuration and what they run on; the executable
/// runs them in a `ServiceGroup`, and so do the tests (with a clock and a store of their own).
public struct DaemonServices: Sendable {
    /// In start order (a group stops them in reverse): the API, the notifier, the ingest
    /// writer, the scheduler, the reloader.
    public let services: [any Service]
    /// What the API serves; tests use it to sync, reload and read state.
    public let control: any DaemonControl
    /// The unix socket the API listens on.
    public let socketPath: String
    /// Announces every finished folder scan and feed poll; its head counts them.
    public let activity: CommitSignal
}

/// Builds the long-running daemon (Hummingbird's `buildApplication` is the model).
/// - Parameters:
///   - config: the loaded configuration (its file is re-read on reload).
///   - store: the store, opened by the caller (`StoreBackends.open`).
///   - clock: the wall clock and the sleeps of the scheduler and the notifier.
///   - makeFetcher: the HTTP client for feeds, made again when `[feeds]` limits change.
///   - notifier: the systemd notify socket.
///   - environment: read for `RUNTIME_DIRECTORY` and `WATCHDOG_USEC`.
/// - Throws: `SyncError` when inotify is unavailable or the socket's folder cannot be made.
public func buildServices(
    config: SyncdConfig, store: any DocumentStore, clock: any SyncClock = SystemClock(),
    makeFetcher: @escaping @Sendable (FeedDefaults) -> any Fetcher = { CurlFetcher(perHost: $0.perHost, total: $0.concurrency) },
    notifier: SystemdNotifier = SystemdNotifier(), logger: Logger,
    environment: [String: String] = ProcessInfo.processInfo.environment
) throws(SyncError) -> DaemonServices {
    let runtime = environment["RUNTIME_DIRECTORY"].map { $0.split(separator: ":").first.map(String.init) ?? $0 } ?? "/run/syncd"
    let socket = config.daemon.socket ?? runtime + "/syncd.sock"
    let daemon = try SyncDaemon(config: config, store: store, clock: clock, makeFetcher: makeFetcher, notifier: notifier,
                                logger: logger, socketPath: socket)
    let api = try APIServer.services(control: daemon, socket: socket, listen: config.daemon.listen, logger: logger) {
        daemon.apiBound.fire()
    }
    let services: [any Service] = api + [
        NotifierService(daemon: daemon, watchdog: SystemdNotifier.watchdogInterval(environment: environment)),
        IngestService(daemon: daemon), SchedulerService(daemon: daemon), ReloadService(daemon: daemon),
    ]
    return DaemonServices(services: services, control: daemon, socketPath: socket, activity: daemon.activity)
}
