internal import GRDB
import Storage

/// A row of `document`: one key of one source, with its latest version number, its place in a
/// near-duplicate cluster and the file stamp it was last read with. Deleted documents stay as
/// tombstones, with their history.
struct DocumentRecord: Equatable {
    /// `nil` until inserted (AUTOINCREMENT).
    var id: Int64?
    var sourceID: Int64
    var key: String
    /// The latest version (versions count from 1).
    var version: Int
    var deleted: Bool = false
    var clusterID: Int64? = nil
    /// Jaccard similarity of the match that brought it into its cluster (1 for the canonical).
    var similarity: Double? = nil
    var createdAt: Double
    var updatedAt: Double
    var fileSize: Int64? = nil
    var fileMtimeNs: Int64? = nil
    var fileInode: Int64? = nil
}

extension DocumentRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "document"

    enum Columns: String, ColumnExpression, CaseIterable {
        case id
        case sourceID = "source_id"
        case key, version, deleted
        case clusterID = "cluster_id"
        case similarity
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case fileSize = "file_size"
        case fileMtimeNs = "file_mtime_ns"
        case fileInode = "file_inode"
    }

    init(row: Row) {
        id = row[Columns.id]
        sourceID = row[Columns.sourceID]
        key = row[Columns.key]
        version = row[Columns.version]
        deleted = row[Columns.deleted]
        clusterID = row[Columns.clusterID]
        similarity = row[Columns.similarity]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
        fileSize = row[Columns.fileSize]
        fileMtimeNs = row[Columns.fileMtimeNs]
        fileInode = row[Columns.fileInode]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.id] = id
        container[Columns.sourceID] = sourceID
        container[Columns.key] = key
        container[Columns.version] = version
        container[Columns.deleted] = deleted
        container[Columns.clusterID] = clusterID
        container[Columns.similarity] = similarity
        container[Columns.createdAt] = createdAt
        container[Columns.updatedAt] = updatedAt
        container[Columns.fileSize] = fileSize
        container[Columns.fileMtimeNs] = fileMtimeNs
        container[Columns.fileInode] = fileInode
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension DocumentRecord {
    /// The stamp of the file it was last read from; `nil` for documents that are not files.
    var stamp: FileStamp? {
        guard let fileSize, let fileMtimeNs, let fileInode else { return nil }
        return FileStamp(size: fileSize, modifiedNanoseconds: fileMtimeNs, inode: fileInode)
    }

    // Keys are given: GRDB infers a default key by inflecting the table name, and compiling its
    // inflection rules (hundreds of regular expressions) costs milliseconds at a daemon's start.
    static let source = belongsTo(SourceRecord.self, key: "source")
    static let cluster = belongsTo(ClusterRecord.self, key: "cluster")
}
