internal import GRDB
import SyncModel

/// A row of `change`: one entry of the change log. `seq` is strictly increasing and never
/// reused (AUTOINCREMENT), so consumers resume after the last one they saw.
struct ChangeRecord: Equatable {
    /// `nil` until inserted.
    var seq: Int64?
    var at: Double
    /// `ChangeOp`'s raw value.
    var op: String
    var docID: Int64
    /// The source's name (not its id: the log outlives renames and is read without joins).
    var source: String
    var key: String
    var version: Int
    var clusterID: Int64?
    var canonical: Bool
}

extension ChangeRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "change"

    enum Columns: String, ColumnExpression, CaseIterable {
        case seq, at, op
        case docID = "doc_id"
        case source, key, version
        case clusterID = "cluster_id"
        case canonical
    }

    init(row: Row) {
        seq = row[Columns.seq]
        at = row[Columns.at]
        op = row[Columns.op]
        docID = row[Columns.docID]
        source = row[Columns.source]
        key = row[Columns.key]
        version = row[Columns.version]
        clusterID = row[Columns.clusterID]
        canonical = row[Columns.canonical]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.seq] = seq
        container[Columns.at] = at
        container[Columns.op] = op
        container[Columns.docID] = docID
        container[Columns.source] = source
        container[Columns.key] = key
        container[Columns.version] = version
        container[Columns.clusterID] = clusterID
        container[Columns.canonical] = canonical
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        seq = inserted.rowID
    }
}

extension ChangeRecord {
    /// The entry as the change feed serves it (an op this build does not know reads as `update`).
    var change: Change {
        Change(
            seq: seq ?? 0, op: ChangeOp(rawValue: op) ?? .update, doc: docID, source: source, key: key, version: version, cluster: clusterID,
            canonical: canonical, at: at)
    }

    /// The newest `seq`, 0 for an empty log.
    static func head(_ db: Database) throws -> Int64 {
        try select(max(Columns.seq), as: Int64.self).fetchOne(db) ?? 0
    }
}
