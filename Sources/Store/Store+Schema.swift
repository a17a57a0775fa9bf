internal import GRDB

extension Store {
    /// Migrations are only ever appended: a released schema step is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE source (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    location TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    last_scan_at REAL,
                    last_success_at REAL,
                    last_error TEXT,
                    last_error_at REAL,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    files_seen INTEGER NOT NULL DEFAULT 0,
                    files_skipped INTEGER NOT NULL DEFAULT 0,
                    files_failed INTEGER NOT NULL DEFAULT 0
                );
                -- Files that could not be ingested in a source's latest scan, with the reason.
                CREATE TABLE source_problem (
                    source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    at REAL NOT NULL,
                    PRIMARY KEY (source_id, key)
                );
                -- Bodies, stored once by SHA-256 of their UTF-8 text, zlib-compressed.
                CREATE TABLE blob (
                    hash BLOB PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    data BLOB NOT NULL
                );
                CREATE TABLE cluster (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    canonical_doc_id INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    dissolved INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE document (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id INTEGER NOT NULL REFERENCES source(id),
                    key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    cluster_id INTEGER REFERENCES cluster(id),
                    similarity REAL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    file_size INTEGER,
                    file_mtime_ns INTEGER,
                    file_inode INTEGER,
                    UNIQUE (source_id, key)
                );
                CREATE INDEX document_cluster ON document(cluster_id) WHERE cluster_id IS NOT NULL;
                CREATE TABLE version (
                    doc_id INTEGER NOT NULL REFERENCES document(id),
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    blob_hash BLOB NOT NULL REFERENCES blob(hash),
                    content_hash BLOB NOT NULL,
                    tokens INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (doc_id, version)
                ) WITHOUT ROWID;
                -- The near-duplicate index of live documents; loaded into memory at start-up.
                CREATE TABLE fingerprint (
                    doc_id INTEGER PRIMARY KEY REFERENCES document(id),
                    content_hash BLOB NOT NULL,
                    signature BLOB NOT NULL
                );
                -- The change log: seq is strictly increasing and never reused (AUTOINCREMENT).
                CREATE TABLE change (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    op TEXT NOT NULL,
                    doc_id INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    cluster_id INTEGER,
                    canonical INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
