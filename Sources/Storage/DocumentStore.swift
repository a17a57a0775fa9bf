public import SyncModel

/// What the daemon, the API and syncctl read from a store, whatever the backend.
///
/// Every method is synchronous and may block on I/O: callers on Swift's cooperative pool hand
/// long reads to a thread of their own. Each backend maps its errors to `SyncError(.store)`.
public protocol StoreReader: Sendable {
    /// Where the store lives, for messages: a file path or a database URL without password.
    var location: String { get }
    /// The dedup parameters the stored fingerprints were made with.
    var parameters: DedupParameters { get }

    /// Store-wide figures, sources, consumers and the daemon record.
    func status() throws(SyncError) -> StoreStatus
    /// Change-log rows with `seq > since`, oldest first.
    func changes(since: Int64, limit: Int) throws(SyncError) -> [Change]
    /// The highest `seq` committed, 0 for an empty log.
    func changeHead() throws(SyncError) -> Int64
    /// Clusters with two or more live members, canonical member first.
    func duplicateClusters() throws(SyncError) -> [DuplicateCluster]
    /// One cluster's live members.
    /// - Throws: `SyncError(.notFound)`.
    func cluster(_ id: Int64) throws(SyncError) -> DuplicateCluster
    /// The `limit` clusters with the most live members, largest first (ties: the older first).
    func largestClusters(limit: Int) throws(SyncError) -> [DuplicateCluster]
    /// A document id from `ID` or `SOURCE:KEY`.
    /// - Throws: `SyncError(.notFound)` or `.invalidArgument`.
    func resolve(_ reference: String) throws(SyncError) -> Int64
    /// A document at a version (the latest when `nil`).
    func document(_ doc: Int64, version: Int?) throws(SyncError) -> DocumentView
    func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo]
    func consumers() throws(SyncError) -> [ConsumerStatus]
    /// The committed cursor of a consumer, `nil` for one never seen.
    func consumerSeq(_ name: String) throws(SyncError) -> Int64?
    func daemonInfo() throws(SyncError) -> DaemonInfo?
    /// Every stored feed state by source name.
    func feedStates() throws(SyncError) -> [String: FeedState]
    /// A feed's state, `nil` before its first fetch or when the configured URL changed.
    func feedState(source: String, url: String) throws(SyncError) -> FeedRecord?
    /// Keys already given to a feed's entries.
    func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys
    /// A feed source's pending articles whose next attempt is due at `now`, with what their
    /// documents were stored from.
    func articleRetries(source: String, now: Double) throws(SyncError) -> [ArticleRetry]
    /// Retry-After deadlines by host.
    func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)]
    /// Visits the live documents of a source with their file stamps, in the byte order of
    /// their keys' UTF-8 (the order `FolderScanner` lists files in), without holding them all:
    /// a full walk of a large folder compares stamps by merging the two sorted streams.
    func forEachLiveDocument(source: String, _ body: (_ key: String, _ stamp: FileStamp?) -> Void) throws(SyncError)
    /// The live documents among `keys` of a source, with their file stamps: what a change to a
    /// few files needs, without loading the whole source.
    func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)]
    /// Whether the store answers a trivial query (the systemd watchdog asks).
    func ping() -> Bool
    /// Every node writing to this store, with its heartbeat, sources and feed leases (several
    /// nodes share a PostgreSQL store; a SQLite store has none to list).
    func nodes() throws(SyncError) -> [NodeStatus]
    /// What the source's chrome model counts: its page dumps, and the lines found in at least
    /// `minDocuments` of them (`SourceChromeModel`).
    func pageLineCounts(source: String, minDocuments: Int) throws(SyncError) -> PageLineCounts
    /// The live documents of a folder source with their latest kept input, by key.
    func storedInputs(source: String) throws(SyncError) -> [StoredInput]
}

/// A store the daemon writes: one method per business transaction, each atomic. A crash
/// leaves every transaction either whole or absent.
public protocol DocumentStore: StoreReader {
    /// Announces every commit that appended to the change log.
    var commits: CommitSignal { get }

    /// Records the configured sources; sources no longer configured keep their documents.
    func registerSources(_ sources: [StoreSource], now: Double) throws(SyncError)
    /// Merges a batch in one transaction: versions, blobs, clusters and change-log rows.
    func merge(_ batch: [IncomingDocument], now: Double) throws(SyncError) -> [MergeResult]
    /// Tombstones live documents of a source.
    /// - Returns: how many were deleted.
    func tombstone(source: String, keys: [String], now: Double) throws(SyncError) -> Int
    /// Records a folder scan's outcome on its source.
    func recordScan(source: String, report: ScanReport, now: Double) throws(SyncError)
    /// Records what ingesting a few files of a folder source found: the problems of `keys` are
    /// replaced by `problems` (those keys with none are cleared); other files' stay.
    func recordFileProblems(source: String, keys: [String], problems: [SourceProblem], now: Double) throws(SyncError)
    /// Records a fetch's outcome: feed state, error bookkeeping, entry problems.
    func recordFetch(source: String, state: FeedState, error: SourceError?, problems: [SourceProblem], now: Double) throws(SyncError)
    /// Stores a feed state without touching the error bookkeeping (a deferred poll).
    func saveFeedState(source: String, state: FeedState) throws(SyncError)
    /// Stores many polls' outcomes, as `recordFetch` and `saveFeedState` do, with fewer
    /// transactions: each record is whole or absent after a crash, and a record whose source is
    /// unknown fails alone.
    /// - Returns: each record's error, `nil` where it was stored.
    func recordFetches(_ records: [FetchRecord]) -> [SyncError?]
    /// Remembers a host's Retry-After deadline.
    func setHostDeadline(host: String, until: Double, reason: String) throws(SyncError)
    /// Commits a consumer's cursor.
    /// - Throws: `SyncError(.invalidArgument)` for a seq outside the change log.
    func ackConsumer(_ name: String, seq: Int64, now: Double) throws(SyncError)
    /// Records (or with `nil` clears) the running daemon.
    func setDaemonInfo(_ info: DaemonInfo?) throws(SyncError)
    /// Claims a feed for this node to poll now, for `lease` seconds: `false` when another node
    /// holds it, or (unless `force`) when it is no longer due (another node just polled it).
    /// A store only one process writes grants every claim.
    func claimFeed(source: String, lease: Double, force: Bool, now: Double) throws(SyncError) -> Bool
    /// Gives a claimed feed back after its poll was recorded.
    func releaseFeed(source: String) throws(SyncError)
    /// Writes what the backend keeps beside its database so the next start need not rebuild it
    /// (the SQLite store's near-duplicate index snapshot); called at the end of `--once` and at a
    /// clean shutdown. It may go on in the background until `seal` (or the store's end), which
    /// waits for it. Backends with nothing of the kind do nothing.
    func saveIndex() throws(SyncError)
    /// The last call before a clean close (after `saveIndex`): lets the next open skip what it
    /// must otherwise do to trust the store (the SQLite store's page check). Backends with nothing
    /// of the kind do nothing.
    func seal() throws(SyncError)
}

/// A store only one process writes: no nodes to list, every feed claim granted.
extension StoreReader {
    /// Live documents of a source with their file stamps, in key byte order (a list, not a
    /// dictionary: canonically equivalent Unicode keys are different file names).
    public func liveDocuments(source: String) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        var result: [(key: String, stamp: FileStamp?)] = []
        try forEachLiveDocument(source: source) { result.append(($0, $1)) }
        return result
    }

    public func nodes() throws(SyncError) -> [NodeStatus] { [] }
}

extension DocumentStore {
    public func claimFeed(source: String, lease: Double, force: Bool, now: Double) throws(SyncError) -> Bool { true }
    public func releaseFeed(source: String) throws(SyncError) {}
    public func saveIndex() throws(SyncError) {}
    public func seal() throws(SyncError) {}
}

/// Conveniences with the current time and the latest version.
extension StoreReader {
    public func document(_ doc: Int64) throws(SyncError) -> DocumentView { try document(doc, version: nil) }

    /// A backend without an index on cluster sizes sorts every cluster (SQLite has the index).
    public func largestClusters(limit: Int) throws(SyncError) -> [DuplicateCluster] {
        Array(
            try duplicateClusters().enumerated().sorted { ($0.element.members.count, -$0.offset) > ($1.element.members.count, -$1.offset) }.prefix(
                limit
            ).map(\.element))
    }
}

/// For backends that keep no chrome model and no inputs: nothing is learned, nothing extracted again.
extension StoreReader {
    public func pageLineCounts(source: String, minDocuments: Int) throws(SyncError) -> PageLineCounts { PageLineCounts() }
    public func storedInputs(source: String) throws(SyncError) -> [StoredInput] {
        throw SyncError(.unsupported, "this store keeps no inputs to extract again", location: location)
    }
}

extension DocumentStore {
    public func registerSources(_ sources: [StoreSource]) throws(SyncError) { try registerSources(sources, now: SystemClock().now()) }
    public func merge(_ batch: [IncomingDocument]) throws(SyncError) -> [MergeResult] { try merge(batch, now: SystemClock().now()) }
    @discardableResult
    public func tombstone(source: String, keys: [String]) throws(SyncError) -> Int {
        try tombstone(source: source, keys: keys, now: SystemClock().now())
    }
    public func recordScan(source: String, report: ScanReport) throws(SyncError) {
        try recordScan(source: source, report: report, now: SystemClock().now())
    }
    public func ackConsumer(_ name: String, seq: Int64) throws(SyncError) { try ackConsumer(name, seq: seq, now: SystemClock().now()) }
}
