extension SyncdConfig {
    /// A commented configuration showing every key with its default value, for
    /// `syncd --print-example-config`-style output and documentation. Its one source reads the
    /// `seeds` folder next to the config file.
    public static let example: String = """
        # syncd configuration (TOML). Every key is optional except the [[source]] tables.
        # Relative paths resolve against the folder of this file.

        [store]
        path = "/var/lib/syncd/store.db"    # the SQLite file

        [dedup]
        shingle_size = 3                    # words per shingle, 1...16
        permutations = 128                  # MinHash signature length, 16...1024, a multiple of 8
        threshold = 0.45                     # near-duplicate Jaccard similarity, strictly between 0 and 1
        # bands = 32                        # LSH bands, must divide permutations (default: from threshold)
        seed = 0x5359_4E43_4421             # changing it invalidates stored fingerprints

        [ingest]
        max_file_size = "10MiB"             # bytes, or a size with a unit: B, KB, KiB, MB, MiB, GB, GiB

        [[source]]
        name = "seeds"                      # unique; 1-64 characters of A-Z a-z 0-9 . _ -
        type = "folder"                     # only "folder" for now
        path = "seeds"                      # the folder to ingest
        # max_file_size = "1MiB"            # overrides [ingest] for this source
        # enabled = false                   # keep the source (and its name) but do not ingest it

        """
}
