import Synchronization
import Foundation
public import Storage
public import SyncModel

extension PostgresStore {
    /// Records the configured sources (new ones are added; type and location are refreshed).
    /// Several nodes may list the same source: it is one row, whoever registered it first.
    public func registerSources(_ sources: [StoreSource], now: Double) throws(SyncError) {
        let ids = try write("cannot record sources") { session, _ -> [String: Int64] in
            for source in sources.sorted(by: { $0.name < $1.name }) {
                try session.query(
                    """
                    INSERT INTO source(name, type, location, created_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (name) DO UPDATE SET type = excluded.type, location = excluded.location
                    """, [source.name, source.kind.rawValue, source.location, now])
            }
            // The sources this node lists, for status.
            try session.query("DELETE FROM node_source WHERE node = $1", [node])
            try session.query(
                "INSERT INTO node_source(node, source_id) SELECT $1, id FROM source WHERE name = ANY($2::text[])", [node, Texts(sources.map(\.name))])
            return Dictionary(
                try session.all("SELECT name, id FROM source", [], { (try $0.text(0), try $0.int64(1)) }), uniquingKeysWith: { first, _ in first })
        }
        state.withLock { $0.sourceIDs = ids }
    }

    /// In byte order of the keys' UTF-8 (`COLLATE "C"`), as a folder listing is sorted.
    public func forEachLiveDocument(source: String, _ body: (_ key: String, _ stamp: FileStamp?) -> Void) throws(SyncError) {
        let documents = try withSession { session in
            try session.all(
                """
                SELECT d.key, d.file_size, d.file_mtime_ns, d.file_inode FROM document d JOIN source s ON s.id = d.source_id
                WHERE s.name = $1 AND NOT d.deleted ORDER BY d.key COLLATE "C"
                """, [source], PostgresStore.fileDocument)
        }
        for document in documents { body(document.key, document.stamp) }
    }

    public func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        guard !keys.isEmpty else { return [] }
        return try withSession { session in
            try session.all(
                """
                SELECT d.key, d.file_size, d.file_mtime_ns, d.file_inode FROM document d JOIN source s ON s.id = d.source_id
                WHERE s.name = $1 AND d.key = ANY($2::text[]) AND NOT d.deleted
                """, [source, Texts(keys)], PostgresStore.fileDocument)
        }
    }

    private static func fileDocument(_ row: PGRow) throws -> (key: String, stamp: FileStamp?) {
        let stamp: FileStamp?
        if let size = try row.optionalInt64(1), let mtime = try row.optionalInt64(2), let inode = try row.optionalInt64(3) {
            stamp = FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)
        } else {
            stamp = nil
        }
        return (try row.text(0), stamp)
    }

    public func ping() -> Bool {
        (try? withSession { session in try session.first("SELECT 1::bigint", [], { try $0.int64(0) }) }) == 1
    }

    /// Records (or clears, with `nil`) this node's daemon: pid, start and ready times, heartbeat.
    public func setDaemonInfo(_ info: DaemonInfo?) throws(SyncError) {
        try write("cannot record the daemon's state") { session, _ in
            guard let info else {
                try session.query("DELETE FROM node WHERE name = $1", [node])
                return
            }
            try session.query(
                """
                INSERT INTO node(name, pid, started_at, ready_at, heartbeat_at, socket) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at, ready_at = excluded.ready_at,
                    heartbeat_at = excluded.heartbeat_at, socket = excluded.socket
                """, [node, Int64(info.pid), info.startedAt, info.readyAt, info.heartbeatAt, info.socket])
        }
    }

    /// What this node's daemon last recorded about itself, or `nil` when it never ran or stopped cleanly.
    public func daemonInfo() throws(SyncError) -> DaemonInfo? {
        try withSession { session in
            try session.first("SELECT pid, started_at, ready_at, heartbeat_at, socket FROM node WHERE name = $1", [node]) { row in
                DaemonInfo(
                    pid: Int32(truncatingIfNeeded: try row.int64(0)), startedAt: try row.double(1), readyAt: try row.optionalDouble(2),
                    heartbeatAt: try row.double(3), socket: try row.optionalText(4))
            }
        }
    }

    public func recordScan(source: String, report: ScanReport, now: Double) throws(SyncError) {
        let id = try sourceID(source)
        try write("cannot record the scan of \(source)") { session, _ in
            let lastError =
                report.error?.message
                ?? report.problems.first.map {
                    "\($0.key): \($0.message)" + (report.problems.count > 1 ? " (and \(report.problems.count - 1) more)" : "")
                }
            if let error = report.error {
                try session.query(
                    """
                    UPDATE source SET last_scan_at = $1, last_error = $2, last_error_code = $3, last_error_at = $1,
                        consecutive_failures = consecutive_failures + 1 WHERE id = $4
                    """, [now, lastError, error.code, id])
            } else {
                try session.query(
                    """
                    UPDATE source SET last_scan_at = $1, last_success_at = $1, consecutive_failures = 0, last_error = $2, last_error_code = NULL,
                        files_seen = $3, files_skipped = $4, files_failed = $5,
                        last_error_at = CASE WHEN $2::text IS NULL THEN last_error_at ELSE $1 END WHERE id = $6
                    """, [now, lastError, report.seen, report.skipped, report.problems.count, id])
            }
            try replaceProblems(session, source: id, with: report.problems)
        }
    }

    public func recordFileProblems(source: String, keys: [String], problems: [SourceProblem], now: Double) throws(SyncError) {
        let id = try sourceID(source)
        try write("cannot record the files of \(source)") { session, _ in
            try session.query("DELETE FROM source_problem WHERE source_id = $1 AND key = ANY($2::text[])", [id, Texts(keys)])
            for problem in problems { try insertProblem(session, source: id, problem) }
            let failed = try session.first("SELECT COUNT(*) FROM source_problem WHERE source_id = $1", [id], { try $0.int(0) }) ?? 0
            if let first = problems.first {
                try session.query(
                    "UPDATE source SET files_failed = $1, last_error = $2, last_error_at = $3 WHERE id = $4",
                    [failed, "\(first.key): \(first.message)", now, id])
            } else {
                try session.query("UPDATE source SET files_failed = $1 WHERE id = $2", [failed, id])
            }
            if problems.isEmpty, failed == 0 {
                // The last file problem is gone: the source is clean unless the source itself fails.
                try session.query("UPDATE source SET last_error = NULL WHERE id = $1 AND consecutive_failures = 0", [id])
            }
        }
    }

    func replaceProblems(_ session: PGSession, source: Int64, with problems: [SourceProblem]) throws {
        try session.query("DELETE FROM source_problem WHERE source_id = $1", [source])
        for problem in problems { try insertProblem(session, source: source, problem) }
    }

    private func insertProblem(_ session: PGSession, source: Int64, _ problem: SourceProblem) throws {
        try session.query(
            """
            INSERT INTO source_problem(source_id, key, code, message, at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (source_id, key) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at
            """, [source, problem.key, problem.code, problem.message, problem.at])
    }
}
