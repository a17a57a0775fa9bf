/// A feed a page advertises: `<link rel="alternate" type="application/rss+xml" href="/feed">`.
public struct FeedLink: Sendable, Equatable {
    /// The `href` as written; resolve it against the page's base.
    public var href: String
    /// The media type, lowercased, without parameters: one of `types`.
    public var type: String
    /// The link's `title`, if any.
    public var title: String?

    public init(href: String, type: String, title: String? = nil) {
        self.href = href
        self.type = type
        self.title = title
    }

    /// RSS, Atom and JSON Feed (`application/json` too, as JSON Feed's spec allows).
    public static let types: Set<String> = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"]
}

/// The feeds a page advertises and the base their hrefs resolve against.
public struct PageFeedLinks: Sendable, Equatable {
    /// The page's `<base href>` as written (resolve it against the page's URL first).
    public var base: String?
    /// In document order; at most 64.
    public var links: [FeedLink]
}
