internal import GRDB
import Storage

/// A row of `consumer`: a named change-feed consumer and the last `seq` it committed.
struct ConsumerRecord: Equatable {
    var name: String
    var seq: Int64
    var updatedAt: Double
}

extension ConsumerRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "consumer"

    enum Columns: String, ColumnExpression, CaseIterable {
        case name, seq
        case updatedAt = "updated_at"
    }

    init(row: Row) {
        name = row[Columns.name]
        seq = row[Columns.seq]
        updatedAt = row[Columns.updatedAt]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.name] = name
        container[Columns.seq] = seq
        container[Columns.updatedAt] = updatedAt
    }
}

extension ConsumerRecord {
    /// The consumer with its lag behind the change log's `head`.
    func status(head: Int64) -> ConsumerStatus {
        ConsumerStatus(name: name, seq: seq, lag: head - seq, updatedAt: updatedAt)
    }
}
