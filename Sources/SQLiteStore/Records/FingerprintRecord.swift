internal import GRDB
import Foundation

/// A row of `fingerprint`: the near-duplicate signature of a live document's current text,
/// and of its lead; both are loaded into the in-memory LSH indexes when the store opens.
struct FingerprintRecord: Equatable {
    var docID: Int64
    /// SHA-256 of the normalized text: equal hashes are exact duplicates.
    var contentHash: Data
    /// The MinHash signature, little-endian `UInt32`s (`SQLiteStore.encodeSignature`).
    var signature: Data
    /// The MinHash signature of the text's lead (`SummaryMatch`), `nil` for a text too short.
    var leadSignature: Data?
}

extension FingerprintRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "fingerprint"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case contentHash = "content_hash"
        case signature
        case leadSignature = "lead_signature"
    }

    init(row: Row) {
        docID = row[Columns.docID]
        contentHash = row[Columns.contentHash]
        signature = row[Columns.signature]
        leadSignature = row[Columns.leadSignature]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.contentHash] = contentHash
        container[Columns.signature] = signature
        container[Columns.leadSignature] = leadSignature
    }
}
