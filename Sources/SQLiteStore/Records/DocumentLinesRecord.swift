internal import GRDB
import Foundation

/// A row of `document_lines`: the lines a live page-dump document counts in `source_line`.
struct DocumentLinesRecord: Equatable {
    var docID: Int64
    var sourceID: Int64
    /// The lines' hashes, sorted, as little-endian `UInt64`s (`LineHashes`).
    var hashes: Data
}

extension DocumentLinesRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "document_lines"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case sourceID = "source_id"
        case hashes
    }

    init(row: Row) {
        docID = row[Columns.docID]
        sourceID = row[Columns.sourceID]
        hashes = row[Columns.hashes]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.sourceID] = sourceID
        container[Columns.hashes] = hashes
    }
}
