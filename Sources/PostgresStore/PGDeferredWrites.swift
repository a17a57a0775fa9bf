import NIOCore
import PostgresNIO
import Storage
import SyncModel

/// Rows a merge transaction writes but nothing on its path reads back before it commits:
/// bodies, versions and the chrome-line counts. They are written together, a statement per
/// table, by `PGSession.flushDeferred` (before the change log's head row is taken, and before any
/// read that needs them). PostgresNIO runs one statement at a time per connection, so every
/// statement is a round trip even when nobody waits for it: a merge of eight documents wrote
/// some eighty, now a dozen.
struct PGDeferredWrites {
    struct Blob {
        var hash: [UInt8]
        var size: Int
        var data: [UInt8]
    }

    struct Version {
        var doc: Int64
        var version: Int
        var title: String
        var blobHash: [UInt8]
        var contentHash: [UInt8]
        var tokens: Int
        var createdAt: Double
        var originalHash: [UInt8]?
        var metadata: String?
        var summary: String?
        var pageHash: [UInt8]?
    }

    private(set) var blobs: [Blob] = []
    private var blobHashes = Set<[UInt8]>()
    private(set) var versions: [Version] = []
    /// Per document, the line hashes it now counts (encoded, `LineHashes`), `nil` for none.
    private(set) var documentLines: [Int64: (source: Int64, hashes: [UInt8]?)] = [:]
    /// The chrome-line count changes.
    var lineDeltas = PageLineDeltas()

    var isEmpty: Bool { blobs.isEmpty && versions.isEmpty && documentLines.isEmpty && lineDeltas.isEmpty }

    /// A body, once per hash (the insert skips those already stored).
    mutating func addBlob(hash: [UInt8], size: Int, data: [UInt8]) {
        guard blobHashes.insert(hash).inserted else { return }
        blobs.append(Blob(hash: hash, size: size, data: data))
    }

    mutating func addVersion(_ version: Version) { versions.append(version) }

    /// A document's counted lines as this transaction left them, if it changed them.
    func pendingLines(of doc: Int64) -> [UInt8]?? { documentLines[doc].map(\.hashes) }

    mutating func setLines(doc: Int64, source: Int64, hashes: [UInt8]?) { documentLines[doc] = (source, hashes) }

    mutating func removeAll() { self = PGDeferredWrites() }
}

extension PGSession {
    /// Writes the deferred rows (pipelined: the caller's next wait, or the commit, surfaces an
    /// error) and forgets them. Rows go in key order, so two nodes' transactions inserting the
    /// same keys take their locks in one order.
    func flushDeferred() {
        guard !deferred.isEmpty else { return }
        let rows = deferred
        deferred.removeAll()
        if !rows.blobs.isEmpty {
            let blobs = rows.blobs.sorted { $0.hash.lexicographicallyPrecedes($1.hash) }
            send(
                """
                INSERT INTO blob(hash, size, data) SELECT h, s, d FROM unnest($1::bytea[], $2::bigint[], $3::bytea[]) AS t(h, s, d) ORDER BY h
                ON CONFLICT (hash) DO NOTHING
                """, [Buffers(blobs.map(\.hash)), Int64s(blobs.map { Int64($0.size) }), Buffers(blobs.map(\.data))])
        }
        if !rows.versions.isEmpty {
            let versions = rows.versions
            // Absent values travel as empty bytes (a hash is never empty) or with a null flag.
            send(
                """
                INSERT INTO version(doc_id, version, title, blob_hash, content_hash, tokens, created_at, original_hash, metadata, summary, page_hash)
                SELECT d, v, t, b, c, k, a, NULLIF(o, ''::bytea), CASE WHEN mn THEN NULL ELSE m END, CASE WHEN sn THEN NULL ELSE s END,
                    NULLIF(p, ''::bytea)
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bytea[], $5::bytea[], $6::bigint[], $7::float8[], $8::bytea[],
                    $9::text[], $10::bool[], $11::text[], $12::bool[], $13::bytea[]) AS r(d, v, t, b, c, k, a, o, m, mn, s, sn, p)
                """,
                [
                    Int64s(versions.map(\.doc)), Int64s(versions.map { Int64($0.version) }), Texts(versions.map(\.title)),
                    Buffers(versions.map(\.blobHash)), Buffers(versions.map(\.contentHash)), Int64s(versions.map { Int64($0.tokens) }),
                    Doubles(versions.map(\.createdAt)), Buffers(versions.map { $0.originalHash ?? [] }),
                    Texts(versions.map { $0.metadata ?? "" }), Bools(versions.map { $0.metadata == nil }),
                    Texts(versions.map { $0.summary ?? "" }), Bools(versions.map { $0.summary == nil }),
                    Buffers(versions.map { $0.pageHash ?? [] }),
                ])
        }
        let lines = rows.documentLines.sorted { $0.key < $1.key }
        let kept = lines.filter { $0.value.hashes != nil }
        if !kept.isEmpty {
            send(
                """
                INSERT INTO document_lines(doc_id, source_id, hashes) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])
                ON CONFLICT (doc_id) DO UPDATE SET source_id = excluded.source_id, hashes = excluded.hashes
                """, [Int64s(kept.map(\.key)), Int64s(kept.map(\.value.source)), Buffers(kept.map { $0.value.hashes ?? [] })])
        }
        let dropped = lines.filter { $0.value.hashes == nil }.map(\.key)
        if !dropped.isEmpty { send("DELETE FROM document_lines WHERE doc_id = ANY($1::bigint[])", [Int64s(dropped)]) }
        let deltas = rows.lineDeltas.nonZero
        let added = deltas.filter { $0.delta > 0 }
        if !added.isEmpty {
            send(
                """
                INSERT INTO source_line(source_id, hash, words, documents) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[])
                ON CONFLICT (source_id, hash) DO UPDATE SET documents = source_line.documents + excluded.documents
                """,
                [
                    Int64s(added.map(\.key.source)), Int64s(added.map { Int64(bitPattern: $0.key.hash) }),
                    Int64s(added.map { Int64($0.words) }), Int64s(added.map { Int64($0.delta) }),
                ])
        }
        let removed = deltas.filter { $0.delta < 0 }
        if !removed.isEmpty {
            let arguments: [(any PGBindable)?] = [
                Int64s(removed.map(\.key.source)), Int64s(removed.map { Int64(bitPattern: $0.key.hash) }),
                Int64s(removed.map { Int64($0.delta) }),
            ]
            send(
                """
                UPDATE source_line l SET documents = l.documents + t.n FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS t(s, h, n)
                WHERE l.source_id = t.s AND l.hash = t.h
                """, arguments)
            send(
                """
                DELETE FROM source_line l USING unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS t(s, h, n)
                WHERE l.source_id = t.s AND l.hash = t.h AND l.documents <= 0
                """, arguments)
        }
    }
}

/// A `bytea[]` parameter.
struct Buffers: PGBindable {
    var values: [[UInt8]]
    init(_ values: [[UInt8]]) { self.values = values }
    func bind(into bindings: inout PostgresBindings) { bindings.append(values.map { ByteBuffer(bytes: $0) }) }
}
