import Synchronization
import Dedup
import Fingerprint
import Foundation
public import Storage
public import SyncModel

// The ingest path: the SQLite store's merge (SQLiteStore+Merge.swift), statement for
// statement, on PostgreSQL; the index is the band tables, and changes go through a
// `ChangeBuffer` that gets its seqs at commit.
extension PostgresStore {
    /// Merges a batch of documents in one transaction: for each, a new version when its text
    /// changed (bodies stored once by hash), its near-duplicate cluster, and change-log rows.
    /// Unchanged texts record nothing but the file stamp. Nothing of the batch is kept if it fails.
    ///
    /// Round trips are what a merge costs here, so the batch's documents are read (and locked)
    /// in one query, the ids of its new documents taken in one, and writes whose answer nothing
    /// needs are pipelined: a new document that matches nothing costs one wait, its candidates.
    ///
    /// The batch commits in chunks of `mergeChunk` documents, each a transaction of its own (so a
    /// failure keeps the chunks before it): a transaction holds the band-key locks of all its
    /// documents to its commit, and two nodes' transactions of a few documents rarely share one,
    /// where two of 64 documents (some 5,000 keys each) always did.
    public func merge(_ batch: [IncomingDocument], now: Double) throws(SyncError) -> [MergeResult] {
        guard !batch.isEmpty else { return [] }
        var ids: [String: Int64] = [:]
        for name in Set(batch.map(\.source)) { ids[name] = try sourceID(name) }
        var results: [MergeResult] = []
        for start in stride(from: 0, to: batch.count, by: PostgresStore.mergeChunk) {
            results += try merge(Array(batch[start..<min(start + PostgresStore.mergeChunk, batch.count)]), sourceIDs: ids, now: now)
        }
        return results
    }

    /// Documents per merge transaction (see `merge`).
    static let mergeChunk = 8

    private func merge(_ batch: [IncomingDocument], sourceIDs ids: [String: Int64], now: Double) throws(SyncError) -> [MergeResult] {
        try write("cannot merge documents") { session, changes in
            try lockBands(session, batch)
            var known = try existingDocuments(session, batch, sourceIDs: ids)
            var fresh = try reserveDocumentIDs(session, count: Set(batch.map { BatchKey(source: ids[$0.source]!, key: $0.key) }).count - known.count)
            var merged = Set<BatchKey>()
            return try batch.map { incoming in
                let key = BatchKey(source: ids[incoming.source]!, key: incoming.key)
                // A key merged earlier in this batch: read it again (its cluster may have moved since).
                let existing = merged.contains(key) ? try existingDocument(session, key) : known[key]
                let result = try mergeOne(session, incoming, sourceID: key.source, existing: existing, fresh: &fresh, changes: &changes, now: now)
                merged.insert(key)
                known[key] = nil
                return result
            }
        }
    }

    /// A document as a merge finds it: its latest version's body and input, its cluster.
    struct Existing {
        var id: Int64
        var version: Int
        var deleted: Bool
        var cluster: Int64?
        var body: [UInt8]?
        var original: [UInt8]?
    }

    struct BatchKey: Hashable {
        var source: Int64
        var key: String
    }

    private static let existingColumns = """
        SELECT d.source_id, d.key, d.id, d.version, d.deleted, d.cluster_id, v.blob_hash, v.original_hash
        FROM document d LEFT JOIN version v ON v.doc_id = d.id AND v.version = d.version
        """

    private static func existing(_ row: PGRow) throws -> (BatchKey, Existing) {
        (
            BatchKey(source: try row.int64(0), key: try row.text(1)),
            Existing(
                id: try row.int64(2), version: try row.int(3), deleted: try row.bool(4), cluster: try row.optionalInt64(5),
                body: try row.optionalBytes(6), original: try row.optionalBytes(7))
        )
    }

    /// The batch's stored documents, locked (in id order) to the end of the transaction.
    private func existingDocuments(_ session: PGSession, _ batch: [IncomingDocument], sourceIDs: [String: Int64]) throws -> [BatchKey: Existing] {
        let rows = try session.all(
            """
            \(PostgresStore.existingColumns)
            WHERE (d.source_id, d.key) IN (SELECT * FROM unnest($1::bigint[], $2::text[])) ORDER BY d.id FOR UPDATE OF d
            """, [Int64s(batch.map { sourceIDs[$0.source]! }), Texts(batch.map(\.key))], PostgresStore.existing)
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    private func existingDocument(_ session: PGSession, _ key: BatchKey) throws -> Existing? {
        session.flushDeferred()
        return try session.first(
            "\(PostgresStore.existingColumns) WHERE d.source_id = $1 AND d.key = $2 FOR UPDATE OF d", [key.source, key.key], PostgresStore.existing)?
            .1
    }

    /// Ids for the batch's new documents, in increasing order, in one round trip.
    private func reserveDocumentIDs(_ session: PGSession, count: Int) throws -> [Int64] {
        guard count > 0 else { return [] }
        return try session.all(
            "SELECT nextval(pg_get_serial_sequence('document', 'id')) FROM generate_series(1, $1) ORDER BY 1", [count], { try $0.int64(0) })
    }

    /// A registered source's id (another node may have registered it).
    /// - Throws: `SyncError(.notFound)` for a source no node registered.
    func sourceID(_ name: String) throws(SyncError) -> Int64 {
        if let id = state.withLock({ $0.sourceIDs[name] }) { return id }
        let found = try withSession { session in try session.first("SELECT id FROM source WHERE name = $1", [name]) { try $0.int64(0) } }
        guard let found else { throw SyncError(.notFound, "unknown source \"\(name)\" (not registered)") }
        state.withLock { $0.sourceIDs[name] = found }
        return found
    }

    /// Tombstones the live documents of `source` with these keys: a `delete` change each,
    /// history kept, removed from their clusters and from the index.
    @discardableResult
    public func tombstone(source: String, keys: [String], now: Double) throws(SyncError) -> Int {
        guard !keys.isEmpty else { return 0 }
        return try write("cannot delete documents of \(source)") { session, changes in
            var deleted = 0
            for key in keys {
                guard
                    let row = try session.first(
                        """
                        SELECT d.id, d.version FROM document d JOIN source s ON s.id = d.source_id
                        WHERE s.name = $1 AND d.key = $2 AND NOT d.deleted FOR UPDATE OF d
                        """, [source, key], { (id: try $0.int64(0), version: try $0.int(1)) })
                else { continue }
                let doc = row.id
                let editor = PGClusterEditor(session: session, store: self)
                try editor.detach(doc, now: now)
                unindexBands(session, doc: doc)
                try session.query("DELETE FROM fingerprint WHERE doc_id = $1", [doc])
                try forgetPageLines(session, doc: doc)
                try session.query(
                    "UPDATE document SET deleted = TRUE, cluster_id = NULL, similarity = NULL, updated_at = $1 WHERE id = $2", [now, doc])
                changes.append(op: .delete, doc: doc, source: source, key: key, version: row.version, cluster: nil, canonical: false, now: now)
                try editor.recordChanges(excluding: doc, now: now, into: &changes)
                deleted += 1
            }
            return deleted
        }
    }

    private func mergeOne(
        _ session: PGSession, _ incoming: IncomingDocument, sourceID: Int64, existing: Existing?, fresh: inout [Int64],
        changes: inout ChangeBuffer, now: Double
    ) throws -> MergeResult {
        let blobHash = incoming.bodyHash
        let stamp = incoming.stamp
        if let expected = incoming.replacesVersion, existing.map({ $0.deleted || $0.version != expected }) ?? true {
            return MergeResult(doc: existing?.id ?? 0, op: nil, version: existing?.version ?? 0, cluster: existing?.cluster)
        }
        if let existing, !existing.deleted {
            // The same text, or (for a file that did not change) the same input: only the stamp.
            let sameInput = incoming.unchangedOriginalKeepsText && incoming.original != nil && existing.original == incoming.original?.hash
            if existing.body == blobHash || sameInput {
                if !sameInput { try updatePageLines(session, doc: existing.id, sourceID: sourceID, lines: incoming.pageLines, isNew: false) }
                recordEntry(session, incoming, sourceID: sourceID, now: now)
                recordArticle(session, incoming, doc: existing.id, sourceID: sourceID, now: now)
                session.send(
                    "UPDATE document SET file_size = $1, file_mtime_ns = $2, file_inode = $3 WHERE id = $4",
                    [stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode, existing.id])
                return MergeResult(doc: existing.id, op: nil, version: existing.version, cluster: existing.cluster)
            }
        }
        session.deferred.addBlob(hash: blobHash, size: incoming.body.count, data: incoming.compressedBody)
        let editor = PGClusterEditor(session: session, store: self)
        let fingerprint = incoming.fingerprint
        let doc: Int64
        let version: Int
        let op: ChangeOp
        // A new document with a reserved id is inserted, fingerprinted and indexed by the
        // statement that finds its candidates (`candidates(…, inserting:)`): one round trip.
        var inserting: NewDocument?
        if let existing {
            doc = existing.id
            version = existing.version + 1
            op = .update
            session.send(
                """
                UPDATE document SET version = $1, deleted = FALSE, updated_at = $2, file_size = $3, file_mtime_ns = $4, file_inode = $5
                WHERE id = $6
                """, [version, now, stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode, doc])
        } else {
            let columns = "source_id, key, version, created_at, updated_at, file_size, file_mtime_ns, file_inode"
            let values: [(any PGBindable)?] = [sourceID, incoming.key, now, now, stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode]
            if !fresh.isEmpty {
                doc = fresh.removeFirst()
                inserting = NewDocument(source: sourceID, key: incoming.key, now: now, stamp: stamp)
            } else {
                guard
                    let id = try session.first(
                        "INSERT INTO document(\(columns)) VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING id", values, { try $0.int64(0) })
                else { throw SyncError(.store, "inserting a document returned no id") }
                doc = id
            }
            version = 1
            op = .create
        }
        for blob in [incoming.original, incoming.page].compactMap({ $0 }) {
            session.deferred.addBlob(hash: blob.hash, size: blob.size, data: blob.compressed)
        }
        session.deferred.addVersion(
            PGDeferredWrites.Version(
                doc: doc, version: version, title: incoming.article.title, blobHash: blobHash, contentHash: fingerprint.contentHash,
                tokens: fingerprint.tokenCount, createdAt: now, originalHash: incoming.original?.hash, metadata: incoming.metadataJSON,
                summary: incoming.summary, pageHash: incoming.page?.hash))
        try updatePageLines(session, doc: doc, sourceID: sourceID, lines: incoming.pageLines, isNew: existing == nil)
        if inserting == nil {
            session.send(
                """
                INSERT INTO fingerprint(doc_id, content_hash, signature, lead_signature) VALUES ($1, $2, $3, $4)
                ON CONFLICT (doc_id) DO UPDATE SET content_hash = excluded.content_hash, signature = excluded.signature,
                    lead_signature = excluded.lead_signature
                """,
                [
                    doc, fingerprint.contentHash, PostgresStore.encodeSignature(fingerprint.signature),
                    fingerprint.leadSignature.map(PostgresStore.encodeSignature),
                ])
        }
        state.withLock { $0.profiles.insert(fingerprint.contentHash, fingerprint.profile) }
        if let existing, !existing.deleted {
            // The new text stays in its cluster as long as it is still alike to the others.
            try editor.detach(doc, now: now, stays: true)
        }
        let found = try candidates(session, fingerprint: fingerprint, excluding: doc, inserting: inserting)
        if inserting == nil { try indexBands(session, doc: doc, fingerprint: fingerprint, isNew: existing == nil) }
        // After the document row exists (a new one is inserted by the candidates' statement).
        recordEntry(session, incoming, sourceID: sourceID, now: now)
        recordArticle(session, incoming, doc: doc, sourceID: sourceID, now: now)
        let matches = try findMatches(session, fingerprint: fingerprint, candidates: found.candidates, hashes: found.hashes)
        let attached = try editor.attach(doc, matches: matches, now: now)
        let membership: PGClusterEditor.Membership
        if let attached {
            membership = attached
        } else if op == .create {
            // A new document that matched nothing is in no cluster.
            membership = PGClusterEditor.Membership.alone
        } else {
            membership = try editor.membership(doc)
        }
        changes.append(
            op: op, doc: doc, source: incoming.source, key: incoming.key, version: version,
            cluster: membership.cluster, canonical: membership.canonical, now: now)
        try editor.recordChanges(excluding: doc, now: now, into: &changes)
        return MergeResult(doc: doc, op: op, version: version, cluster: membership.cluster)
    }

    /// Live documents that are near-duplicates of `fingerprint` among its LSH `candidates`
    /// (equal normalized text, an exact similarity that reaches the threshold, or a summary
    /// contained in its story). Returns document id → similarity (or containment).
    func findMatches(
        _ session: PGSession, fingerprint: Fingerprint, candidates: [(id: Int64, estimate: Double)], hashes: [Int64: [UInt8]]
    ) throws -> [Int64: Double] {
        guard !candidates.isEmpty else { return [:] }
        var matches: [Int64: Double] = [:]
        for candidate in candidates where candidate.estimate == 1 && hashes[candidate.id] == fingerprint.contentHash {
            matches[candidate.id] = 1.0
        }
        let profile = fingerprint.profile
        for candidate in candidates where matches[candidate.id] == nil {
            guard let hash = hashes[candidate.id] else { continue }
            let shingles = try self.profile(session, doc: candidate.id, contentHash: hash)
            if let similarity = Similarity.nearDuplicate(profile, shingles, threshold: parameters.threshold) { matches[candidate.id] = similarity }
        }
        return matches
    }

    /// A live document's shingles: from the cache, else recomputed from its stored text.
    func profile(_ session: PGSession, doc: Int64, contentHash: [UInt8]? = nil) throws -> ShingleProfile {
        let hash = try contentHash ?? session.first("SELECT content_hash FROM fingerprint WHERE doc_id = $1", [doc], { try $0.bytes(0) })
        if let hash, let cached = state.withLock({ $0.profiles[hash] }) { return cached }
        let profile = fingerprinter.profile(text: try currentText(session, doc: doc))
        if let hash { state.withLock { $0.profiles.insert(hash, profile) } }
        return profile
    }

    /// Remembers a feed entry's guid, link and digest under its document key.
    private func recordEntry(_ session: PGSession, _ incoming: IncomingDocument, sourceID: Int64, now: Double) {
        guard let entry = incoming.entry else { return }
        session.send(
            """
            INSERT INTO feed_entry(source_id, key, guid, link, digest, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (source_id, key) DO UPDATE SET guid = excluded.guid, link = excluded.link, digest = excluded.digest,
                last_seen = excluded.last_seen
            """, [sourceID, incoming.key, entry.guid, entry.link, entry.digest, now, now])
    }
}
