internal import GRDB

/// A row of `meta`: one named setting of the store itself (the fingerprint parameters the stored
/// signatures were made with, the running daemon's `daemon.*` keys).
struct MetaRecord: Equatable {
    var key: String
    var value: String
}

extension MetaRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"

    enum Columns: String, ColumnExpression, CaseIterable {
        case key, value
    }

    init(row: Row) {
        key = row[Columns.key]
        value = row[Columns.value]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.key] = key
        container[Columns.value] = value
    }
}

extension MetaRecord {
    /// The fingerprint parameters the stored signatures were made with.
    static let fingerprintKey = "fingerprint"

    /// The running daemon's keys (`daemon.pid`, `daemon.started_at`, ...).
    static var daemonKeys: QueryInterfaceRequest<MetaRecord> {
        filter(Columns.key.like("daemon.%"))
    }
}
