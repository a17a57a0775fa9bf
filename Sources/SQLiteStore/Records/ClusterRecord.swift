internal import GRDB

/// A row of `cluster`: a group of near-duplicate documents and its canonical (earliest-arrived)
/// member. A dissolved cluster keeps its row and id; no document points to it any more.
struct ClusterRecord: Equatable {
    /// `nil` until inserted (AUTOINCREMENT).
    var id: Int64?
    var canonicalDocID: Int64
    var createdAt: Double
    var updatedAt: Double
    var dissolved: Bool = false
    /// Live documents in the cluster, kept by triggers (migration v7).
    var liveMembers: Int = 0
}

extension ClusterRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "cluster"

    enum Columns: String, ColumnExpression, CaseIterable {
        case id
        case canonicalDocID = "canonical_doc_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case dissolved
        case liveMembers = "live_members"
    }

    init(row: Row) {
        id = row[Columns.id]
        canonicalDocID = row[Columns.canonicalDocID]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
        dissolved = row[Columns.dissolved]
        liveMembers = row[Columns.liveMembers]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.id] = id
        container[Columns.canonicalDocID] = canonicalDocID
        container[Columns.createdAt] = createdAt
        container[Columns.updatedAt] = updatedAt
        container[Columns.dissolved] = dissolved
        container[Columns.liveMembers] = liveMembers
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
