internal import GRDB
import Foundation

/// A row of `version`: one stored text of a document. Versions are never changed or removed.
struct VersionRecord: Equatable {
    var docID: Int64
    var version: Int
    var title: String
    /// The `blob` holding title, blank line and body.
    var blobHash: Data
    /// SHA-256 of the normalized text.
    var contentHash: Data
    var tokens: Int
    var createdAt: Double
    /// The `blob` holding the input the text was extracted from: the entry as its feed gave it, or
    /// a page dump's file bytes; `nil` for clean text and HTML files.
    var originalHash: Data? = nil
    /// `ArticleMetadata` as JSON; `nil` when the source said nothing, and before metadata was kept.
    var metadata: String? = nil
    /// Feed documents with `full_text`: the entry's own text, beside the article that is the text.
    var summary: String? = nil
    /// The `blob` holding the article page as fetched (feed documents with `full_text`).
    var pageHash: Data? = nil
}

extension VersionRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "version"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case version, title
        case blobHash = "blob_hash"
        case contentHash = "content_hash"
        case tokens
        case createdAt = "created_at"
        case originalHash = "original_hash"
        case metadata
        case summary
        case pageHash = "page_hash"
    }

    init(row: Row) {
        docID = row[Columns.docID]
        version = row[Columns.version]
        title = row[Columns.title]
        blobHash = row[Columns.blobHash]
        contentHash = row[Columns.contentHash]
        tokens = row[Columns.tokens]
        createdAt = row[Columns.createdAt]
        originalHash = row[Columns.originalHash]
        metadata = row[Columns.metadata]
        summary = row[Columns.summary]
        pageHash = row[Columns.pageHash]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.version] = version
        container[Columns.title] = title
        container[Columns.blobHash] = blobHash
        container[Columns.contentHash] = contentHash
        container[Columns.tokens] = tokens
        container[Columns.createdAt] = createdAt
        container[Columns.originalHash] = originalHash
        container[Columns.metadata] = metadata
        container[Columns.summary] = summary
        container[Columns.pageHash] = pageHash
    }
}

extension VersionRecord {
    // Keys are given to skip GRDB's inflection of table names (see `DocumentRecord.source`).
    /// The blob holding the version's text (`version` has a second key into `blob`, for the
    /// original entry, so the foreign key is named).
    static let blob = belongsTo(BlobRecord.self, key: "blob", using: ForeignKey([Columns.blobHash]))
}
