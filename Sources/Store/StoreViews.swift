import SyncModel

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
    public var lastErrorAt: Double?
    public var consecutiveFailures: Int
    public var filesSeen: Int
    public var filesSkipped: Int
    public var filesFailed: Int
    public var problems: [SourceProblem]
    /// Feed sources: fetch state, HTTP status, next due time and backoff.
    public var feed: FeedState? = nil
}

/// One member of a near-duplicate cluster, in the shape `syncctl dupes --json` prints.
public struct ClusterMember: Sendable, Codable {
    public var doc: Int64
    public var source: String
    public var key: String
    public var canonical: Bool
    /// Jaccard similarity of the match that brought the member in (1 for the canonical member).
    public var similarity: Double
    public var title: String
}

public struct DuplicateCluster: Sendable, Codable {
    public var cluster: Int64
    public var members: [ClusterMember]
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
}

public struct VersionInfo: Sendable, Codable {
    public var version: Int
    public var title: String
    public var bytes: Int
    public var tokens: Int
    public var createdAt: Double
    public var blob: String
}
