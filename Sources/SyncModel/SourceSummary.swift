/// What one pass over a source did.
public struct SourceSummary: Sendable, Codable, Equatable {
    public var source: String
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var deleted = 0
    public var skipped = 0
    public var failed = 0
    /// Set when the whole source failed (its documents were left alone).
    public var error: String?
    /// Feeds: how the poll ended.
    public var result: FetchOutcome?
    /// Feeds: the final HTTP status, when there was one.
    public var httpStatus: Int?

    public init(source: String) { self.source = source }
}
