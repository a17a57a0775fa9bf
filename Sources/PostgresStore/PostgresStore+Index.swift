import Dedup
import Fingerprint
import SyncModel
import Storage

/// The near-duplicate index in the database: the band keys of every live document's signature
/// (`band`) and of its lead's (`lead_band`), each row pointing at the document, found through
/// the tables' primary keys. What `LSHIndex` keeps in memory for one process, every node
/// shares here.
extension PostgresStore {
    /// How many advisory-lock slots band keys fold into. A transaction takes one lock per slot
    /// its documents' band keys fall in, so folding bounds the locks one merge holds (the
    /// server's lock table is sized by `max_locks_per_transaction`) while two documents that
    /// share a band key always share a slot.
    static let lockSlots: Int64 = 1024

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
            SELECT pg_advisory_xact_lock(\(PostgresStore.lockClass + 1), s::int)
            FROM (SELECT s FROM unnest($1::bigint[]) AS s ORDER BY s) AS slots
            """, [Int64s(slots.sorted())])
    }

    /// Documents sharing a band with `signature` in `table` (`band` or `lead_band`), but `doc`,
    /// with their estimated similarity (the share of equal signature positions), keeping those
    /// estimated at `minimumEstimate` or more; sorted by id. The same screen as `LSHIndex`.
    func candidates(
        _ session: PGSession, table: String, signature: [UInt32], excluding doc: Int64, minimumEstimate: Double
    ) throws -> [(id: Int64, estimate: Double)] {
        let column = table == "band" ? "signature" : "lead_signature"
        let rows = try session.all(
            """
            SELECT f.doc_id, f.\(column) FROM fingerprint f
            WHERE f.doc_id IN (SELECT doc_id FROM \(table) WHERE key = ANY($1::bigint[])) AND f.doc_id <> $2 AND f.\(column) IS NOT NULL
            ORDER BY f.doc_id
            """, [Int64s(bandKeys(signature)), doc]
        ) { (id: try $0.int64(0), signature: PostgresStore.decodeSignature(try $0.bytes(1))) }
        let width = banding.bands * banding.rows
        var result: [(id: Int64, estimate: Double)] = []
        for row in rows where row.signature.count >= width && signature.count >= width {
            var equal = 0
            for i in 0..<width where row.signature[i] == signature[i] { equal += 1 }
            let estimate = Double(equal) / Double(width)
            if estimate >= minimumEstimate { result.append((row.id, estimate)) }
        }
        return result
    }

    /// Replaces a document's band keys (and its lead's) with those of `fingerprint`.
    func indexBands(_ session: PGSession, doc: Int64, fingerprint: Fingerprint) throws {
        unindexBands(session, doc: doc)
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
