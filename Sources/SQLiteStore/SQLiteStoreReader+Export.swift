internal import GRDB
public import Storage
public import SyncModel

extension SQLiteStoreReader {
    /// Rows of `table` (these `columns`) in chunks of whole `key` values: the rows whose `key`
    /// is among the next `limit` distinct values above `after`, by `key` (`syncctl migrate`
    /// copies a store chunk by chunk, and resumes after the last chunk it committed).
    /// - Returns: each row's `key` value and its columns.
    /// - Throws: `SyncError(.store)`.
    public func exportRows(
        table: String, columns: [String], key: String, after: Int64, limit: Int
    ) throws(SyncError) -> [(key: Int64, values: [StoreValue])] {
        try store.read { db in
            let sql = """
                SELECT \(key), \(columns.joined(separator: ", ")) FROM \(table)
                WHERE \(key) IN (SELECT DISTINCT \(key) FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT ?) ORDER BY \(key)
                """
            return try Row.fetchAll(db, sql: sql, arguments: [after, limit]).map { row in
                let values = (1...columns.count).map { index -> StoreValue in
                    switch row[index] as DatabaseValue? {
                    case .none: return .null
                    case .some(let value):
                        switch value.storage {
                        case .null: return .null
                        case .int64(let number): return .integer(number)
                        case .double(let number): return .real(number)
                        case .string(let text): return .text(text)
                        case .blob(let data): return .bytes([UInt8](data))
                        }
                    }
                }
                return (row[0] as Int64, values)
            }
        }
    }

    /// The number of rows in `table`.
    public func count(table: String) throws(SyncError) -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
