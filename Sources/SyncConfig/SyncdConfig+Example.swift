extension SyncdConfig {
    /// A commented configuration showing every key with its default value, for
    /// `syncd --print-example-config`-style output and documentation. Its one source reads the
    /// `seeds` folder next to the config file.
    public static let example: String = """
        # syncd configuration (TOML). Every key is optional except the [[source]] tables.
        # Relative paths resolve against the folder of this file.

        [store]
        path = "/var/lib/syncd/store.db"    # the SQLite file
        # For PostgreSQL, which several nodes can share, set url instead of path:
        #   url = "postgresql://syncd@db.example:5432/syncd"   # or postgresql://syncd@localhost/syncd?host=/run/postgresql
        #   password_file = "/etc/syncd/pg.password"         # else the URL's password, else $PGPASSWORD

        [dedup]
        shingle_size = 3                    # words per shingle, 1...16
        permutations = 128                  # MinHash signature length, 16...1024, a multiple of 8
        threshold = 0.45                     # near-duplicate Jaccard similarity, strictly between 0 and 1
        # bands = 32                        # LSH bands, must divide permutations (default: from threshold)
        seed = 0x5359_4E43_4421             # changing it invalidates stored fingerprints

        [ingest]
        max_file_size = "10MiB"             # bytes, or a size with a unit: B, KB, KiB, MB, MiB, GB, GiB

        [daemon]
        # socket = "/run/syncd/syncd.sock"  # the API's unix socket (default: $RUNTIME_DIRECTORY/syncd.sock)
        # listen = "127.0.0.1:8089"         # also serve the API on TCP (off by default; needs token_file)
        # token_file = "/etc/syncd/api.token"  # bearer token the TCP listener requires (16+ characters)
        # node = "east-1"                   # this node's name (default: the host name)
        rescan_interval = "1h"              # full rescan of every folder, beside inotify
        max_connections = 512               # connections per API listener; more wait in the backlog
        idle_timeout = "60s"                # close a connection without a complete request after this

        [feeds]                             # defaults for every feed source
        interval = "30m"                    # base polling interval: "90s", "15m", "1h30m", "2d" or seconds
        min_interval = "5m"                 # bounds of the computed interval and of the failure backoff
        max_interval = "24h"
        connect_timeout = "10s"
        timeout = "60s"
        max_size = "10MiB"                  # counted after decompression
        per_host = 2                        # concurrent transfers to one host
        concurrency = 16                    # concurrent transfers overall
        full_text = "never"                 # "auto": fetch the linked article of short or cut entries; "always": of every entry
        # user_agent = "archive-bot/1.0"    # default: syncd/VERSION (feed fetcher; +URL)

        [[source]]
        name = "seeds"                      # unique; 1-64 characters of A-Z a-z 0-9 . _ -
        type = "folder"                     # "folder" or "feed"
        path = "seeds"                      # the folder to ingest
        # max_file_size = "1MiB"            # overrides [ingest] for this source
        # tags = ["archive", "ar"]          # labels for people and tools (OPML categories); syncd itself ignores them
        # enabled = false                   # keep the source (and its name) but do not ingest it

        # [[source]]
        # name = "news"
        # type = "feed"
        # url = "https://example.org/feed.xml"
        # interval = "15m"                  # overrides [feeds]; so do user_agent, timeout, connect_timeout, max_size
        # headers = { "Accept-Language" = "ar" }
        # charset = "windows-1256"          # wins over what the server and the document declare
        # full_text = "auto"               # overrides [feeds]: complete summaries with the article their link leads to
        # tags = ["news", "أخبار"]          # `syncctl sources export` writes them as the feed's OPML categories

        """
}
