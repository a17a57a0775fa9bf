import Foundation
internal import GRDB
internal import GRDBSQLite
import Fingerprint
public import Storage
public import SyncModel
import Dedup
import Synchronization

/// The versioned document store: one SQLite file (WAL) holding sources, documents, versions,
/// compressed bodies, near-duplicate clusters and the change log.
///
/// Following GRDB's `AppDatabase` pattern, this type owns the database writer, runs the
/// migrations when it opens, and offers one method per business transaction. A writable store
/// also holds the LSH index of every live document: a memory-mapped snapshot beside the file plus
/// what changed since (`SQLiteStore+IndexSnapshot.swift`).
public final class SQLiteStore: DocumentStore {
    /// Absolute path of the SQLite file.
    public let path: String
    public let parameters: DedupParameters
    public let commits = CommitSignal()
    public var location: String { path }
    let writer: any DatabaseWriter
    let fingerprinter: Fingerprinter
    /// The index snapshot file (`PATH-lsh`, and `PATH-lsh-leads`), `nil` for a database without a file.
    let snapshotPath: String?
    /// Checkpoints the log after commits, off the writer (file stores only).
    let checkpointer: BackgroundCheckpointer?
    /// Reads each feed poll's state row off the pool (writable file stores only).
    let rowReader: RowReader?
    let state: Mutex<State>

    struct State {
        var index: LayeredLSHIndex
        /// Documents' leads (`SummaryMatch`): where a summary finds its full story.
        var leads: LayeredLSHIndex
        var sourceIDs: [String: Int64] = [:]
        var shingles = ShingleCache(capacity: 8192)
        /// False when a failed transaction could not be followed by a rebuild of the index.
        var indexIsCurrent = false
        var report = IndexReport()
        /// After a failed snapshot write, how many changed documents wait for the next attempt.
        var snapshotRetryAt = 0
        /// Index lookups since the snapshots' pages were last released from the resident set.
        var lookupsSinceRelease = 0
        /// Snapshots being written in the background, and the documents changed since their copy.
        var snapshotJob: IndexSnapshotJob?
        var changedDuringJob: Set<Int64> = []
        /// Changed documents that start a background snapshot (`snapshotThreshold`); tests lower it.
        var snapshotMinimum = 5_000
        /// The chrome-line count changes of the transaction being written.
        var pageLineDeltas = PageLineDeltas()

        /// Notes a document whose index entries changed, for a snapshot being written meanwhile.
        mutating func changed(_ doc: Int64) {
            if snapshotJob != nil { changedDuringJob.insert(doc) }
        }
    }

    /// A checkpoint still queued or running holds its own connection to the file; it ends before
    /// the store does, so that nothing writes to the file after the store is gone (another
    /// process, or a later open that refuses the file, must find it as the store left it).
    deinit {
        rowReader?.close()
        checkpointer?.drain()
        // The same for an index snapshot still being written (`saveIndex` without `seal`).
        _ = state.withLock { $0.snapshotJob?.wait() }
    }

    /// Opens (creating when missing, unless read-only) the store at `path`.
    /// - Parameters:
    ///   - path: the SQLite file; its folder is created when missing.
    ///   - parameters: dedup parameters; when shingle size, permutations or seed differ from the
    ///     ones the stored signatures were made with, the signatures are recomputed from the
    ///     stored texts.
    ///   - readOnly: open for reading only (syncctl), never creating or migrating anything.
    /// - Throws: `SyncError(.store)` naming the file when it cannot be opened or migrated.
    public convenience init(path: String, parameters: DedupParameters, readOnly: Bool = false) throws(SyncError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = readOnly
        configuration.label = "syncd.store"
        if !readOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpoint every 8,192 pages (32 MiB of log) rather than SQLite's 1,000: the index
                // pages of random keys (blob hashes, line hashes) that every batch touches are then
                // copied into the file once per checkpoint, not once per few batches.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
                // Keep -wal and -shm when the daemon closes the store: a reader who may read the
                // folder but not write it (syncctl as another user) can then still open it,
                // which it cannot once SQLite has to create them again.
                var persist: Int32 = 1
                sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            }
        }
        let pool: DatabasePool
        do {
            if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw SyncError(.notFound, "no store here yet (run syncd first)", location: path)
                }
            } else if FileManager.default.fileExists(atPath: path) {
                // Checked on a read-only connection first: opening the pool may already write.
                var readOnlyConfiguration = Configuration()
                readOnlyConfiguration.readonly = true
                readOnlyConfiguration.busyMode = .timeout(30)
                // A store syncd sealed at a clean close and nothing touched since needs no
                // `quick_check` (SQLiteStore+Seal.swift); the seal goes before the first write.
                let sealed = SQLiteStore.isSealed(path)
                try SQLiteStore.checkBeforeWriting(
                    try DatabaseQueue(path: path, configuration: readOnlyConfiguration), path: path, quickCheck: !sealed)
                SQLiteStore.unseal(path)
            } else {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                SQLiteStore.createInWALMode(path)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLiteStore.error(error, "cannot open the store", location: path)
        }
        let checkpointer: BackgroundCheckpointer?
        do {
            checkpointer = readOnly ? nil : try BackgroundCheckpointer(path: path)
        } catch {
            throw SQLiteStore.error(error, "cannot open the store", location: path)
        }
        try self.init(
            writer: pool, path: path, parameters: parameters, migrate: !readOnly, checked: true, snapshotPath: path + "-lsh",
            checkpointer: checkpointer, rowReader: readOnly ? nil : RowReader(path: path))
    }

    /// Makes a new, empty store file in WAL mode without syncing it: switching a new file to WAL
    /// through the pool goes through a rollback journal first (three syncs, tens of milliseconds
    /// at every first start and in every test), and there is nothing in it to lose yet. The pool
    /// then finds the file in WAL mode already. A failure here is left to the pool's open.
    static func createInWALMode(_ path: String) {
        var db: OpaquePointer?
        defer { sqlite3_close_v2(db) }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nil) == SQLITE_OK else { return }
        sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = WAL", nil, nil, nil)
    }

    /// Runs on an injected database (GRDB's `AppDatabase` pattern): a file's `DatabasePool`, or
    /// an in-memory `DatabaseQueue` in tests.
    /// - Parameters:
    ///   - writer: the database.
    ///   - path: where it lives, for messages and sizes.
    ///   - migrate: migrate it and load the index (a writable store); `false` opens it as it is.
    /// - Throws: `SyncError(.store)` when it cannot be migrated or read.
    ///   - checked: the caller has run `checkBeforeWriting` already.
    ///   - snapshotPath: where the index snapshot lives; `nil` rebuilds the index at every open.
    ///   - checkpointer: copies the log into the file after commits; `nil` leaves that to SQLite.
    ///   - rowReader: reads feed states off the pool; `nil` reads them through `writer`.
    init(
        writer: any DatabaseWriter, path: String, parameters: DedupParameters, migrate: Bool = true, checked: Bool = false,
        snapshotPath: String? = nil, checkpointer: BackgroundCheckpointer? = nil, rowReader: RowReader? = nil
    ) throws(SyncError) {
        self.path = path
        self.snapshotPath = snapshotPath
        self.checkpointer = checkpointer
        self.rowReader = rowReader
        self.parameters = parameters
        self.writer = writer
        fingerprinter = Fingerprinter(parameters: parameters)
        let banding = LSHBanding.derive(threshold: parameters.threshold, permutations: parameters.permutations, bands: parameters.bands)
        state = Mutex(State(index: LayeredLSHIndex(banding: banding), leads: LayeredLSHIndex(banding: banding)))
        guard migrate else {
            // A reader (syncctl) migrates nothing: a store a running older syncd still writes is
            // read once that syncd has been restarted (and has migrated it), not misread now.
            let missing: [String]
            do {
                missing = try writer.read { db in
                    let applied = try SQLiteStore.migrator.appliedIdentifiers(db)
                    return SQLiteStore.migrator.migrations.filter { !applied.contains($0) }
                }
            } catch {
                throw SQLiteStore.error(error, "cannot read the store", location: path)
            }
            guard missing.isEmpty else {
                throw SyncError(
                    .store,
                    "the store predates this version (schema steps \(missing.joined(separator: ", ")) not applied yet); "
                        + "restart syncd, or run `syncd --once`, to migrate it",
                    location: path)
            }
            return
        }
        do {
            if !checked { try SQLiteStore.checkBeforeWriting(writer, path: path) }
            try SQLiteStore.migrator.migrate(writer)
            try refreshFingerprintsIfParametersChanged()
            try state.withLock { try loadIndex(&$0) }
        } catch {
            throw SQLiteStore.error(error, "cannot open the store", location: path)
        }
    }

    /// Refuses, before anything is written, a store that SQLite finds damaged (`quick_check`)
    /// or that a newer syncd migrated (migrations this version does not know): writing to either
    /// could only make things worse.
    static func checkBeforeWriting(_ writer: any DatabaseWriter, path: String, quickCheck: Bool = true) throws {
        try writer.read { db in
            let problems: [String]
            do {
                problems = quickCheck ? try String.fetchAll(db, sql: "PRAGMA quick_check(5)") : ["ok"]
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
                problems = [error.message ?? "database disk image is malformed"]
            }
            guard problems == ["ok"] else {
                throw SyncError(
                    .store,
                    "the store is damaged (SQLite's quick_check: \(problems.joined(separator: "; "))); syncd writes nothing to it. "
                        + "Restore it from a backup, or recover what it holds with `sqlite3 FILE .recover | sqlite3 NEW` "
                        + "and point [store] path at the new file, or move it aside to start an empty store",
                    location: path)
            }
            let known = Set(migrator.migrations)
            let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
            guard unknown.isEmpty else {
                throw SyncError(
                    .store,
                    "the store was migrated by a newer syncd (schema steps \(unknown.joined(separator: ", ")) are unknown to \(SyncdVersion.current)); "
                        + "syncd writes nothing to it. Run the newer syncd, or restore a backup made before it ran",
                    location: path)
            }
        }
    }

    /// Maps GRDB and SQLite errors into the one error type that leaves this module.
    static func error(_ error: any Error, _ message: String, location: String? = nil) -> SyncError {
        if let error = error as? SyncError { return error }
        if let error = error as? DatabaseError {
            return SyncError(.store, "\(message): \(error.message ?? "SQLite error \(error.resultCode.rawValue)")", location: location)
        }
        return SyncError(.store, message, location: location, cause: error)
    }

    /// Runs a read, mapping errors.
    func read<T>(_ body: (Database) throws -> T) throws(SyncError) -> T {
        do { return try writer.read(body) } catch { throw SQLiteStore.error(error, "store read failed", location: path) }
    }

    /// Recomputes stored signatures when the fingerprint-shaping parameters changed.
    private func refreshFingerprintsIfParametersChanged() throws {
        let wanted = fingerprintKey
        try writer.write { db in
            let stored = try MetaRecord.fetchOne(db, key: MetaRecord.fingerprintKey)?.value
            if stored == wanted { return }
            if stored != nil {
                // Snapshots of the old signatures go first: a crash before the commit leaves none.
                discardIndexSnapshots()
                let docs = try FingerprintRecord.select(FingerprintRecord.Columns.docID, as: Int64.self).fetchAll(db)
                for doc in docs {
                    let fingerprint = fingerprinter.fingerprint(text: try currentText(db, doc: doc))
                    try FingerprintRecord(
                        docID: doc, contentHash: Data(fingerprint.contentHash), signature: SQLiteStore.encodeSignature(fingerprint.signature),
                        leadSignature: fingerprint.leadSignature.map(SQLiteStore.encodeSignature),
                        opening: fingerprint.opening.first.map { Int64(bitPattern: $0) }
                    ).update(db)
                }
            }
            try MetaRecord(key: MetaRecord.fingerprintKey, value: wanted).insert(db, onConflict: .replace)
        }
    }

    /// What the stored signatures are made with; a change recomputes them.
    var fingerprintKey: String { "k=\(parameters.shingleSize);perm=\(parameters.permutations);seed=\(parameters.seed);fingerprint=3" }

    /// Signatures are stored as little-endian UInt32s.
    static func encodeSignature(_ signature: [UInt32]) -> Data {
        #if _endian(little)
        signature.withUnsafeBytes { Data(bytes: $0.baseAddress!, count: $0.count) }
        #else
        signature.map(\.littleEndian).withUnsafeBytes { Data(bytes: $0.baseAddress!, count: $0.count) }
        #endif
    }

    static func decodeSignature(_ bytes: [UInt8]) -> [UInt32] {
        bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }

    /// A live document's shingles: from the cache, else recomputed from its stored text.
    func shingles(_ db: Database, doc: Int64, cache: inout ShingleCache) throws -> ShingleProfile {
        if let cached = cache[doc] { return cached }
        let profile = fingerprinter.profile(text: try currentText(db, doc: doc))
        cache.insert(doc, profile)
        return profile
    }

    /// The current stored text of a document (title, blank line, body). On the ingest path
    /// (verifying near-duplicate candidates), so a cached raw statement reads the two blob
    /// columns it needs rather than a `BlobRecord` through GRDB.
    func currentText(_ db: Database, doc: Int64) throws -> String {
        guard
            let blob = try db.first(
                """
                SELECT b.data, b.size FROM document d
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                JOIN blob b ON b.hash = v.blob_hash WHERE d.id = ?
                """, [doc], { (data: $0.bytes(0), size: $0.int(1)) })
        else {
            throw SyncError(.store, "document \(doc) has no stored version")
        }
        return String(decoding: try BlobCodec.decompress(blob.data, size: blob.size), as: UTF8.self)
    }
}
