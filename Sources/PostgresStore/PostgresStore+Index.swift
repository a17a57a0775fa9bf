import Dedup
import Fingerprint
import SyncModel
import Storage

/// The near-duplicate index in the database: the band keys of every live document's signature
/// (`band`) and of its lead's (`lead_band`), each row pointing at the document, found through
/// the tables' primary keys. What `LSHIndex` keeps in memory for one process, every node
/// shares here.
extension PostgresStore {
    /// How many advisory-lock slots band keys fold into (a key's low 32 bits, the second number
    /// of a two-number advisory lock): two documents that share a band key always share a slot,
    /// and two that do not almost never do. A merge transaction takes one lock per key of its
    /// documents, some 80 each, at most `mergeChunk` documents, so well under the server's
    /// default lock table (`max_locks_per_transaction` 64 × `max_connections`) even with many
    /// nodes. (Folded into 1,024 slots with 64-document transactions, as before, every two
    /// merges shared a slot and two nodes merged one after the other.)
    static let lockSlots: Int64 = 1 << 32

    /// A signature's band keys as the database stores them.
    func bandKeys(_ signature: [UInt32]) -> [Int64] {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: banding.bands) { keys in
            banding.fillKeys(of: signature, into: keys)
            return keys.map { Int64(bitPattern: $0) }
        }
    }

    /// Serializes this transaction with every other that merges documents sharing a band key
    /// with these: each takes the advisory locks of its keys' slots, all at once, in slot order
    /// (so two transactions never wait on each other in a cycle), and holds them to its commit.
    /// A document merged after another that could match it then finds it in the index.
    func lockBands(_ session: PGSession, _ batch: [IncomingDocument]) throws {
        var slots = Set<Int64>()
        for incoming in batch {
            for key in bandKeys(incoming.fingerprint.signature) { slots.insert(key & (PostgresStore.lockSlots - 1)) }
            if let lead = incoming.fingerprint.leadSignature {
                for key in bandKeys(lead) { slots.insert(key & (PostgresStore.lockSlots - 1)) }
            }
        }
        guard !slots.isEmpty else { return }
        try session.query(
            """
            SELECT pg_advisory_xact_lock(\(PostgresStore.lockClass + 1), (s - 2147483648)::int)
            FROM (SELECT s FROM unnest($1::bigint[]) AS s ORDER BY s) AS slots
            """, [Int64s(slots.sorted())])
    }

    /// The LSH candidates of `fingerprint`, but `doc`, in one query: the documents sharing a band
    /// key of its text (`band`) whose estimated similarity (the share of equal signature
    /// positions) passes the screen of `LSHIndex`, sorted by id; then those sharing a band key
    /// of its lead (`lead_band`) whose lead passes it, with estimate 0 (documents that open as
    /// this one does: its summaries, or the story it summarizes). With every candidate's
    /// content hash, which tells exact duplicates.
    /// - Parameter inserting: a new document `doc` to insert, with its fingerprint and band keys,
    ///   in the same statement (its rows are not among the candidates: a statement does not see
    ///   what its own `WITH` clauses write).
    func candidates(
        _ session: PGSession, fingerprint: Fingerprint, excluding doc: Int64, inserting: NewDocument? = nil
    ) throws -> (candidates: [(id: Int64, estimate: Double)], hashes: [Int64: [UInt8]]) {
        var arguments: [(any PGBindable)?] = [
            Int64s(bandKeys(fingerprint.signature)), Int64s(fingerprint.leadSignature.map(bandKeys) ?? []), doc,
        ]
        var insert = ""
        if let inserting {
            insert = """
                WITH new_document AS (
                    INSERT INTO document(id, source_id, key, version, created_at, updated_at, file_size, file_mtime_ns, file_inode)
                    VALUES ($3, $4, $5, 1, $6, $6, $7, $8, $9)),
                new_fingerprint AS (INSERT INTO fingerprint(doc_id, content_hash, signature, lead_signature) VALUES ($3, $10, $11, $12)),
                new_band AS (INSERT INTO band(key, doc_id) SELECT DISTINCT k, $3 FROM unnest($1::bigint[]) AS k),
                new_lead_band AS (INSERT INTO lead_band(key, doc_id) SELECT DISTINCT k, $3 FROM unnest($2::bigint[]) AS k)

                """
            arguments += [
                inserting.source, inserting.key, inserting.now, inserting.stamp?.size, inserting.stamp?.modifiedNanoseconds,
                inserting.stamp?.inode, fingerprint.contentHash, PostgresStore.encodeSignature(fingerprint.signature),
                fingerprint.leadSignature.map(PostgresStore.encodeSignature),
            ]
        }
        let rows = try session.all(
            """
            \(insert)SELECT f.doc_id, f.content_hash, CASE WHEN k.text THEN f.signature END, CASE WHEN k.lead THEN f.lead_signature END
            FROM (SELECT doc_id, bool_or(text) AS text, bool_or(NOT text) AS lead FROM (
                    SELECT doc_id, TRUE AS text FROM band WHERE key = ANY($1::bigint[])
                    UNION ALL SELECT doc_id, FALSE FROM lead_band WHERE key = ANY($2::bigint[])
                ) found GROUP BY doc_id) k
            JOIN fingerprint f ON f.doc_id = k.doc_id
            WHERE k.doc_id <> $3 ORDER BY f.doc_id
            """, arguments
        ) { row in
            (
                id: try row.int64(0), hash: try row.bytes(1), signature: try row.optionalBytes(2).map(PostgresStore.decodeSignature),
                lead: try row.optionalBytes(3).map(PostgresStore.decodeSignature)
            )
        }
        let screen = parameters.threshold - LSHIndex.screeningMargin
        let width = banding.bands * banding.rows
        func estimate(_ stored: [UInt32]?, _ wanted: [UInt32]?) -> Double? {
            guard let stored, let wanted, stored.count >= width, wanted.count >= width else { return nil }
            var equal = 0
            for i in 0..<width where stored[i] == wanted[i] { equal += 1 }
            let estimate = Double(equal) / Double(width)
            return estimate >= screen ? estimate : nil
        }
        var candidates: [(id: Int64, estimate: Double)] = []
        var hashes: [Int64: [UInt8]] = [:]
        for row in rows {
            hashes[row.id] = row.hash
            if let value = estimate(row.signature, fingerprint.signature) { candidates.append((row.id, value)) }
        }
        let known = Set(candidates.map(\.id))
        for row in rows where !known.contains(row.id) && estimate(row.lead, fingerprint.leadSignature) != nil {
            candidates.append((row.id, 0))
        }
        return (candidates, hashes)
    }

    /// A document `candidates` inserts: the columns of its `document` row.
    struct NewDocument {
        var source: Int64
        var key: String
        var now: Double
        var stamp: FileStamp?
    }

    /// Replaces a document's band keys (and its lead's) with those of `fingerprint`.
    /// - Parameter isNew: the document was just created, so it has no keys to take out.
    func indexBands(_ session: PGSession, doc: Int64, fingerprint: Fingerprint, isNew: Bool = false) throws {
        if !isNew { unindexBands(session, doc: doc) }
        session.send(
            "INSERT INTO band(key, doc_id) SELECT DISTINCT k, $2 FROM unnest($1::bigint[]) AS k", [Int64s(bandKeys(fingerprint.signature)), doc])
        if let lead = fingerprint.leadSignature {
            session.send(
                "INSERT INTO lead_band(key, doc_id) SELECT DISTINCT k, $2 FROM unnest($1::bigint[]) AS k", [Int64s(bandKeys(lead)), doc])
        }
    }

    /// Takes a document out of the index.
    func unindexBands(_ session: PGSession, doc: Int64) {
        session.send("DELETE FROM band WHERE doc_id = $1", [doc])
        session.send("DELETE FROM lead_band WHERE doc_id = $1", [doc])
    }
}
