import Foundation
internal import GRDB
public import Storage
public import SyncModel
import Synchronization

extension SQLiteStore {
    /// Records the configured sources (new ones are added; type and location are refreshed).
    /// Sources no longer configured stay, with their documents.
    public func registerSources(_ sources: [StoreSource], now: Double) throws(SyncError) {
        do {
            let ids = try writer.write { db -> [String: Int64] in
                for source in sources {
                    try db.execute(
                        sql: """
                            INSERT INTO source(name, type, location, created_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT(name) DO UPDATE SET type = excluded.type, location = excluded.location
                            """, arguments: [source.name, source.kind.rawValue, source.location, now])
                }
                var ids: [String: Int64] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM source") {
                    ids[row["name"]] = row["id"]
                }
                return ids
            }
            state.withLock { $0.sourceIDs = ids }
        } catch {
            throw SQLiteStore.error(error, "cannot record sources", location: path)
        }
    }

    /// Live documents of a source with the file stamp they were last read with. A list, not a
    /// dictionary: two keys that are canonically equivalent Unicode (é vs e + ◌́) are different
    /// file names, and String keys would merge them.
    public func liveDocuments(source: String) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        try read { db in
            var result: [(key: String, stamp: FileStamp?)] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT d.key, d.file_size, d.file_mtime_ns, d.file_inode FROM document d
                    JOIN source s ON s.id = d.source_id WHERE s.name = ? AND d.deleted = 0
                    """, arguments: [source])
            while let row = try rows.next() {
                let key: String = row["key"]
                if let size: Int64 = row["file_size"], let mtime: Int64 = row["file_mtime_ns"], let inode: Int64 = row["file_inode"] {
                    result.append((key, FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)))
                } else {
                    result.append((key, nil))
                }
            }
            return result
        }
    }

    /// The newest change-log `seq` (0 when empty): cheap, for waiters on the change feed.
    public func changeHead() throws(SyncError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change") ?? 0 }
    }

    /// Whether the store answers (the systemd watchdog is fed only while it does).
    public func ping() -> Bool {
        (try? read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Records (or clears, with `nil`) the running daemon: pid, start and ready times, last heartbeat.
    public func setDaemonInfo(_ info: DaemonInfo?) throws(SyncError) {
        do {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM meta WHERE key LIKE 'daemon.%'")
                guard let info else { return }
                for (key, value) in [
                    ("daemon.pid", "\(info.pid)"), ("daemon.started_at", "\(info.startedAt)"),
                    ("daemon.ready_at", info.readyAt.map { "\($0)" } ?? ""), ("daemon.heartbeat_at", "\(info.heartbeatAt)"),
                    ("daemon.socket", info.socket ?? ""),
                ] {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the daemon's state", location: path)
        }
    }

    /// What the daemon last recorded about itself, or `nil` when it never ran or stopped cleanly.
    public func daemonInfo() throws(SyncError) -> DaemonInfo? {
        try read { db in
            var values: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'daemon.%'") { values[row["key"]] = row["value"] }
            guard let pid = values["daemon.pid"].flatMap(Int32.init), let started = values["daemon.started_at"].flatMap(Double.init) else {
                return nil
            }
            return DaemonInfo(
                pid: pid, startedAt: started, readyAt: values["daemon.ready_at"].flatMap(Double.init),
                heartbeatAt: values["daemon.heartbeat_at"].flatMap(Double.init) ?? started,
                socket: values["daemon.socket"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// Stores the outcome of a scan: counts, the files that failed, and the source's error state.
    public func recordScan(source: String, report: ScanReport, now: Double) throws(SyncError) {
        do {
            try writer.write { db in
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                let lastError =
                    report.error?.message
                    ?? report.problems.first.map {
                        "\($0.key): \($0.message)" + (report.problems.count > 1 ? " (and \(report.problems.count - 1) more)" : "")
                    }
                if report.error != nil {
                    try db.execute(
                        sql: """
                            UPDATE source SET last_scan_at = ?, last_error = ?, last_error_code = ?, last_error_at = ?,
                                consecutive_failures = consecutive_failures + 1 WHERE id = ?
                            """, arguments: [now, lastError, report.error?.code, now, id])
                } else {
                    try db.execute(
                        sql: """
                            UPDATE source SET last_scan_at = ?, last_success_at = ?, consecutive_failures = 0,
                                last_error = ?, last_error_code = NULL, last_error_at = CASE WHEN ? IS NULL THEN last_error_at ELSE ? END,
                                files_seen = ?, files_skipped = ?, files_failed = ? WHERE id = ?
                            """, arguments: [now, now, lastError, lastError, now, report.seen, report.skipped, report.problems.count, id])
                }
                try db.execute(sql: "DELETE FROM source_problem WHERE source_id = ?", arguments: [id])
                for problem in report.problems {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO source_problem(source_id, key, code, message, at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, problem.key, problem.code, problem.message, problem.at])
                }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the scan of \(source)", location: path)
        }
    }
}
