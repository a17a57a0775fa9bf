import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SyncModel

/// One connection to the server, used synchronously: every call sends its statement on the
/// connection's event loop and blocks the calling thread (a store thread, never an event-loop
/// thread) until the answer is in. The store's protocol is synchronous; this is its bridge.
final class PGSession: @unchecked Sendable {
    let connection: PostgresConnection
    private let logger: Logger
    /// Statements sent with `send` whose answers nobody has waited for yet.
    private var pending: [EventLoopFuture<PostgresQueryResult>] = []
    /// Rows the running transaction writes at its end (`flushDeferred`).
    var deferred = PGDeferredWrites()

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// The event loops every connection of this process runs on.
    static var eventLoops: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    /// Connects to `url`, the password from the URL or from `password`.
    /// - Throws: `SyncError(.store)` naming the URL (never the password).
    static func connect(_ url: PostgresURL, password: String?, id: Int) throws(SyncError) -> PGSession {
        var logger = Logger(label: "syncd.postgres")
        logger.logLevel = .critical
        let secret = url.password ?? password
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: url.user, password: secret, database: url.database)
        } else {
            configuration = .init(host: url.host, port: url.port, username: url.user, password: secret, database: url.database, tls: .disable)
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try PostgresConnection.connect(
                on: eventLoops.next(), configuration: configuration, id: id, logger: logger
            ).wait()
            return PGSession(connection: connection, logger: logger)
        } catch {
            throw PGSession.error(error, "cannot connect to PostgreSQL", location: url.description)
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ arguments: [(any PGBindable)?] = []) throws -> [PGRow] {
        let answer = start(sql, arguments)
        do {
            return try answer.wait().rows.map(PGRow.init)
        } catch {
            // A statement sent earlier that failed is the cause; this one only found the
            // transaction aborted.
            try settle()
            throw error
        }
    }

    /// Sends a statement whose rows nobody needs without waiting for its answer: the server
    /// runs statements in the order sent, so later statements see its effect, and its error,
    /// if any, surfaces at the next `query` or `settle` (a transaction checks before it commits).
    /// Saves a round trip per write on the ingest path.
    func send(_ sql: String, _ arguments: [(any PGBindable)?] = []) {
        pending.append(start(sql, arguments))
    }

    /// Waits for every statement `send` sent.
    /// - Throws: the first of their errors.
    func settle() throws {
        let answers = pending
        pending = []
        var first: (any Error)?
        for answer in answers {
            do { _ = try answer.wait() } catch { first = first ?? error }
        }
        if let first { throw first }
    }

    private func start(_ sql: String, _ arguments: [(any PGBindable)?]) -> EventLoopFuture<PostgresQueryResult> {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let argument { argument.bind(into: &bindings) } else { bindings.appendNull() }
        }
        return connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// The first row of a statement's result, if any.
    func first<T>(_ sql: String, _ arguments: [(any PGBindable)?] = [], _ read: (PGRow) throws -> T) throws -> T? {
        try query(sql, arguments).first.map(read)
    }

    /// Every row of a statement's result, each read by `read`.
    func all<T>(_ sql: String, _ arguments: [(any PGBindable)?] = [], _ read: (PGRow) throws -> T) throws -> [T] {
        try query(sql, arguments).map(read)
    }

    /// Runs a script of statements without parameters (schema steps), one statement at a time
    /// (the extended protocol takes one per message). Statements end with `;` at the end of a
    /// line; lines starting with `--` are comments. A `$$`-quoted body (a function's) runs to its
    /// closing `$$` whatever its lines end with.
    func script(_ sql: String) throws {
        var statement = ""
        var quoted = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") && !quoted { continue }
            statement += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { quoted.toggle() }
            if trimmed.hasSuffix(";") && !quoted {
                try query(statement)
                statement = ""
            }
        }
        if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try query(statement) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        send("BEGIN")
        deferred.removeAll()
        do {
            let result = try body()
            flushDeferred()
            try settle()
            try query("COMMIT")
            return result
        } catch {
            deferred.removeAll()
            _ = try? settle()
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    func close() {
        _ = try? connection.close().wait()
    }

    var isClosed: Bool { connection.isClosed }

    /// The server's SQLSTATE of a failed statement.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether a transaction failed only because of another one (deadlock, serialization) and
    /// may simply run again.
    static func isRetryable(_ error: any Error) -> Bool {
        ["40001", "40P01"].contains(sqlState(error) ?? "")
    }

    /// Maps PostgresNIO's errors (whose description hides the server's message) to `SyncError`.
    static func error(_ error: any Error, _ message: String, location: String) -> SyncError {
        if let error = error as? SyncError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let detail = [info[.message], info[.detail]].compactMap { $0 }.joined(separator: "; ")
                return SyncError(.store, "\(message): \(detail) (SQLSTATE \(info[.sqlState] ?? "?"))", location: location)
            }
            let underlying = error.underlying.map { " (\($0))" } ?? ""
            return SyncError(.store, "\(message): \(error.code)\(underlying)", location: location)
        }
        return SyncError(.store, "\(message): \(error)", location: location)
    }
}
