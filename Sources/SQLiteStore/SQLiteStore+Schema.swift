internal import GRDB

extension SQLiteStore {
    /// Migrations are only ever appended: a released schema step is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
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
        migrator.registerMigration("v2-feeds") { db in
            try db.execute(
                sql: """
                    -- The entry as its feed gave it (JSON with the original HTML), for feed documents.
                    ALTER TABLE version ADD COLUMN original_hash BLOB REFERENCES blob(hash);
                    -- How each feed source is fetched and when it is due again; survives restarts.
                    CREATE TABLE feed_state (
                        source_id INTEGER PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
                        url TEXT NOT NULL,
                        current_url TEXT NOT NULL,
                        etag TEXT,
                        last_modified TEXT,
                        last_fetch_at REAL,
                        last_status INTEGER,
                        last_result TEXT,
                        last_seconds REAL,
                        next_due_at REAL,
                        backoff_seconds REAL,
                        disabled_reason TEXT,
                        entries INTEGER NOT NULL DEFAULT 0,
                        publish_interval REAL
                    );
                    -- Retry-After told by a host (429, 503) applies to every source on it.
                    CREATE TABLE host_state (
                        host TEXT PRIMARY KEY NOT NULL,
                        retry_after_until REAL NOT NULL,
                        reason TEXT NOT NULL
                    );
                    -- Identities of the entries a feed delivered, so that an entry whose guid changes
                    -- (or is shared by several entries) is still recognised by its link or content.
                    CREATE TABLE feed_entry (
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        guid TEXT,
                        link TEXT,
                        digest TEXT NOT NULL,
                        first_seen REAL NOT NULL,
                        last_seen REAL NOT NULL,
                        PRIMARY KEY (source_id, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX feed_entry_guid ON feed_entry(source_id, guid) WHERE guid IS NOT NULL;
                    CREATE INDEX feed_entry_link ON feed_entry(source_id, link) WHERE link IS NOT NULL;
                    CREATE INDEX feed_entry_digest ON feed_entry(source_id, digest);
                    """)
        }
        migrator.registerMigration("v3-consumers") { db in
            try db.execute(
                sql: """
                    -- Named change-feed consumers and the last seq each has committed.
                    CREATE TABLE consumer (
                        name TEXT PRIMARY KEY NOT NULL,
                        seq INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4-error-codes") { db in
            // The stable code of a source's last failure beside its message.
            try db.execute(sql: "ALTER TABLE source ADD COLUMN last_error_code TEXT")
        }
        migrator.registerMigration("v5-metadata") { db in
            // What the page or entry said about the article (ArticleMetadata as JSON), per
            // version; NULL when it said nothing and for versions stored before this step.
            try db.execute(sql: "ALTER TABLE version ADD COLUMN metadata TEXT")
        }
        migrator.registerMigration("v6-leads") { db in
            // The MinHash signature of a document's lead (`SummaryMatch`), so that a summary and
            // its full story find each other; NULL for texts too short to have one. Filled for
            // existing documents when the store opens (the fingerprint marker changes with it).
            try db.execute(sql: "ALTER TABLE fingerprint ADD COLUMN lead_signature BLOB")
        }
        migrator.registerMigration("v7-counters") { db in
            // Status and metrics read counts that the same transactions as the changes keep up to
            // date (triggers), instead of counting every document on every call.
            try db.execute(
                sql: """
                    ALTER TABLE source ADD COLUMN live_documents INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN deleted_documents INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN version_count INTEGER NOT NULL DEFAULT 0;
                    -- Live documents in the cluster; a cluster counts from two.
                    ALTER TABLE cluster ADD COLUMN live_members INTEGER NOT NULL DEFAULT 0;
                    -- Store-wide counts: 'clusters' (two live members or more) and 'duplicates'
                    -- (their members but the canonical).
                    CREATE TABLE counter (
                        name TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    );
                    UPDATE source SET
                        live_documents = (SELECT COUNT(*) FROM document d WHERE d.source_id = source.id AND d.deleted = 0),
                        deleted_documents = (SELECT COUNT(*) FROM document d WHERE d.source_id = source.id AND d.deleted != 0),
                        version_count = (SELECT COUNT(*) FROM version v JOIN document d ON d.id = v.doc_id WHERE d.source_id = source.id);
                    UPDATE cluster SET live_members = (SELECT COUNT(*) FROM document d WHERE d.cluster_id = cluster.id AND d.deleted = 0);
                    INSERT INTO counter(name, value) VALUES
                        ('clusters', (SELECT COUNT(*) FROM cluster WHERE live_members >= 2)),
                        ('duplicates', (SELECT COALESCE(SUM(live_members - 1), 0) FROM cluster WHERE live_members >= 2));
                    CREATE TRIGGER document_counts_insert AFTER INSERT ON document BEGIN
                        UPDATE source SET live_documents = live_documents + (NEW.deleted = 0),
                            deleted_documents = deleted_documents + (NEW.deleted != 0) WHERE id = NEW.source_id;
                        UPDATE cluster SET live_members = live_members + 1 WHERE id = NEW.cluster_id AND NEW.deleted = 0;
                    END;
                    CREATE TRIGGER document_counts_update AFTER UPDATE OF deleted, cluster_id, source_id ON document
                    WHEN OLD.deleted IS NOT NEW.deleted OR OLD.cluster_id IS NOT NEW.cluster_id OR OLD.source_id IS NOT NEW.source_id BEGIN
                        UPDATE source SET live_documents = live_documents - (OLD.deleted = 0),
                            deleted_documents = deleted_documents - (OLD.deleted != 0) WHERE id = OLD.source_id;
                        UPDATE source SET live_documents = live_documents + (NEW.deleted = 0),
                            deleted_documents = deleted_documents + (NEW.deleted != 0) WHERE id = NEW.source_id;
                        UPDATE cluster SET live_members = live_members - 1 WHERE id = OLD.cluster_id AND OLD.deleted = 0;
                        UPDATE cluster SET live_members = live_members + 1 WHERE id = NEW.cluster_id AND NEW.deleted = 0;
                    END;
                    CREATE TRIGGER document_counts_delete AFTER DELETE ON document BEGIN
                        UPDATE source SET live_documents = live_documents - (OLD.deleted = 0),
                            deleted_documents = deleted_documents - (OLD.deleted != 0) WHERE id = OLD.source_id;
                        UPDATE cluster SET live_members = live_members - 1 WHERE id = OLD.cluster_id AND OLD.deleted = 0;
                    END;
                    CREATE TRIGGER version_counts_insert AFTER INSERT ON version BEGIN
                        UPDATE source SET version_count = version_count + 1 WHERE id = (SELECT source_id FROM document WHERE id = NEW.doc_id);
                    END;
                    CREATE TRIGGER version_counts_delete AFTER DELETE ON version BEGIN
                        UPDATE source SET version_count = version_count - 1 WHERE id = (SELECT source_id FROM document WHERE id = OLD.doc_id);
                    END;
                    CREATE TRIGGER cluster_counts AFTER UPDATE OF live_members ON cluster BEGIN
                        UPDATE counter SET value = value + (NEW.live_members >= 2) - (OLD.live_members >= 2) WHERE name = 'clusters';
                        UPDATE counter SET value = value
                            + (CASE WHEN NEW.live_members >= 2 THEN NEW.live_members - 1 ELSE 0 END)
                            - (CASE WHEN OLD.live_members >= 2 THEN OLD.live_members - 1 ELSE 0 END) WHERE name = 'duplicates';
                    END;
                    """)
        }
        migrator.registerMigration("v8-feed-articles") { db in
            // Full-text fetch for feeds: the article behind an entry's link becomes the document's
            // text; the entry's own text (`summary`) and the page as fetched (`page_hash`, a blob)
            // are kept with the version, so the page can be extracted again without the network.
            // `feed_article` holds where each document's article stands (fetched, pending with
            // its next attempt, failed, blocked by robots.txt). Self-contained: nothing else reads
            // these columns, so this step can be renumbered.
            try db.execute(
                sql: """
                    ALTER TABLE version ADD COLUMN summary TEXT;
                    ALTER TABLE version ADD COLUMN page_hash BLOB REFERENCES blob(hash);
                    CREATE TABLE feed_article (
                        doc_id INTEGER PRIMARY KEY REFERENCES document(id),
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        url TEXT NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL,
                        fetched_at REAL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX feed_article_source ON feed_article(source_id, status, next_attempt_at);
                    """)
        }
        // The status page lists the largest clusters: read off this index, not by a scan.
        migrator.registerMigration("v9-cluster-by-size") { db in
            try db.execute(sql: "CREATE INDEX cluster_by_size ON cluster(live_members DESC, id) WHERE live_members >= 2")
        }
        migrator.registerMigration("v10-page-lines") { db in
            // The per-source chrome model (`SourceChromeModel`): in how many live documents of a
            // source each line of a page dump occurs, and which lines each document counts, so
            // that an update or a delete takes them back out. The documents' inputs are kept as
            // `version.original_hash` blobs (page dumps only; clean text is its own).
            try db.execute(
                sql: """
                    CREATE TABLE source_line (
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        hash INTEGER NOT NULL,
                        words INTEGER NOT NULL,
                        documents INTEGER NOT NULL,
                        PRIMARY KEY (source_id, hash)
                    ) WITHOUT ROWID;
                    -- Only lines in two documents or more are ever asked for: most lines (paragraphs)
                    -- are in one and never enter this index.
                    CREATE INDEX source_line_recurring ON source_line(source_id, documents) WHERE documents >= 2;
                    CREATE TABLE document_lines (
                        doc_id INTEGER PRIMARY KEY REFERENCES document(id),
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        hashes BLOB NOT NULL
                    );
                    CREATE INDEX document_lines_source ON document_lines(source_id);
                    """)
        }
        migrator.registerMigration("v11-fingerprint-opening") { db in
            // Each text's first opening shingle: a lead candidate that opens otherwise is no summary
            // of it (nor its story), so verifying it needs no re-read of its text unless its signature
            // says it may resemble (`findMatches`). Older rows stay NULL: verified as before.
            try db.execute(sql: "ALTER TABLE fingerprint ADD COLUMN opening INTEGER")
        }
        migrator.registerMigration("v12-feed-parsed-digest") { db in
            // A 200 whose body (and what its parse depends on) is the one parsed last time is
            // not parsed again: the digest of that body, and the feed's `<ttl>` in it.
            try db.execute(
                sql: """
                    ALTER TABLE feed_state ADD COLUMN parsed_digest TEXT;
                    ALTER TABLE feed_state ADD COLUMN ttl INTEGER;
                    """)
        }
        migrator.registerMigration("v13-article-counts") { db in
            // Full-text articles per source and status, kept by triggers like v7-counters: status
            // stops grouping every article. `feed_article` rows are upserted (an UPDATE fires
            // these; the DELETE of a REPLACE would not, recursive triggers being off).
            try db.execute(
                sql: """
                    ALTER TABLE source ADD COLUMN articles_fetched INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN articles_pending INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN articles_failed INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN articles_blocked INTEGER NOT NULL DEFAULT 0;
                    UPDATE source SET
                        articles_fetched = (SELECT COUNT(*) FROM feed_article a WHERE a.source_id = source.id AND a.status = 'fetched'),
                        articles_pending = (SELECT COUNT(*) FROM feed_article a WHERE a.source_id = source.id AND a.status = 'pending'),
                        articles_blocked = (SELECT COUNT(*) FROM feed_article a WHERE a.source_id = source.id AND a.status = 'blocked'),
                        articles_failed = (SELECT COUNT(*) FROM feed_article a WHERE a.source_id = source.id
                            AND a.status NOT IN ('fetched', 'pending', 'blocked'));
                    CREATE TRIGGER feed_article_counts_insert AFTER INSERT ON feed_article BEGIN
                        UPDATE source SET articles_fetched = articles_fetched + (NEW.status = 'fetched'),
                            articles_pending = articles_pending + (NEW.status = 'pending'),
                            articles_blocked = articles_blocked + (NEW.status = 'blocked'),
                            articles_failed = articles_failed + (NEW.status NOT IN ('fetched', 'pending', 'blocked')) WHERE id = NEW.source_id;
                    END;
                    CREATE TRIGGER feed_article_counts_update AFTER UPDATE OF status, source_id ON feed_article
                    WHEN OLD.status IS NOT NEW.status OR OLD.source_id IS NOT NEW.source_id BEGIN
                        UPDATE source SET articles_fetched = articles_fetched - (OLD.status = 'fetched'),
                            articles_pending = articles_pending - (OLD.status = 'pending'),
                            articles_blocked = articles_blocked - (OLD.status = 'blocked'),
                            articles_failed = articles_failed - (OLD.status NOT IN ('fetched', 'pending', 'blocked')) WHERE id = OLD.source_id;
                        UPDATE source SET articles_fetched = articles_fetched + (NEW.status = 'fetched'),
                            articles_pending = articles_pending + (NEW.status = 'pending'),
                            articles_blocked = articles_blocked + (NEW.status = 'blocked'),
                            articles_failed = articles_failed + (NEW.status NOT IN ('fetched', 'pending', 'blocked')) WHERE id = NEW.source_id;
                    END;
                    CREATE TRIGGER feed_article_counts_delete AFTER DELETE ON feed_article BEGIN
                        UPDATE source SET articles_fetched = articles_fetched - (OLD.status = 'fetched'),
                            articles_pending = articles_pending - (OLD.status = 'pending'),
                            articles_blocked = articles_blocked - (OLD.status = 'blocked'),
                            articles_failed = articles_failed - (OLD.status NOT IN ('fetched', 'pending', 'blocked')) WHERE id = OLD.source_id;
                    END;
                    """)
        }
        return migrator
    }
}
