public import Storage
public import SyncModel

/// A store file opened for reading only, as syncctl opens it while the daemon writes: it has
/// no write methods, creates and migrates nothing, and keeps no index in memory.
public struct SQLiteStoreReader: StoreReader {
    let store: SQLiteStore

    /// - Throws: `SyncError(.notFound)` when there is no store file yet, `.store` when it
    ///   cannot be read.
    public init(path: String, parameters: DedupParameters) throws(SyncError) {
        store = try SQLiteStore(path: path, parameters: parameters, readOnly: true)
    }

    public var location: String { store.location }
    public var parameters: DedupParameters { store.parameters }
    public func status() throws(SyncError) -> StoreStatus { try store.status() }
    public func changes(since: Int64, limit: Int) throws(SyncError) -> [Change] { try store.changes(since: since, limit: limit) }
    public func changeHead() throws(SyncError) -> Int64 { try store.changeHead() }
    public func duplicateClusters() throws(SyncError) -> [DuplicateCluster] { try store.duplicateClusters() }
    public func cluster(_ id: Int64) throws(SyncError) -> DuplicateCluster { try store.cluster(id) }
    public func largestClusters(limit: Int) throws(SyncError) -> [DuplicateCluster] { try store.largestClusters(limit: limit) }
    public func resolve(_ reference: String) throws(SyncError) -> Int64 { try store.resolve(reference) }
    public func document(_ doc: Int64, version: Int?) throws(SyncError) -> DocumentView { try store.document(doc, version: version) }
    public func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo] { try store.versions(doc) }
    public func consumers() throws(SyncError) -> [ConsumerStatus] { try store.consumers() }
    public func consumerSeq(_ name: String) throws(SyncError) -> Int64? { try store.consumerSeq(name) }
    public func daemonInfo() throws(SyncError) -> DaemonInfo? { try store.daemonInfo() }
    public func feedStates() throws(SyncError) -> [String: FeedState] { try store.feedStates() }
    public func feedState(source: String, url: String) throws(SyncError) -> FeedRecord? { try store.feedState(source: source, url: url) }
    public func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys { try store.feedEntryKeys(source: source) }
    public func articleRetries(source: String, now: Double) throws(SyncError) -> [ArticleRetry] {
        try store.articleRetries(source: source, now: now)
    }
    public func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)] { try store.hostDeadlines() }
    public func forEachLiveDocument(source: String, _ body: (_ key: String, _ stamp: FileStamp?) -> Void) throws(SyncError) {
        try store.forEachLiveDocument(source: source, body)
    }
    public func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        try store.liveStamps(source: source, keys: keys)
    }
    public func ping() -> Bool { store.ping() }
    public func pageLineCounts(source: String, minDocuments: Int) throws(SyncError) -> PageLineCounts {
        try store.pageLineCounts(source: source, minDocuments: minDocuments)
    }
    public func storedInputs(source: String) throws(SyncError) -> [StoredInput] { try store.storedInputs(source: source) }
}
