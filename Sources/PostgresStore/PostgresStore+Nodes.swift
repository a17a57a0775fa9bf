import Foundation
public import Storage
public import SyncModel

/// What several nodes on one database coordinate through it: who polls which feed (leases
/// claimed with `FOR UPDATE SKIP LOCKED`), and who is there (heartbeats, sources, leases).
extension PostgresStore {
    /// Claims a feed for this node: granted when no other node holds an unexpired lease on it
    /// and (unless `force`) it is still due in the shared feed state. A row another node is
    /// claiming right now is skipped rather than waited for, so two nodes never both win it.
    /// A node killed mid-poll keeps its lease until `lease` seconds have passed; then any node
    /// may claim the feed, which is still due because the dead node recorded nothing.
    public func claimFeed(source: String, lease: Double, force: Bool, now: Double) throws(SyncError) -> Bool {
        let id = try sourceID(source)
        return try write("cannot claim feed \(source)") { session, _ in
            try session.query("INSERT INTO feed_lease(source_id, node, until) VALUES ($1, '', 0) ON CONFLICT (source_id) DO NOTHING", [id])
            let claimed = try session.first(
                """
                UPDATE feed_lease SET node = $2, until = $3 WHERE source_id = (
                    SELECT l.source_id FROM feed_lease l LEFT JOIN feed_state f ON f.source_id = l.source_id
                    WHERE l.source_id = $1 AND (l.until <= $4 OR l.node = $2)
                        AND ($5 OR f.next_due_at IS NULL OR f.next_due_at <= $4)
                    FOR UPDATE OF l SKIP LOCKED
                ) RETURNING source_id
                """, [id, node, now + lease, now, force], { try $0.int64(0) })
            return claimed != nil
        }
    }

    /// Ends this node's lease on a feed (its poll is recorded; the shared due time now says
    /// when it is polled next, by whichever node claims it then).
    public func releaseFeed(source: String) throws(SyncError) {
        let id = try sourceID(source)
        try write("cannot release feed \(source)") { session, _ in
            try session.query("UPDATE feed_lease SET until = 0 WHERE source_id = $1 AND node = $2", [id, node])
        }
    }

    /// Every node that recorded itself, with the sources it lists and the leases it holds now.
    public func nodes() throws(SyncError) -> [NodeStatus] {
        let now = Date().timeIntervalSince1970
        return try withSession { session in
            try session.all(
                """
                SELECT n.name, n.pid, n.started_at, n.heartbeat_at,
                    ARRAY(SELECT s.name FROM node_source ns JOIN source s ON s.id = ns.source_id WHERE ns.node = n.name ORDER BY s.name),
                    ARRAY(SELECT s.name FROM feed_lease l JOIN source s ON s.id = l.source_id WHERE l.node = n.name AND l.until > $1 ORDER BY s.name)
                FROM node n ORDER BY n.name
                """, [now]
            ) { row in
                NodeStatus(
                    name: try row.text(0), pid: Int32(truncatingIfNeeded: try row.int64(1)), startedAt: try row.double(2),
                    heartbeatAt: try row.double(3),
                    sources: try row.texts(4), leases: try row.texts(5))
            }
        }
    }
}
