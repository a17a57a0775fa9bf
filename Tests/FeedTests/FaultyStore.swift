import Storage
import Synchronization
import SyncModel

/// A real store whose writes can be made to fail, as a full disk or a locked file fails them:
/// the daemon's handling of store failures is under test, not the store.
final class FaultyStore: DocumentStore {
    let inner: any DocumentStore
    private let failing = Atomic<Bool>(false)
    /// Writes refused so far.
    let refused = Atomic<Int>(0)

    init(_ inner: any DocumentStore) { self.inner = inner }

    /// From now on every write fails with `SyncError(.store)` (or succeeds again).
    func failWrites(_ fail: Bool) { failing.store(fail, ordering: .relaxed) }

    private func check() throws(SyncError) {
        guard failing.load(ordering: .relaxed) else { return }
        refused.add(1, ordering: .relaxed)
        throw SyncError(.store, "cannot merge documents: database or disk is full", location: inner.location)
    }

    var location: String { inner.location }
    var parameters: DedupParameters { inner.parameters }
    var commits: CommitSignal { inner.commits }
    func status() throws(SyncError) -> StoreStatus { try inner.status() }
    func changes(since: Int64, limit: Int) throws(SyncError) -> [Change] { try inner.changes(since: since, limit: limit) }
    func changeHead() throws(SyncError) -> Int64 { try inner.changeHead() }
    func duplicateClusters() throws(SyncError) -> [DuplicateCluster] { try inner.duplicateClusters() }
    func cluster(_ id: Int64) throws(SyncError) -> DuplicateCluster { try inner.cluster(id) }
    func resolve(_ reference: String) throws(SyncError) -> Int64 { try inner.resolve(reference) }
    func document(_ doc: Int64, version: Int?) throws(SyncError) -> DocumentView { try inner.document(doc, version: version) }
    func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo] { try inner.versions(doc) }
    func consumers() throws(SyncError) -> [ConsumerStatus] { try inner.consumers() }
    func consumerSeq(_ name: String) throws(SyncError) -> Int64? { try inner.consumerSeq(name) }
    func daemonInfo() throws(SyncError) -> DaemonInfo? { try inner.daemonInfo() }
    func feedStates() throws(SyncError) -> [String: FeedState] { try inner.feedStates() }
    func feedState(source: String, url: String) throws(SyncError) -> FeedRecord? { try inner.feedState(source: source, url: url) }
    func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys { try inner.feedEntryKeys(source: source) }
    func articleRetries(source: String, now: Double) throws(SyncError) -> [ArticleRetry] {
        try inner.articleRetries(source: source, now: now)
    }
    func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)] { try inner.hostDeadlines() }
    func forEachLiveDocument(source: String, _ body: (_ key: String, _ stamp: FileStamp?) -> Void) throws(SyncError) {
        try inner.forEachLiveDocument(source: source, body)
    }
    func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        try inner.liveStamps(source: source, keys: keys)
    }
    func ping() -> Bool { inner.ping() }
    func registerSources(_ sources: [StoreSource], now: Double) throws(SyncError) { try inner.registerSources(sources, now: now) }
    func merge(_ batch: [IncomingDocument], now: Double) throws(SyncError) -> [MergeResult] {
        try check()
        return try inner.merge(batch, now: now)
    }
    func tombstone(source: String, keys: [String], now: Double) throws(SyncError) -> Int {
        try check()
        return try inner.tombstone(source: source, keys: keys, now: now)
    }
    func recordScan(source: String, report: ScanReport, now: Double) throws(SyncError) {
        try check()
        try inner.recordScan(source: source, report: report, now: now)
    }
    func recordFileProblems(source: String, keys: [String], problems: [SourceProblem], now: Double) throws(SyncError) {
        try check()
        try inner.recordFileProblems(source: source, keys: keys, problems: problems, now: now)
    }
    func recordFetch(source: String, state: FeedState, error: SourceError?, problems: [SourceProblem], now: Double) throws(SyncError) {
        try check()
        try inner.recordFetch(source: source, state: state, error: error, problems: problems, now: now)
    }
    func saveFeedState(source: String, state: FeedState) throws(SyncError) { try inner.saveFeedState(source: source, state: state) }
    func setHostDeadline(host: String, until: Double, reason: String) throws(SyncError) {
        try inner.setHostDeadline(host: host, until: until, reason: reason)
    }
    func ackConsumer(_ name: String, seq: Int64, now: Double) throws(SyncError) { try inner.ackConsumer(name, seq: seq, now: now) }
    func setDaemonInfo(_ info: DaemonInfo?) throws(SyncError) { try inner.setDaemonInfo(info) }
}
