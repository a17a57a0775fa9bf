import Fetch

/// What fetching the page an entry links to came to.
enum ArticleOutcome: Sendable {
    /// The page: its bytes, the URL that answered and the charset its `Content-Type` names.
    case page(body: [UInt8], url: String, charset: String?)
    /// The site's robots.txt disallows the page.
    case blocked(reason: String)
    /// Not fetched: `retry` says whether and when to try again.
    case failed(reason: String, retry: Retry)

    enum Retry: Sendable, Equatable {
        /// Never: the answer will not change (a 404, a refused address, not a page).
        case never
        /// After the backoff for one more failure (a 5xx, a timeout).
        case backoff
        /// Not before this time (a host's Retry-After), and without counting a failure.
        case at(Double)
    }
}

/// How an article is fetched: on behalf of which feed, and where its links may lead.
struct ArticleRequestOptions: Sendable {
    var source: String
    var userAgent: String
    var limits: FetchLimits
    /// Refuse loopback, private and link-local addresses: the feed itself is on a public address.
    var publicOnly: Bool

    /// The product token robots.txt groups are matched against (`syncd` of `syncd/1.0 (...)`).
    var robotsAgent: String {
        String(userAgent.prefix { $0 != "/" && $0 != " " }).lowercased()
    }
}
