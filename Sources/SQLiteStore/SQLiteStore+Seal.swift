import Foundation
import Synchronization
internal import GRDB
internal import Glibc
public import SyncModel

// A store syncd closed cleanly need not be read through again at the next open.
//
// `quick_check` reads every page of the file: 0.4 s at 100,000 documents, seconds at a million,
// at every start and every `--once`. At a clean close (`seal`) the log is checkpointed into the
// file and emptied, and the file's identity and times are written beside it (`store.db-sealed`).
// An open that finds the file exactly so (same inode, size, modification and change times, an
// empty log) skips `quick_check`; any write since (by syncd, syncctl or anything else), a crash
// (no seal is written) or a damaged page written into the file changes them, and the check runs.
// The open removes the seal before its first write. What the seal cannot see is damage that
// changes no time stamp (a failing disk under a store at rest); SQLite reports such a page as
// malformed when a read reaches it.
extension SQLiteStore {
    static func sealPath(_ path: String) -> String { path + "-sealed" }

    /// The file's identity as the seal records it; `nil` when it cannot be read.
    static func fileIdentity(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "inode=\(info.st_ino) size=\(info.st_size) mtime=\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) "
            + "ctime=\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }

    /// Whether the store at `path` is as syncd sealed it: then `quick_check` may be skipped.
    public static func isSealed(_ path: String) -> Bool {
        guard let sealed = try? String(contentsOfFile: sealPath(path), encoding: .utf8),
            let identity = fileIdentity(path), sealed == "syncd-sealed \(identity)\n"
        else { return false }
        // Nothing written after the seal: the log is empty (or was removed).
        var info = stat()
        return stat(path + "-wal", &info) != 0 || info.st_size == 0
    }

    /// Removes the seal (before the first write of an open that trusted it).
    static func unseal(_ path: String) {
        unlink(sealPath(path))
    }

    /// Checkpoints the log into the file, empties it and records the file's identity, as the
    /// last thing before a clean close; the next open then skips `quick_check`. Anything written
    /// afterwards makes the record stale (see above), so a late write costs only the check.
    /// - Throws: `SyncError(.store)` when the checkpoint fails (the store is fine; the next
    ///   open checks it).
    public func seal() throws(SyncError) {
        guard snapshotPath != nil else { return }  // an injected database (tests), not a file syncd owns
        // The index snapshot `saveIndex` started is written meanwhile (other files); waited for last.
        defer { state.withLock { finishSnapshot(&$0) } }
        // Most of the log is in the file already; a checkpoint still running would hold the
        // TRUNCATE up.
        checkpointer?.drain()
        do {
            let busy = try writer.writeWithoutTransaction { db -> Int in
                try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 1
            }
            // Readers still in the log (another process): no seal; the next open checks.
            guard busy == 0, let identity = SQLiteStore.fileIdentity(path) else { return }
            try "syncd-sealed \(identity)\n".write(toFile: SQLiteStore.sealPath(path), atomically: true, encoding: .utf8)
        } catch {
            throw SQLiteStore.error(error, "cannot seal the store for a clean close", location: path)
        }
    }
}
