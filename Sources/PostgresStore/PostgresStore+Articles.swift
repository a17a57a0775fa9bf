import Foundation
public import Storage
public import SyncModel

/// Full-text fetch for feeds: the article state of feed documents (`feed_article`), written with
/// their versions and read for retries, `show` and `status`, as in the SQLite store
/// (SQLiteStore+Articles.swift).
extension PostgresStore {
    /// Pending articles of `source` whose next attempt is due at `now`, with the latest version's
    /// title, metadata, summary and original entry, and the entry's recorded identity.
    public func articleRetries(source: String, now: Double) throws(SyncError) -> [ArticleRetry] {
        try withSession { session in
            try session.all(
                """
                SELECT a.url, a.status, a.reason, a.attempts, a.next_attempt_at, a.fetched_at, d.key, v.title, v.metadata, v.summary,
                    b.data, b.size, o.data, o.size, e.guid, e.link, e.digest
                FROM feed_article a JOIN source s ON s.id = a.source_id JOIN document d ON d.id = a.doc_id
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                JOIN blob b ON b.hash = v.blob_hash
                LEFT JOIN blob o ON o.hash = v.original_hash
                LEFT JOIN feed_entry e ON e.source_id = a.source_id AND e.key = d.key
                WHERE s.name = $1 AND a.status = $2 AND NOT d.deleted AND COALESCE(a.next_attempt_at, 0) <= $3
                ORDER BY a.next_attempt_at, a.doc_id
                """, [source, ArticleStatus.pending.rawValue, now]
            ) { row in
                let key = try row.text(6)
                let title = try row.text(7)
                var summary = try row.optionalText(9)
                if summary == nil {
                    let body = String(decoding: try BlobCodec.decompress(try row.bytes(10), size: try row.int(11)), as: UTF8.self)
                    summary = body.hasPrefix(title + "\n\n") && !title.isEmpty ? String(body.dropFirst(title.count + 2)) : body
                }
                var original: [UInt8]?
                if let data = try row.optionalBytes(12) { original = try BlobCodec.decompress(data, size: try row.int(13)) }
                let entry = try row.optionalText(16).map { digest in
                    FeedEntryIdentity(key: key, guid: try row.optionalText(14), link: try row.optionalText(15), digest: digest)
                }
                return ArticleRetry(
                    key: key, state: try PostgresStore.articleState(row, from: 0), entry: entry, title: title, summary: summary ?? "",
                    metadata: ArticleMetadata(storedJSON: try row.optionalText(8)), original: original)
            }
        }
    }

    /// An article state from six columns: url, status, reason, attempts, next_attempt_at, fetched_at.
    static func articleState(_ row: PGRow, from start: Int) throws -> ArticleState {
        ArticleState(
            url: try row.text(start), status: ArticleStatus(rawValue: try row.text(start + 1)) ?? .failed, reason: try row.optionalText(start + 2),
            attempts: try row.int(start + 3), nextAttemptAt: try row.optionalDouble(start + 4), fetchedAt: try row.optionalDouble(start + 5))
    }

    /// A document's article state, `nil` for documents without one.
    func articleState(_ session: PGSession, doc: Int64) throws -> ArticleState? {
        try session.first(
            "SELECT url, status, reason, attempts, next_attempt_at, fetched_at FROM feed_article WHERE doc_id = $1", [doc],
            { try PostgresStore.articleState($0, from: 0) })
    }

    /// Documents by article status for every source that has any, from the counts kept on the
    /// source rows (v5-article-counts).
    func articleCounts(_ session: PGSession) throws -> [Int64: ArticleCounts] {
        var counts: [Int64: ArticleCounts] = [:]
        for row in try session.all(
            """
            SELECT id, articles_fetched, articles_pending, articles_failed, articles_blocked FROM source
            WHERE articles_fetched + articles_pending + articles_failed + articles_blocked > 0
            """, [],
            {
                (
                    source: try $0.int64(0),
                    counts: ArticleCounts(fetched: try $0.int(1), pending: try $0.int(2), failed: try $0.int(3), blocked: try $0.int(4))
                )
            })
        {
            counts[row.source] = row.counts
        }
        return counts
    }

    /// Records where a feed document's article stands (`full_text`); a feed document merged
    /// without one has its entry's own text as its text, and any state it had is dropped.
    func recordArticle(_ session: PGSession, _ incoming: IncomingDocument, doc: Int64, sourceID: Int64, now: Double) {
        guard incoming.entry != nil || incoming.articleState != nil else { return }
        guard let article = incoming.articleState else {
            session.send("DELETE FROM feed_article WHERE doc_id = $1", [doc])
            return
        }
        session.send(
            """
            INSERT INTO feed_article(doc_id, source_id, url, status, reason, attempts, next_attempt_at, fetched_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (doc_id) DO UPDATE SET source_id = excluded.source_id, url = excluded.url, status = excluded.status,
                reason = excluded.reason, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
                fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
            """,
            [
                doc, sourceID, article.url, article.status.rawValue, article.reason, article.attempts, article.nextAttemptAt,
                article.fetchedAt, now,
            ])
    }
}
