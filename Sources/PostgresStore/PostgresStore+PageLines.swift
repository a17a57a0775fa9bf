import Foundation
public import Storage
public import SyncModel

// The per-source chrome model's counts (`source_line`, `document_lines`) and the kept inputs
// `syncctl reextract` reads, as in the SQLite store (SQLiteStore+PageLines.swift). The writes
// are on the ingest path: kept with the transaction's other deferred rows (`PGDeferredWrites`)
// and written a statement per kind at its end; nothing at all for a new document that is not a
// page dump.
extension PostgresStore {
    /// Makes `doc`'s lines in its source's counts `lines` (none when `nil`): the lines its
    /// previous input counted are taken out, the new ones put in (in the session's deferred
    /// rows); nothing changes when they are the same.
    /// - Parameter isNew: the document was just created, so it counts no lines yet.
    func updatePageLines(_ session: PGSession, doc: Int64, sourceID: Int64, lines: [PageLine]?, isNew: Bool) throws {
        if isNew && lines == nil { return }
        let old: [UInt64]
        if isNew {
            old = []
        } else if let pending = session.deferred.pendingLines(of: doc) {
            old = pending.map(LineHashes.decode) ?? []
        } else {
            old = try session.first("SELECT hashes FROM document_lines WHERE doc_id = $1", [doc]) { LineHashes.decode(try $0.bytes(0)) } ?? []
        }
        guard let new = session.deferred.lineDeltas.replace(old, with: lines, source: sourceID) else { return }
        session.deferred.setLines(doc: doc, source: sourceID, hashes: new.isEmpty ? nil : LineHashes.encode(new))
    }

    /// Takes a deleted document's lines out of its source's counts.
    func forgetPageLines(_ session: PGSession, doc: Int64) throws {
        session.flushDeferred()
        guard let sourceID = try session.first("SELECT source_id FROM document_lines WHERE doc_id = $1", [doc], { try $0.int64(0) }) else {
            return
        }
        try updatePageLines(session, doc: doc, sourceID: sourceID, lines: nil, isNew: false)
    }

    public func pageLineCounts(source: String, minDocuments: Int) throws(SyncError) -> PageLineCounts {
        try withSession { session in
            guard let id = try session.first("SELECT id FROM source WHERE name = $1", [source], { try $0.int64(0) }) else {
                return PageLineCounts()
            }
            let documents = try session.first("SELECT COUNT(*) FROM document_lines WHERE source_id = $1", [id], { try $0.int(0) }) ?? 0
            // `documents >= 2` lets the server read the partial index of recurring lines.
            let lines = try session.all(
                "SELECT hash, words, documents FROM source_line WHERE source_id = $1 AND documents >= 2 AND documents >= $2", [id, minDocuments]
            ) { row in (line: PageLine(hash: UInt64(bitPattern: try row.int64(0)), words: try row.int(1)), documents: try row.int(2)) }
            return PageLineCounts(documents: documents, lines: lines.sorted { $0.line.hash < $1.line.hash })
        }
    }

    public func storedInputs(source: String) throws(SyncError) -> [StoredInput] {
        try withSession { session in
            try session.all(
                """
                SELECT d.id, d.key, d.version, d.file_size, d.file_mtime_ns, d.file_inode, v.blob_hash, b.data, b.size, l.hashes
                FROM document d JOIN source s ON s.id = d.source_id
                JOIN version v ON v.doc_id = d.id AND v.version = d.version
                LEFT JOIN blob b ON b.hash = v.original_hash
                LEFT JOIN document_lines l ON l.doc_id = d.id
                WHERE s.name = $1 AND NOT d.deleted AND d.file_size IS NOT NULL
                ORDER BY d.key
                """, [source]
            ) { row in
                var stamp: FileStamp?
                if let size = try row.optionalInt64(3), let mtime = try row.optionalInt64(4), let inode = try row.optionalInt64(5) {
                    stamp = FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)
                }
                return StoredInput(
                    doc: try row.int64(0), key: try row.text(1), version: try row.int(2), stamp: stamp, bodyHash: try row.bytes(6),
                    compressedOriginal: try row.optionalBytes(7), originalSize: try row.optionalInt(8) ?? 0,
                    pageLines: try row.optionalBytes(9).map { Set(LineHashes.decode($0)) })
            }
        }
    }
}
