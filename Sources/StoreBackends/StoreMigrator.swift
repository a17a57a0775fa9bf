import Foundation
import PostgresStore
import SQLiteStore
import Storage
public import SyncModel

/// Copies a SQLite store into an empty PostgreSQL database (`syncctl migrate --to URL`):
/// sources, documents, versions, blobs, clusters, fingerprints, the change log with its `seq`
/// values, feed state, host state, feed entries, consumers, article states and the chrome
/// model's line counts, table by table in chunks (a cluster's live-member count is kept by the
/// target's trigger as the documents arrive).
///
/// Each chunk commits with its progress (`meta` `migrate.table.TABLE`), so a stopped copy resumes
/// where it stopped when run again with the same source; a target that holds anything else is
/// refused. At the end the id sequences and the change log's head continue after the copied
/// values, the band index is built from the copied signatures, and every table's row count is
/// compared with the source's.
public enum StoreMigrator {
    typealias Kind = PostgresStore.ColumnKind

    /// A table as it is copied: its columns (the same names on both sides), the integer column
    /// it is copied in order of, and how many of that column's values one chunk takes.
    struct Table {
        var name: String
        var key: String
        var columns: [(name: String, kind: Kind)]
        var chunk = 2000
    }

    static let tables: [Table] = [
        Table(
            name: "source", key: "id",
            columns: [
                ("id", .integer), ("name", .text), ("type", .text), ("location", .text), ("created_at", .real), ("last_scan_at", .real),
                ("last_success_at", .real), ("last_error", .text), ("last_error_code", .text), ("last_error_at", .real),
                ("consecutive_failures", .integer), ("files_seen", .integer), ("files_skipped", .integer), ("files_failed", .integer),
            ]),
        Table(
            name: "source_problem", key: "source_id",
            columns: [("source_id", .integer), ("key", .text), ("code", .text), ("message", .text), ("at", .real)], chunk: 200),
        Table(name: "blob", key: "rowid", columns: [("hash", .bytes), ("size", .integer), ("data", .bytes)], chunk: 500),
        Table(
            name: "cluster", key: "id",
            columns: [("id", .integer), ("canonical_doc_id", .integer), ("created_at", .real), ("updated_at", .real), ("dissolved", .boolean)]),
        Table(
            name: "document", key: "id",
            columns: [
                ("id", .integer), ("source_id", .integer), ("key", .text), ("version", .integer), ("deleted", .boolean), ("cluster_id", .integer),
                ("similarity", .real), ("created_at", .real), ("updated_at", .real), ("file_size", .integer), ("file_mtime_ns", .integer),
                ("file_inode", .integer),
            ]),
        Table(
            name: "version", key: "doc_id",
            columns: [
                ("doc_id", .integer), ("version", .integer), ("title", .text), ("blob_hash", .bytes), ("content_hash", .bytes), ("tokens", .integer),
                ("created_at", .real), ("original_hash", .bytes), ("metadata", .text), ("summary", .text), ("page_hash", .bytes),
            ]),
        Table(
            name: "fingerprint", key: "doc_id",
            columns: [("doc_id", .integer), ("content_hash", .bytes), ("signature", .bytes), ("lead_signature", .bytes)]),
        Table(
            name: "change", key: "seq",
            columns: [
                ("seq", .integer), ("at", .real), ("op", .text), ("doc_id", .integer), ("source", .text), ("key", .text), ("version", .integer),
                ("cluster_id", .integer), ("canonical", .boolean),
            ]),
        Table(
            name: "feed_state", key: "source_id",
            columns: [
                ("source_id", .integer), ("url", .text), ("current_url", .text), ("etag", .text), ("last_modified", .text), ("last_fetch_at", .real),
                ("last_status", .integer), ("last_result", .text), ("last_seconds", .real), ("next_due_at", .real), ("backoff_seconds", .real),
                ("disabled_reason", .text), ("entries", .integer), ("publish_interval", .real), ("parsed_digest", .text), ("ttl", .integer),
            ]),
        Table(name: "host_state", key: "rowid", columns: [("host", .text), ("retry_after_until", .real), ("reason", .text)]),
        Table(
            name: "feed_entry", key: "source_id",
            columns: [
                ("source_id", .integer), ("key", .text), ("guid", .text), ("link", .text), ("digest", .text), ("first_seen", .real),
                ("last_seen", .real),
            ], chunk: 200),
        Table(name: "consumer", key: "rowid", columns: [("name", .text), ("seq", .integer), ("updated_at", .real)]),
        Table(
            name: "feed_article", key: "doc_id",
            columns: [
                ("doc_id", .integer), ("source_id", .integer), ("url", .text), ("status", .text), ("reason", .text), ("attempts", .integer),
                ("next_attempt_at", .real), ("fetched_at", .real), ("updated_at", .real),
            ]),
        // One source's lines per chunk: the table's key starts with the source.
        Table(
            name: "source_line", key: "source_id",
            columns: [("source_id", .integer), ("hash", .integer), ("words", .integer), ("documents", .integer)],
            chunk: 1),
        Table(name: "document_lines", key: "doc_id", columns: [("doc_id", .integer), ("source_id", .integer), ("hashes", .bytes)]),
    ]

    /// What a finished copy holds, table by table (the same counts on both sides).
    public struct Report: Sendable {
        public var counts: [(table: String, rows: Int)] = []
        /// Whether an earlier, stopped copy was continued.
        public var resumed = false
    }

    /// Copies the SQLite store at `path` into the PostgreSQL database `url`.
    /// - Parameters:
    ///   - progress: told each table's name and the rows copied so far.
    /// - Throws: `SyncError(.invalidArgument)` for a non-empty target that is not an earlier
    ///   copy of this store; `.store` when reading, writing or the final count check fails.
    public static func migrate(
        sqlite path: String, to url: PostgresURL, password: String?, parameters: DedupParameters,
        progress: (String, Int) -> Void = { _, _ in }
    ) throws(SyncError) -> Report {
        let source = try SQLiteStoreReader(path: path, parameters: parameters)
        let target = try PostgresStore(url: url, password: password, parameters: parameters, node: "migrate")
        let marker = try target.metaValue("migrate.from")
        var report = Report()
        if try !target.isEmpty() {
            guard marker == path else {
                throw SyncError(
                    .invalidArgument,
                    marker == nil
                        ? "the target database is not empty; syncctl migrate copies into an empty database only"
                        : "the target database holds a copy of another store (\(marker!)); syncctl migrate copies into an empty database only",
                    location: url.description)
            }
            report.resumed = true
        }
        try target.setMetaValue("migrate.from", path)
        for table in tables {
            var after = Int64(try target.metaValue("migrate.table.\(table.name)").flatMap { Int64($0) } ?? Int64.min)
            var copied = try after == Int64.min ? 0 : target.count(table: table.name)
            while true {
                let rows = try source.exportRows(
                    table: table.name, columns: table.columns.map(\.name), key: table.key, after: after, limit: table.chunk)
                guard let last = rows.last?.key else { break }
                try target.importRows(
                    table: table.name, columns: table.columns, rows: rows.map(\.values), progressKey: "migrate.table.\(table.name)", progress: last)
                after = last
                copied += rows.count
                progress(table.name, copied)
            }
        }
        try target.finishImport()
        for table in tables {
            let expected = try source.count(table: table.name)
            let found = try target.count(table: table.name)
            guard expected == found else {
                throw SyncError(
                    .store, "after the copy \(table.name) has \(found) rows where the SQLite store has \(expected)", location: url.description)
            }
            report.counts.append((table.name, found))
        }
        try target.setMetaValue("migrate.done", "\(Date().timeIntervalSince1970)")
        return report
    }
}
