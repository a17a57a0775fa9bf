import Synchronization
import Foundation
import PostgresNIO
import Storage
public import SyncModel

/// The change rows one transaction appends, waiting for their `seq`s.
struct ChangeBuffer {
    struct Row {
        var op: ChangeOp
        var doc: Int64
        var source: String
        var key: String
        var version: Int
        var cluster: Int64?
        var canonical: Bool
        var at: Double
    }

    let node: String
    var rows: [Row] = []

    init(node: String) { self.node = node }

    mutating func append(op: ChangeOp, doc: Int64, source: String, key: String, version: Int, cluster: Int64?, canonical: Bool, now: Double) {
        rows.append(Row(op: op, doc: doc, source: source, key: key, version: version, cluster: cluster, canonical: canonical, at: now))
    }
}

extension PostgresStore {
    /// The channel every node's commits are announced on (payload: the new head).
    static let channel = "syncd_changes"

    /// Gives the buffered changes their `seq`s and writes them, as the transaction's last
    /// statements. The head row's update is the serialization point: it holds the row's lock
    /// until this transaction commits, so a later transaction gets higher `seq`s and becomes
    /// visible after this one. A consumer that has read through N never later finds a change
    /// below N, which a plain sequence (numbers taken early, commits in any order) cannot promise.
    /// - Returns: the new head, `nil` when nothing was appended.
    func flush(_ session: PGSession, _ changes: ChangeBuffer) throws -> Int64? {
        // The transaction's other rows first: the head row's lock is held from here to the commit.
        session.flushDeferred()
        guard !changes.rows.isEmpty else { return nil }
        let count = Int64(changes.rows.count)
        guard let head = try session.first("UPDATE change_head SET seq = seq + $1 WHERE id = 1 RETURNING seq", [count], { try $0.int64(0) })
        else { throw SyncError(.store, "the change log's head row is missing") }
        let first = head - count + 1
        let rows = changes.rows
        session.send(
            """
            INSERT INTO change(seq, at, op, doc_id, source, key, version, cluster_id, canonical, node)
            SELECT s, a, o, d, src, k, v, NULLIF(c, 0), can, $10
            FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bool[])
                AS t(s, a, o, d, src, k, v, c, can)
            """,
            [
                Int64s(Array(first...head)), Doubles(rows.map(\.at)), Texts(rows.map(\.op.rawValue)), Int64s(rows.map(\.doc)),
                Texts(rows.map(\.source)), Texts(rows.map(\.key)), Int64s(rows.map { Int64($0.version) }), Int64s(rows.map { $0.cluster ?? 0 }),
                Bools(rows.map(\.canonical)), changes.node,
            ])
        session.send("SELECT pg_notify('\(PostgresStore.channel)', $1)", ["\(head)"])
        return head
    }

    /// Listens for every node's commits on a connection of its own and wakes long polls and
    /// SSE streams (`commits`) for each.
    func listen() throws(SyncError) {
        let session = try PGSession.connect(url, password: password, id: 0)
        let commits = self.commits
        session.connection.addListener(channel: PostgresStore.channel) { _, notification in
            if let head = Int64(notification.payload) { commits.notify(head: head) }
        }
        do {
            try session.query("LISTEN \(PostgresStore.channel)")
        } catch {
            session.close()
            throw PGSession.error(error, "cannot listen for commits", location: location)
        }
        listener.withLock { $0 = session }
    }

    /// Change-log rows with `seq > since`, oldest first.
    public func changes(since: Int64, limit: Int) throws(SyncError) -> [Change] {
        try withSession { session in
            try session.all(
                "SELECT seq, op, doc_id, source, key, version, cluster_id, canonical, at, node FROM change WHERE seq > $1 ORDER BY seq LIMIT $2",
                [since, limit]
            ) { row in
                Change(
                    seq: try row.int64(0), op: ChangeOp(rawValue: try row.text(1)) ?? .update, doc: try row.int64(2), source: try row.text(3),
                    key: try row.text(4), version: try row.int(5), cluster: try row.optionalInt64(6), canonical: try row.bool(7),
                    at: try row.double(8),
                    node: try row.optionalText(9))
            }
        }
    }

    /// The highest `seq` committed (0 for an empty log).
    public func changeHead() throws(SyncError) -> Int64 {
        try withSession { session in try head(session) }
    }

    func head(_ session: PGSession) throws -> Int64 {
        try session.first("SELECT seq FROM change_head WHERE id = 1", [], { try $0.int64(0) }) ?? 0
    }
}
