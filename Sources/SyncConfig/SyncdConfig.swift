import Foundation
public import SyncModel

/// The daemon's configuration, read from a TOML file.
///
/// Every problem is reported as a `SyncError` with code `.invalidConfig` whose location is
/// `file:line` (or `file:line:column` for TOML syntax), so `String(describing: error)` reads
/// `file:line: message`.
public struct SyncdConfig: Sendable, Equatable {
    /// Absolute path of the config file, or `<embedded>` when parsed from a string without a path.
    public var path: String
    public var store: StoreSettings
    public var dedup: DedupParameters
    public var ingest: IngestSettings
    /// `[feeds]`: defaults for feed sources (already applied to each) and fetcher limits.
    public var feeds = FeedDefaults()
    /// `[daemon]`: watching, rescans and the API's addresses.
    public var daemon = DaemonSettings()
    /// The enabled sources, in file order.
    public var sources: [SourceSettings]
    /// The sources written with `enabled = false`, in file order: validated, never scanned or
    /// fetched, but their names and URLs are taken.
    public var disabledSources: [SourceSettings] = []
    /// `[[webhook]]`: where changes are POSTed, in file order.
    public var webhooks: [WebhookSettings] = []

    public init(
        path: String, store: StoreSettings, dedup: DedupParameters = .default, ingest: IngestSettings = IngestSettings(), sources: [SourceSettings]
    ) {
        self.path = path
        self.store = store
        self.dedup = dedup
        self.ingest = ingest
        self.sources = sources
    }

    /// Reads and validates a config file.
    /// - Parameter path: the file; a relative path resolves against the current directory.
    /// - Throws: `SyncError` (`.invalidConfig`) located at the file when it cannot be read, or at
    ///   `file:line` for a problem in its content.
    public static func load(path: String) throws(SyncError) -> SyncdConfig {
        let file = ConfigPath.absolute(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            let reason =
                switch ConfigPath.kind(of: file) {
                case .missing: "no such file"
                case .directory: "it is a directory"
                case .file: "permission denied"
                }
            throw SyncError(.invalidConfig, "cannot read config file: \(reason)", location: file)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw SyncError(.invalidConfig, "config file is not valid UTF-8", location: file)
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return try parse(text, path: file)
    }

    /// Parses and validates configuration text.
    /// - Parameters:
    ///   - text: TOML.
    ///   - path: where the text comes from; relative paths inside it resolve against this file's
    ///     folder. An empty path (or `<embedded>`) resolves them against the current directory.
    /// - Throws: `SyncError` (`.invalidConfig`) located at `path:line`.
    public static func parse(_ text: String, path: String) throws(SyncError) -> SyncdConfig {
        let isEmbedded = path.isEmpty || path == embeddedPath
        let file = isEmbedded ? embeddedPath : ConfigPath.absolute(path)
        let folder = isEmbedded ? ConfigPath.currentDirectory : ConfigPath.folder(of: file)
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            throw SyncError(.invalidConfig, error.message, location: error.location(in: file))
        }
        return try ConfigReader(file: file, folder: folder).read(root)
    }

    static let embeddedPath = "<embedded>"
}
