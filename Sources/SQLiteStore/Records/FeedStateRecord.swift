internal import GRDB
import Storage
import SyncModel

/// A row of `feed_state`: how a feed source is fetched and when it is due again (`FeedState`,
/// keyed by its source).
struct FeedStateRecord: Equatable {
    var sourceID: Int64
    var url: String
    var currentURL: String
    var etag: String?
    var lastModified: String?
    var lastFetchAt: Double?
    var lastStatus: Int?
    /// `FetchOutcome`'s raw value.
    var lastResult: String?
    var lastSeconds: Double?
    var nextDueAt: Double?
    var backoffSeconds: Double?
    var disabledReason: String?
    var entries: Int
    var publishInterval: Double?
}

extension FeedStateRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "feed_state"

    enum Columns: String, ColumnExpression, CaseIterable {
        case sourceID = "source_id"
        case url
        case currentURL = "current_url"
        case etag
        case lastModified = "last_modified"
        case lastFetchAt = "last_fetch_at"
        case lastStatus = "last_status"
        case lastResult = "last_result"
        case lastSeconds = "last_seconds"
        case nextDueAt = "next_due_at"
        case backoffSeconds = "backoff_seconds"
        case disabledReason = "disabled_reason"
        case entries
        case publishInterval = "publish_interval"
    }

    init(row: Row) {
        sourceID = row[Columns.sourceID]
        url = row[Columns.url]
        currentURL = row[Columns.currentURL]
        etag = row[Columns.etag]
        lastModified = row[Columns.lastModified]
        lastFetchAt = row[Columns.lastFetchAt]
        lastStatus = row[Columns.lastStatus]
        lastResult = row[Columns.lastResult]
        lastSeconds = row[Columns.lastSeconds]
        nextDueAt = row[Columns.nextDueAt]
        backoffSeconds = row[Columns.backoffSeconds]
        disabledReason = row[Columns.disabledReason]
        entries = row[Columns.entries]
        publishInterval = row[Columns.publishInterval]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.sourceID] = sourceID
        container[Columns.url] = url
        container[Columns.currentURL] = currentURL
        container[Columns.etag] = etag
        container[Columns.lastModified] = lastModified
        container[Columns.lastFetchAt] = lastFetchAt
        container[Columns.lastStatus] = lastStatus
        container[Columns.lastResult] = lastResult
        container[Columns.lastSeconds] = lastSeconds
        container[Columns.nextDueAt] = nextDueAt
        container[Columns.backoffSeconds] = backoffSeconds
        container[Columns.disabledReason] = disabledReason
        container[Columns.entries] = entries
        container[Columns.publishInterval] = publishInterval
    }
}

extension FeedStateRecord {
    init(sourceID: Int64, state: FeedState) {
        self.init(
            sourceID: sourceID, url: state.url, currentURL: state.currentURL, etag: state.etag, lastModified: state.lastModified,
            lastFetchAt: state.lastFetchAt, lastStatus: state.lastStatus, lastResult: state.lastResult?.rawValue, lastSeconds: state.lastSeconds,
            nextDueAt: state.nextDueAt, backoffSeconds: state.backoffSeconds, disabledReason: state.disabledReason, entries: state.entries,
            publishInterval: state.publishInterval)
    }

    /// The stored state (an outcome this build does not know reads as none).
    var state: FeedState {
        var state = FeedState(url: url)
        state.currentURL = currentURL
        state.etag = etag
        state.lastModified = lastModified
        state.lastFetchAt = lastFetchAt
        state.lastStatus = lastStatus
        state.lastResult = lastResult.flatMap(FetchOutcome.init(rawValue:))
        state.lastSeconds = lastSeconds
        state.nextDueAt = nextDueAt
        state.backoffSeconds = backoffSeconds
        state.disabledReason = disabledReason
        state.entries = entries
        state.publishInterval = publishInterval
        return state
    }

    // Keys are given to skip GRDB's inflection of table names (see `DocumentRecord.source`).
    static let source = belongsTo(SourceRecord.self, key: "source")
}
