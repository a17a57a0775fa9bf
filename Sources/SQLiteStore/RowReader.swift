import Foundation
internal import GRDB
internal import GRDBSQLite

/// A read-only connection of the store's own for the one row every feed poll reads (its state,
/// a 304's poll included): taking a reader from the pool (a semaphore, a hop onto the reader's
/// queue, and a check of the schema version, which is a statement of its own) cost twice the
/// SELECT. One statement at a time under a lock, each prepared once; each read is its own
/// snapshot of the last commit (autocommit, WAL). Opened at the first read, closed with the store
/// (before the pool: it never writes, so it cannot touch a file the store has let go of).
final class RowReader: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var connection: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private var closed = false

    init(path: String) {
        self.path = path
    }

    /// The first row of `sql` with `arguments`, read by `read`; `nil` without a row.
    /// - Throws: `DatabaseError` when the file cannot be opened or the statement fails.
    func first<T>(_ sql: String, _ arguments: [any SQLBindable], _ read: (SQLRow) -> T) throws -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the store is closed") }
        let db = try open()
        var result: T?
        try stepStatement(try prepared(sql, in: db), of: db, sql: sql, arguments) { row in
            result = read(row)
            return false
        }
        return result
    }

    /// Finalizes the statements and closes the connection; later reads fail.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        sqlite3_close_v2(connection)
        connection = nil
    }

    private func open() throws -> OpaquePointer {
        if let connection { return connection }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let error = sqliteFailure(code, nil, db)
            sqlite3_close_v2(db)
            throw error
        }
        // As the pool's connections: wait out a writer's checkpoint rather than fail.
        sqlite3_busy_timeout(db, 30_000)
        connection = db
        return db
    }

    private func prepared(_ sql: String, in db: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw sqliteFailure(code, sql, db) }
        statements[sql] = statement
        return statement
    }
}
