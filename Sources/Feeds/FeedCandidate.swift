/// A feed that discovery found or guessed, and what fetching and parsing it gave.
///
/// Encoded as JSON with these keys (absent ones left out): `url`, `origin`, `type` and
/// `linkTitle` (what the page's `<link>` said), `ok`, `status`, `finalURL` (after redirects),
/// `format`, `title`, `entries`, `error`, `errorCode`, `sameAs`.
public struct FeedCandidate: Codable, Sendable, Equatable {
    /// Where the candidate came from.
    public enum Origin: String, Codable, Sendable {
        /// The URL given to discovery is itself a feed.
        case given
        /// A `<link rel="alternate">` of the page.
        case link
        /// A common feed path at the site's root (`/feed`, `/rss.xml`...).
        case guess
    }

    public var url: String
    public var origin: Origin
    /// The `<link>`'s media type.
    public var type: String?
    /// The `<link>`'s title.
    public var linkTitle: String?
    /// Whether it was fetched with a 2xx status and parsed as a feed.
    public var ok = false
    /// The final HTTP status, when the server answered.
    public var status: Int?
    /// Where the feed was found after redirects, when that is another URL.
    public var finalURL: String?
    /// `ParsedFeed.format`: `RSS 2.0`, `Atom 1.0`, `JSON Feed 1.1`...
    public var format: String?
    public var title: String?
    public var entries: Int?
    /// Why it is not a working feed.
    public var error: String?
    /// The `SyncError` code of `error`.
    public var errorCode: String?
    /// An earlier working candidate that ended at the same URL (`/feed` redirecting to
    /// `/rss.xml`): the same feed, listed once more.
    public var sameAs: String?

    public init(url: String, origin: Origin, type: String? = nil, linkTitle: String? = nil) {
        self.url = url
        self.origin = origin
        self.type = type
        self.linkTitle = linkTitle
    }
}

/// What discovery found for one page.
public struct FeedDiscoveryReport: Codable, Sendable, Equatable {
    /// The URL discovery was given.
    public var page: String
    /// The page's URL after redirects, when that is another URL.
    public var finalURL: String?
    /// Links first (in the page's order), then guesses; each URL once.
    public var candidates: [FeedCandidate]

    /// The working candidates that are not another's repeat.
    public var working: [FeedCandidate] { candidates.filter { $0.ok && $0.sameAs == nil } }
}
