/// How a feed source is fetched and scheduled: the source's own keys over `[feeds]` over the
/// built-in defaults, resolved when the configuration is read.
public struct FeedSettings: Sendable, Equatable {
    /// The absolute http or https URL the configuration names.
    public var url: String
    /// Seconds between polls before the feed's own hints (ttl, max-age, Expires) and its
    /// publishing rhythm stretch it, within `minInterval...maxInterval`.
    public var interval: Double
    public var minInterval: Double
    public var maxInterval: Double
    public var userAgent: String?
    /// Extra request headers, in file order.
    public var headers: [(name: String, value: String)]
    /// A charset that wins over the HTTP header, the BOM and the XML declaration.
    public var charset: String?
    public var connectTimeout: Double
    public var timeout: Double
    /// Most bytes of a feed body, counted after decompression (article pages too).
    public var maxSize: Int
    /// Whether entries are completed with the article their link leads to.
    public var fullText: FullTextMode

    public init(
        url: String, interval: Double = FeedDefaults().interval, minInterval: Double = FeedDefaults().minInterval,
        maxInterval: Double = FeedDefaults().maxInterval, userAgent: String? = nil, headers: [(name: String, value: String)] = [],
        charset: String? = nil, connectTimeout: Double = FeedDefaults().connectTimeout, timeout: Double = FeedDefaults().timeout,
        maxSize: Int = FeedDefaults().maxSize, fullText: FullTextMode = .never
    ) {
        self.url = url
        self.interval = interval
        self.minInterval = minInterval
        self.maxInterval = maxInterval
        self.userAgent = userAgent
        self.headers = headers
        self.charset = charset
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxSize = maxSize
        self.fullText = fullText
    }

    /// What makes `url` unusable as a feed's URL, worded to follow the URL in quotes
    /// (`"ftp://x" must start with http:// or https://`); `nil` for an absolute http or https URL
    /// with a host and no spaces or control characters.
    public static func urlProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return "\"\(url)\" must start with http:// or https://"
        }
        let rest = url.drop { $0 != "/" }.dropFirst(2)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            return "\"\(url)\" has no host or contains spaces or control characters"
        }
        return nil
    }

    public static func == (lhs: FeedSettings, rhs: FeedSettings) -> Bool {
        lhs.url == rhs.url && lhs.interval == rhs.interval && lhs.minInterval == rhs.minInterval && lhs.maxInterval == rhs.maxInterval
            && lhs.userAgent == rhs.userAgent && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
            && lhs.charset == rhs.charset && lhs.connectTimeout == rhs.connectTimeout && lhs.timeout == rhs.timeout && lhs.maxSize == rhs.maxSize
            && lhs.fullText == rhs.fullText
    }
}

/// The `[feeds]` table: defaults for every feed source, and the fetcher's politeness limits.
public struct FeedDefaults: Sendable, Equatable {
    public var interval: Double = 30 * 60
    public var minInterval: Double = 5 * 60
    public var maxInterval: Double = 24 * 3600
    public var userAgent: String?
    public var connectTimeout: Double = 10
    public var timeout: Double = 60
    public var maxSize: Int = 10 * 1024 * 1024
    /// `full_text` for feed sources that do not set their own.
    public var fullText: FullTextMode = .never
    /// Most concurrent transfers to one host.
    public var perHost: Int = 2
    /// Most concurrent transfers overall.
    public var concurrency: Int = 16

    public init() {}
}
