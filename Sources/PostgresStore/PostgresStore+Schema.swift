import SyncModel

extension PostgresStore {
    /// One schema step: applied once, in order, recorded in `schema_migration`. Steps are only
    /// ever appended; a released step is never edited (the same rule as the SQLite store's).
    struct Migration {
        var id: String
        var sql: String
    }

    /// The schema, step by step. It mirrors the SQLite store's tables (same names and columns)
    /// so that `syncctl migrate` copies rows one to one, plus what several nodes need: band keys
    /// of the near-duplicate index, the change log's head counter, nodes, and feed leases.
    static let migrations: [Migration] = [
        Migration(
            id: "v1",
            sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                CREATE TABLE source (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    location TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    last_scan_at DOUBLE PRECISION,
                    last_success_at DOUBLE PRECISION,
                    last_error TEXT,
                    last_error_code TEXT,
                    last_error_at DOUBLE PRECISION,
                    consecutive_failures BIGINT NOT NULL DEFAULT 0,
                    files_seen BIGINT NOT NULL DEFAULT 0,
                    files_skipped BIGINT NOT NULL DEFAULT 0,
                    files_failed BIGINT NOT NULL DEFAULT 0
                );
                CREATE TABLE source_problem (
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (source_id, key)
                );
                -- Bodies, stored once by SHA-256 of their UTF-8 text, compressed (BlobCodec).
                CREATE TABLE blob (
                    hash BYTEA PRIMARY KEY,
                    size BIGINT NOT NULL,
                    data BYTEA NOT NULL
                );
                CREATE TABLE cluster (
                    id BIGSERIAL PRIMARY KEY,
                    canonical_doc_id BIGINT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    dissolved BOOLEAN NOT NULL DEFAULT FALSE
                );
                CREATE TABLE document (
                    id BIGSERIAL PRIMARY KEY,
                    source_id BIGINT NOT NULL REFERENCES source(id),
                    key TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    deleted BOOLEAN NOT NULL DEFAULT FALSE,
                    cluster_id BIGINT REFERENCES cluster(id),
                    similarity DOUBLE PRECISION,
                    created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    file_size BIGINT,
                    file_mtime_ns BIGINT,
                    file_inode BIGINT,
                    UNIQUE (source_id, key)
                );
                CREATE INDEX document_cluster ON document(cluster_id) WHERE cluster_id IS NOT NULL;
                CREATE TABLE version (
                    doc_id BIGINT NOT NULL REFERENCES document(id),
                    version BIGINT NOT NULL,
                    title TEXT NOT NULL,
                    blob_hash BYTEA NOT NULL REFERENCES blob(hash),
                    content_hash BYTEA NOT NULL,
                    tokens BIGINT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL,
                    original_hash BYTEA REFERENCES blob(hash),
                    metadata TEXT,
                    PRIMARY KEY (doc_id, version)
                );
                -- Signatures of live documents; their band keys below are the index itself.
                CREATE TABLE fingerprint (
                    doc_id BIGINT PRIMARY KEY REFERENCES document(id),
                    content_hash BYTEA NOT NULL,
                    signature BYTEA NOT NULL,
                    lead_signature BYTEA
                );
                -- The near-duplicate index in the database: one row per (band key, live document),
                -- for the whole text (band) and for its lead (lead_band, SummaryMatch).
                CREATE TABLE band (
                    key BIGINT NOT NULL,
                    doc_id BIGINT NOT NULL,
                    PRIMARY KEY (key, doc_id)
                );
                CREATE INDEX band_doc ON band(doc_id);
                CREATE TABLE lead_band (
                    key BIGINT NOT NULL,
                    doc_id BIGINT NOT NULL,
                    PRIMARY KEY (key, doc_id)
                );
                CREATE INDEX lead_band_doc ON lead_band(doc_id);
                -- The change log. seq is given at commit under the head row's lock, so it increases
                -- in commit order (see PostgresStore+Changes.swift); node is who wrote the change.
                CREATE TABLE change (
                    seq BIGINT PRIMARY KEY,
                    at DOUBLE PRECISION NOT NULL,
                    op TEXT NOT NULL,
                    doc_id BIGINT NOT NULL,
                    source TEXT NOT NULL,
                    key TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    cluster_id BIGINT,
                    canonical BOOLEAN NOT NULL,
                    node TEXT
                );
                CREATE TABLE change_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq BIGINT NOT NULL
                );
                INSERT INTO change_head(id, seq) VALUES (1, 0);
                CREATE TABLE feed_state (
                    source_id BIGINT PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    current_url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_fetch_at DOUBLE PRECISION,
                    last_status BIGINT,
                    last_result TEXT,
                    last_seconds DOUBLE PRECISION,
                    next_due_at DOUBLE PRECISION,
                    backoff_seconds DOUBLE PRECISION,
                    disabled_reason TEXT,
                    entries BIGINT NOT NULL DEFAULT 0,
                    publish_interval DOUBLE PRECISION
                );
                -- Who polls a feed now, until when (FOR UPDATE SKIP LOCKED claims).
                CREATE TABLE feed_lease (
                    source_id BIGINT PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
                    node TEXT NOT NULL,
                    until DOUBLE PRECISION NOT NULL
                );
                CREATE TABLE host_state (
                    host TEXT PRIMARY KEY,
                    retry_after_until DOUBLE PRECISION NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE TABLE feed_entry (
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    guid TEXT,
                    link TEXT,
                    digest TEXT NOT NULL,
                    first_seen DOUBLE PRECISION NOT NULL,
                    last_seen DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (source_id, key)
                );
                CREATE TABLE consumer (
                    name TEXT PRIMARY KEY,
                    seq BIGINT NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL
                );
                -- Every node (daemon) on this database, with its heartbeat.
                CREATE TABLE node (
                    name TEXT PRIMARY KEY,
                    pid BIGINT NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL,
                    ready_at DOUBLE PRECISION,
                    heartbeat_at DOUBLE PRECISION NOT NULL,
                    socket TEXT
                );
                -- The sources each node's configuration lists (registerSources).
                CREATE TABLE node_source (
                    node TEXT NOT NULL,
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    PRIMARY KEY (node, source_id)
                );
                """),
        Migration(
            id: "v2-articles-lines-sizes",
            sql: """
                -- Full-text fetch for feeds (SQLite's v8-feed-articles): the entry's own text and the
                -- article page as fetched are kept with the version; feed_article holds where each
                -- document's article stands.
                ALTER TABLE version ADD COLUMN summary TEXT;
                ALTER TABLE version ADD COLUMN page_hash BYTEA REFERENCES blob(hash);
                CREATE TABLE feed_article (
                    doc_id BIGINT PRIMARY KEY REFERENCES document(id),
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at DOUBLE PRECISION,
                    fetched_at DOUBLE PRECISION,
                    updated_at DOUBLE PRECISION NOT NULL
                );
                CREATE INDEX feed_article_source ON feed_article(source_id, status, next_attempt_at);
                -- The per-source chrome model (SQLite's v10-page-lines): in how many live documents of
                -- a source each page-dump line occurs, and which lines each document counts.
                CREATE TABLE source_line (
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    hash BIGINT NOT NULL,
                    words BIGINT NOT NULL,
                    documents BIGINT NOT NULL,
                    PRIMARY KEY (source_id, hash)
                );
                CREATE INDEX source_line_recurring ON source_line(source_id, documents) WHERE documents >= 2;
                CREATE TABLE document_lines (
                    doc_id BIGINT PRIMARY KEY REFERENCES document(id),
                    source_id BIGINT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    hashes BYTEA NOT NULL
                );
                CREATE INDEX document_lines_source ON document_lines(source_id);
                -- Live members per cluster, kept by a trigger in the transaction that moves a document
                -- (SQLite's v7-counters and v9-cluster-by-size): the largest clusters and the status
                -- counts are read off the partial index, not by grouping every document.
                ALTER TABLE cluster ADD COLUMN live_members BIGINT NOT NULL DEFAULT 0;
                UPDATE cluster c SET live_members = n.count
                    FROM (SELECT cluster_id, COUNT(*) AS count FROM document WHERE cluster_id IS NOT NULL AND NOT deleted GROUP BY cluster_id) n
                    WHERE n.cluster_id = c.id;
                CREATE INDEX cluster_by_size ON cluster(live_members DESC, id) WHERE live_members >= 2;
                CREATE FUNCTION syncd_cluster_members() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.cluster_id IS NOT NULL AND NOT OLD.deleted THEN
                        UPDATE cluster SET live_members = live_members - 1 WHERE id = OLD.cluster_id;
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.cluster_id IS NOT NULL AND NOT NEW.deleted THEN
                        UPDATE cluster SET live_members = live_members + 1 WHERE id = NEW.cluster_id;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER document_cluster_insert AFTER INSERT ON document
                    FOR EACH ROW WHEN (NEW.cluster_id IS NOT NULL) EXECUTE FUNCTION syncd_cluster_members();
                CREATE TRIGGER document_cluster_update AFTER UPDATE OF deleted, cluster_id ON document
                    FOR EACH ROW WHEN (OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.cluster_id IS DISTINCT FROM NEW.cluster_id)
                    EXECUTE FUNCTION syncd_cluster_members();
                CREATE TRIGGER document_cluster_delete AFTER DELETE ON document
                    FOR EACH ROW WHEN (OLD.cluster_id IS NOT NULL) EXECUTE FUNCTION syncd_cluster_members();
                """),
        Migration(
            id: "v3-feed-parsed-digest",
            sql: """
                -- SQLite's v12-feed-parsed-digest: the digest of the last body parsed, and its <ttl>.
                ALTER TABLE feed_state ADD COLUMN parsed_digest TEXT;
                ALTER TABLE feed_state ADD COLUMN ttl BIGINT;
                """),
        Migration(
            id: "v4-source-counts",
            sql: """
                -- Live and deleted documents and versions per source, kept by triggers in the
                -- transaction that changes them (SQLite's v7-counters): status reads them off the
                -- source rows instead of grouping every document and version. A source's documents
                -- are written by one node at a time (its folder's node, its feed's lease holder).
                ALTER TABLE source ADD COLUMN live_documents BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN deleted_documents BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN version_count BIGINT NOT NULL DEFAULT 0;
                UPDATE source s SET live_documents = d.live, deleted_documents = d.dead
                    FROM (SELECT source_id, COUNT(*) FILTER (WHERE NOT deleted) AS live, COUNT(*) FILTER (WHERE deleted) AS dead
                        FROM document GROUP BY source_id) d
                    WHERE d.source_id = s.id;
                UPDATE source s SET version_count = v.versions
                    FROM (SELECT d.source_id, COUNT(*) AS versions FROM version v JOIN document d ON d.id = v.doc_id GROUP BY d.source_id) v
                    WHERE v.source_id = s.id;
                CREATE FUNCTION syncd_source_documents() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        UPDATE source SET live_documents = live_documents - (NOT OLD.deleted)::int,
                            deleted_documents = deleted_documents - OLD.deleted::int WHERE id = OLD.source_id;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        UPDATE source SET live_documents = live_documents + (NOT NEW.deleted)::int,
                            deleted_documents = deleted_documents + NEW.deleted::int WHERE id = NEW.source_id;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER document_source_insert AFTER INSERT ON document
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_documents();
                CREATE TRIGGER document_source_update AFTER UPDATE OF deleted, source_id ON document
                    FOR EACH ROW WHEN (OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.source_id IS DISTINCT FROM NEW.source_id)
                    EXECUTE FUNCTION syncd_source_documents();
                CREATE TRIGGER document_source_delete AFTER DELETE ON document
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_documents();
                CREATE FUNCTION syncd_source_versions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE source SET version_count = version_count + 1 WHERE id = (SELECT source_id FROM document WHERE id = NEW.doc_id);
                    ELSE
                        UPDATE source SET version_count = version_count - 1 WHERE id = (SELECT source_id FROM document WHERE id = OLD.doc_id);
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER version_source_insert AFTER INSERT ON version
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_versions();
                CREATE TRIGGER version_source_delete AFTER DELETE ON version
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_versions();
                """),
        Migration(
            id: "v5-article-counts",
            sql: """
                -- Full-text articles per source and status, kept by a trigger (SQLite's
                -- v13-article-counts): status stops grouping every article.
                ALTER TABLE source ADD COLUMN articles_fetched BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN articles_pending BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN articles_failed BIGINT NOT NULL DEFAULT 0;
                ALTER TABLE source ADD COLUMN articles_blocked BIGINT NOT NULL DEFAULT 0;
                UPDATE source s SET articles_fetched = a.fetched, articles_pending = a.pending, articles_failed = a.failed,
                        articles_blocked = a.blocked
                    FROM (SELECT source_id, COUNT(*) FILTER (WHERE status = 'fetched') AS fetched,
                            COUNT(*) FILTER (WHERE status = 'pending') AS pending, COUNT(*) FILTER (WHERE status = 'blocked') AS blocked,
                            COUNT(*) FILTER (WHERE status NOT IN ('fetched', 'pending', 'blocked')) AS failed
                        FROM feed_article GROUP BY source_id) a
                    WHERE a.source_id = s.id;
                CREATE FUNCTION syncd_source_articles() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        UPDATE source SET articles_fetched = articles_fetched - (OLD.status = 'fetched')::int,
                            articles_pending = articles_pending - (OLD.status = 'pending')::int,
                            articles_blocked = articles_blocked - (OLD.status = 'blocked')::int,
                            articles_failed = articles_failed - (OLD.status NOT IN ('fetched', 'pending', 'blocked'))::int
                            WHERE id = OLD.source_id;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        UPDATE source SET articles_fetched = articles_fetched + (NEW.status = 'fetched')::int,
                            articles_pending = articles_pending + (NEW.status = 'pending')::int,
                            articles_blocked = articles_blocked + (NEW.status = 'blocked')::int,
                            articles_failed = articles_failed + (NEW.status NOT IN ('fetched', 'pending', 'blocked'))::int
                            WHERE id = NEW.source_id;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER feed_article_source_insert AFTER INSERT ON feed_article
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_articles();
                CREATE TRIGGER feed_article_source_update AFTER UPDATE OF status, source_id ON feed_article
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.source_id IS DISTINCT FROM NEW.source_id)
                    EXECUTE FUNCTION syncd_source_articles();
                CREATE TRIGGER feed_article_source_delete AFTER DELETE ON feed_article
                    FOR EACH ROW EXECUTE FUNCTION syncd_source_articles();
                """),
    ]
}
