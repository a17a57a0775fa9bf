import Foundation
internal import GRDB
public import Storage
public import SyncModel

extension SQLiteStore {
    public func status() throws(SyncError) -> StoreStatus {
        let bytes = ["", "-wal", "-shm"].reduce(Int64(0)) { total, suffix in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
        var status = try baseStatus(bytes: bytes)
        status.consumers = try consumers()
        status.daemon = try daemonInfo()
        return status
    }

    private func baseStatus(bytes: Int64) throws(SyncError) -> StoreStatus {
        try read { db in
            let documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE deleted = 0") ?? 0
            let clusterRow = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS clusters, COALESCE(SUM(n) - COUNT(*), 0) AS duplicates FROM
                    (SELECT COUNT(*) AS n FROM document WHERE cluster_id IS NOT NULL AND deleted = 0 GROUP BY cluster_id HAVING n >= 2)
                    """)
            let duplicates: Int = clusterRow?["duplicates"] ?? 0
            var sources: [SourceStatus] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, f.source_id AS feed_id, f.url, f.current_url, f.etag, f.last_modified, f.last_fetch_at, f.last_status,
                        f.last_result, f.last_seconds, f.next_due_at, f.backoff_seconds, f.disabled_reason, f.entries, f.publish_interval,
                        (SELECT COUNT(*) FROM document d WHERE d.source_id = s.id AND d.deleted = 0) AS live,
                        (SELECT COUNT(*) FROM document d WHERE d.source_id = s.id AND d.deleted = 1) AS gone,
                        (SELECT COUNT(*) FROM version v JOIN document d ON d.id = v.doc_id WHERE d.source_id = s.id) AS versions
                    FROM source s LEFT JOIN feed_state f ON f.source_id = s.id ORDER BY s.name
                    """)
            {
                let problems = try Row.fetchAll(
                    db, sql: "SELECT key, code, message, at FROM source_problem WHERE source_id = ? ORDER BY key LIMIT 50",
                    arguments: [row["id"] as Int64]
                ).map {
                    SourceProblem(key: $0["key"], code: $0["code"], message: $0["message"], at: $0["at"])
                }
                sources.append(
                    SourceStatus(
                        name: row["name"], type: row["type"], location: row["location"],
                        documents: row["live"], deleted: row["gone"], versions: row["versions"],
                        lastScanAt: row["last_scan_at"], lastSuccessAt: row["last_success_at"],
                        lastError: row["last_error"], lastErrorCode: row["last_error_code"], lastErrorAt: row["last_error_at"],
                        consecutiveFailures: row["consecutive_failures"], filesSeen: row["files_seen"],
                        filesSkipped: row["files_skipped"], filesFailed: row["files_failed"], problems: problems,
                        feed: (row["feed_id"] as Int64?) == nil ? nil : Self.feedState(row)))
            }
            return StoreStatus(
                store: path, storeBytes: bytes, documents: documents,
                deleted: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE deleted = 1") ?? 0,
                versions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM version") ?? 0,
                clusters: clusterRow?["clusters"] ?? 0, duplicates: duplicates,
                duplicateRatio: documents == 0 ? 0 : Double(duplicates) / Double(documents),
                changeHead: try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM change") ?? 0,
                sources: sources)
        }
    }

    /// Change-log rows with `seq > since`, oldest first.
    public func changes(since: Int64, limit: Int) throws(SyncError) -> [Change] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM change WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [since, limit]).map { row in
                Change(
                    seq: row["seq"], op: ChangeOp(rawValue: row["op"]) ?? .update, doc: row["doc_id"], source: row["source"],
                    key: row["key"], version: row["version"], cluster: row["cluster_id"], canonical: row["canonical"], at: row["at"])
            }
        }
    }

    /// Clusters with two or more live members, canonical member first.
    public func duplicateClusters() throws(SyncError) -> [DuplicateCluster] {
        try duplicateClusters(including: nil)
    }

    /// - Parameter only: one cluster id (any size), or `nil` for every cluster of two or more.
    func duplicateClusters(including only: Int64?) throws(SyncError) -> [DuplicateCluster] {
        try read { db in
            var clusters: [Int64: DuplicateCluster] = [:]
            var order: [Int64] = []
            let filter =
                only == nil
                ? "(SELECT cluster_id FROM document WHERE cluster_id IS NOT NULL AND deleted = 0 GROUP BY cluster_id HAVING COUNT(*) >= 2)"
                : "(?)"
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.key, d.cluster_id, d.similarity, s.name, c.canonical_doc_id, v.title
                    FROM document d JOIN source s ON s.id = d.source_id JOIN cluster c ON c.id = d.cluster_id
                    JOIN version v ON v.doc_id = d.id AND v.version = d.version
                    WHERE d.deleted = 0 AND d.cluster_id IN \(filter)
                    ORDER BY d.cluster_id, (d.id != c.canonical_doc_id), d.id
                    """, arguments: only.map { [$0] } ?? [])
            for row in rows {
                let cluster: Int64 = row["cluster_id"]
                let doc: Int64 = row["id"]
                let canonical = doc == row["canonical_doc_id"]
                if clusters[cluster] == nil { order.append(cluster); clusters[cluster] = DuplicateCluster(cluster: cluster, members: []) }
                clusters[cluster]?.members.append(
                    ClusterMember(
                        doc: doc, source: row["name"], key: row["key"], canonical: canonical,
                        similarity: canonical ? 1.0 : (row["similarity"] ?? 0), title: row["title"]))
            }
            return order.compactMap { clusters[$0] }
        }
    }

    /// Resolves `DOC` (a number) or `SOURCE:KEY` to a document id.
    /// - Throws: `SyncError(.notFound)` naming the reference.
    public func resolve(_ reference: String) throws(SyncError) -> Int64 {
        let found: Int64? = try read { db in
            if let id = Int64(reference) {
                return try Int64.fetchOne(db, sql: "SELECT id FROM document WHERE id = ?", arguments: [id])
            }
            guard let colon = reference.firstIndex(of: ":") else { return nil }
            return try Int64.fetchOne(
                db,
                sql: """
                    SELECT d.id FROM document d JOIN source s ON s.id = d.source_id WHERE s.name = ? AND d.key = ?
                    """, arguments: [String(reference[..<colon]), String(reference[reference.index(after: colon)...])])
        }
        if found == nil && Int64(reference) == nil && !reference.contains(":") {
            throw SyncError(.invalidArgument, "expected a document id or SOURCE:KEY", location: reference)
        }
        guard let found else { throw SyncError(.notFound, "no such document", location: reference) }
        return found
    }

    /// A document at its latest version, or at `version`.
    public func document(_ doc: Int64, version: Int?) throws(SyncError) -> DocumentView {
        let view: DocumentView? = try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.*, s.name, c.canonical_doc_id FROM document d JOIN source s ON s.id = d.source_id
                        LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = ?
                        """, arguments: [doc])
            else { return nil }
            let latest: Int = row["version"]
            let wanted = version ?? latest
            guard
                let body = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT v.title, v.metadata, b.data, b.size FROM version v JOIN blob b ON b.hash = v.blob_hash
                        WHERE v.doc_id = ? AND v.version = ?
                        """, arguments: [doc, wanted])
            else { return nil }
            let stored = try SQLiteStore.decodeBlob(body)
            let title: String = body["title"]
            let text = stored.hasPrefix(title + "\n\n") && !title.isEmpty ? String(stored.dropFirst(title.count + 2)) : stored
            let cluster: Int64? = row["cluster_id"]
            return DocumentView(
                doc: doc, source: row["name"], key: row["key"], version: wanted, latestVersion: latest,
                deleted: row["deleted"], cluster: cluster, canonical: cluster != nil && row["canonical_doc_id"] == doc,
                title: title, text: text, createdAt: row["created_at"],
                metadata: ArticleMetadata(storedJSON: body["metadata"]))
        }
        guard let view else {
            throw SyncError(.notFound, version.map { "document \(doc) has no version \($0)" } ?? "no such document", location: "\(doc)")
        }
        return view
    }

    public func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo] {
        let rows: [VersionInfo] = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT v.version, v.title, v.tokens, v.created_at, v.blob_hash, b.size FROM version v
                    JOIN blob b ON b.hash = v.blob_hash WHERE v.doc_id = ? ORDER BY v.version
                    """, arguments: [doc]
            ).map { row in
                let hash: Data = row["blob_hash"]
                return VersionInfo(
                    version: row["version"], title: row["title"], bytes: row["size"], tokens: row["tokens"],
                    createdAt: row["created_at"], blob: hash.map { String(format: "%02x", $0) }.joined())
            }
        }
        if rows.isEmpty { throw SyncError(.notFound, "no such document", location: "\(doc)") }
        return rows
    }
}
