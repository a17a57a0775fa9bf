internal import GRDB

/// A row of `source`: a configured source, with the outcome of its latest scan or fetch (a
/// failing source is data: its error and consecutive-failure count live here).
struct SourceRecord: Equatable {
    /// `nil` until inserted (AUTOINCREMENT).
    var id: Int64?
    var name: String
    /// `SourceKind`'s raw value.
    var type: String
    var location: String
    var createdAt: Double
    var lastScanAt: Double? = nil
    var lastSuccessAt: Double? = nil
    var lastError: String? = nil
    var lastErrorAt: Double? = nil
    var consecutiveFailures: Int = 0
    var filesSeen: Int = 0
    var filesSkipped: Int = 0
    var filesFailed: Int = 0
    /// The `SyncError` code of the last failure of the whole source.
    var lastErrorCode: String? = nil
    /// Counts kept by triggers (migration v7) in the transactions that change them.
    var liveDocuments: Int = 0
    var deletedDocuments: Int = 0
    var versionCount: Int = 0
    /// Full-text articles by status, kept by triggers (migration v13).
    var articlesFetched: Int = 0
    var articlesPending: Int = 0
    var articlesFailed: Int = 0
    var articlesBlocked: Int = 0
}

extension SourceRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "source"

    enum Columns: String, ColumnExpression, CaseIterable {
        case id, name, type, location
        case createdAt = "created_at"
        case lastScanAt = "last_scan_at"
        case lastSuccessAt = "last_success_at"
        case lastError = "last_error"
        case lastErrorAt = "last_error_at"
        case consecutiveFailures = "consecutive_failures"
        case filesSeen = "files_seen"
        case filesSkipped = "files_skipped"
        case filesFailed = "files_failed"
        case lastErrorCode = "last_error_code"
        case liveDocuments = "live_documents"
        case deletedDocuments = "deleted_documents"
        case versionCount = "version_count"
        case articlesFetched = "articles_fetched"
        case articlesPending = "articles_pending"
        case articlesFailed = "articles_failed"
        case articlesBlocked = "articles_blocked"
    }

    init(row: Row) {
        id = row[Columns.id]
        name = row[Columns.name]
        type = row[Columns.type]
        location = row[Columns.location]
        createdAt = row[Columns.createdAt]
        lastScanAt = row[Columns.lastScanAt]
        lastSuccessAt = row[Columns.lastSuccessAt]
        lastError = row[Columns.lastError]
        lastErrorAt = row[Columns.lastErrorAt]
        consecutiveFailures = row[Columns.consecutiveFailures]
        filesSeen = row[Columns.filesSeen]
        filesSkipped = row[Columns.filesSkipped]
        filesFailed = row[Columns.filesFailed]
        lastErrorCode = row[Columns.lastErrorCode]
        liveDocuments = row[Columns.liveDocuments]
        deletedDocuments = row[Columns.deletedDocuments]
        versionCount = row[Columns.versionCount]
        articlesFetched = row[Columns.articlesFetched]
        articlesPending = row[Columns.articlesPending]
        articlesFailed = row[Columns.articlesFailed]
        articlesBlocked = row[Columns.articlesBlocked]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.id] = id
        container[Columns.name] = name
        container[Columns.type] = type
        container[Columns.location] = location
        container[Columns.createdAt] = createdAt
        container[Columns.lastScanAt] = lastScanAt
        container[Columns.lastSuccessAt] = lastSuccessAt
        container[Columns.lastError] = lastError
        container[Columns.lastErrorAt] = lastErrorAt
        container[Columns.consecutiveFailures] = consecutiveFailures
        container[Columns.filesSeen] = filesSeen
        container[Columns.filesSkipped] = filesSkipped
        container[Columns.filesFailed] = filesFailed
        container[Columns.lastErrorCode] = lastErrorCode
        container[Columns.liveDocuments] = liveDocuments
        container[Columns.deletedDocuments] = deletedDocuments
        container[Columns.versionCount] = versionCount
        container[Columns.articlesFetched] = articlesFetched
        container[Columns.articlesPending] = articlesPending
        container[Columns.articlesFailed] = articlesFailed
        container[Columns.articlesBlocked] = articlesBlocked
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension SourceRecord {
    /// The source called `name`.
    static func named(_ name: String) -> QueryInterfaceRequest<SourceRecord> {
        filter(Columns.name == name)
    }

    /// The id of the source called `name`, or `nil` for an unknown name. Asked by every fetch,
    /// scan and merge record: a prepared statement kept for the connection, not a request
    /// compiled on each call.
    static func id(_ db: Database, named name: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM source WHERE name = ?"), arguments: [name])
    }
}
