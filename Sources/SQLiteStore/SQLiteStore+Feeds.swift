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
                let found = try FeedStateRecord.including(required: FeedStateRecord.source.filter(SourceRecord.Columns.name == source))
                    .asRequest(of: FeedStateSummary.self).fetchOne(db)
            else { return nil }
            guard found.feed.url == url else { return nil }
            return FeedRecord(state: found.feed.state, consecutiveFailures: found.source.consecutiveFailures, lastError: found.source.lastError)
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
        do {
            try writer.write { db in
                guard let id = try SourceRecord.id(db, named: source) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                try FeedStateRecord(sourceID: id, state: state).insert(db, onConflict: .replace)
                let row = SourceRecord.filter(key: id)
                if let error {
                    try row.updateAll(
                        db, SourceRecord.Columns.lastScanAt.set(to: now), SourceRecord.Columns.lastError.set(to: error.message),
                        SourceRecord.Columns.lastErrorCode.set(to: error.code), SourceRecord.Columns.lastErrorAt.set(to: now),
                        SourceRecord.Columns.consecutiveFailures += 1)
                } else {
                    let problem = problems.first.map { "\($0.key): \($0.message)" + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "") }
                    var assignments = [
                        SourceRecord.Columns.lastScanAt.set(to: now), SourceRecord.Columns.lastSuccessAt.set(to: now),
                        SourceRecord.Columns.consecutiveFailures.set(to: 0), SourceRecord.Columns.lastError.set(to: problem),
                        SourceRecord.Columns.lastErrorCode.set(to: nil), SourceRecord.Columns.filesSeen.set(to: state.entries),
                        SourceRecord.Columns.filesFailed.set(to: problems.count),
                    ]
                    // A problem is an error as of now; a clean fetch keeps the time of the last one.
                    if problem != nil { assignments.append(SourceRecord.Columns.lastErrorAt.set(to: now)) }
                    try row.updateAll(db, assignments)
                    try SourceProblemRecord.replace(db, source: id, with: problems)
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
                guard let id = try SourceRecord.id(db, named: source) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                try FeedStateRecord(sourceID: id, state: state).insert(db, onConflict: .replace)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the state of \(source)", location: path)
        }
    }

    /// The keys a feed's entries already have, to recognise them in a new fetch.
    public func feedEntryKeys(source: String) throws(SyncError) -> FeedEntryKeys {
        try read { db in
            var keys = FeedEntryKeys()
            let entries = try FeedEntryRecord.joining(required: FeedEntryRecord.source.filter(SourceRecord.Columns.name == source)).fetchCursor(db)
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
