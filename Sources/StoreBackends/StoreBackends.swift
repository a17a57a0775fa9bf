public import Storage
public import SyncConfig
public import SyncModel
import SQLiteStore

/// Opens the store a configuration names. The only place that knows the backends: a new one
/// (a shared database for several nodes) is added here, not in the daemon, the API or syncctl.
public enum StoreBackends {
    /// Opens (creating and migrating when needed) the configured store for writing.
    /// - Throws: `SyncError(.store)` naming the store.
    public static func open(_ config: SyncdConfig) throws(SyncError) -> any DocumentStore {
        try SQLiteStore(path: config.store.path, parameters: config.dedup)
    }

    /// Opens the configured store for reading only (syncctl, beside a running daemon).
    /// - Throws: `SyncError(.notFound)` when there is no store yet; `.store` when it cannot be read.
    public static func openReader(_ config: SyncdConfig) throws(SyncError) -> any StoreReader {
        try SQLiteStoreReader(path: config.store.path, parameters: config.dedup)
    }
}
