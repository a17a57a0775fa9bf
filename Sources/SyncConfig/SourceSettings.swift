public import SyncModel

/// One `[[source]]` table of the configuration.
public struct SourceSettings: Sendable, Equatable {
    /// Unique among all sources, enabled or not; 1-64 characters of `A-Z a-z 0-9 . _ -`, so
    /// that `NAME:KEY` references a document unambiguously.
    public var name: String
    public var kind: SourceKind
    /// Absolute, standardized folder path for `.folder` sources; the URL for `.feed` sources.
    public var path: String
    /// Overrides `IngestSettings.maxFileSize` for this source when set.
    public var maxFileSize: Int?
    /// How a `.feed` source is fetched; `nil` for folders.
    public var feed: FeedSettings?
    /// Line of the source's `[[source]]` header, for messages about the source.
    public var line: Int

    public init(name: String, kind: SourceKind, path: String, maxFileSize: Int? = nil, line: Int = 0) {
        self.name = name
        self.kind = kind
        self.path = path
        self.maxFileSize = maxFileSize
        self.line = line
    }
}
