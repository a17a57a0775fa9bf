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
    var parsedDigest: String?
    var ttl: Int?
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
        case parsedDigest = "parsed_digest"
        case ttl
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
        parsedDigest = row[Columns.parsedDigest]
        ttl = row[Columns.ttl]
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
        container[Columns.parsedDigest] = parsedDigest
        container[Columns.ttl] = ttl
    }
}

extension FeedStateRecord {
    init(sourceID: Int64, state: FeedState) {
        self.init(
            sourceID: sourceID, url: state.url, currentURL: state.currentURL, etag: state.etag, lastModified: state.lastModified,
            lastFetchAt: state.lastFetchAt, lastStatus: state.lastStatus, lastResult: state.lastResult?.rawValue, lastSeconds: state.lastSeconds,
            nextDueAt: state.nextDueAt, backoffSeconds: state.backoffSeconds, disabledReason: state.disabledReason, entries: state.entries,
            publishInterval: state.publishInterval, parsedDigest: state.parsedDigest, ttl: state.ttl)
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
        state.parsedDigest = parsedDigest
        state.ttl = ttl
        return state
    }

    // Keys are given to skip GRDB's inflection of table names (see `DocumentRecord.source`).
    static let source = belongsTo(SourceRecord.self, key: "source")

    /// The columns `state(_:from:)` reads, in its order, of `feed_state` as `f`.
    static let pollColumns = """
        f.url, f.current_url, f.etag, f.last_modified, f.last_fetch_at, f.last_status, f.last_result, f.last_seconds, f.next_due_at,
        f.backoff_seconds, f.disabled_reason, f.entries, f.publish_interval, f.parsed_digest, f.ttl
        """

    /// The state in the `pollColumns` of `row` from position `first` on: by position, with the
    /// SQLite C API (every poll reads one).
    static func state(_ row: SQLRow, from first: Int32) -> FeedState {
        var state = FeedState(url: row.text(first))
        state.currentURL = row.text(first + 1)
        state.etag = row.optionalText(first + 2)
        state.lastModified = row.optionalText(first + 3)
        state.lastFetchAt = row.optionalDouble(first + 4)
        state.lastStatus = row.optionalInt(first + 5)
        state.lastResult = row.optionalText(first + 6).flatMap(FetchOutcome.init(rawValue:))
        state.lastSeconds = row.optionalDouble(first + 7)
        state.nextDueAt = row.optionalDouble(first + 8)
        state.backoffSeconds = row.optionalDouble(first + 9)
        state.disabledReason = row.optionalText(first + 10)
        state.entries = row.int(first + 11)
        state.publishInterval = row.optionalDouble(first + 12)
        state.parsedDigest = row.optionalText(first + 13)
        state.ttl = row.optionalInt(first + 14)
        return state
    }

    /// Writes a source's state (the whole row) with a statement prepared once per connection and
    /// arguments by position: every poll writes one.
    static func save(_ state: FeedState, source id: Int64, _ db: Database) throws {
        try db.run(
            """
            INSERT OR REPLACE INTO feed_state(source_id, url, current_url, etag, last_modified, last_fetch_at, last_status, last_result,
                last_seconds, next_due_at, backoff_seconds, disabled_reason, entries, publish_interval, parsed_digest, ttl)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                id, state.url, state.currentURL, state.etag, state.lastModified, state.lastFetchAt, state.lastStatus, state.lastResult?.rawValue,
                state.lastSeconds, state.nextDueAt, state.backoffSeconds, state.disabledReason, state.entries, state.publishInterval,
                state.parsedDigest, state.ttl,
            ])
    }
}
