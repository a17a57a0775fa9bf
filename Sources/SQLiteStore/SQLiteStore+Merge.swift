import Foundation
internal import GRDB
public import Storage
public import SyncModel
import Fingerprint
import Dedup
import Synchronization

// The ingest path. Its statements stay raw SQL run through `Database+Cached.swift` (cached,
// bound with the SQLite C API) rather than the records of `Records/` through GRDB, whose
// per-statement cost was measured as significant here. Its reads are projections of the few
// columns a merge needs (a document's id, version, deleted flag and cluster; the signatures
// the index is rebuilt from), not whole rows, so they stay tuples. Its inserts name the columns
// of `DocumentRecord`, `VersionRecord`, `BlobRecord`, `FingerprintRecord`, `FeedEntryRecord`,
// `FeedArticleRecord` and `ChangeRecord`: a migration that adds a column to one of those tables updates both.
extension SQLiteStore {
    /// Merges a batch of documents in one transaction: for each, a new version when its text
    /// changed (bodies stored once by hash), its near-duplicate cluster, and change-log rows.
    /// Unchanged texts record nothing but the file stamp. A crash before the commit leaves
    /// the store as it was; a rerun merges the same documents again with the same result.
    /// - Throws: `SyncError(.store)`; nothing of the batch is kept then.
    public func merge(_ batch: [IncomingDocument], now: Double) throws(SyncError) -> [MergeResult] {
        do {
            return try writeWithState { db, state in
                try batch.map { try mergeOne(db, $0, state: &state, now: now) }
            }
        } catch {
            throw SQLiteStore.error(error, "cannot merge documents", location: path)
        }
    }

    /// Tombstones the live documents of `source` with these keys: a `delete` change each,
    /// history kept, removed from their clusters and from the index.
    /// - Returns: how many documents were deleted.
    @discardableResult
    public func tombstone(source: String, keys: [String], now: Double) throws(SyncError) -> Int {
        guard !keys.isEmpty else { return 0 }
        do {
            return try writeWithState { db, state in
                var deleted = 0
                for key in keys {
                    guard
                        let row = try db.first(
                            """
                            SELECT d.id, d.version FROM document d JOIN source s ON s.id = d.source_id
                            WHERE s.name = ? AND d.key = ? AND d.deleted = 0
                            """, [source, key], { (id: $0.int64(0), version: $0.int(1)) })
                    else { continue }
                    let doc = row.id
                    let editor = ClusterEditor(db: db, store: self)
                    try editor.detach(doc, now: now, cache: &state.shingles)
                    state.index.remove(doc)
                    state.leads.remove(doc)
                    state.changed(doc)
                    state.shingles.remove(doc)
                    try db.run("DELETE FROM fingerprint WHERE doc_id = ?", [doc])
                    try forgetPageLines(db, doc: doc, deltas: &state.pageLineDeltas)
                    try db.run("UPDATE document SET deleted = 1, cluster_id = NULL, similarity = NULL, updated_at = ? WHERE id = ?", [now, doc])
                    try appendChange(
                        db, op: .delete, doc: doc, source: source, key: key, version: row.version, cluster: nil, canonical: false, now: now)
                    try editor.recordChanges(excluding: doc, now: now)
                    deleted += 1
                }
                return deleted
            }
        } catch {
            throw SQLiteStore.error(error, "cannot delete documents of \(source)", location: path)
        }
    }

    /// Runs one write transaction that also edits the in-memory index and shingle cache. If
    /// the transaction fails, both are reloaded from what is committed (the snapshot and a replay
    /// of the change log after it), so they never describe a rolled-back state; if even that
    /// fails, the next write tries again before anything else. After a commit, writes a new
    /// snapshot when enough changed since the last one.
    private func writeWithState<T: Sendable>(_ body: (Database, inout State) throws -> T) throws -> T {
        try state.withLock { state in
            if !state.indexIsCurrent { try loadIndex(&state) }
            do {
                state.pageLineDeltas = PageLineDeltas()
                let (result, head) = try writer.write { db in
                    let result = try body(db, &state)
                    try flushPageLines(db, &state.pageLineDeltas)
                    return (result, try ChangeRecord.head(db))
                }
                commits.notify(head: head)
                checkpointer?.request()
                persistIndex(&state, minimum: snapshotThreshold(state), inBackground: true)
                // Lookups fault snapshot pages in; give them back to the page cache now and then so
                // the resident set stays that of the delta, not of the whole file.
                if state.lookupsSinceRelease >= 256 {
                    state.index.releaseResidentPages()
                    state.leads.releaseResidentPages()
                    state.lookupsSinceRelease = 0
                }
                return result
            } catch {
                do { try loadIndex(&state) } catch { state.indexIsCurrent = false }
                throw error
            }
        }
    }

    private func mergeOne(_ db: Database, _ incoming: IncomingDocument, state: inout State, now: Double) throws -> MergeResult {
        guard let sourceID = state.sourceIDs[incoming.source] else {
            throw SyncError(.notFound, "unknown source \"\(incoming.source)\" (not registered)")
        }
        let blobHash = incoming.bodyHash
        let stamp = incoming.stamp
        let existing = try db.first(
            "SELECT id, version, deleted, cluster_id FROM document WHERE source_id = ? AND key = ?", [sourceID, incoming.key]
        ) {
            (id: $0.int64(0), version: $0.int(1), deleted: $0.int64(2) != 0, cluster: $0.optionalInt64(3))
        }
        if let expected = incoming.replacesVersion, existing.map({ $0.deleted || $0.version != expected }) ?? true {
            return MergeResult(doc: existing?.id ?? 0, op: nil, version: existing?.version ?? 0, cluster: existing?.cluster)
        }
        if let existing, !existing.deleted {
            let current = try db.first(
                "SELECT blob_hash, original_hash FROM version WHERE doc_id = ? AND version = ?", [existing.id, existing.version]
            ) { (body: $0.bytes(0), original: $0.bytes(1)) }
            // The same text, or (for a file that did not change) the same input: only the stamp.
            let sameInput = incoming.unchangedOriginalKeepsText && incoming.original != nil && current?.original == incoming.original?.hash
            if current?.body == blobHash || sameInput {
                if !sameInput {
                    try updatePageLines(
                        db, doc: existing.id, sourceID: sourceID, lines: incoming.pageLines, isNew: false, deltas: &state.pageLineDeltas)
                }
                try recordEntry(db, incoming, sourceID: sourceID, now: now)
                try recordArticle(db, incoming, doc: existing.id, sourceID: sourceID, now: now)
                try db.run(
                    "UPDATE document SET file_size = ?, file_mtime_ns = ?, file_inode = ? WHERE id = ?",
                    [stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode, existing.id])
                return MergeResult(doc: existing.id, op: nil, version: existing.version, cluster: existing.cluster)
            }
        }
        try db.run("INSERT OR IGNORE INTO blob(hash, size, data) VALUES (?, ?, ?)", [blobHash, incoming.body.count, incoming.compressedBody])
        let editor = ClusterEditor(db: db, store: self)
        let doc: Int64
        let version: Int
        let op: ChangeOp
        if let existing {
            doc = existing.id
            version = existing.version + 1
            op = .update
            try db.run(
                """
                UPDATE document SET version = ?, deleted = 0, updated_at = ?, file_size = ?, file_mtime_ns = ?, file_inode = ?
                WHERE id = ?
                """, [version, now, stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode, doc])
        } else {
            try db.run(
                """
                INSERT INTO document(source_id, key, version, created_at, updated_at, file_size, file_mtime_ns, file_inode)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?)
                """, [sourceID, incoming.key, now, now, stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode])
            doc = db.lastInsertedRowID
            version = 1
            op = .create
        }
        let fingerprint = incoming.fingerprint
        if let original = incoming.original {
            try db.run("INSERT OR IGNORE INTO blob(hash, size, data) VALUES (?, ?, ?)", [original.hash, original.size, original.compressed])
        }
        if let page = incoming.page {
            try db.run("INSERT OR IGNORE INTO blob(hash, size, data) VALUES (?, ?, ?)", [page.hash, page.size, page.compressed])
        }
        try db.run(
            """
            INSERT INTO version(doc_id, version, title, blob_hash, content_hash, tokens, created_at, original_hash, metadata, summary, page_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                doc, version, incoming.article.title, blobHash, fingerprint.contentHash, fingerprint.tokenCount, now,
                incoming.original?.hash, incoming.metadataJSON, incoming.summary, incoming.page?.hash,
            ])
        try recordEntry(db, incoming, sourceID: sourceID, now: now)
        try recordArticle(db, incoming, doc: doc, sourceID: sourceID, now: now)
        try updatePageLines(db, doc: doc, sourceID: sourceID, lines: incoming.pageLines, isNew: existing == nil, deltas: &state.pageLineDeltas)
        try db.run(
            "INSERT OR REPLACE INTO fingerprint(doc_id, content_hash, signature, lead_signature, opening) VALUES (?, ?, ?, ?, ?)",
            [
                doc, fingerprint.contentHash, SQLiteStore.encodeSignature(fingerprint.signature),
                fingerprint.leadSignature.map(SQLiteStore.encodeSignature), fingerprint.opening.first.map { Int64(bitPattern: $0) },
            ])
        state.shingles.insert(doc, fingerprint.profile)
        if let existing, !existing.deleted {
            // The new text stays in its cluster as long as it is still alike to the others: a
            // light edit keeps the cluster id and the canonical. (The new version row exists by
            // now, so re-reading the text after a cache eviction finds the new text.)
            try editor.detach(doc, now: now, cache: &state.shingles, stays: true)
        }
        state.lookupsSinceRelease += 1
        var candidates = state.index.insert(
            doc, signature: fingerprint.signature,
            candidatesAbove: parameters.threshold - LSHIndex.screeningMargin)
        var leadOnly: Set<Int64> = []
        if let lead = fingerprint.leadSignature {
            // Documents that open as this one does: its summaries, or the story it summarizes. Each
            // carries the resemblance its full signature is estimated at (below the screen, or it
            // shared no band).
            let known = Set(candidates.map(\.id))
            let screen = parameters.threshold - LSHIndex.screeningMargin
            for candidate in state.leads.insert(doc, signature: lead, candidatesAbove: screen)
            where !known.contains(candidate.id) {
                candidates.append((candidate.id, state.index.estimate(of: candidate.id, against: fingerprint.signature) ?? 0))
                leadOnly.insert(candidate.id)
            }
        } else {
            state.leads.remove(doc)
        }
        state.changed(doc)
        let matches = try findMatches(db, doc: doc, fingerprint: fingerprint, candidates: candidates, leadOnly: leadOnly, state: &state)
        // What attaching made of it; a new document that matched nothing is in no cluster.
        let attached = try editor.attach(doc, matches: matches, now: now)
        let membership =
            try attached
            ?? (op == .create ? ClusterEditor.Membership.alone : editor.membership(doc))
        try appendChange(
            db, op: op, doc: doc, source: incoming.source, key: incoming.key, version: version,
            cluster: membership.cluster, canonical: membership.canonical, now: now)
        try editor.recordChanges(excluding: doc, now: now)
        return MergeResult(doc: doc, op: op, version: version, cluster: membership.cluster)
    }

    /// Live documents that are near-duplicates of `fingerprint` among its LSH `candidates`:
    /// equal normalized text, an exact shingle-set similarity (cached, or recomputed from the
    /// stored text) that reaches the threshold, or a summary contained in its story
    /// (`Similarity.nearDuplicate`). Returns document id → similarity (or containment).
    ///
    /// A candidate only the lead index found (`leadOnly`) whose full signature is estimated below
    /// the screen, as any other candidate would be dropped at, can only be a summary or its story;
    /// that needs the same first opening shingle (`SummaryMatch`), which its fingerprint row
    /// records: one that opens otherwise is not re-read. (Documents whose leads coincide, such as
    /// stories that open with the same agency sentence, grow in number with the store; re-reading
    /// each of them was most of the cost of a merge at a million documents.)
    func findMatches(
        _ db: Database, doc: Int64, fingerprint: Fingerprint, candidates: [(id: Int64, estimate: Double)], leadOnly: Set<Int64> = [],
        state: inout State
    ) throws -> [Int64: Double] {
        var matches: [Int64: Double] = [:]
        let threshold = parameters.threshold
        // Equal normalized text means equal shingles, an identical signature and identical band
        // keys: every exact duplicate is a candidate estimated at 1, and the content hash says
        // which of those really are (no index over content hashes is needed).
        for candidate in candidates where candidate.estimate == 1 {
            if try db.first("SELECT content_hash FROM fingerprint WHERE doc_id = ?", [candidate.id], { $0.bytes(0) }) == fingerprint.contentHash {
                matches[candidate.id] = 1.0
            }
        }
        let profile = fingerprint.profile
        let screen = threshold - LSHIndex.screeningMargin
        let opening = fingerprint.opening.first.map { Int64(bitPattern: $0) }
        for candidate in candidates where matches[candidate.id] == nil {
            if leadOnly.contains(candidate.id), candidate.estimate < screen, state.shingles[candidate.id] == nil,
                let theirs = try db.first("SELECT opening FROM fingerprint WHERE doc_id = ?", [candidate.id], { $0.optionalInt64(0) }) ?? nil,
                theirs != opening
            {
                continue
            }
            let shingles = try self.shingles(db, doc: candidate.id, cache: &state.shingles)
            if let similarity = Similarity.nearDuplicate(profile, shingles, threshold: threshold) { matches[candidate.id] = similarity }
        }
        return matches
    }

    /// Remembers a feed entry's guid, link and digest under its document key.
    private func recordEntry(_ db: Database, _ incoming: IncomingDocument, sourceID: Int64, now: Double) throws {
        guard let entry = incoming.entry else { return }
        try db.run(
            """
            INSERT INTO feed_entry(source_id, key, guid, link, digest, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(source_id, key) DO UPDATE SET guid = excluded.guid, link = excluded.link, digest = excluded.digest,
                last_seen = excluded.last_seen
            """, [sourceID, incoming.key, entry.guid, entry.link, entry.digest, now, now])
    }

    /// Records where a feed document's article stands (`full_text`); a feed document merged
    /// without one has its entry's own text as its text, and any state it had is dropped.
    private func recordArticle(_ db: Database, _ incoming: IncomingDocument, doc: Int64, sourceID: Int64, now: Double) throws {
        guard incoming.entry != nil || incoming.articleState != nil else { return }
        guard let article = incoming.articleState else {
            try db.run("DELETE FROM feed_article WHERE doc_id = ?", [doc])
            return
        }
        try db.run(
            """
            INSERT INTO feed_article(doc_id, source_id, url, status, reason, attempts, next_attempt_at, fetched_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (doc_id) DO UPDATE SET source_id = excluded.source_id, url = excluded.url, status = excluded.status,
                reason = excluded.reason, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
                fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
            """,
            [
                doc, sourceID, article.url, article.status.rawValue, article.reason, article.attempts, article.nextAttemptAt,
                article.fetchedAt, now,
            ])
    }

    func appendChange(
        _ db: Database, op: ChangeOp, doc: Int64, source: String, key: String, version: Int,
        cluster: Int64?, canonical: Bool, now: Double
    ) throws {
        try db.run(
            """
            INSERT INTO change(at, op, doc_id, source, key, version, cluster_id, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [now, op.rawValue, doc, source, key, version, cluster, canonical])
    }
}
