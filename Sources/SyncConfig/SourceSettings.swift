public import SyncModel

/// One `[[source]]` table of the configuration: a name, where its documents come from, and the
/// line it was written on.
public struct SourceSettings: Sendable, Equatable {
    /// Unique among all sources, enabled or not; 1-64 characters of `A-Z a-z 0-9 . _ -`, so
    /// that `NAME:KEY` references a document unambiguously.
    public var name: String
    public var origin: Origin
    /// Labels the operator gives the source (`tags = ["news", "ar"]`), e.g. the categories of an
    /// OPML import; written back as categories by an export. The daemon does not use them.
    public var tags: [String]
    /// Line of the source's `[[source]]` header, for messages about the source.
    public var line: Int

    /// Where a source's documents come from, with the settings only that kind has.
    public enum Origin: Sendable, Equatable {
        /// A folder: its absolute, standardized path, and a file-size limit that overrides
        /// `IngestSettings.maxFileSize` when set.
        case folder(path: String, maxFileSize: Int?)
        /// A feed: its URL and how it is fetched.
        case feed(FeedSettings)
    }

    public init(name: String, origin: Origin, tags: [String] = [], line: Int = 0) {
        self.name = name
        self.origin = origin
        self.tags = tags
        self.line = line
    }

    /// A folder source.
    public static func folder(_ name: String, path: String, maxFileSize: Int? = nil, tags: [String] = [], line: Int = 0) -> SourceSettings {
        SourceSettings(name: name, origin: .folder(path: path, maxFileSize: maxFileSize), tags: tags, line: line)
    }

    /// A feed source.
    public static func feed(_ name: String, _ settings: FeedSettings, tags: [String] = [], line: Int = 0) -> SourceSettings {
        SourceSettings(name: name, origin: .feed(settings), tags: tags, line: line)
    }

    public var kind: SourceKind {
        switch origin {
        case .folder: .folder
        case .feed: .feed
        }
    }

    /// The folder's path or the feed's URL, as the store records the source.
    public var location: String {
        switch origin {
        case .folder(let path, _): path
        case .feed(let settings): settings.url
        }
    }

    /// A folder's own file-size limit; `nil` for feeds and folders without one.
    public var maxFileSize: Int? {
        if case .folder(_, let limit) = origin { return limit }
        return nil
    }

    /// How a feed source is fetched; `nil` for folders. Setting it makes the source a feed.
    public var feed: FeedSettings? {
        get {
            if case .feed(let settings) = origin { return settings }
            return nil
        }
        set {
            if let newValue { origin = .feed(newValue) }
        }
    }
}
