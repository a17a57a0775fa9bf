import Foundation
internal import GRDB
public import Storage
public import SyncModel

extension SQLiteStore {
    /// The live documents among `keys` of a source, with their file stamps, found by the
    /// (source, key) index: a change to a few files costs a few lookups, not the whole source.
    public func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else { return [] }
            var result: [(key: String, stamp: FileStamp?)] = []
            for key in keys {
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT file_size, file_mtime_ns, file_inode FROM document WHERE source_id = ? AND key = ? AND deleted = 0",
                        arguments: [sourceID, key])
                else { continue }
                if let size: Int64 = row["file_size"], let mtime: Int64 = row["file_mtime_ns"], let inode: Int64 = row["file_inode"] {
                    result.append((key, FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)))
                } else {
                    result.append((key, nil))
                }
            }
            return result
        }
    }

    /// Replaces the problems of `keys` with `problems` and keeps the source's failure count
    /// and last error in step; other files' problems stay.
    public func recordFileProblems(source: String, keys: [String], problems: [SourceProblem], now: Double) throws(SyncError) {
        do {
            try writer.write { db in
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                for key in keys {
                    try db.execute(sql: "DELETE FROM source_problem WHERE source_id = ? AND key = ?", arguments: [id, key])
                }
                for problem in problems {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO source_problem(source_id, key, code, message, at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, problem.key, problem.code, problem.message, problem.at])
                }
                try db.execute(
                    sql: "UPDATE source SET files_failed = (SELECT COUNT(*) FROM source_problem WHERE source_id = ?) WHERE id = ?",
                    arguments: [id, id])
                if let first = problems.first {
                    try db.execute(
                        sql: "UPDATE source SET last_error = ?, last_error_at = ? WHERE id = ?",
                        arguments: ["\(first.key): \(first.message)", now, id])
                } else {
                    try db.execute(
                        sql: "UPDATE source SET last_error = NULL WHERE id = ? AND consecutive_failures = 0 AND files_failed = 0", arguments: [id])
                }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the files of \(source)", location: path)
        }
    }
}
