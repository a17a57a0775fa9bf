public import SyncModel
public import Fingerprint

/// What the file system said about a file when it was read: an unchanged stamp lets a rescan
/// skip reading the file again.
public struct FileStamp: Sendable, Equatable {
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var inode: Int64

    public init(size: Int64, modifiedNanoseconds: Int64, inode: Int64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
    }
}

/// A source as the store records it.
public struct StoreSource: Sendable, Equatable {
    public var name: String
    public var kind: SourceKind
    /// Folder path or feed URL.
    public var location: String

    public init(name: String, kind: SourceKind, location: String) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

/// A document read from a source, ready to merge. Building one does the expensive per-document
/// work (stored form, its SHA-256, compression), so readers build them on their own threads and
/// the single writer only writes.
public struct IncomingDocument: Sendable {
    public var source: String
    public var key: String
    public var article: Article
    public var fingerprint: Fingerprint
    public var stamp: FileStamp?
    /// For feed entries: how the entry is recognised in later fetches.
    public var entry: FeedEntryIdentity?
    /// The stored form (`Article.storedText`) as UTF-8, its SHA-256 and its zlib compression.
    public let body: [UInt8]
    public let bodyHash: [UInt8]
    public let compressedBody: [UInt8]
    /// The source's original form (a feed entry as JSON, with its HTML; a page dump's file
    /// bytes), hashed and compressed: what `syncctl reextract` extracts again.
    public let original: (hash: [UInt8], size: Int, compressed: [UInt8])?
    /// `article.metadata` as stored beside the version (`ArticleMetadata.storedJSON`); `nil`
    /// when there is none. Never part of `body`, so it never decides whether a version is new.
    public let metadataJSON: String?
    /// Feed documents with `full_text`: where the entry's article stands (`nil` removes a stored
    /// state: the entry's own text is the document).
    public var articleState: ArticleState?
    /// The entry's own text, kept beside a document whose text is (or waits to be) its article.
    public var summary: String?
    /// The article page as fetched, hashed and compressed, so that it can be extracted again
    /// without the network.
    public let page: (hash: [UInt8], size: Int, compressed: [UInt8])?

    /// For a page dump: its lines, which its source's chrome model counts (replacing the lines
    /// the document's previous input gave); `nil` for anything else.
    public var pageLines: [PageLine]?
    /// When the document's latest version was extracted from exactly `original`, keep its text
    /// and record only the stamp: a file that did not change never gets a new version because
    /// the extractor or the source's chrome model learned more (a rescan after a `touch`). Off
    /// for `syncctl reextract`, which exists to apply them.
    public var unchangedOriginalKeepsText = false
    /// When set, the document is merged only while its latest version is this one: a text
    /// extracted again from a kept input never overwrites a newer input merged meanwhile.
    public var replacesVersion: Int?

    /// - Parameters:
    ///   - original: what the source delivered before extraction, kept beside the text.
    ///   - summary: a feed entry's own text when the document's text is its article.
    ///   - page: the raw article page the text was extracted from.
    ///   - articleState: where the feed entry's article stands.
    ///   - pageLines: a page dump's lines (`ExtractedDocument.pageLines`).
    public init(
        source: String, key: String, article: Article, fingerprint: Fingerprint, stamp: FileStamp?,
        entry: FeedEntryIdentity? = nil, original: [UInt8]? = nil, summary: String? = nil, page: [UInt8]? = nil,
        articleState: ArticleState? = nil, pageLines: [PageLine]? = nil
    ) {
        self.pageLines = pageLines
        self.source = source
        self.key = key
        self.article = article
        self.fingerprint = fingerprint
        self.stamp = stamp
        self.entry = entry
        body = Array(article.storedText.utf8)
        bodyHash = SHA256Digest.hash(body)
        compressedBody = BlobCodec.compress(body)
        self.original = original.map { (SHA256Digest.hash($0), $0.count, BlobCodec.compress($0)) }
        metadataJSON = article.metadata.storedJSON
        self.summary = summary
        self.page = page.map { (SHA256Digest.hash($0), $0.count, BlobCodec.compress($0)) }
        self.articleState = articleState
    }
}

/// Why a source failed as a whole, as its row keeps it: the stable `SyncError` code (what
/// `syncctl status --json` and alerts match on) and the message a person reads.
public struct SourceError: Sendable, Equatable, Codable {
    public var code: String
    public var message: String

    public init(code: SyncError.Code, message: String) {
        self.code = code.rawValue
        self.message = message
    }

    /// The error's code, and its description (with its location) as the message.
    public init(_ error: SyncError) {
        self.init(code: error.code, message: error.description)
    }
}

/// What merging one document did.
public struct MergeResult: Sendable, Equatable {
    public var doc: Int64
    /// `nil` when the content was unchanged and nothing was recorded.
    public var op: ChangeOp?
    public var version: Int
    public var cluster: Int64?

    public init(doc: Int64, op: ChangeOp? = nil, version: Int, cluster: Int64? = nil) {
        self.doc = doc
        self.op = op
        self.version = version
        self.cluster = cluster
    }
}

/// A file that a scan could not ingest, kept against its source until the next scan.
public struct SourceProblem: Sendable, Codable, Equatable {
    public var key: String
    public var code: String
    public var message: String
    public var at: Double

    public init(key: String, code: String, message: String, at: Double) {
        self.key = key
        self.code = code
        self.message = message
        self.at = at
    }
}

/// The outcome of one scan of a source.
public struct ScanReport: Sendable, Equatable {
    public var seen = 0
    public var skipped = 0
    public var problems: [SourceProblem] = []
    /// A failure of the whole source (folder missing, unreadable root).
    public var error: SourceError?

    public init() {}
}

/// The running daemon as it records itself in the store (for `syncctl status`).
public struct DaemonInfo: Sendable, Codable, Equatable {
    public var pid: Int32
    public var startedAt: Double
    public var readyAt: Double?
    public var heartbeatAt: Double
    /// The API's unix socket.
    public var socket: String?

    public init(pid: Int32, startedAt: Double, readyAt: Double?, heartbeatAt: Double, socket: String?) {
        self.pid = pid
        self.startedAt = startedAt
        self.readyAt = readyAt
        self.heartbeatAt = heartbeatAt
        self.socket = socket
    }
}
