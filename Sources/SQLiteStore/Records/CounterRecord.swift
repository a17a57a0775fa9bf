internal import GRDB

/// A row of `counter`: a store-wide count kept by triggers in the transactions that change it
/// (`clusters`: clusters of two live members or more; `duplicates`: their members but the
/// canonical), so that status never counts every document.
struct CounterRecord: Equatable {
    var name: String
    var value: Int
}

extension CounterRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "counter"

    enum Columns: String, ColumnExpression, CaseIterable {
        case name, value
    }

    init(row: Row) {
        name = row[Columns.name]
        value = row[Columns.value]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.name] = name
        container[Columns.value] = value
    }
}

extension CounterRecord {
    /// Every counter by name.
    static func all(_ db: Database) throws -> [String: Int] {
        Dictionary(try fetchAll(db).map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
