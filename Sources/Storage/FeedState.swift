public import SyncModel

/// What the store remembers about fetching one feed source; survives restarts.
public struct FeedState: Sendable, Codable, Equatable {
    /// The URL the configuration names.
    public var url: String
    /// Where the feed is fetched now: `url`, or where a 301/308 moved it.
    public var currentURL: String
    public var etag: String?
    public var lastModified: String?
    public var lastFetchAt: Double?
    /// The final HTTP status of the last fetch; `nil` when it failed before an answer.
    public var lastStatus: Int?
    /// `new`, `unchanged`, `not-modified`, `failed`, `gone` or `deferred`.
    public var lastResult: FetchOutcome?
    /// Seconds the last fetch took.
    public var lastSeconds: Double?
    public var nextDueAt: Double?
    /// The delay added after the last failure (grows exponentially); `nil` while healthy.
    public var backoffSeconds: Double?
    /// Set when the feed answered 410 Gone: it is no longer fetched until its URL changes.
    public var disabledReason: String?
    /// Entries in the last fetched document.
    public var entries: Int
    /// The mean gap between the feed's recent entries, when it dates them.
    public var publishInterval: Double?
    /// A digest (SHA-256, hex) of the last body that was parsed and merged without a problem,
    /// together with everything its parse depends on (`FeedIngestor.parseDigest`): a later 200
    /// with the same digest would store nothing new, so it is not parsed again. `nil` until
    /// then, and after any poll that parsed a body with problems.
    public var parsedDigest: String?
    /// The `<ttl>` (minutes) of that body, which a poll that does not parse it still honours.
    public var ttl: Int?

    public init(url: String) {
        self.url = url
        self.currentURL = url
        self.entries = 0
    }
}

/// A source's fetch state with its error bookkeeping, as `syncctl status` shows it.
public struct FeedRecord: Sendable, Equatable {
    public var state: FeedState
    public var consecutiveFailures: Int
    public var lastError: String?

    public init(state: FeedState, consecutiveFailures: Int, lastError: String? = nil) {
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.lastError = lastError
    }
}

/// How a feed entry is recognised across fetches: the document key it was given, and its
/// guid, its link and a digest of its title and content. The resolver makes one for every entry
/// of a fetch; the store remembers them; the next fetch is resolved against them.
public struct FeedEntryIdentity: Sendable, Equatable {
    public var key: String
    public var guid: String?
    public var link: String?
    public var digest: String

    public init(key: String, guid: String?, link: String?, digest: String) {
        self.key = key
        self.guid = guid
        self.link = link
        self.digest = digest
    }
}

/// Keys already given to a feed's entries, by guid, link and digest.
public struct FeedEntryKeys: Sendable {
    public var byKey: [String: FeedEntryIdentity] = [:]
    public var byGUID: [String: String] = [:]
    public var byLink: [String: String] = [:]
    public var byDigest: [String: String] = [:]

    public init() {}

    public mutating func add(_ entry: FeedEntryIdentity) {
        byKey[entry.key] = entry
        if let guid = entry.guid { byGUID[guid] = entry.key }
        if let link = entry.link { byLink[link] = entry.key }
        byDigest[entry.digest] = entry.key
    }
}
