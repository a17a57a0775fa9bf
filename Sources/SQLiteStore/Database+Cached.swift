import Foundation
internal import GRDB
internal import GRDBSQLite

/// Hot-path helpers: prepared statements are reused (compiling SQL, and GRDB's authorizer over
/// it, costs more than running it) and values are bound with the SQLite C API directly, skipping
/// GRDB's per-argument conversions. Used only on the ingest path; the rest of the store reads
/// and writes the records of `Records/` through GRDB.
protocol SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
private let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

extension Int64: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Bool: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension Double: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_double(statement, index, self) }
}

extension String: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        var copy = self
        return copy.withUTF8 {
            sqlite3_bind_text(statement, index, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32($0.count), transient)
        }
    }
}

extension Array: SQLBindable where Element == UInt8 {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
    }
}

extension Data: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: sqlite3_bind_null(statement, index)
        }
    }
}

/// The current row of a stepped statement.
struct SQLRow {
    let statement: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func optionalInt64(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    func text(_ column: Int32) -> String {
        guard let base = sqlite3_column_text(statement, column) else { return "" }
        return String(cString: base)
    }
    func optionalText(_ column: Int32) -> String? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : text(column)
    }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    func optionalDouble(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }
    func optionalInt(_ column: Int32) -> Int? { optionalInt64(column).map { Int($0) } }
    func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let base = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}

extension Database {
    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        try step(sql, arguments) { _ in false }
    }

    /// The first row, read by `read`, or nil.
    func first<T>(_ sql: String, _ arguments: [any SQLBindable], _ read: (SQLRow) -> T) throws -> T? {
        var result: T?
        try step(sql, arguments) { row in
            result = read(row)
            return false
        }
        return result
    }

    /// The first column of the first row as an integer; nil without a row or for NULL.
    func int64(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64? {
        try first(sql, arguments) { $0.optionalInt64(0) } ?? nil
    }

    /// Every row, read by `read`.
    func all<T>(_ sql: String, _ arguments: [any SQLBindable], _ read: (SQLRow) -> T) throws -> [T] {
        var result: [T] = []
        try step(sql, arguments) { row in
            result.append(read(row))
            return true
        }
        return result
    }

    /// Binds, then steps while `onRow` asks for more; always leaves the statement reset.
    private func step(_ sql: String, _ arguments: [any SQLBindable], _ onRow: (SQLRow) -> Bool) throws {
        try stepStatement(try cachedStatement(sql: sql).sqliteStatement, of: sqliteConnection, sql: sql, arguments, onRow)
    }
}

/// Binds `arguments` to `statement` (prepared on `connection` from `sql`), then steps while
/// `onRow` asks for more; always leaves the statement reset and its bindings cleared.
/// - Throws: `DatabaseError` with SQLite's message when binding or stepping fails.
func stepStatement(
    _ statement: OpaquePointer, of connection: OpaquePointer?, sql: String, _ arguments: [any SQLBindable], _ onRow: (SQLRow) -> Bool
) throws {
    defer {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }
    for (offset, argument) in arguments.enumerated() {
        let code = argument.bind(to: statement, at: Int32(offset + 1))
        guard code == SQLITE_OK else { throw sqliteFailure(code, sql, connection) }
    }
    while true {
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return }
        guard code == SQLITE_ROW else { throw sqliteFailure(code, sql, connection) }
        if !onRow(SQLRow(statement: statement)) { return }
    }
}

/// SQLite's message for a failed call on `connection`, as GRDB's error.
func sqliteFailure(_ code: Int32, _ sql: String?, _ connection: OpaquePointer?) -> DatabaseError {
    let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
}
