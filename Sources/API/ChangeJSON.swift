import Foundation
import Fingerprint
import Storage
public import SyncModel

/// A change as the change feed and webhooks send it: syncd's own fields (those of `syncctl
/// changes`) beside CouchDB's `_changes` ones, so either kind of client reads it.
public enum ChangeJSON {
    /// `VERSION-HASH`: the document version, then 32 hex digits of SHA-256 over the document id,
    /// version and seq. Every change gets its own rev (a cluster change keeps the version but
    /// is still news to an indexer), and the same change always gets the same one.
    public static func rev(_ change: Change) -> String {
        "\(change.version)-" + SHA256Digest.hex(SHA256Digest.hash(Array("\(change.doc):\(change.version):\(change.seq)".utf8))).prefix(32)
    }

    /// `{seq, op, doc, doc_id, source, key, version, cluster, canonical, at, id, changes, deleted?}`: `at` RFC 3339 UTC,
    /// `cluster` null outside a cluster.
    /// - Parameter numericDoc: keep syncd's `doc` (the numeric id); `/v1/_changes` leaves it
    ///   out, as `doc` there is only ever the document object of `include_docs`.
    public static func object(_ change: Change, numericDoc: Bool = true) -> [String: Any] {
        var object: [String: Any] = [
            "seq": change.seq, "op": change.op.rawValue, "doc_id": change.doc, "source": change.source, "key": change.key,
            "version": change.version, "canonical": change.canonical, "at": Timestamp.rfc3339(change.at),
            "id": "\(change.source):\(change.key)", "changes": [["rev": rev(change)]],
        ]
        if numericDoc { object["doc"] = change.doc }
        object["cluster"] = change.cluster.map { $0 as Any } ?? NSNull()  // always present: null outside a cluster
        if change.op == .delete { object["deleted"] = true }
        return object
    }

    /// The document object of `include_docs`: CouchDB's `_id`, `_rev` (and `_deleted`) beside
    /// syncd's `doc_id`, `title`, `text`, `version`, `deleted` and `metadata`.
    static func document(_ document: DocumentView, change: Change) throws -> [String: Any] {
        var object: [String: Any] = [
            "_id": "\(change.source):\(change.key)", "_rev": rev(change), "doc_id": document.doc, "source": document.source,
            "key": document.key, "title": document.title, "text": document.text, "version": document.version,
            "deleted": document.deleted, "metadata": try ChangeFeed.object(document.metadata),
        ]
        if document.deleted || change.op == .delete { object["_deleted"] = true }
        return object
    }

    /// One line of JSON with sorted keys and unescaped slashes.
    static func line(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
