internal import GRDB
import Foundation

/// A row of `fingerprint`: the near-duplicate signature of a live document's current text,
/// loaded into the in-memory LSH index when the store opens.
struct FingerprintRecord: Equatable {
    var docID: Int64
    /// SHA-256 of the normalized text: equal hashes are exact duplicates.
    var contentHash: Data
    /// The MinHash signature, little-endian `UInt32`s (`SQLiteStore.encodeSignature`).
    var signature: Data
}

extension FingerprintRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "fingerprint"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case contentHash = "content_hash"
        case signature
    }

    init(row: Row) {
        docID = row[Columns.docID]
        contentHash = row[Columns.contentHash]
        signature = row[Columns.signature]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.contentHash] = contentHash
        container[Columns.signature] = signature
    }
}
