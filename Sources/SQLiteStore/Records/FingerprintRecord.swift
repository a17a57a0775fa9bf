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
    /// The first shingle hash of the text's opening (`ShingleProfile.opening`, as a bit pattern), `nil`
    /// for a text without shingles or a row written before migration v11: a summary and its story
    /// open with the same shingle, so a candidate that opens otherwise cannot contain or be contained.
    var opening: Int64? = nil
}

extension FingerprintRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "fingerprint"

    enum Columns: String, ColumnExpression, CaseIterable {
        case docID = "doc_id"
        case contentHash = "content_hash"
        case signature
        case leadSignature = "lead_signature"
        case opening
    }

    init(row: Row) {
        docID = row[Columns.docID]
        contentHash = row[Columns.contentHash]
        signature = row[Columns.signature]
        leadSignature = row[Columns.leadSignature]
        opening = row[Columns.opening]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.docID] = docID
        container[Columns.contentHash] = contentHash
        container[Columns.signature] = signature
        container[Columns.leadSignature] = leadSignature
        container[Columns.opening] = opening
    }
}
