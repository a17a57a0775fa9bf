import Foundation
public import Storage
public import SyncModel

/// What `syncctl migrate` needs of a PostgreSQL store: rows copied in as they were, the copy's
/// progress kept in `meta` in the same transactions (so a stopped copy resumes), and the
/// sequences, the change log's head and the band index set from what was copied.
extension PostgresStore {
    /// How a copied column is typed here (SQLite keeps booleans as integers).
    public enum ColumnKind: Sendable {
        case integer, real, text, bytes, boolean
    }

    /// The tables a store holds documents, changes or sources in; a target holding any row
    /// in them is not empty.
    static let contentTables = ["source", "document", "change", "consumer", "feed_state"]

    /// Whether no source, document, change, consumer or feed state is stored yet.
    public func isEmpty() throws(SyncError) -> Bool {
        try withSession { session in
            for table in PostgresStore.contentTables {
                if try session.first("SELECT EXISTS (SELECT 1 FROM \(table))", [], { try $0.bool(0) }) == true { return false }
            }
            return true
        }
    }

    /// A `meta` value (`migrate.*` progress), `nil` when unset.
    public func metaValue(_ key: String) throws(SyncError) -> String? {
        try withSession { session in try session.first("SELECT value FROM meta WHERE key = $1", [key]) { try $0.text(0) } }
    }

    public func setMetaValue(_ key: String, _ value: String) throws(SyncError) {
        try write("cannot record \(key)") { session, _ in
            try session.query("INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
        }
    }

    /// Inserts copied rows (those already here are left as they are) and records `progress`
    /// under `progressKey` in `meta`, in one transaction.
    public func importRows(
        table: String, columns: [(name: String, kind: ColumnKind)], rows: [[StoreValue]], progressKey: String, progress: Int64
    ) throws(SyncError) {
        try write("cannot copy rows into \(table)") { session, _ in
            // Statements of at most ~30,000 parameters (the protocol allows 65,535).
            let perStatement = max(1, 30_000 / max(1, columns.count))
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(start + perStatement, rows.count)]
                var arguments: [(any PGBindable)?] = []
                var tuples: [String] = []
                for row in chunk {
                    var slots: [String] = []
                    for (value, column) in zip(row, columns) {
                        arguments.append(PostgresStore.bindable(value, as: column.kind))
                        slots.append("$\(arguments.count)")
                    }
                    tuples.append("(" + slots.joined(separator: ", ") + ")")
                }
                let names = columns.map(\.name).joined(separator: ", ")
                try session.query(
                    "INSERT INTO \(table)(\(names)) VALUES \(tuples.joined(separator: ", ")) ON CONFLICT DO NOTHING", arguments)
                start += perStatement
            }
            try session.query(
                "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [progressKey, "\(progress)"])
        }
    }

    private static func bindable(_ value: StoreValue, as kind: ColumnKind) -> (any PGBindable)? {
        switch (value, kind) {
        case (.null, _): nil
        case (.integer(let number), .boolean): number != 0
        case (.integer(let number), .real): Double(number)
        case (.integer(let number), .text): "\(number)"
        case (.integer(let number), _): number
        case (.real(let number), .integer): Int64(number)
        case (.real(let number), _): number
        case (.text(let text), .bytes): Array(text.utf8)
        case (.text(let text), _): text
        case (.bytes(let bytes), .text): String(decoding: bytes, as: UTF8.self)
        case (.bytes(let bytes), _): bytes
        }
    }

    /// Ends a copy: id sequences continue after the copied ids, the change log's head is its
    /// highest copied `seq`, and the band index is built from the copied signatures.
    public func finishImport() throws(SyncError) {
        try write("cannot finish the copy") { session, _ in
            for table in ["source", "cluster", "document"] {
                try session.query("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST((SELECT MAX(id) FROM \(table)), 1))")
            }
            try session.query("UPDATE change_head SET seq = GREATEST(seq, COALESCE((SELECT MAX(seq) FROM change), 0)) WHERE id = 1")
            try session.query("DELETE FROM band")
            try session.query("DELETE FROM lead_band")
            let rows = try session.all("SELECT doc_id, signature, lead_signature FROM fingerprint", []) {
                (doc: try $0.int64(0), signature: try $0.bytes(1), lead: try $0.optionalBytes(2))
            }
            var docs: [Int64] = [], keys: [Int64] = [], leadDocs: [Int64] = [], leadKeys: [Int64] = []
            for row in rows {
                for key in Set(bandKeys(PostgresStore.decodeSignature(row.signature))) {
                    docs.append(row.doc)
                    keys.append(key)
                }
                if let lead = row.lead, !lead.isEmpty {
                    for key in Set(bandKeys(PostgresStore.decodeSignature(lead))) {
                        leadDocs.append(row.doc)
                        leadKeys.append(key)
                    }
                }
            }
            try session.query("INSERT INTO band(key, doc_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])", [Int64s(keys), Int64s(docs)])
            try session.query(
                "INSERT INTO lead_band(key, doc_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])", [Int64s(leadKeys), Int64s(leadDocs)])
        }
    }

    /// The number of rows in `table`.
    public func count(table: String) throws(SyncError) -> Int {
        try withSession { session in try session.first("SELECT COUNT(*) FROM \(table)", [], { try $0.int(0) }) ?? 0 }
    }
}
