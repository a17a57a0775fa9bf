import Foundation
public import Storage
public import SyncModel

extension PostgresStore {
    /// The `feed_state` columns `feedState(_:from:)` reads, in its order.
    static func feedColumns(_ alias: String) -> String {
        [
            "url", "current_url", "etag", "last_modified", "last_fetch_at", "last_status", "last_result", "last_seconds", "next_due_at",
            "backoff_seconds", "disabled_reason", "entries", "publish_interval", "parsed_digest", "ttl",
        ].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// A feed state from the `feedColumns` starting at column `first`; `nil` when there is none.
    static func feedState(_ row: PGRow, from first: Int) throws -> FeedState? {
        guard let url = try row.optionalText(first) else { return nil }
        var state = FeedState(url: url)
        state.currentURL = try row.text(first + 1)
        state.etag = try row.optionalText(first + 2)
        state.lastModified = try row.optionalText(first + 3)
        state.lastFetchAt = try row.optionalDouble(first + 4)
        state.lastStatus = try row.optionalInt(first + 5)
        state.lastResult = try row.optionalText(first + 6).flatMap(FetchOutcome.init(rawValue:))
        state.lastSeconds = try row.optionalDouble(first + 7)
        state.nextDueAt = try row.optionalDouble(first + 8)
        state.backoffSeconds = try row.optionalDouble(first + 9)
        state.disabledReason = try row.optionalText(first + 10)
        state.entries = try row.int(first + 11)
        state.publishInterval = try row.optionalDouble(first + 12)
        state.parsedDigest = try row.optionalText(first + 13)
        state.ttl = try row.optionalInt(first + 14)
        return state
    }

    /// Writes a feed's state (shared by every node: validators, backoff and due time).
    func saveState(_ session: PGSession, source: Int64, _ state: FeedState) throws {
        try session.query(
            """
            INSERT INTO feed_state(source_id, url, current_url, etag, last_modified, last_fetch_at, last_status, last_result, last_seconds,
                next_due_at, backoff_seconds, disabled_reason, entries, publish_interval, parsed_digest, ttl)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (source_id) DO UPDATE SET url = excluded.url, current_url = excluded.current_url, etag = excluded.etag,
                last_modified = excluded.last_modified, last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status,
                last_result = excluded.last_result, last_seconds = excluded.last_seconds, next_due_at = excluded.next_due_at,
                backoff_seconds = excluded.backoff_seconds, disabled_reason = excluded.disabled_reason, entries = excluded.entries,
                publish_interval = excluded.publish_interval, parsed_digest = excluded.parsed_digest, ttl = excluded.ttl
            """,
            [
                source, state.url, state.currentURL, state.etag, state.lastModified, state.lastFetchAt, state.lastStatus, state.lastResult?.rawValue,
                state.lastSeconds, state.nextDueAt, state.backoffSeconds, state.disabledReason, state.entries, state.publishInterval,
                state.parsedDigest, state.ttl,
            ])
    }

    public func feedState(source: String, url: String) throws(SyncError) -> FeedRecord? {
        try withSession { session in
            try session.first(
                """
                SELECT s.consecutive_failures, s.last_error, \(PostgresStore.feedColumns("f"))
                FROM source s JOIN feed_state f ON f.source_id = s.id WHERE s.name = $1
                """, [source]
            ) { row -> FeedRecord? in
                guard let state = try PostgresStore.feedState(row, from: 2), state.url == url else { return nil }
                return FeedRecord(state: state, consecutiveFailures: try row.int(0), lastError: try row.optionalText(1))
            } ?? nil
        }
    }

    public func feedStates() throws(SyncError) -> [String: FeedState] {
        try withSession { session in
            var states: [String: FeedState] = [:]
            for (name, state) in try session.all(
                "SELECT s.name, \(PostgresStore.feedColumns("f")) FROM feed_state f JOIN source s ON s.id = f.source_id", [],
                { (try $0.text(0), try PostgresStore.feedState($0, from: 1)) })
            {
                states[name] = state
            }
            return states
        }
    }

    public func recordFetch(source: String, state: FeedState, error: SourceError?, problems: [SourceProblem], now: Double) throws(SyncError) {
        if let error = recordFetches([FetchRecord(source: source, state: state, error: error, problems: problems, now: now)])[0] {
            throw error
        }
    }

    public func saveFeedState(source: String, state: FeedState) throws(SyncError) {
        if let error = recordFetches([FetchRecord(source: source, state: state, now: 0, stateOnly: true)])[0] { throw error }
    }

    /// Many polls' outcomes in one transaction; a record whose source is unknown fails alone,
    /// a failed transaction fails them all and stores none.
    public func recordFetches(_ records: [FetchRecord]) -> [SyncError?] {
        var errors = [SyncError?](repeating: nil, count: records.count)
        var ids = [Int64?](repeating: nil, count: records.count)
        for (index, record) in records.enumerated() {
            do throws(SyncError) { ids[index] = try sourceID(record.source) } catch { errors[index] = error }
        }
        guard ids.contains(where: { $0 != nil }) else { return errors }
        let what =
            records.count == 1
            ? "cannot record the \(records[0].stateOnly ? "state" : "fetch") of \(records[0].source)"
            : "cannot record the fetches of \(records.count) feeds"
        do throws(SyncError) {
            try write(what) { session, _ in
                for (record, id) in zip(records, ids) {
                    guard let id else { continue }
                    try saveState(session, source: id, record.state)
                    if record.stateOnly { continue }
                    let now = record.now
                    if let error = record.error {
                        try session.query(
                            """
                            UPDATE source SET last_scan_at = $1, last_error = $2, last_error_code = $3, last_error_at = $1,
                                consecutive_failures = consecutive_failures + 1 WHERE id = $4
                            """, [now, error.message, error.code, id])
                    } else {
                        let problems = record.problems
                        let problem = problems.first.map {
                            "\($0.key): \($0.message)" + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "")
                        }
                        try session.query(
                            """
                            UPDATE source SET last_scan_at = $1, last_success_at = $1, consecutive_failures = 0, last_error = $2,
                                last_error_code = NULL, files_seen = $3, files_failed = $4,
                                last_error_at = CASE WHEN $2::text IS NULL THEN last_error_at ELSE $1 END WHERE id = $5
                            """, [now, problem, record.state.entries, problems.count, id])
                        try replaceProblems(session, source: id, with: problems)
                    }
                }
            }
            return errors
        } catch {
            return errors.map { existing -> SyncError? in existing ?? error }
        }
    }

    public func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys {
        try withSession { session in
            var keys = FeedEntryKeys()
            for entry in try session.all(
                "SELECT e.key, e.guid, e.link, e.digest FROM feed_entry e JOIN source s ON s.id = e.source_id WHERE s.name = $1", [source],
                { FeedEntryIdentity(key: try $0.text(0), guid: try $0.optionalText(1), link: try $0.optionalText(2), digest: try $0.text(3)) })
            {
                keys.add(entry)
            }
            return keys
        }
    }

    /// Retry-After deadlines by host, told to any node.
    public func hostDeadlines() throws(SyncError) -> [String: (until: Double, reason: String)] {
        try withSession { session in
            var deadlines: [String: (until: Double, reason: String)] = [:]
            for row in try session.all(
                "SELECT host, retry_after_until, reason FROM host_state", [], { (try $0.text(0), try $0.double(1), try $0.text(2)) })
            {
                deadlines[row.0] = (row.1, row.2)
            }
            return deadlines
        }
    }

    /// Records that `host` asked not to be fetched before `until`; a later deadline stands.
    public func setHostDeadline(host: String, until: Double, reason: String) throws(SyncError) {
        try write("cannot record Retry-After for \(host)") { session, _ in
            try session.query(
                """
                INSERT INTO host_state(host, retry_after_until, reason) VALUES ($1, $2, $3)
                ON CONFLICT (host) DO UPDATE SET retry_after_until = GREATEST(host_state.retry_after_until, excluded.retry_after_until),
                    reason = excluded.reason
                """, [host, until, reason])
        }
    }
}
