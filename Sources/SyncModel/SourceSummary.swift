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
    /// Feeds answered with a 200: whether the body was parsed. `false` when it was, byte for
    /// byte and under the same settings, the body parsed and stored last time: nothing in it
    /// can be new, so only the fetch was recorded.
    public var parsed: Bool?

    public init(source: String) { self.source = source }
}
