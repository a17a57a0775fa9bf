internal import GRDB
import Storage

/// A row of `feed_entry`: the identities of an entry a feed delivered, under the document key it
/// was given, so that an entry whose guid changes is still recognised by its link or content.
struct FeedEntryRecord: Equatable {
    var sourceID: Int64
    var key: String
    var guid: String?
    var link: String?
    /// A digest of the entry's title and content.
    var digest: String
    var firstSeen: Double
    var lastSeen: Double
}

extension FeedEntryRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "feed_entry"

    enum Columns: String, ColumnExpression, CaseIterable {
        case sourceID = "source_id"
        case key, guid, link, digest
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }

    init(row: Row) {
        sourceID = row[Columns.sourceID]
        key = row[Columns.key]
        guid = row[Columns.guid]
        link = row[Columns.link]
        digest = row[Columns.digest]
        firstSeen = row[Columns.firstSeen]
        lastSeen = row[Columns.lastSeen]
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.sourceID] = sourceID
        container[Columns.key] = key
        container[Columns.guid] = guid
        container[Columns.link] = link
        container[Columns.digest] = digest
        container[Columns.firstSeen] = firstSeen
        container[Columns.lastSeen] = lastSeen
    }
}

extension FeedEntryRecord {
    var identity: FeedEntryIdentity {
        FeedEntryIdentity(key: key, guid: guid, link: link, digest: digest)
    }

    // Keys are given to skip GRDB's inflection of table names (see `DocumentRecord.source`).
    static let source = belongsTo(SourceRecord.self, key: "source")
}
