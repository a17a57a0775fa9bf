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

    /// Every figure comes from counts kept by triggers (migration v7): O(sources), whatever the
    /// number of documents.
    private func baseStatus(bytes: Int64) throws(SyncError) -> StoreStatus {
        try read { db in
            var sources: [SourceStatus] = []
            let articles = try articleCounts(db)
            for summary in try SourceSummary.fetchAll(db) {
                let source = summary.source
                let problems = try SourceProblemRecord.filter(SourceProblemRecord.Columns.sourceID == source.id)
                    .order(SourceProblemRecord.Columns.key).limit(50).fetchAll(db).map(\.problem)
                sources.append(
                    SourceStatus(
                        name: source.name, type: source.type, location: source.location,
                        documents: source.liveDocuments, deleted: source.deletedDocuments, versions: source.versionCount,
                        lastScanAt: source.lastScanAt, lastSuccessAt: source.lastSuccessAt,
                        lastError: source.lastError, lastErrorCode: source.lastErrorCode, lastErrorAt: source.lastErrorAt,
                        consecutiveFailures: source.consecutiveFailures, filesSeen: source.filesSeen,
                        filesSkipped: source.filesSkipped, filesFailed: source.filesFailed, problems: problems,
                        feed: summary.feed?.state, articles: source.id.flatMap { articles[$0] }))
            }
            let counters = try CounterRecord.all(db)
            let documents = sources.reduce(0) { $0 + $1.documents }
            let duplicates = counters["duplicates"] ?? 0
            return StoreStatus(
                store: path, storeBytes: bytes, documents: documents, deleted: sources.reduce(0) { $0 + $1.deleted },
                versions: sources.reduce(0) { $0 + $1.versions }, clusters: counters["clusters"] ?? 0, duplicates: duplicates,
                duplicateRatio: documents == 0 ? 0 : Double(duplicates) / Double(documents),
                changeHead: try ChangeRecord.head(db),
                sources: sources)
        }
    }

    /// Change-log rows with `seq > since`, oldest first.
    public func changes(since: Int64, limit: Int) throws(SyncError) -> [Change] {
        try read { db in
            try ChangeRecord.filter(ChangeRecord.Columns.seq > since).order(ChangeRecord.Columns.seq).limit(limit).fetchAll(db).map(\.change)
        }
    }

    /// Clusters with two or more live members, canonical member first.
    public func duplicateClusters() throws(SyncError) -> [DuplicateCluster] {
        try duplicateClusters(including: nil)
    }

    /// The `limit` clusters with the most live members (ties: the older first), off an index.
    public func largestClusters(limit: Int) throws(SyncError) -> [DuplicateCluster] {
        let ids: [Int64] = try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM cluster WHERE live_members >= 2 ORDER BY live_members DESC, id LIMIT ?", arguments: [limit])
        }
        var clusters: [DuplicateCluster] = []
        for id in ids { clusters += try duplicateClusters(including: id) }
        return clusters
    }

    /// - Parameter only: one cluster id (any size), or `nil` for every cluster of two or more.
    func duplicateClusters(including only: Int64?) throws(SyncError) -> [DuplicateCluster] {
        try read { db in
            var clusters: [Int64: DuplicateCluster] = [:]
            var order: [Int64] = []
            for member in try ClusterMemberSummary.fetchAll(db, cluster: only) {
                let document = member.document
                guard let cluster = document.clusterID, let doc = document.id else { continue }
                let canonical = doc == member.canonicalDocID
                if clusters[cluster] == nil { order.append(cluster); clusters[cluster] = DuplicateCluster(cluster: cluster, members: []) }
                clusters[cluster]?.members.append(
                    ClusterMember(
                        doc: doc, source: member.source, key: document.key, canonical: canonical,
                        similarity: canonical ? 1.0 : (document.similarity ?? 0), title: member.title))
            }
            return order.compactMap { clusters[$0] }
        }
    }

    /// Resolves `DOC` (a number) or `SOURCE:KEY` to a document id.
    /// - Throws: `SyncError(.notFound)` naming the reference.
    public func resolve(_ reference: String) throws(SyncError) -> Int64 {
        let found: Int64? = try read { db in
            if let id = Int64(reference) {
                return try DocumentRecord.exists(db, key: id) ? id : nil
            }
            guard let colon = reference.firstIndex(of: ":") else { return nil }
            let source = String(reference[..<colon])
            return try DocumentRecord.filter(DocumentRecord.Columns.key == String(reference[reference.index(after: colon)...]))
                .joining(required: DocumentRecord.source.filter(SourceRecord.Columns.name == source))
                .select(DocumentRecord.Columns.id, as: Int64.self).fetchOne(db)
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
                let found = try DocumentRecord.filter(key: doc)
                    .including(required: DocumentRecord.source)
                    .including(optional: DocumentRecord.cluster)
                    .asRequest(of: DocumentSummary.self).fetchOne(db)
            else { return nil }
            let document = found.document
            let wanted = version ?? document.version
            guard
                let stored = try VersionRecord.filter(key: [VersionRecord.Columns.docID.name: doc, VersionRecord.Columns.version.name: wanted])
                    .including(required: VersionRecord.blob)
                    .asRequest(of: StoredVersion.self).fetchOne(db)
            else { return nil }
            let body = try stored.blob.text()
            let title = stored.version.title
            let text = body.hasPrefix(title + "\n\n") && !title.isEmpty ? String(body.dropFirst(title.count + 2)) : body
            return DocumentView(
                doc: doc, source: found.source.name, key: document.key, version: wanted, latestVersion: document.version,
                deleted: document.deleted, cluster: document.clusterID,
                canonical: document.clusterID != nil && found.cluster?.canonicalDocID == doc,
                title: title, text: text, createdAt: document.createdAt,
                metadata: ArticleMetadata(storedJSON: stored.version.metadata), summary: stored.version.summary,
                article: try articleState(db, doc: doc))
        }
        guard let view else {
            throw SyncError(.notFound, version.map { "document \(doc) has no version \($0)" } ?? "no such document", location: "\(doc)")
        }
        return view
    }

    public func versions(_ doc: Int64) throws(SyncError) -> [VersionInfo] {
        let rows: [VersionInfo] = try read { db in
            try VersionRecord.filter(VersionRecord.Columns.docID == doc).order(VersionRecord.Columns.version)
                .annotated(withRequired: VersionRecord.blob.select(BlobRecord.Columns.size))
                .asRequest(of: VersionSize.self).fetchAll(db)
                .map { row in
                    let version = row.version
                    return VersionInfo(
                        version: version.version, title: version.title, bytes: row.size, tokens: version.tokens,
                        createdAt: version.createdAt, blob: version.blobHash.map { String(format: "%02x", $0) }.joined())
                }
        }
        if rows.isEmpty { throw SyncError(.notFound, "no such document", location: "\(doc)") }
        return rows
    }
}

/// The near-duplicate figures of `status`: clusters of two or more live documents, and the live
/// documents in them that are not their canonical member.
/// A source as `status` lists it: its row (with its counts) and its feed state (feed sources only).
private struct SourceSummary: FetchableRecord {
    var source: SourceRecord
    var feed: FeedStateRecord?

    init(row: Row) {
        source = row["source"]
        feed = row["feed"]
    }

    /// Every source by name, the columns of each table read by the records through row scopes.
    static func fetchAll(_ db: Database) throws -> [SourceSummary] {
        let adapters = splittingRowAdapters(columnCounts: [try SourceRecord.numberOfSelectedColumns(db)])
        return try fetchAll(
            db, sql: "SELECT s.*, f.* FROM source s LEFT JOIN feed_state f ON f.source_id = s.id ORDER BY s.name",
            adapter: ScopeAdapter(["source": adapters[0], "feed": adapters[1]]))
    }
}

/// A live member of a near-duplicate cluster as `dupes` lists it: its document row, its
/// source's name, its cluster's canonical member and its current title.
private struct ClusterMemberSummary: FetchableRecord {
    var document: DocumentRecord
    var source: String
    var canonicalDocID: Int64
    var title: String

    init(row: Row) {
        document = row["document"]
        let rest = row.scopes["rest"]!
        source = rest["name"]
        canonicalDocID = rest["canonical_doc_id"]
        title = rest["title"]
    }

    /// Members of `cluster` (any size), or of every cluster of two or more live documents; by
    /// cluster, canonical first. Stays SQL: the version is joined on two columns, and the
    /// ordering compares the document with its cluster's canonical.
    static func fetchAll(_ db: Database, cluster: Int64?) throws -> [ClusterMemberSummary] {
        let clusters =
            cluster == nil
            ? "(SELECT cluster_id FROM document WHERE cluster_id IS NOT NULL AND deleted = 0 GROUP BY cluster_id HAVING COUNT(*) >= 2)"
            : "(?)"
        let adapters = splittingRowAdapters(columnCounts: [try DocumentRecord.numberOfSelectedColumns(db)])
        return try fetchAll(
            db,
            sql: """
                SELECT d.*, s.name, c.canonical_doc_id, v.title
                FROM document d JOIN source s ON s.id = d.source_id JOIN cluster c ON c.id = d.cluster_id
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                WHERE d.deleted = 0 AND d.cluster_id IN \(clusters)
                ORDER BY d.cluster_id, (d.id != c.canonical_doc_id), d.id
                """, arguments: cluster.map { [$0] } ?? [], adapter: ScopeAdapter(["document": adapters[0], "rest": adapters[1]]))
    }
}

/// A document with its source and, when it is in one, its cluster (`show`).
private struct DocumentSummary: FetchableRecord {
    var document: DocumentRecord
    var source: SourceRecord
    var cluster: ClusterRecord?

    init(row: Row) {
        document = DocumentRecord(row: row)
        source = row["source"]
        cluster = row["cluster"]
    }
}

/// A version with the blob of its text.
private struct StoredVersion: FetchableRecord {
    var version: VersionRecord
    var blob: BlobRecord

    init(row: Row) {
        version = VersionRecord(row: row)
        blob = row["blob"]
    }
}

/// A version with the uncompressed size of its text (the blob itself is not read).
private struct VersionSize: FetchableRecord {
    var version: VersionRecord
    var size: Int

    init(row: Row) {
        version = VersionRecord(row: row)
        size = row[BlobRecord.Columns.size]
    }
}
