public import API
public import Fetch
public import Foundation
import Synchronization
public import Logging
public import ServiceLifecycle
public import Storage
public import SyncConfig
public import SyncModel

/// The daemon's services, built from a configuration and what they run on; the executable
/// runs them in a `ServiceGroup`, and so do the tests (with a clock and a store of their own).
public struct DaemonServices: Sendable {
    /// In start order (a group stops them in reverse): the API, the notifier, the ingest
    /// writer, the scheduler, the webhooks, the reloader.
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
///   - webhookFetcher: the HTTP client that POSTs to `[[webhook]]` receivers.
///   - notifier: the systemd notify socket.
///   - environment: read for `RUNTIME_DIRECTORY` and `WATCHDOG_USEC`.
/// - Throws: `SyncError` when inotify is unavailable or the socket's folder cannot be made.
public func buildServices(
    config: SyncdConfig, store: any DocumentStore, clock: any SyncClock = SystemClock(),
    makeFetcher: @escaping @Sendable (FeedDefaults) -> any Fetcher = { CurlFetcher(perHost: $0.perHost, total: $0.concurrency) },
    webhookFetcher: any Fetcher = CurlFetcher(perHost: 4, total: 16),
    notifier: SystemdNotifier = SystemdNotifier(), logger: Logger,
    environment: [String: String] = ProcessInfo.processInfo.environment
) throws(SyncError) -> DaemonServices {
    let runtime = environment["RUNTIME_DIRECTORY"].map { $0.split(separator: ":").first.map(String.init) ?? $0 } ?? "/run/syncd"
    let socket = config.daemon.socket ?? runtime + "/syncd.sock"
    let live = LiveConfig(config)
    let writer = StoreWriter(store: store)
    try store.registerSources(config.sources.map(\.storeSource), now: clock.now())
    let metrics = DaemonMetrics(node: config.daemon.node)
    let activity = CommitSignal()
    let finishedCount = Atomic<Int64>(0)
    let finished: @Sendable () -> Void = { activity.notify(head: finishedCount.add(1, ordering: .relaxed).newValue) }
    let folders = try FolderService(config: live, writer: writer, clock: clock, metrics: metrics, logger: logger, finished: finished)
    let feeds = FeedPoller(defaults: config.feeds, writer: writer, clock: clock, metrics: metrics, logger: logger, makeFetcher: makeFetcher)
    let scheduler = SchedulerService(config: live, store: store, folders: folders, feeds: feeds, clock: clock, finished: finished)
    let notifierService = NotifierService(
        notifier: notifier, writer: writer, clock: clock, metrics: metrics, logger: logger,
        watchdog: SystemdNotifier.watchdogInterval(environment: environment), socketPath: socket,
        startedAt: clock.now()
    ) {
        DaemonController.statusLine(config: live.current, store: store, metrics: metrics)
    }
    let webhooks = WebhookService(config: live, writer: writer, fetcher: webhookFetcher, clock: clock, logger: logger)
    let controller = DaemonController(
        config: live, writer: writer, metrics: metrics, clock: clock, startedAt: clock.now(), folders: folders,
        feeds: feeds, scheduler: scheduler, webhooks: webhooks, notifier: notifierService, logger: logger)
    let tcp = try config.daemon.token().flatMap { token in config.daemon.listen.map { (host: $0.host, port: $0.port, token: token) } }
    let api = try APIServer.services(
        control: controller, socket: socket, socketGroup: config.daemon.socketGroup, listen: tcp,
        limits: (config.daemon.maxConnections, config.daemon.idleTimeout), logger: logger
    ) {
        notifierService.apiBound.fire()
    }
    let services: [any Service] =
        api + [notifierService, folders, scheduler, webhooks, ReloadService(controller: controller, logger: logger)]
    return DaemonServices(services: services, control: controller, socketPath: socket, activity: activity)
}
