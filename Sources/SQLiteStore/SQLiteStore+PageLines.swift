import Foundation
internal import GRDB
public import Storage
public import SyncModel

// The per-source chrome model's counts (`source_line`, `document_lines`) and the kept inputs
// `syncctl reextract` reads. The writes are on the ingest path: cached raw statements, and
// nothing at all for a new document that is not a page dump.
extension SQLiteStore {
    /// Makes `doc`'s lines in its source's counts `lines` (none when `nil`): the lines its
    /// previous input counted are taken out, the new ones put in (in `deltas`, written by
    /// `flushPageLines` before the transaction commits); nothing changes when they are the same.
    /// - Parameter isNew: the document was just created, so it counts no lines yet.
    func updatePageLines(
        _ db: Database, doc: Int64, sourceID: Int64, lines: [PageLine]?, isNew: Bool, deltas: inout PageLineDeltas
    ) throws {
        if isNew && lines == nil { return }
        let old = isNew ? [] : try db.first("SELECT hashes FROM document_lines WHERE doc_id = ?", [doc]) { LineHashes.decode($0.bytes(0)) } ?? []
        guard let new = deltas.replace(old, with: lines, source: sourceID) else { return }
        if new.isEmpty {
            try db.run("DELETE FROM document_lines WHERE doc_id = ?", [doc])
        } else {
            try db.run(
                "INSERT OR REPLACE INTO document_lines(doc_id, source_id, hashes) VALUES (?, ?, ?)", [doc, sourceID, LineHashes.encode(new)])
        }
    }

    /// Writes a transaction's count changes, and forgets them: three statements whatever their
    /// number (the rows go in as one JSON array read by `json_each`, where one statement per
    /// line was most of a page-dump scan's writes).
    func flushPageLines(_ db: Database, _ deltas: inout PageLineDeltas) throws {
        let changes = deltas.nonZero
        deltas = PageLineDeltas()
        let added = changes.filter { $0.delta > 0 }
        let removed = changes.filter { $0.delta < 0 }
        if !added.isEmpty {
            try db.run(
                """
                INSERT INTO source_line(source_id, hash, words, documents)
                SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
                ON CONFLICT(source_id, hash) DO UPDATE SET documents = documents + excluded.documents
                """, [Self.lineRows(added)])
        }
        if !removed.isEmpty {
            let rows = Self.lineRows(removed)
            try db.run(
                """
                UPDATE source_line SET documents = documents + change.delta
                FROM (SELECT value ->> 0 AS source_id, value ->> 1 AS hash, value ->> 3 AS delta FROM json_each(?)) AS change
                WHERE source_line.source_id = change.source_id AND source_line.hash = change.hash
                """, [rows])
            try db.run(
                """
                DELETE FROM source_line
                WHERE (source_id, hash) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) AND documents <= 0
                """, [rows])
        }
    }

    /// `[[source, hash, words, delta], …]`: integers only, the hash as its signed bit pattern.
    private static func lineRows(_ changes: [(key: PageLineDeltas.Key, words: Int, delta: Int)]) -> String {
        var json = "["
        json.reserveCapacity(changes.count * 40)
        for (index, change) in changes.enumerated() {
            if index > 0 { json += "," }
            json += "[\(change.key.source),\(Int64(bitPattern: change.key.hash)),\(change.words),\(change.delta)]"
        }
        return json + "]"
    }

    /// Takes a deleted document's lines out of its source's counts.
    func forgetPageLines(_ db: Database, doc: Int64, deltas: inout PageLineDeltas) throws {
        guard let sourceID = try db.int64("SELECT source_id FROM document_lines WHERE doc_id = ?", [doc]) else { return }
        try updatePageLines(db, doc: doc, sourceID: sourceID, lines: nil, isNew: false, deltas: &deltas)
    }

    public func pageLineCounts(source: String, minDocuments: Int) throws(SyncError) -> PageLineCounts {
        try read { db in
            guard let id = try SourceRecord.id(db, named: source) else { return PageLineCounts() }
            let documents = try DocumentLinesRecord.filter(DocumentLinesRecord.Columns.sourceID == id).fetchCount(db)
            // `documents >= 2` lets SQLite read the partial index of recurring lines.
            let rows = try Row.fetchAll(
                db, sql: "SELECT hash, words, documents FROM source_line WHERE source_id = ? AND documents >= 2 AND documents >= ?",
                arguments: [id, minDocuments])
            let lines = rows.map { row -> (line: PageLine, documents: Int) in
                (PageLine(hash: UInt64(bitPattern: row[0] as Int64), words: row[1]), row[2])
            }
            return PageLineCounts(documents: documents, lines: lines.sorted { $0.line.hash < $1.line.hash })
        }
    }

    public func storedInputs(source: String) throws(SyncError) -> [StoredInput] {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT d.id, d.key, d.version, d.file_size, d.file_mtime_ns, d.file_inode, v.blob_hash, b.data, b.size, l.hashes
                    FROM document d JOIN source s ON s.id = d.source_id
                    JOIN version v ON v.doc_id = d.id AND v.version = d.version
                    LEFT JOIN blob b ON b.hash = v.original_hash
                    LEFT JOIN document_lines l ON l.doc_id = d.id
                    WHERE s.name = ? AND d.deleted = 0 AND d.file_size IS NOT NULL
                    ORDER BY d.key
                    """, arguments: [source])
            var inputs: [StoredInput] = []
            while let row = try rows.next() {
                var stamp: FileStamp?
                if let size: Int64 = row[3], let mtime: Int64 = row[4], let inode: Int64 = row[5] {
                    stamp = FileStamp(size: size, modifiedNanoseconds: mtime, inode: inode)
                }
                let original: Data? = row[7]
                let lines: Data? = row[9]
                inputs.append(
                    StoredInput(
                        doc: row[0], key: row[1], version: row[2], stamp: stamp, bodyHash: [UInt8](row[6] as Data),
                        compressedOriginal: original.map { [UInt8]($0) }, originalSize: row[8] ?? 0,
                        pageLines: lines.map { Set(LineHashes.decode([UInt8]($0))) }))
            }
            return inputs
        }
    }
}
