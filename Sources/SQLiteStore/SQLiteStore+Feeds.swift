import Foundation
internal import GRDB
public import Storage
public import SyncModel

extension SQLiteStore {
    /// The fetch state of a feed source, or `nil` before its first fetch (or after its
    /// configured URL changed: the old validators and disabled state belong to the old URL).
    public func feedState(source: String, url: String) throws(SyncError) -> FeedRecord? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT f.*, s.consecutive_failures, s.last_error FROM feed_state f JOIN source s ON s.id = f.source_id
                        WHERE s.name = ?
                        """, arguments: [source])
            else { return nil }
            guard (row["url"] as String) == url else { return nil }
            return FeedRecord(state: Self.feedState(row), consecutiveFailures: row["consecutive_failures"], lastError: row["last_error"])
        }
    }

    /// Every stored feed state, by source name (for status).
    public func feedStates() throws(SyncError) -> [String: FeedState] {
        try read { db in
            var states: [String: FeedState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT f.*, s.name FROM feed_state f JOIN source s ON s.id = f.source_id") {
                states[row["name"]] = Self.feedState(row)
            }
            return states
        }
    }

    static func feedState(_ row: Row) -> FeedState {
        var state = FeedState(url: row["url"])
        state.currentURL = row["current_url"]
        state.etag = row["etag"]
        state.lastModified = row["last_modified"]
        state.lastFetchAt = row["last_fetch_at"]
        state.lastStatus = row["last_status"]
        state.lastResult = (row["last_result"] as String?).flatMap(FetchOutcome.init(rawValue:))
        state.lastSeconds = row["last_seconds"]
        state.nextDueAt = row["next_due_at"]
        state.backoffSeconds = row["backoff_seconds"]
        state.disabledReason = row["disabled_reason"]
        state.entries = row["entries"]
        state.publishInterval = row["publish_interval"]
        return state
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
        do {
            try writer.write { db in
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                try Self.writeFeedState(db, id: id, state: state)
                if let error {
                    try db.execute(
                        sql: """
                            UPDATE source SET last_scan_at = ?, last_error = ?, last_error_code = ?, last_error_at = ?,
                                consecutive_failures = consecutive_failures + 1 WHERE id = ?
                            """, arguments: [now, error.message, error.code, now, id])
                } else {
                    let problem = problems.first.map { "\($0.key): \($0.message)" + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "") }
                    try db.execute(
                        sql: """
                            UPDATE source SET last_scan_at = ?, last_success_at = ?, consecutive_failures = 0, last_error = ?, last_error_code = NULL,
                                last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END, files_seen = ?, files_failed = ? WHERE id = ?
                            """, arguments: [now, now, problem, problem, now, state.entries, problems.count, id])
                    try db.execute(sql: "DELETE FROM source_problem WHERE source_id = ?", arguments: [id])
                    for problem in problems {
                        try db.execute(
                            sql: "INSERT OR REPLACE INTO source_problem(source_id, key, code, message, at) VALUES (?, ?, ?, ?, ?)",
                            arguments: [id, problem.key, problem.code, problem.message, problem.at])
                    }
                }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the fetch of \(source)", location: path)
        }
    }

    /// Stores a feed's state without touching the source's success or error bookkeeping (a poll
    /// deferred by a host's Retry-After is neither).
    public func saveFeedState(source: String, state: FeedState) throws(SyncError) {
        do {
            try writer.write { db in
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                try Self.writeFeedState(db, id: id, state: state)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the state of \(source)", location: path)
        }
    }

    private static func writeFeedState(_ db: Database, id: Int64, state: FeedState) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO feed_state(source_id, url, current_url, etag, last_modified, last_fetch_at, last_status,
                    last_result, last_seconds, next_due_at, backoff_seconds, disabled_reason, entries, publish_interval)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, state.url, state.currentURL, state.etag, state.lastModified, state.lastFetchAt, state.lastStatus,
                state.lastResult?.rawValue, state.lastSeconds, state.nextDueAt, state.backoffSeconds, state.disabledReason,
                state.entries, state.publishInterval,
            ])
    }

    /// The keys a feed's entries already have, to recognise them in a new fetch.
    public func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys {
        try read { db in
            var keys = FeedEntryKeys()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.key, e.guid, e.link, e.digest FROM feed_entry e JOIN source s ON s.id = e.source_id WHERE s.name = ?
                    """, arguments: [source])
            while let row = try rows.next() {
                keys.add(FeedEntryIdentity(key: row["key"], guid: row["guid"], link: row["link"], digest: row["digest"]))
            }
            return keys
        }
    }

    /// Retry-After deadlines by host (past ones included: the caller's clock decides).
    public func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)] {
        try read { db in
            var deadlines: [String: (until: Double, reason: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT host, retry_after_until, reason FROM host_state") {
                deadlines[row["host"]] = (row["retry_after_until"], row["reason"])
            }
            return deadlines
        }
    }

    /// Records that `host` asked not to be fetched before `until` (a 429 or 503 with Retry-After).
    public func setHostDeadline(host: String, until: Double, reason: String) throws(SyncError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO host_state(host, retry_after_until, reason) VALUES (?, ?, ?)
                        ON CONFLICT(host)
                            DO UPDATE SET retry_after_until = MAX(retry_after_until, excluded.retry_after_until), reason = excluded.reason
                        """, arguments: [host, until, reason])
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record Retry-After for \(host)", location: path)
        }
    }
}
