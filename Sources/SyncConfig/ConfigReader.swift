import Foundation
import SyncModel

/// Turns a parsed TOML document into a `SyncdConfig`, checking every key and value and
/// locating each complaint at `file:line`.
struct ConfigReader {
    /// The absolute config path (or `<embedded>`), used in error locations.
    let file: String
    /// Relative paths in the file resolve against this folder.
    let folder: String

    static let defaultStorePath = "/var/lib/syncd/store.db"
    static let folderKeys = ["name", "type", "path", "max_file_size", "tags", "enabled"]
    static let feedKeys = [
        "name", "type", "url", "interval", "user_agent", "headers", "charset",
        "connect_timeout", "timeout", "max_size", "full_text", "tags", "enabled",
    ]
    static let feedsKeys = [
        "interval", "min_interval", "max_interval", "user_agent", "connect_timeout", "timeout",
        "max_size", "per_host", "concurrency", "full_text",
    ]

    func read(_ root: TOMLTable) throws(SyncError) -> SyncdConfig {
        var config = SyncdConfig(path: file, store: StoreSettings(path: Self.defaultStorePath), sources: [])
        var hasSources = false
        // [feeds] holds the defaults every feed source starts from, wherever it is in the file.
        if let feeds = root.entry("feeds") {
            config.feeds = try readFeeds(try section(feeds))
        }
        for entry in root.entries {
            switch entry.key {
            case "store":
                config.store = try readStore(try section(entry))
            case "dedup":
                config.dedup = try readDedup(try section(entry))
            case "ingest":
                config.ingest = try readIngest(try section(entry))
            case "feeds":
                continue
            case "daemon":
                config.daemon = try readDaemon(try section(entry))
            case "webhook":
                config.webhooks = try readWebhooks(entry.value)
            case "source":
                (config.sources, config.disabledSources) = try readSources(entry.value, feeds: config.feeds)
                hasSources = true
            default:
                throw unknownTopLevel(entry)
            }
        }
        guard hasSources else { throw error("no sources: add at least one [[source]] table", line: 1) }
        return config
    }

    private func unknownTopLevel(_ entry: TOMLTable.Entry) -> SyncError {
        let expected = "(expected [store], [dedup], [ingest], [feeds], [daemon], [[source]] or [[webhook]])"
        if entry.value.kind == .table {
            return error("unknown table [\(entry.key)] \(expected)", line: entry.line)
        } else if entry.value.isArrayOfTables {
            return error("unknown table [[\(entry.key)]] \(expected)", line: entry.line)
        }
        return error("unknown key \"\(entry.key)\" at top level \(expected)", line: entry.line)
    }

    private func section(_ entry: TOMLTable.Entry) throws(SyncError) -> TOMLTable {
        guard let table = entry.value.table else { throw mismatch(entry.key, "a table", entry.value) }
        return table
    }

    private func readStore(_ table: TOMLTable) throws(SyncError) -> StoreSettings {
        try checkKeys(table, allowed: ["path", "url", "password_file"], in: "store")
        var settings = StoreSettings(path: Self.defaultStorePath)
        let path = try string("path", in: table, as: "store.path")
        if let (path, line) = path {
            guard !path.isEmpty else { throw error("store.path must not be empty", line: line) }
            settings.path = ConfigPath.absolute(path, relativeTo: folder)
        }
        if let (url, line) = try string("url", in: table, as: "store.url") {
            if let path {
                throw error(
                    "store.url and store.path are both set (store.path at line \(path.line)): set url for PostgreSQL or path for SQLite, not both",
                    line: line)
            }
            do throws(SyncError) {
                settings.postgres = try PostgresURL(url)
            } catch {
                throw self.error("store.url: \(error.message)", line: line)
            }
        }
        if let (file, line) = try string("password_file", in: table, as: "store.password_file") {
            guard settings.postgres != nil else { throw error("store.password_file needs store.url (a PostgreSQL store)", line: line) }
            guard !file.isEmpty else { throw error("store.password_file must be a path", line: line) }
            settings.passwordFile = ConfigPath.absolute(file, relativeTo: folder)
        }
        return settings
    }

    private func readDedup(_ table: TOMLTable) throws(SyncError) -> DedupParameters {
        try checkKeys(table, allowed: ["shingle_size", "permutations", "threshold", "bands", "seed"], in: "dedup")
        var dedup = DedupParameters.default
        if let (size, _) = try integer("shingle_size", in: table, as: "dedup.shingle_size", range: 1...16) {
            dedup.shingleSize = size
        }
        if let (count, line) = try integer("permutations", in: table, as: "dedup.permutations") {
            guard (16...1024).contains(count), count.isMultiple(of: 8) else {
                throw error("dedup.permutations must be a multiple of 8 between 16 and 1024, found \(count)", line: line)
            }
            dedup.permutations = count
        }
        if let (threshold, line) = try float("threshold", in: table, as: "dedup.threshold") {
            guard threshold > 0, threshold < 1 else {
                throw error("dedup.threshold must be strictly between 0 and 1, found \(threshold)", line: line)
            }
            dedup.threshold = threshold
        }
        if let (bands, line) = try integer("bands", in: table, as: "dedup.bands") {
            guard (1...dedup.permutations).contains(bands), dedup.permutations.isMultiple(of: bands) else {
                throw error(
                    "dedup.bands must be between 1 and \(dedup.permutations) and divide dedup.permutations (\(dedup.permutations)), found \(bands)",
                    line: line)
            }
            dedup.bands = bands
        }
        if let (seed, line) = try integer("seed", in: table, as: "dedup.seed") {
            guard seed >= 0 else { throw error("dedup.seed must not be negative, found \(seed)", line: line) }
            dedup.seed = UInt64(seed)
        }
        return dedup
    }

    private func readDaemon(_ table: TOMLTable) throws(SyncError) -> DaemonSettings {
        try checkKeys(
            table, allowed: ["rescan_interval", "socket", "socket_group", "listen", "token_file", "max_connections", "idle_timeout", "node"],
            in: "daemon")
        var daemon = DaemonSettings()
        if let (node, line) = try string("node", in: table, as: "daemon.node") {
            guard !node.isEmpty, node.count <= 64, !node.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw error("daemon.node must be a name of 1 to 64 characters without spaces, found \"\(node)\"", line: line)
            }
            daemon.node = node
        }
        if let value = try duration("rescan_interval", in: table, as: "daemon.rescan_interval") { daemon.rescanInterval = value }
        if let (socket, line) = try string("socket", in: table, as: "daemon.socket") {
            guard !socket.isEmpty, socket.utf8.count < 100 else {
                throw error("daemon.socket must be a path shorter than 100 bytes", line: line)
            }
            daemon.socket = ConfigPath.absolute(socket, relativeTo: folder)
        }
        if let (group, line) = try string("socket_group", in: table, as: "daemon.socket_group") {
            guard !group.isEmpty, !group.contains(where: { $0.isWhitespace || $0 == ":" }) else {
                throw error("daemon.socket_group must be a group name, found \"\(group)\"", line: line)
            }
            daemon.socketGroup = group
        }
        if let (listen, line) = try string("listen", in: table, as: "daemon.listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port),
                colon > listen.startIndex
            else {
                throw error("daemon.listen must be HOST:PORT, e.g. \"127.0.0.1:8089\", found \"\(listen)\"", line: line)
            }
            daemon.listen = (String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
            guard table["token_file"] != nil else {
                throw error("daemon.listen needs daemon.token_file: the TCP listener requires a bearer token", line: line)
            }
        }
        if let (file, line) = try string("token_file", in: table, as: "daemon.token_file") {
            guard !file.isEmpty else { throw error("daemon.token_file must be a path", line: line) }
            daemon.tokenFile = ConfigPath.absolute(file, relativeTo: folder)
        }
        if let (count, line) = try integer("max_connections", in: table, as: "daemon.max_connections") {
            guard (1...100_000).contains(count) else {
                throw error("daemon.max_connections must be between 1 and 100000, found \(count)", line: line)
            }
            daemon.maxConnections = count
        }
        if let seconds = try duration("idle_timeout", in: table, as: "daemon.idle_timeout") { daemon.idleTimeout = seconds }
        return daemon
    }

    private func readIngest(_ table: TOMLTable) throws(SyncError) -> IngestSettings {
        try checkKeys(table, allowed: ["max_file_size"], in: "ingest")
        var ingest = IngestSettings()
        if let size = try size("max_file_size", in: table, as: "ingest.max_file_size") {
            ingest.maxFileSize = size
        }
        return ingest
    }

    /// Reads every source, enabled or not: each kind in file order.
    private func readSources(_ value: TOMLValue, feeds: FeedDefaults) throws(SyncError) -> (enabled: [SourceSettings], disabled: [SourceSettings]) {
        if value.kind == .table {
            throw error("[source] must be an array of tables: write [[source]] (double brackets) for each source", line: value.line)
        }
        guard let elements = value.array else {
            throw mismatch("source", "an array of tables ([[source]])", value)
        }
        guard !elements.isEmpty else { throw error("no sources: add at least one [[source]] table", line: value.line) }
        var sources: [SourceSettings] = []
        var disabled: [SourceSettings] = []
        var nameLines: [String: Int] = [:]
        for (offset, element) in elements.enumerated() {
            guard let table = element.table else { throw mismatch("each source", "a table", element) }
            let (source, nameLine, isEnabled) = try readSource(table, number: offset + 1, line: element.line, feeds: feeds)
            if let first = nameLines[source.name] {
                throw error("duplicate source name \"\(source.name)\" (first defined at line \(first))", line: nameLine)
            }
            nameLines[source.name] = nameLine
            if isEnabled { sources.append(source) } else { disabled.append(source) }
        }
        return (sources, disabled)
    }

    private func readSource(
        _ table: TOMLTable, number: Int, line: Int, feeds: FeedDefaults
    ) throws(SyncError) -> (SourceSettings, nameLine: Int, isEnabled: Bool) {
        let label = table["name"]?.string.flatMap { Names.isValid($0) ? "\"\($0)\"" : nil } ?? "#\(number)"
        let prefix = "source \(label)"
        guard let (name, nameLine) = try string("name", in: table, as: "\(prefix): name") else {
            throw error("\(prefix): missing required key \"name\"", line: line)
        }
        guard Names.isValid(name) else {
            throw error("\(prefix): invalid name \"\(name)\": use 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'", line: nameLine)
        }
        guard let (type, typeLine) = try string("type", in: table, as: "\(prefix): type") else {
            throw error("\(prefix): missing required key \"type\"", line: line)
        }
        let isEnabled: Bool
        var source: SourceSettings
        switch type {
        case SourceKind.folder.rawValue:
            try checkKeys(table, allowed: Self.folderKeys, in: "source", describedAs: "folder [[source]] \(label)")
            isEnabled = try boolean("enabled", in: table, as: "\(prefix): enabled")?.value ?? true
            source = try readFolder(table, name: name, prefix: prefix, line: line, isEnabled: isEnabled)
        case SourceKind.feed.rawValue:
            try checkKeys(table, allowed: Self.feedKeys, in: "source", describedAs: "feed [[source]] \(label)")
            isEnabled = try boolean("enabled", in: table, as: "\(prefix): enabled")?.value ?? true
            source = try readFeed(table, name: name, prefix: prefix, line: line, defaults: feeds)
        default:
            throw error("\(prefix): unknown type \"\(type)\" (expected \"folder\" or \"feed\")", line: typeLine)
        }
        source.tags = try tags(in: table, prefix: prefix)
        return (source, nameLine, isEnabled)
    }

    /// `tags = ["a", "b"]`: an array of distinct, non-empty strings without control characters.
    private func tags(in table: TOMLTable, prefix: String) throws(SyncError) -> [String] {
        guard let value = table["tags"] else { return [] }
        guard let elements = value.array else { throw mismatch("\(prefix): tags", "an array of strings, e.g. [\"news\", \"ar\"]", value) }
        var tags: [String] = []
        for element in elements {
            guard let tag = element.string else { throw mismatch("\(prefix): each tag", "a string", element) }
            guard !tag.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("\(prefix): a tag must not be empty", line: element.line) }
            guard !tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw error("\(prefix): tag \(TOMLText.quoted(tag)) contains a control character", line: element.line)
            }
            guard !tags.contains(tag) else { throw error("\(prefix): tag \"\(tag)\" is listed twice", line: element.line) }
            tags.append(tag)
        }
        return tags
    }

    private func readFolder(_ table: TOMLTable, name: String, prefix: String, line: Int, isEnabled: Bool) throws(SyncError) -> SourceSettings {
        let maxFileSize = try size("max_file_size", in: table, as: "\(prefix): max_file_size")
        guard let (relativePath, pathLine) = try string("path", in: table, as: "\(prefix): path") else {
            throw error("\(prefix): missing required key \"path\"", line: line)
        }
        guard !relativePath.isEmpty else { throw error("\(prefix): path must not be empty", line: pathLine) }
        let path = ConfigPath.absolute(relativePath, relativeTo: folder)
        // A folder that is missing now (an unmounted disk, a share not up yet) is not a
        // configuration error: the scan records it against the source and leaves its documents
        // alone, while the other sources and syncctl keep working. A path naming a file is.
        if isEnabled, ConfigPath.kind(of: path) == .file {
            throw error("\(prefix): \"\(path)\" is not a directory", line: pathLine)
        }
        return .folder(name, path: path, maxFileSize: maxFileSize, line: line)
    }
}
