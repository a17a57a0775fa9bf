import Dispatch
internal import GRDB
internal import GRDBSQLite
import Synchronization

/// Copies committed log pages into the store file on a connection and thread of its own, after
/// each commit, so that the writer never does it inline and a clean close (`seal`) has only the
/// last commit's pages left to copy: at the end of a folder scan that was the largest step after
/// the last merge (tens of MiB of log copied while nothing else ran).
///
/// Checkpoints are `PASSIVE`: they copy what no reader still needs and never wait for, or block,
/// the writer or readers. Requests made while one runs are coalesced into one more run. SQLite's
/// own automatic checkpoint stays on as the backstop.
final class BackgroundCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "syncd.checkpoint", qos: .utility)
    /// Whether a run is queued and not started yet.
    private let queued = Mutex(false)

    /// Opens its own read-write connection to the store at `path` (a checkpoint needs write
    /// access to the file, which the pool's read-only readers lack).
    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "syncd.checkpoint"
        // Never waits on a lock: a busy checkpoint is skipped, the next commit asks again.
        configuration.busyMode = .immediateError
        configuration.prepareDatabase { db in
            // As the store's own connections: closing this one last must not remove -wal and -shm.
            var persist: Int32 = 1
            sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Asks for a checkpoint after a commit; returns at once.
    func request() {
        let schedule = queued.withLock { queued -> Bool in
            defer { queued = true }
            return !queued
        }
        guard schedule else { return }
        // The store drains the queue as it goes (its deinit), so this never outlives it.
        queue.async { [self] in
            queued.withLock { $0 = false }
            // A failure is harmless: the pages stay in the log, SQLite's own checkpoint or the
            // next request copies them.
            _ = try? connection.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
    }

    /// Waits until the runs requested so far have finished.
    func drain() {
        queue.sync {}
    }
}
