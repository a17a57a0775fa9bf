public import SyncModel

/// Where the article behind a feed entry stands (`full_text`): the page its link leads to,
/// fetched and extracted into the document's text, or why not yet.
public enum ArticleStatus: String, Sendable, Codable, Equatable, CaseIterable {
    /// The document's text is the extracted article; the page's bytes are kept beside it.
    case fetched
    /// The fetch failed in a way that may pass (a 5xx, a timeout, a host's Retry-After): the
    /// document holds the entry's summary until a retry succeeds.
    case pending
    /// The fetch failed for good (a 404, a refused address, not a page, too many attempts):
    /// the document keeps the entry's summary.
    case failed
    /// The site's `robots.txt` disallows the page: it is not fetched, the summary stays.
    case blocked
}

/// The article of one feed document, as the store keeps it beside the document.
public struct ArticleState: Sendable, Codable, Equatable {
    /// The entry's link: the page fetched.
    public var url: String
    public var status: ArticleStatus
    /// Why the article is pending, failed or blocked (the URL, the HTTP status or error).
    public var reason: String?
    /// Failed attempts since the last success (the backoff grows with it).
    public var attempts: Int
    /// When a pending article is tried again.
    public var nextAttemptAt: Double?
    /// When the article was last fetched and extracted.
    public var fetchedAt: Double?

    public init(
        url: String, status: ArticleStatus, reason: String? = nil, attempts: Int = 0, nextAttemptAt: Double? = nil,
        fetchedAt: Double? = nil
    ) {
        self.url = url
        self.status = status
        self.reason = reason
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.fetchedAt = fetchedAt
    }
}

/// How many of a feed source's documents stand at each article status (`syncctl status`).
public struct ArticleCounts: Sendable, Codable, Equatable {
    public var fetched = 0
    public var pending = 0
    public var failed = 0
    /// Blocked by the site's robots.txt.
    public var blocked = 0

    public init(fetched: Int = 0, pending: Int = 0, failed: Int = 0, blocked: Int = 0) {
        self.fetched = fetched
        self.pending = pending
        self.failed = failed
        self.blocked = blocked
    }

    public var total: Int { fetched + pending + failed + blocked }
}

/// A pending article whose retry is due, with what its document was stored from, so that the
/// retry can make the new version without the entry being in the feed any more.
public struct ArticleRetry: Sendable {
    public var key: String
    public var state: ArticleState
    /// The entry's identity as last recorded.
    public var entry: FeedEntryIdentity?
    /// The stored version's title and metadata, and the entry's own text (the summary).
    public var title: String
    public var summary: String
    public var metadata: ArticleMetadata
    /// The entry as its feed gave it (JSON), kept with every version.
    public var original: [UInt8]?

    public init(
        key: String, state: ArticleState, entry: FeedEntryIdentity?, title: String, summary: String, metadata: ArticleMetadata,
        original: [UInt8]?
    ) {
        self.key = key
        self.state = state
        self.entry = entry
        self.title = title
        self.summary = summary
        self.metadata = metadata
        self.original = original
    }
}
