public import Storage
public import SyncConfig
public import SyncModel
import PostgresStore
import SQLiteStore

/// Opens the store a configuration names. The only place that knows the backends: a SQLite file
/// (`[store] path`) or a PostgreSQL database several nodes share (`[store] url`).
public enum StoreBackends {
    /// Opens (creating and migrating when needed) the configured store for writing.
    /// - Throws: `SyncError(.store)` naming the store.
    public static func open(_ config: SyncdConfig) throws(SyncError) -> any DocumentStore {
        if let url = config.store.postgres {
            return try PostgresStore(url: url, password: try config.store.password(), parameters: config.dedup, node: config.daemon.node)
        }
        return try SQLiteStore(path: config.store.path, parameters: config.dedup)
    }

    /// Opens the configured store for reading only (syncctl, beside a running daemon).
    /// - Throws: `SyncError(.notFound)` when there is no store yet; `.store` when it cannot be read.
    public static func openReader(_ config: SyncdConfig) throws(SyncError) -> any StoreReader {
        if let url = config.store.postgres {
            return try PostgresStore(
                url: url, password: try config.store.password(), parameters: config.dedup, node: config.daemon.node, readOnly: true)
        }
        return try SQLiteStoreReader(path: config.store.path, parameters: config.dedup)
    }
}
