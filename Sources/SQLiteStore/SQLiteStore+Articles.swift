import Foundation
internal import GRDB
public import Storage
public import SyncModel

/// Full-text fetch for feeds: the article state of feed documents (`feed_article`, migration
/// v8-feed-articles), read for retries, `show` and `status`.
extension SQLiteStore {
    /// Pending articles of `source` whose next attempt is due at `now`, with the latest version's
    /// title, metadata, summary and original entry, and the entry's recorded identity.
    public func articleRetries(source: String, now: Double) throws(SyncError) -> [ArticleRetry] {
        try read { db in
            guard let sourceID = try SourceRecord.id(db, named: source) else { return [] }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, d.key AS doc_key, v.title AS version_title, v.metadata AS version_metadata,
                        v.summary AS version_summary, v.blob_hash AS version_blob, v.original_hash AS version_original
                    FROM feed_article a JOIN document d ON d.id = a.doc_id
                    JOIN version v ON v.doc_id = d.id AND v.version = d.version
                    WHERE a.source_id = ? AND a.status = ? AND d.deleted = 0 AND COALESCE(a.next_attempt_at, 0) <= ?
                    ORDER BY a.next_attempt_at, a.doc_id
                    """, arguments: [sourceID, ArticleStatus.pending.rawValue, now])
            return try rows.map { row in
                let record = FeedArticleRecord(row: row)
                let key: String = row["doc_key"]
                let title: String = row["version_title"]
                var summary: String? = row["version_summary"]
                if summary == nil, let blob = try BlobRecord.fetchOne(db, key: row["version_blob"] as Data) {
                    let body = try blob.text()
                    summary = body.hasPrefix(title + "\n\n") && !title.isEmpty ? String(body.dropFirst(title.count + 2)) : body
                }
                var original: [UInt8]?
                if let hash: Data = row["version_original"], let blob = try BlobRecord.fetchOne(db, key: hash) {
                    original = try BlobCodec.decompress([UInt8](blob.data), size: blob.size)
                }
                let entry = try FeedEntryRecord.fetchOne(db, key: [FeedEntryRecord.Columns.sourceID.name: sourceID, "key": key])
                return ArticleRetry(
                    key: key, state: record.state, entry: entry?.identity, title: title, summary: summary ?? "",
                    metadata: ArticleMetadata(storedJSON: row["version_metadata"]), original: original)
            }
        }
    }

    /// The article page a version's text was extracted from, as fetched (`nil` when the version
    /// was not made from one): what extracting it again needs, without the network.
    public func articlePage(_ doc: Int64, version: Int? = nil) throws(SyncError) -> [UInt8]? {
        try read { db in
            guard
                let hash = try Data.fetchOne(
                    db,
                    sql: """
                        SELECT v.page_hash FROM version v JOIN document d ON d.id = v.doc_id
                        WHERE v.doc_id = ? AND v.version = COALESCE(?, d.version)
                        """, arguments: [doc, version]),
                let blob = try BlobRecord.fetchOne(db, key: hash)
            else { return nil }
            return try BlobCodec.decompress([UInt8](blob.data), size: blob.size)
        }
    }

    /// A document's article state, `nil` for documents without one.
    func articleState(_ db: Database, doc: Int64) throws -> ArticleState? {
        try FeedArticleRecord.fetchOne(db, key: doc)?.state
    }

    /// Documents by article status for every source that has any, from the counts kept on the
    /// source rows (v13-article-counts).
    func articleCounts(_ db: Database) throws -> [Int64: ArticleCounts] {
        var counts: [Int64: ArticleCounts] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT id, articles_fetched, articles_pending, articles_failed, articles_blocked FROM source
                WHERE articles_fetched + articles_pending + articles_failed + articles_blocked > 0
                """)
        {
            counts[row[0]] = ArticleCounts(fetched: row[1], pending: row[2], failed: row[3], blocked: row[4])
        }
        return counts
    }
}
