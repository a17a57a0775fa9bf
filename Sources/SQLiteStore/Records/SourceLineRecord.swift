internal import GRDB

/// A row of `source_line`: in how many live page-dump documents of a source one line occurs
/// (`SourceChromeModel`). Kept up to date by the merges and deletes that change it.
struct SourceLineRecord: Equatable {
    var sourceID: Int64
    /// `PageLine.hash` as the bits of a signed integer.
    var hash: Int64
    var words: Int
    var documents: Int
}

extension SourceLineRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "source_line"

    enum Columns: String, ColumnExpression, CaseIterable {
        case sourceID = "source_id"
        case hash, words, documents
    }

    init(row: Row) {
        sourceID = row[Columns.sourceID]
        hash = row[Columns.hash]
        words = row[Columns.words]
        documents = row[Columns.documents]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.sourceID] = sourceID
        container[Columns.hash] = hash
        container[Columns.words] = words
        container[Columns.documents] = documents
    }
}
