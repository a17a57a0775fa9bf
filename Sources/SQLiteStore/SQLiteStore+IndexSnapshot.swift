import Foundation
internal import GRDB
import Fingerprint
import Dedup
import Logging
public import SyncModel
import Synchronization

// The near-duplicate index beside the SQLite file: each of the two LSH indexes (full signatures,
// leads) is a stack of memory-mapped snapshot layers (`STORE-lsh`, `STORE-lsh.1`, …, and
// `STORE-lsh-leads`, …) plus an in-memory delta of what changed since. Each layer records the
// change-log head it reflects; opening maps them and replays the documents the log changed after
// the top one, so a restart costs a few lookups, not a rebuild. SQLite stays the truth: a snapshot that is missing, damaged, made with other
// parameters or newer than the store (a restored backup) is ignored and rebuilt.
extension SQLiteStore {
    /// How the near-duplicate index was loaded and is kept, for tests and `/metrics`-like reports.
    public struct IndexReport: Sendable, Equatable {
        /// Full rebuilds from every stored signature since the store was opened.
        public var rebuilds = 0
        /// Why the last rebuild happened (the snapshot was missing, damaged, …).
        public var lastRebuildReason: String?
        /// Documents the last load replayed from the change log over the snapshot.
        public var replayed = 0
        /// The change-log head the mapped snapshot reflects (its top layer), `nil` without one.
        public var snapshotSeq: Int64?
        /// Layers of the full index's snapshot.
        public var layers = 0
        /// Snapshots written since the store was opened.
        public var snapshotsWritten = 0
        /// Documents indexed, and those not in the snapshot yet (in memory).
        public var documents = 0
        public var changedSinceSnapshot = 0
    }

    /// How the index was loaded and is kept.
    public var indexReport: IndexReport {
        state.withLock { state in
            var report = state.report
            report.snapshotSeq = state.index.top?.stamp.seq
            report.layers = state.index.layers.count
            report.documents = state.index.count
            report.changedSinceSnapshot = state.index.changedSinceSnapshot + state.leads.changedSinceSnapshot
            return report
        }
    }

    /// Starts writing the index snapshots when more documents changed since the last ones than
    /// the next start should replay (`saveThreshold`), so it maps them instead (called at the end
    /// of `--once` and at a clean shutdown). The files are written on a thread of their own while
    /// `seal` checkpoints the store, and `seal` (or the store's end) waits for them: both mostly
    /// wait on the disk. A failure is logged and leaves the old snapshots: they are a cache.
    public func saveIndex() throws(SyncError) { try saveIndex(minimum: SQLiteStore.saveThreshold, wait: false) }

    /// Writes the index snapshots when at least `minimum` documents changed since the last ones;
    /// with `wait`, returns once they are written (or failed).
    func saveIndex(minimum: Int, wait: Bool = true) throws(SyncError) {
        do {
            try state.withLock { state in
                if !state.indexIsCurrent { try loadIndex(&state) }
                finishSnapshot(&state)
                persistIndex(&state, minimum: minimum, inBackground: !wait)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot save the near-duplicate index", location: path)
        }
    }

    /// Waits for a snapshot being written, and moves the indexes onto it.
    func finishSnapshot(_ state: inout State) {
        if let job = state.snapshotJob { adopt(&state, job.wait()) }
    }

    /// Lowers (for tests) how many changed documents start a snapshot between merges.
    func setSnapshotMinimum(_ documents: Int) { state.withLock { $0.snapshotMinimum = documents } }

    /// What the full (or the lead) index answers for a signature, as a merge would see it.
    func indexCandidates(for signature: [UInt32], lead: Bool) -> [(id: Int64, estimate: Double)] {
        state.withLock { state in
            (lead ? state.leads : state.index).candidates(
                for: signature, minimumEstimate: parameters.threshold - LSHIndex.screeningMargin, excluding: nil)
        }
    }

    /// Changed documents below which `saveIndex` leaves the snapshot as it is: replaying them at
    /// the next start takes milliseconds, rewriting the snapshot may take seconds.
    static let saveThreshold = 1_000

    /// Loads both indexes: the snapshots plus a replay of the change log after them, or, when a
    /// snapshot cannot be used, a rebuild from every stored signature followed by new snapshots.
    func loadIndex(_ state: inout State) throws {
        // A snapshot being written is let finish: the files it leaves are mapped below.
        _ = state.snapshotJob?.wait()
        state.snapshotJob = nil
        state.changedDuringJob = []
        state.shingles.removeAll()
        state.indexIsCurrent = false
        guard let snapshotPath else {
            try rebuildIndex(&state, reason: nil)
            return
        }
        let banding = state.index.banding
        var indexes: [LayeredLSHIndex] = []
        var problem: String?
        for kind in SnapshotKind.allCases {
            let file = kind.path(snapshotPath)
            let name = (file as NSString).lastPathComponent
            var layers: [LSHSnapshot]
            do {
                layers = try LSHSnapshot.openLayers(path: file, banding: banding, parameters: snapshotParameters(kind))
            } catch {
                problem = "\(name): \(error.description)"
                break
            }
            // Layers above the store's history (a restored backup) are dropped; the base too, and then it is rebuilt.
            var stale: String?
            while let top = layers.last, let reason = try writer.read({ db in try staleness(db, top.stamp) }) {
                stale = reason
                layers.removeLast()
            }
            if layers.isEmpty, let stale {
                problem = "\(name): \(stale)"
                break
            }
            indexes.append(LayeredLSHIndex(banding: banding, layers: layers))
        }
        guard let problem else {
            state.index = indexes[0]
            state.leads = indexes[1]
            state.report.replayed = try replay(&state)
            state.indexIsCurrent = true
            persistIndex(&state, minimum: snapshotThreshold(state), inBackground: true)
            return
        }
        try rebuildIndex(&state, reason: problem)
    }

    /// Reloads both indexes from the committed signatures and writes snapshots of them.
    private func rebuildIndex(_ state: inout State, reason: String?) throws {
        let rows = try writer.read { db in
            try db.all("SELECT doc_id, signature, lead_signature FROM fingerprint", []) {
                (doc: $0.int64(0), signature: $0.bytes(1), lead: $0.bytes(2))
            }
        }
        if let reason, !rows.isEmpty {
            Logger(label: "syncd.store").notice(
                "rebuilding the near-duplicate index from the stored signatures",
                metadata: ["reason": "\(reason)", "store": "\(path)", "documents": "\(rows.count)"])
        }
        state.index.rebuild(from: rows.map { (id: $0.doc, signature: SQLiteStore.decodeSignature($0.signature)) })
        state.leads.rebuild(from: rows.compactMap { $0.lead.isEmpty ? nil : (id: $0.doc, signature: SQLiteStore.decodeSignature($0.lead)) })
        state.report.rebuilds += 1
        state.report.lastRebuildReason = reason
        state.report.replayed = 0
        state.indexIsCurrent = true
        persistIndex(&state, minimum: 0)
    }

    /// Applies to the indexes every document the change log changed after their snapshots.
    /// - Returns: how many documents were replayed.
    private func replay(_ state: inout State) throws -> Int {
        guard let index = state.index.top?.stamp.seq, let leads = state.leads.top?.stamp.seq else { return 0 }
        let rows = try writer.read { db in
            let docs = try db.all(
                "SELECT DISTINCT doc_id FROM change WHERE seq > ? AND op <> 'cluster' ORDER BY doc_id", [min(index, leads)], { $0.int64(0) })
            return try docs.map { doc in
                (
                    doc,
                    try db.first("SELECT signature, lead_signature FROM fingerprint WHERE doc_id = ?", [doc]) {
                        (full: $0.bytes(0), lead: $0.bytes(1))
                    }
                )
            }
        }
        for (doc, row) in rows {
            if let full = row?.full, !full.isEmpty {
                state.index.insert(doc, signature: SQLiteStore.decodeSignature(full), candidatesAbove: nil)
            } else {
                state.index.remove(doc)
            }
            if let lead = row?.lead, !lead.isEmpty {
                state.leads.insert(doc, signature: SQLiteStore.decodeSignature(lead), candidatesAbove: nil)
            } else {
                state.leads.remove(doc)
            }
        }
        return rows.count
    }

    /// Writes new snapshots when at least `minimum` documents (and at least one) changed since the
    /// last ones, or there are none yet. In the background (between merges) the files are written
    /// on a thread of their own from copies of the indexes, and adopted after a later commit;
    /// otherwise a snapshot being written is waited for and the new one written before returning.
    /// A failure is logged, and the next attempt waits for twice as many changes.
    func persistIndex(_ state: inout State, minimum: Int, inBackground: Bool = false) {
        guard let snapshotPath, state.indexIsCurrent else { return }
        if let job = state.snapshotJob {
            guard !inBackground || job.isFinished else { return }
            adopt(&state, job.wait())
        }
        let changed = state.index.changedSinceSnapshot + state.leads.changedSinceSnapshot
        let unwritten = state.index.layers.isEmpty || state.leads.layers.isEmpty
        guard unwritten ? changed >= state.snapshotRetryAt : changed > 0 && changed >= max(minimum, state.snapshotRetryAt) else { return }
        let stamp: LSHSnapshot.Stamp
        do {
            stamp = try writer.read { db in try currentStamp(db) }
        } catch {
            failed(&state, changed: changed, error)
            return
        }
        let files = SnapshotKind.allCases.map { kind in
            var stamped = stamp
            stamped.parameters = snapshotParameters(kind)
            return (index: kind == .full ? state.index : state.leads, path: kind.path(snapshotPath), stamp: stamped)
        }
        state.changedDuringJob = []
        state.snapshotJob = IndexSnapshotJob(files)
        if !inBackground, let job = state.snapshotJob { adopt(&state, job.wait()) }
    }

    /// Moves the indexes onto the snapshots a job wrote (applying again what changed meanwhile).
    private func adopt(_ state: inout State, _ outcome: IndexSnapshotJob.Outcome) {
        state.snapshotJob = nil
        defer { state.changedDuringJob = [] }
        switch outcome {
        case .success(let snapshots):
            state.index = state.index.rebased(onto: snapshots[0], changed: state.changedDuringJob)
            state.leads = state.leads.rebased(onto: snapshots[1], changed: state.changedDuringJob)
            state.report.snapshotsWritten += 1
            state.snapshotRetryAt = 0
        case .failure(let error):
            failed(&state, changed: state.index.changedSinceSnapshot + state.leads.changedSinceSnapshot, error)
        }
    }

    private func failed(_ state: inout State, changed: Int, _ error: any Error) {
        state.snapshotRetryAt = max(changed * 2, SQLiteStore.saveThreshold)
        Logger(label: "syncd.store").warning(
            "cannot write the near-duplicate index snapshot; the next start replays or rebuilds",
            metadata: ["error": "\(error)", "store": "\(path)"])
    }

    /// Changed documents (both indexes counted) that start a snapshot between merges: an eighth of
    /// the snapshot, at least 5,000 and at most 40,000. Each write is a new layer merged only with
    /// the layers of similar size (`LayeredLSHIndex.mergeLevel`), so a document is rewritten about
    /// log₂(N / 20,000) times, not once per snapshot; the cap bounds the delta's memory (about
    /// 2.4 KB per document for both indexes).
    func snapshotThreshold(_ state: State) -> Int {
        min(40_000, max(state.snapshotMinimum, state.index.count / 8))
    }

    /// Deletes the snapshot files (the signatures they hold are about to change).
    func discardIndexSnapshots() {
        guard let snapshotPath else { return }
        for kind in SnapshotKind.allCases {
            unlink(kind.path(snapshotPath))
            LSHSnapshot.removeLayers(path: kind.path(snapshotPath), above: 0)
        }
    }

    /// The change-log head and the identity of its row.
    private func currentStamp(_ db: Database) throws -> LSHSnapshot.Stamp {
        let head = try ChangeRecord.head(db)
        return LSHSnapshot.Stamp(seq: head, change: try changeIdentity(db, seq: head) ?? 0, parameters: 0)
    }

    /// Why a snapshot cannot be brought up to date by a replay: it is newer than the store, or the
    /// change-log row at its seq is another one (a store restored from a backup and written since).
    private func staleness(_ db: Database, _ stamp: LSHSnapshot.Stamp) throws -> String? {
        let head = try ChangeRecord.head(db)
        guard stamp.seq <= head else { return "reflects change \(stamp.seq), the store ends at \(head)" }
        guard try changeIdentity(db, seq: stamp.seq) == stamp.change else {
            return "change \(stamp.seq) is not the one it reflects (a store restored from a backup?)"
        }
        return nil
    }

    private func changeIdentity(_ db: Database, seq: Int64) throws -> UInt64? {
        guard seq > 0 else { return 0 }
        return try db.first("SELECT at, op, doc_id, version FROM change WHERE seq = ?", [seq]) { row in
            let text = "\(seq);\(row.text(0));\(row.text(1));\(row.int64(2));\(row.int(3))"
            return text.utf8.withContiguousStorageIfAvailable { StableHash.hash(bytes: UnsafeRawBufferPointer($0)) } ?? 0
        }
    }

    private func snapshotParameters(_ kind: SnapshotKind) -> UInt64 {
        let text = "\(fingerprintKey);\(kind.rawValue)"
        var hash: UInt64 = 0
        text.utf8.withContiguousStorageIfAvailable { hash = StableHash.hash(bytes: UnsafeRawBufferPointer($0)) }
        return hash
    }

    enum SnapshotKind: String, CaseIterable {
        case full
        case leads

        func path(_ base: String) -> String { self == .full ? base : base + "-leads" }
    }
}
