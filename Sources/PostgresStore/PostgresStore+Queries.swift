import Foundation
public import Storage
public import SyncModel

extension PostgresStore {
    public func status() throws(SyncError) -> StoreStatus {
        var status = try withSession { session in
            var sources: [SourceStatus] = []
            let rows = try session.all(
                """
                SELECT s.id, s.name, s.type, s.location, s.last_scan_at, s.last_success_at, s.last_error, s.last_error_code, s.last_error_at,
                    s.consecutive_failures, s.files_seen, s.files_skipped, s.files_failed,
                    s.live_documents, s.deleted_documents, s.version_count, \(PostgresStore.feedColumns("f"))
                FROM source s
                LEFT JOIN feed_state f ON f.source_id = s.id
                ORDER BY s.name
                """
            ) { row in (id: try row.int64(0), row: row) }
            let articles = try articleCounts(session)
            for (id, row) in rows {
                let problems = try session.all(
                    "SELECT key, code, message, at FROM source_problem WHERE source_id = $1 ORDER BY key LIMIT 50", [id]
                ) { SourceProblem(key: try $0.text(0), code: try $0.text(1), message: try $0.text(2), at: try $0.double(3)) }
                sources.append(
                    SourceStatus(
                        name: try row.text(1), type: try row.text(2), location: try row.text(3), documents: try row.int(13),
                        deleted: try row.int(14), versions: try row.int(15), lastScanAt: try row.optionalDouble(4),
                        lastSuccessAt: try row.optionalDouble(5), lastError: try row.optionalText(6), lastErrorCode: try row.optionalText(7),
                        lastErrorAt: try row.optionalDouble(8), consecutiveFailures: try row.int(9), filesSeen: try row.int(10),
                        filesSkipped: try row.int(11), filesFailed: try row.int(12), problems: problems,
                        feed: try PostgresStore.feedState(row, from: 16), articles: articles[id]))
            }
            let clusters =
                try session.first(
                    """
                    SELECT COUNT(*), COALESCE(SUM(live_members - 1), 0)::bigint FROM cluster WHERE live_members >= 2
                    """, [], { (count: try $0.int(0), duplicates: try $0.int(1)) }) ?? (count: 0, duplicates: 0)
            let bytes = try session.first("SELECT pg_database_size(current_database())", [], { try $0.int64(0) }) ?? 0
            let documents = sources.reduce(0) { $0 + $1.documents }
            return StoreStatus(
                store: location, storeBytes: bytes, documents: documents, deleted: sources.reduce(0) { $0 + $1.deleted },
                versions: sources.reduce(0) { $0 + $1.versions }, clusters: clusters.count, duplicates: clusters.duplicates,
                duplicateRatio: documents == 0 ? 0 : Double(clusters.duplicates) / Double(documents), changeHead: try head(session),
                sources: sources)
        }
        status.consumers = try consumers()
        status.daemon = try daemonInfo()
        status.nodes = try nodes()
        return status
    }

    public func duplicateClusters() throws(SyncError) -> [DuplicateCluster] {
        try duplicateClusters(including: nil)
    }

    public func cluster(_ id: Int64) throws(SyncError) -> DuplicateCluster {
        guard let cluster = try duplicateClusters(including: [id]).first else {
            throw SyncError(.notFound, "no such cluster", location: "\(id)")
        }
        return cluster
    }

    /// The `limit` clusters with the most live members (ties: the older first), off the
    /// `cluster_by_size` index.
    public func largestClusters(limit: Int) throws(SyncError) -> [DuplicateCluster] {
        let ids = try withSession { session in
            try session.all(
                "SELECT id FROM cluster WHERE live_members >= 2 ORDER BY live_members DESC, id LIMIT $1", [limit], { try $0.int64(0) })
        }
        guard !ids.isEmpty else { return [] }
        let clusters = Dictionary(try duplicateClusters(including: ids).map { ($0.cluster, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { clusters[$0] }
    }

    /// - Parameter only: these cluster ids (any size), or `nil` for every cluster of two or more.
    private func duplicateClusters(including only: [Int64]?) throws(SyncError) -> [DuplicateCluster] {
        let clusters = only == nil ? "(SELECT id FROM cluster WHERE live_members >= 2)" : "(SELECT unnest($1::bigint[]))"
        let rows = try withSession { session in
            try session.all(
                """
                SELECT d.cluster_id, d.id, s.name, d.key, c.canonical_doc_id, d.similarity, v.title
                FROM document d JOIN source s ON s.id = d.source_id JOIN cluster c ON c.id = d.cluster_id
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                WHERE NOT d.deleted AND d.cluster_id IN \(clusters)
                ORDER BY d.cluster_id, (d.id <> c.canonical_doc_id), d.id
                """, only.map { [Int64s($0)] } ?? []
            ) { row in
                (
                    cluster: try row.int64(0), doc: try row.int64(1), source: try row.text(2), key: try row.text(3), canonical: try row.int64(4),
                    similarity: try row.optionalDouble(5), title: try row.text(6)
                )
            }
        }
        var result: [DuplicateCluster] = []
        for row in rows {
            if result.last?.cluster != row.cluster { result.append(DuplicateCluster(cluster: row.cluster, members: [])) }
            let canonical = row.doc == row.canonical
            result[result.count - 1].members.append(
                ClusterMember(
                    doc: row.doc, source: row.source, key: row.key, canonical: canonical, similarity: canonical ? 1.0 : (row.similarity ?? 0),
                    title: row.title))
        }
        return result
    }

    public func resolve(_ reference: String) throws(SyncError) -> Int64 {
        let found: Int64? = try withSession { session in
            if let id = Int64(reference) {
                return try session.first("SELECT id FROM document WHERE id = $1", [id]) { try $0.int64(0) }
            }
            guard let colon = reference.firstIndex(of: ":") else { return nil }
            return try session.first(
                "SELECT d.id FROM document d JOIN source s ON s.id = d.source_id WHERE s.name = $1 AND d.key = $2",
                [String(reference[..<colon]), String(reference[reference.index(after: colon)...])]
            ) { try $0.int64(0) }
        }
        if found == nil && Int64(reference) == nil && !reference.contains(":") {
            throw SyncError(.invalidArgument, "expected a document id or SOURCE:KEY", location: reference)
        }
        guard let found else { throw SyncError(.notFound, "no such document", location: reference) }
        return found
    }

    public func document(_ doc: Int64, version: Int?) throws(SyncError) -> DocumentView {
        let view: DocumentView? = try withSession { session in
            guard
                let document = try session.first(
                    """
                    SELECT s.name, d.key, d.version, d.deleted, d.cluster_id, c.canonical_doc_id, d.created_at
                    FROM document d JOIN source s ON s.id = d.source_id LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = $1
                    """, [doc],
                    { row in
                        (
                            source: try row.text(0), key: try row.text(1), version: try row.int(2), deleted: try row.bool(3),
                            cluster: try row.optionalInt64(4), canonical: try row.optionalInt64(5), createdAt: try row.double(6)
                        )
                    })
            else { return nil }
            let wanted = version ?? document.version
            guard
                let stored = try session.first(
                    """
                    SELECT v.title, v.metadata, b.data, b.size, v.summary FROM version v JOIN blob b ON b.hash = v.blob_hash
                    WHERE v.doc_id = $1 AND v.version = $2
                    """,
                    [doc, wanted],
                    {
                        (
                            title: try $0.text(0), metadata: try $0.optionalText(1), data: try $0.bytes(2), size: try $0.int(3),
                            summary: try $0.optionalText(4)
                        )
                    })
            else { return nil }
            let body = String(decoding: try BlobCodec.decompress(stored.data, size: stored.size), as: UTF8.self)
            let title = stored.title
            let text = body.hasPrefix(title + "\n\n") && !title.isEmpty ? String(body.dropFirst(title.count + 2)) : body
            return DocumentView(
                doc: doc, source: document.source, key: document.key, version: wanted, latestVersion: document.version,
                deleted: document.deleted, cluster: document.cluster, canonical: document.cluster != nil && document.canonical == doc,
                title: title, text: text, createdAt: document.createdAt, metadata: ArticleMetadata(storedJSON: stored.metadata),
                summary: stored.summary,
                article: try articleState(session, doc: doc))
        }
        guard let view else {
            throw SyncError(.notFound, version.map { "document \(doc) has no version \($0)" } ?? "no such document", location: "\(doc)")
        }
        return view
    }

    public func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo] {
        let rows = try withSession { session in
            try session.all(
                """
                SELECT v.version, v.title, b.size, v.tokens, v.created_at, v.blob_hash FROM version v JOIN blob b ON b.hash = v.blob_hash
                WHERE v.doc_id = $1 ORDER BY v.version
                """, [doc]
            ) { row in
                VersionInfo(
                    version: try row.int(0), title: try row.text(1), bytes: try row.int(2), tokens: try row.int(3), createdAt: try row.double(4),
                    blob: try row.bytes(5).map { String(format: "%02x", $0) }.joined())
            }
        }
        if rows.isEmpty { throw SyncError(.notFound, "no such document", location: "\(doc)") }
        return rows
    }
}
