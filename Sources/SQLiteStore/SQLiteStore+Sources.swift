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
                    // A known source keeps its id, creation time and bookkeeping; what the
                    // configuration says of it is refreshed.
                    var record = SourceRecord(name: source.name, type: source.kind.rawValue, location: source.location, createdAt: now)
                    _ = try record.upsertAndFetch(db, onConflict: [SourceRecord.Columns.name.name], updating: .noColumnUnlessSpecified) { excluded in
                        [
                            SourceRecord.Columns.type.set(to: excluded[SourceRecord.Columns.type]),
                            SourceRecord.Columns.location.set(to: excluded[SourceRecord.Columns.location]),
                        ]
                    }
                }
                var ids: [String: Int64] = [:]
                for source in try SourceRecord.fetchAll(db) {
                    ids[source.name] = source.id
                }
                return ids
            }
            state.withLock { $0.sourceIDs = ids }
        } catch {
            throw SQLiteStore.error(error, "cannot record sources", location: path)
        }
    }

    /// Live documents of a source with the file stamp they were last read with, streamed off
    /// the (source, key) index: its BINARY order is the byte order of the keys' UTF-8.
    public func forEachLiveDocument(source: String, _ body: (_ key: String, _ stamp: FileStamp?) -> Void) throws(SyncError) {
        try read { db in
            guard let id = try SourceRecord.id(db, named: source) else { return }
            let statement = try db.cachedStatement(
                sql: "SELECT key, file_size, file_mtime_ns, file_inode FROM document WHERE source_id = ? AND deleted = 0 ORDER BY key")
            let rows = try Row.fetchCursor(statement, arguments: [id])
            while let row = try rows.next() {
                let document = FileDocument(row: row)
                body(document.key, document.stamp)
            }
        }
    }

    /// The live documents among `keys` of a source, with their file stamps, found by the
    /// (source, key) index: a change to a few files costs a few lookups, not the whole source.
    public func liveStamps(source: String, keys: [String]) throws(SyncError) -> [(key: String, stamp: FileStamp?)] {
        guard !keys.isEmpty else { return [] }
        return try read { db in
            guard let id = try SourceRecord.id(db, named: source) else { return [] }
            var result: [(key: String, stamp: FileStamp?)] = []
            for key in keys {
                let request = DocumentRecord.filter(
                    DocumentRecord.Columns.sourceID == id && DocumentRecord.Columns.key == key && DocumentRecord.Columns.deleted == false)
                if let document = try request.select(FileDocument.columns).asRequest(of: FileDocument.self).fetchOne(db) {
                    result.append((document.key, document.stamp))
                }
            }
            return result
        }
    }

    /// The newest change-log `seq` (0 when empty): cheap, for waiters on the change feed.
    public func changeHead() throws(SyncError) -> Int64 {
        try read { db in try ChangeRecord.head(db) }
    }

    /// Whether the store answers (the systemd watchdog is fed only while it does).
    public func ping() -> Bool {
        (try? read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Records (or clears, with `nil`) the running daemon: pid, start and ready times, last heartbeat.
    public func setDaemonInfo(_ info: DaemonInfo?) throws(SyncError) {
        do {
            try writer.write { db in
                try MetaRecord.daemonKeys.deleteAll(db)
                guard let info else { return }
                for (key, value) in [
                    ("daemon.pid", "\(info.pid)"), ("daemon.started_at", "\(info.startedAt)"),
                    ("daemon.ready_at", info.readyAt.map { "\($0)" } ?? ""), ("daemon.heartbeat_at", "\(info.heartbeatAt)"),
                    ("daemon.socket", info.socket ?? ""),
                ] {
                    try MetaRecord(key: key, value: value).insert(db, onConflict: .replace)
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
            for meta in try MetaRecord.daemonKeys.fetchAll(db) { values[meta.key] = meta.value }
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
                guard let id = try SourceRecord.id(db, named: source) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                let lastError =
                    report.error?.message
                    ?? report.problems.first.map {
                        "\($0.key): \($0.message)" + (report.problems.count > 1 ? " (and \(report.problems.count - 1) more)" : "")
                    }
                let row = SourceRecord.filter(key: id)
                if let error = report.error {
                    try row.updateAll(
                        db, SourceRecord.Columns.lastScanAt.set(to: now), SourceRecord.Columns.lastError.set(to: lastError),
                        SourceRecord.Columns.lastErrorCode.set(to: error.code), SourceRecord.Columns.lastErrorAt.set(to: now),
                        SourceRecord.Columns.consecutiveFailures += 1)
                } else {
                    var assignments = [
                        SourceRecord.Columns.lastScanAt.set(to: now), SourceRecord.Columns.lastSuccessAt.set(to: now),
                        SourceRecord.Columns.consecutiveFailures.set(to: 0), SourceRecord.Columns.lastError.set(to: lastError),
                        SourceRecord.Columns.lastErrorCode.set(to: nil), SourceRecord.Columns.filesSeen.set(to: report.seen),
                        SourceRecord.Columns.filesSkipped.set(to: report.skipped), SourceRecord.Columns.filesFailed.set(to: report.problems.count),
                    ]
                    // A problem is an error as of now; a clean scan keeps the time of the last one.
                    if lastError != nil { assignments.append(SourceRecord.Columns.lastErrorAt.set(to: now)) }
                    try row.updateAll(db, assignments)
                }
                try SourceProblemRecord.replace(db, source: id, with: report.problems)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the scan of \(source)", location: path)
        }
    }
}

extension SQLiteStore {
    /// Replaces the problems of `keys` with `problems` and keeps the source's failure count
    /// and last error in step; other files' problems stay.
    public func recordFileProblems(source: String, keys: [String], problems: [SourceProblem], now: Double) throws(SyncError) {
        do {
            try writer.write { db in
                guard let id = try SourceRecord.id(db, named: source) else {
                    throw SyncError(.notFound, "unknown source \"\(source)\"")
                }
                for key in keys {
                    try SourceProblemRecord.filter(SourceProblemRecord.Columns.sourceID == id && SourceProblemRecord.Columns.key == key).deleteAll(db)
                }
                for problem in problems {
                    try SourceProblemRecord(sourceID: id, problem: problem).insert(db, onConflict: .replace)
                }
                let failed = try SourceProblemRecord.filter(SourceProblemRecord.Columns.sourceID == id).fetchCount(db)
                var assignments = [SourceRecord.Columns.filesFailed.set(to: failed)]
                if let first = problems.first {
                    assignments += [
                        SourceRecord.Columns.lastError.set(to: "\(first.key): \(first.message)"), SourceRecord.Columns.lastErrorAt.set(to: now),
                    ]
                }
                try SourceRecord.filter(key: id).updateAll(db, assignments)
                if problems.isEmpty, failed == 0 {
                    // The last file problem is gone: the source is clean unless the source itself fails.
                    try SourceRecord.filter(key: id).filter(SourceRecord.Columns.consecutiveFailures == 0)
                        .updateAll(db, SourceRecord.Columns.lastError.set(to: nil))
                }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record the files of \(source)", location: path)
        }
    }
}

/// A live document's key and file stamp. Every scan reads one per file before it walks the
/// folder, so this reads four columns by position: whole `DocumentRecord`s, decoded by column
/// name, made `syncd --once` on an unchanged 3,000-file folder measurably slower.
private struct FileDocument: FetchableRecord {
    static let columns = [
        DocumentRecord.Columns.key, DocumentRecord.Columns.fileSize, DocumentRecord.Columns.fileMtimeNs, DocumentRecord.Columns.fileInode,
    ]
    var key: String
    var stamp: FileStamp?

    init(row: Row) {
        key = row[0]
        if let size: Int64 = row[1], let mtime: Int64 = row[2], let inode: Int64 = row[3] {
            stamp = FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)
        } else {
            stamp = nil
        }
    }
}
