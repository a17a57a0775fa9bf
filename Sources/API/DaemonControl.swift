public import Storage
public import SyncModel

/// What the API needs of a running daemon: the store to read, a signal per commit, counters,
/// and the few things an operator can ask for. The daemon implements it; tests can too.
public protocol DaemonControl: Sendable {
    /// The store, for reads; writes go through the methods below.
    var store: any StoreReader { get }
    /// Announces each commit that grew the change log.
    var commits: CommitSignal { get }
    var metrics: DaemonMetrics { get }
    /// Whether READY=1 was sent.
    var isReady: Bool { get }
    /// When the daemon started, seconds since 1970.
    var startedAt: Double { get }
    /// The clock the daemon runs on (uptime, stamps).
    var clock: any SyncClock { get }
    /// Folder scans waiting for the writer.
    var queueDepth: Int { get }
    /// Sources whose last scan failed as a whole, retried with backoff.
    var failingSources: [SourceFailure] { get }
    /// The configured webhooks with their cursor, lag and delivery state.
    var webhooks: [WebhookStatus] { get }

    /// Asks for a poll (feed) or scan (folder) now, of one source or of all when `nil`.
    /// - Returns: the sources that will be synced; empty when `source` names none.
    func requestSync(_ source: String?) -> [String]
    /// Re-reads the configuration file and applies it.
    /// - Returns: `nil` when applied, else why it was refused (the running one stays).
    func reload() async -> String?
    /// Commits a consumer's cursor through the daemon's writer.
    /// - Throws: `SyncError(.invalidArgument)` for a seq outside the change log.
    func acknowledge(consumer: String, seq: Int64) async throws(SyncError)
    /// Extracts the kept inputs of a folder source (of every one when `nil`) again through the
    /// daemon's writer (`syncctl reextract`).
    /// - Throws: `SyncError(.notFound)` for no such source, `.invalidArgument` for a feed source.
    func reextract(_ source: String?) async throws(SyncError) -> [ReextractSummary]
}

extension DaemonControl {
    public var webhooks: [WebhookStatus] { [] }
}

/// A source whose last scan failed as a whole (the store refused a write), as status shows it.
public struct SourceFailure: Sendable, Codable, Equatable {
    public var source: String
    /// Consecutive failed scans.
    public var failures: Int
    public var error: String
    /// When the next attempt is due, seconds since 1970.
    public var retryAt: Double

    public init(source: String, failures: Int, error: String, retryAt: Double) {
        self.source = source
        self.failures = failures
        self.error = error
        self.retryAt = retryAt
    }
}
