public import SyncModel

/// Store-wide figures for `syncctl status`.
public struct StoreStatus: Sendable, Codable {
    public var store: String
    public var storeBytes: Int64
    public var documents: Int
    public var deleted: Int
    public var versions: Int
    public var clusters: Int
    /// Live documents that sit in a cluster without being its canonical member.
    public var duplicates: Int
    /// `duplicates / documents`.
    public var duplicateRatio: Double
    public var changeHead: Int64
    public var sources: [SourceStatus]
    /// Named change-feed consumers with their lag.
    public var consumers: [ConsumerStatus] = []
    /// The daemon as it last recorded itself; `nil` when none runs or it stopped cleanly.
    public var daemon: DaemonInfo? = nil
    /// Every node on a shared (PostgreSQL) store; empty for a SQLite store.
    public var nodes: [NodeStatus] = []

    public init(
        store: String, storeBytes: Int64, documents: Int, deleted: Int, versions: Int, clusters: Int, duplicates: Int, duplicateRatio: Double,
        changeHead: Int64, sources: [SourceStatus], consumers: [ConsumerStatus] = [], daemon: DaemonInfo? = nil
    ) {
        self.store = store
        self.storeBytes = storeBytes
        self.documents = documents
        self.deleted = deleted
        self.versions = versions
        self.clusters = clusters
        self.duplicates = duplicates
        self.duplicateRatio = duplicateRatio
        self.changeHead = changeHead
        self.sources = sources
        self.consumers = consumers
        self.daemon = daemon
    }
}

public struct SourceStatus: Sendable, Codable {
    public var name: String
    public var type: String
    public var location: String
    public var documents: Int
    public var deleted: Int
    public var versions: Int
    public var lastScanAt: Double?
    public var lastSuccessAt: Double?
    public var lastError: String?
    /// The `SyncError` code of the last failure of the whole source, `nil` when it did not fail.
    public var lastErrorCode: String?
    public var lastErrorAt: Double?
    public var consecutiveFailures: Int
    public var filesSeen: Int
    public var filesSkipped: Int
    public var filesFailed: Int
    public var problems: [SourceProblem]
    /// Feed sources: fetch state, HTTP status, next due time and backoff.
    public var feed: FeedState? = nil
    /// Feed sources with `full_text`: their documents by article status; `nil` when none has one.
    public var articles: ArticleCounts? = nil

    public init(
        name: String, type: String, location: String, documents: Int, deleted: Int, versions: Int, lastScanAt: Double? = nil,
        lastSuccessAt: Double? = nil, lastError: String? = nil, lastErrorCode: String? = nil, lastErrorAt: Double? = nil, consecutiveFailures: Int,
        filesSeen: Int, filesSkipped: Int, filesFailed: Int, problems: [SourceProblem], feed: FeedState? = nil,
        articles: ArticleCounts? = nil
    ) {
        self.name = name
        self.type = type
        self.location = location
        self.documents = documents
        self.deleted = deleted
        self.versions = versions
        self.lastScanAt = lastScanAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorCode = lastErrorCode
        self.lastErrorAt = lastErrorAt
        self.consecutiveFailures = consecutiveFailures
        self.filesSeen = filesSeen
        self.filesSkipped = filesSkipped
        self.filesFailed = filesFailed
        self.problems = problems
        self.feed = feed
        self.articles = articles
    }
}

/// One member of a near-duplicate cluster, in the shape `syncctl dupes --json` prints.
public struct ClusterMember: Sendable, Codable {
    public var doc: Int64
    public var source: String
    public var key: String
    public var canonical: Bool
    /// Jaccard similarity of the match that brought the member in (1 for the canonical member), or
    /// for a summary the share of it found in its story (`SummaryMatch`).
    public var similarity: Double
    public var title: String

    public init(doc: Int64, source: String, key: String, canonical: Bool, similarity: Double, title: String) {
        self.doc = doc
        self.source = source
        self.key = key
        self.canonical = canonical
        self.similarity = similarity
        self.title = title
    }
}

public struct DuplicateCluster: Sendable, Codable {
    public var cluster: Int64
    public var members: [ClusterMember]

    public init(cluster: Int64, members: [ClusterMember]) {
        self.cluster = cluster
        self.members = members
    }
}

/// A document as `syncctl show` prints it.
public struct DocumentView: Sendable, Codable {
    public var doc: Int64
    public var source: String
    public var key: String
    /// The version shown.
    public var version: Int
    public var latestVersion: Int
    public var deleted: Bool
    public var cluster: Int64?
    public var canonical: Bool
    public var title: String
    public var text: String
    public var createdAt: Double
    /// What the source said about the article when this version was stored (an empty object
    /// for versions stored before metadata was kept, or when the source said nothing).
    public var metadata: ArticleMetadata
    /// Feed documents with `full_text`: the entry's own text, kept beside the article (`nil`
    /// when the text is the entry's own).
    public var summary: String? = nil
    /// Feed documents with `full_text`: where the article stands now (fetched, pending with the
    /// next attempt, failed or blocked with the reason); `nil` for other documents.
    public var article: ArticleState? = nil

    public init(
        doc: Int64, source: String, key: String, version: Int, latestVersion: Int, deleted: Bool, cluster: Int64? = nil, canonical: Bool,
        title: String, text: String, createdAt: Double, metadata: ArticleMetadata = ArticleMetadata(), summary: String? = nil,
        article: ArticleState? = nil
    ) {
        self.doc = doc
        self.source = source
        self.key = key
        self.version = version
        self.latestVersion = latestVersion
        self.deleted = deleted
        self.cluster = cluster
        self.canonical = canonical
        self.title = title
        self.text = text
        self.createdAt = createdAt
        self.metadata = metadata
        self.summary = summary
        self.article = article
    }
}

public struct VersionInfo: Sendable, Codable {
    public var version: Int
    public var title: String
    public var bytes: Int
    public var tokens: Int
    public var createdAt: Double
    public var blob: String

    public init(version: Int, title: String, bytes: Int, tokens: Int, createdAt: Double, blob: String) {
        self.version = version
        self.title = title
        self.bytes = bytes
        self.tokens = tokens
        self.createdAt = createdAt
        self.blob = blob
    }
}

/// A named change-feed consumer and how far behind the change log it is.
public struct ConsumerStatus: Sendable, Codable, Equatable {
    public var name: String
    public var seq: Int64
    public var lag: Int64
    public var updatedAt: Double

    public init(name: String, seq: Int64, lag: Int64, updatedAt: Double) {
        self.name = name
        self.seq = seq
        self.lag = lag
        self.updatedAt = updatedAt
    }
}

/// A node writing to a shared store, as `syncctl status` lists it.
public struct NodeStatus: Sendable, Codable, Equatable {
    public var name: String
    public var pid: Int32
    public var startedAt: Double
    public var heartbeatAt: Double
    /// The sources the node's configuration lists.
    public var sources: [String]
    /// Feeds the node holds a poll lease on now.
    public var leases: [String]

    public init(name: String, pid: Int32, startedAt: Double, heartbeatAt: Double, sources: [String], leases: [String]) {
        self.name = name
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.sources = sources
        self.leases = leases
    }
}
