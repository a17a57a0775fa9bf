internal import GRDB
import Storage

/// A row of `feed_article`: where the article behind a feed document's link stands.
struct FeedArticleRecord: Equatable {
    var docID: Int64
    var sourceID: Int64
    var url: String
    /// An `ArticleStatus` raw value.
    var status: String
    var reason: String?
    var attempts: Int
    var nextAttemptAt: Double?
    var fetchedAt: Double?
    var updatedAt: Double
}

extension FeedArticleRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "feed_article"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case sourceID = "source_id"
        case url, status, reason, attempts
        case nextAttemptAt = "next_attempt_at"
        case fetchedAt = "fetched_at"
        case updatedAt = "updated_at"
    }

    init(row: Row) {
        docID = row[Columns.docID]
        sourceID = row[Columns.sourceID]
        url = row[Columns.url]
        status = row[Columns.status]
        reason = row[Columns.reason]
        attempts = row[Columns.attempts]
        nextAttemptAt = row[Columns.nextAttemptAt]
        fetchedAt = row[Columns.fetchedAt]
        updatedAt = row[Columns.updatedAt]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.sourceID] = sourceID
        container[Columns.url] = url
        container[Columns.status] = status
        container[Columns.reason] = reason
        container[Columns.attempts] = attempts
        container[Columns.nextAttemptAt] = nextAttemptAt
        container[Columns.fetchedAt] = fetchedAt
        container[Columns.updatedAt] = updatedAt
    }
}

extension FeedArticleRecord {
    /// The state the record holds; a status this build does not know reads as `failed`.
    var state: ArticleState {
        ArticleState(
            url: url, status: ArticleStatus(rawValue: status) ?? .failed, reason: reason, attempts: attempts,
            nextAttemptAt: nextAttemptAt, fetchedAt: fetchedAt)
    }
}
