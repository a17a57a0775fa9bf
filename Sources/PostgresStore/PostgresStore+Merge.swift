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
    public func merge(_ batch: [IncomingDocument], now: Double) throws(SyncError) -> [MergeResult] {
        guard !batch.isEmpty else { return [] }
        var ids: [String: Int64] = [:]
        for name in Set(batch.map(\.source)) { ids[name] = try sourceID(name) }
        return try write("cannot merge documents") { session, changes in
            try lockBands(session, batch)
            return try batch.map { try mergeOne(session, $0, sourceID: ids[$0.source]!, changes: &changes, now: now) }
        }
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
        _ session: PGSession, _ incoming: IncomingDocument, sourceID: Int64, changes: inout ChangeBuffer, now: Double
    ) throws
        -> MergeResult
    {
        let blobHash = incoming.bodyHash
        let stamp = incoming.stamp
        let existing = try session.first(
            "SELECT id, version, deleted, cluster_id FROM document WHERE source_id = $1 AND key = $2 FOR UPDATE", [sourceID, incoming.key]
        ) { (id: try $0.int64(0), version: try $0.int(1), deleted: try $0.bool(2), cluster: try $0.optionalInt64(3)) }
        if let existing, !existing.deleted {
            let current = try session.first(
                "SELECT blob_hash FROM version WHERE doc_id = $1 AND version = $2", [existing.id, existing.version], { try $0.bytes(0) })
            if current == blobHash {
                try recordEntry(session, incoming, sourceID: sourceID, now: now)
                session.send(
                    "UPDATE document SET file_size = $1, file_mtime_ns = $2, file_inode = $3 WHERE id = $4",
                    [stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode, existing.id])
                return MergeResult(doc: existing.id, op: nil, version: existing.version, cluster: existing.cluster)
            }
        }
        session.send(
            "INSERT INTO blob(hash, size, data) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
            [blobHash, incoming.body.count, incoming.compressedBody])
        let editor = PGClusterEditor(session: session, store: self)
        let doc: Int64
        let version: Int
        let op: ChangeOp
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
            guard
                let id = try session.first(
                    """
                    INSERT INTO document(source_id, key, version, created_at, updated_at, file_size, file_mtime_ns, file_inode)
                    VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING id
                    """, [sourceID, incoming.key, now, now, stamp?.size, stamp?.modifiedNanoseconds, stamp?.inode], { try $0.int64(0) })
            else { throw SyncError(.store, "inserting a document returned no id") }
            doc = id
            version = 1
            op = .create
        }
        let fingerprint = incoming.fingerprint
        if let original = incoming.original {
            try session.query(
                "INSERT INTO blob(hash, size, data) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING",
                [original.hash, original.size, original.compressed])
        }
        session.send(
            """
            INSERT INTO version(doc_id, version, title, blob_hash, content_hash, tokens, created_at, original_hash, metadata)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [
                doc, version, incoming.article.title, blobHash, fingerprint.contentHash, fingerprint.tokenCount, now,
                incoming.original?.hash, incoming.metadataJSON,
            ])
        try recordEntry(session, incoming, sourceID: sourceID, now: now)
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
        state.withLock { $0.profiles.insert(fingerprint.contentHash, fingerprint.profile) }
        if let existing, !existing.deleted {
            // The new text stays in its cluster as long as it is still alike to the others.
            try editor.detach(doc, now: now, stays: true)
        }
        let screen = parameters.threshold - LSHIndex.screeningMargin
        var candidates = try self.candidates(session, table: "band", signature: fingerprint.signature, excluding: doc, minimumEstimate: screen)
        if let lead = fingerprint.leadSignature {
            // Documents that open as this one does: its summaries, or the story it summarizes.
            let known = Set(candidates.map(\.id))
            for candidate in try self.candidates(session, table: "lead_band", signature: lead, excluding: doc, minimumEstimate: screen)
            where !known.contains(candidate.id) {
                candidates.append((candidate.id, 0))
            }
        }
        try indexBands(session, doc: doc, fingerprint: fingerprint)
        let matches = try findMatches(session, fingerprint: fingerprint, candidates: candidates)
        try editor.attach(doc, matches: matches, now: now)
        let membership =
            matches.isEmpty && op == .create
            ? PGClusterEditor.Membership(cluster: nil, canonical: false) : try editor.membership(doc)
        changes.append(
            op: op, doc: doc, source: incoming.source, key: incoming.key, version: version,
            cluster: membership.cluster, canonical: membership.canonical, now: now)
        try editor.recordChanges(excluding: doc, now: now, into: &changes)
        return MergeResult(doc: doc, op: op, version: version, cluster: membership.cluster)
    }

    /// Live documents that are near-duplicates of `fingerprint` among its LSH `candidates`
    /// (equal normalized text, an exact similarity that reaches the threshold, or a summary
    /// contained in its story). Returns document id → similarity (or containment).
    func findMatches(_ session: PGSession, fingerprint: Fingerprint, candidates: [(id: Int64, estimate: Double)]) throws -> [Int64: Double] {
        guard !candidates.isEmpty else { return [:] }
        var matches: [Int64: Double] = [:]
        let hashes = Dictionary(
            try session.all(
                "SELECT doc_id, content_hash FROM fingerprint WHERE doc_id = ANY($1::bigint[])", [Int64s(candidates.map(\.id))],
                { (try $0.int64(0), try $0.bytes(1)) }), uniquingKeysWith: { first, _ in first })
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
    private func recordEntry(_ session: PGSession, _ incoming: IncomingDocument, sourceID: Int64, now: Double) throws {
        guard let entry = incoming.entry else { return }
        session.send(
            """
            INSERT INTO feed_entry(source_id, key, guid, link, digest, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (source_id, key) DO UPDATE SET guid = excluded.guid, link = excluded.link, digest = excluded.digest,
                last_seen = excluded.last_seen
            """, [sourceID, incoming.key, entry.guid, entry.link, entry.digest, now, now])
    }
}
