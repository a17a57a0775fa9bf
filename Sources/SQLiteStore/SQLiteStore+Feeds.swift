import Foundation
internal import GRDB
public import Storage
public import SyncModel
import Synchronization

extension SQLiteStore {
    /// The fetch state of a feed source, or `nil` before its first fetch (or after its
    /// configured URL changed: the old validators and disabled state belong to the old URL).
    ///
    /// Every poll asks, a 304's poll included, so this is one statement prepared once, read
    /// without a transaction around it (one SELECT reads one snapshot) on the store's own
    /// `RowReader` (not a pool reader) and decoded by column position
    /// (`FeedStateRecord.pollColumns`), not by name.
    public func feedState(source: String, url: String) throws(SyncError) -> FeedRecord? {
        let sql = """
            SELECT s.consecutive_failures, s.last_error, \(FeedStateRecord.pollColumns)
            FROM source s JOIN feed_state f ON f.source_id = s.id WHERE s.name = ?
            """
        func record(_ row: SQLRow) -> FeedRecord? {
            let state = FeedStateRecord.state(row, from: 2)
            guard state.url == url else { return nil }
            return FeedRecord(state: state, consecutiveFailures: row.int(0), lastError: row.optionalText(1))
        }
        do {
            if let rowReader { return try rowReader.first(sql, [source], record) ?? nil }
            return try writer.unsafeRead { db in try db.first(sql, [source], record) ?? nil }
        } catch {
            throw SQLiteStore.error(error, "store read failed", location: path)
        }
    }

    /// Every stored feed state, by source name (for status).
    public func feedStates() throws(SyncError) -> [String: FeedState] {
        try read { db in
            var states: [String: FeedState] = [:]
            for found in try FeedStateRecord.including(required: FeedStateRecord.source).asRequest(of: FeedStateSummary.self).fetchAll(db) {
                states[found.source.name] = found.feed.state
            }
            return states
        }
    }

    /// Stores the outcome of one fetch: the feed state, and on the source row the time, the
    /// error (or its clearing) and the consecutive-failure count.
    /// - Parameters:
    ///   - error: why the fetch failed; `nil` for a success (a 304 included).
    ///   - problems: entries that could not be ingested (kept against the source until the next fetch).
    public func recordFetch(
        source: String, state: FeedState, error: SourceError?, problems: [SourceProblem],
        now: Double
    ) throws(SyncError) {
        if let error = recordFetches([FetchRecord(source: source, state: state, error: error, problems: problems, now: now)])[0] {
            throw error
        }
    }

    /// Stores a feed's state without touching the source's success or error bookkeeping (a poll
    /// deferred by a host's Retry-After is neither).
    public func saveFeedState(source: String, state: FeedState) throws(SyncError) {
        if let error = recordFetches([FetchRecord(source: source, state: state, now: 0, stateOnly: true)])[0] {
            throw error
        }
    }

    /// Stores many polls' outcomes in one transaction (a poll cycle's 304s cost a row each, not
    /// a commit each). A record whose source is unknown is left out with its error; when the
    /// transaction fails, every record gets that error and none is stored.
    public func recordFetches(_ records: [FetchRecord]) -> [SyncError?] {
        var errors = [SyncError?](repeating: nil, count: records.count)
        // Ids never change once given (sources are never deleted); the ones the configuration
        // registered are known without a lookup.
        let known = state.withLock { $0.sourceIDs }
        do {
            try writer.write { db in
                for (index, record) in records.enumerated() {
                    guard let id = try known[record.source] ?? SourceRecord.id(db, named: record.source) else {
                        errors[index] = SyncError(.notFound, "unknown source \"\(record.source)\"")
                        continue
                    }
                    try Self.write(record, source: id, db)
                }
            }
            return errors
        } catch {
            return records.map { record in
                SQLiteStore.error(error, "cannot record the \(record.stateOnly ? "state" : "fetch") of \(record.source)", location: path)
            }
        }
    }

    private static func write(_ record: FetchRecord, source id: Int64, _ db: Database) throws {
        try FeedStateRecord.save(record.state, source: id, db)
        guard !record.stateOnly else { return }
        let (state, problems, now) = (record.state, record.problems, record.now)
        // Every poll records one: statements prepared once per connection.
        if let error = record.error {
            try db.run(
                """
                UPDATE source SET last_scan_at = ?, last_error = ?, last_error_code = ?, last_error_at = ?,
                    consecutive_failures = consecutive_failures + 1 WHERE id = ?
                """, [now, error.message, error.code, now, id])
        } else {
            let problem = problems.first.map { "\($0.key): \($0.message)" + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "") }
            // A problem is an error as of now; a clean fetch keeps the time of the last one.
            try db.run(
                """
                UPDATE source SET last_scan_at = ?, last_success_at = ?, consecutive_failures = 0, last_error = ?,
                    last_error_code = NULL, files_seen = ?, files_failed = ?,
                    last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END WHERE id = ?
                """, [now, now, problem, state.entries, problems.count, problem, now, id])
            try SourceProblemRecord.replace(db, source: id, with: problems)
        }
    }

    /// The keys a feed's entries already have, to recognise them in a new fetch.
    public func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys {
        try read { db in
            var keys = FeedEntryKeys()
            guard let id = try SourceRecord.id(db, named: source) else { return keys }
            let entries = try FeedEntryRecord.fetchCursor(db.cachedStatement(sql: "SELECT * FROM feed_entry WHERE source_id = ?"), arguments: [id])
            while let entry = try entries.next() {
                keys.add(entry.identity)
            }
            return keys
        }
    }

    /// Retry-After deadlines by host (past ones included: the caller's clock decides).
    public func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)] {
        try read { db in
            var deadlines: [String: (until: Double, reason: String)] = [:]
            for host in try HostStateRecord.fetchAll(db) {
                deadlines[host.host] = (host.retryAfterUntil, host.reason)
            }
            return deadlines
        }
    }

    /// Records that `host` asked not to be fetched before `until` (a 429 or 503 with Retry-After).
    public func setHostDeadline(host: String, until: Double, reason: String) throws(SyncError) {
        do {
            try writer.write { db in
                // A later deadline than the one told now stands; the reason is the latest.
                let told = try HostStateRecord.fetchOne(db, key: host)?.retryAfterUntil
                try HostStateRecord(host: host, retryAfterUntil: max(told ?? until, until), reason: reason).upsert(db)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record Retry-After for \(host)", location: path)
        }
    }
}

/// A feed's state with its source's row.
private struct FeedStateSummary: FetchableRecord {
    var feed: FeedStateRecord
    var source: SourceRecord

    init(row: Row) {
        feed = FeedStateRecord(row: row)
        source = row["source"]
    }
}
