internal import GRDB

/// A row of `host_state`: a Retry-After a host told (429, 503), which holds back every source
/// on that host until it passes.
struct HostStateRecord: Equatable {
    var host: String
    var retryAfterUntil: Double
    var reason: String
}

extension HostStateRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "host_state"

    enum Columns: String, ColumnExpression, CaseIterable {
        case host
        case retryAfterUntil = "retry_after_until"
        case reason
    }

    init(row: Row) {
        host = row[Columns.host]
        retryAfterUntil = row[Columns.retryAfterUntil]
        reason = row[Columns.reason]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.host] = host
        container[Columns.retryAfterUntil] = retryAfterUntil
        container[Columns.reason] = reason
    }
}
