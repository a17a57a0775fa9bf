import Foundation
public import Storage
public import SyncModel

extension PostgresStore {
    public func consumerSeq(_ name: String) throws(SyncError) -> Int64? {
        try withSession { session in try session.first("SELECT seq FROM consumer WHERE name = $1", [name]) { try $0.int64(0) } }
    }

    /// Commits a consumer's cursor, shared by every node's API.
    /// - Throws: `SyncError(.invalidArgument)` for a seq beyond the change log's head.
    public func ackConsumer(_ name: String, seq: Int64, now: Double) throws(SyncError) {
        try write("cannot record consumer \(name)") { session, _ in
            let head = try head(session)
            guard seq >= 0, seq <= head else {
                throw SyncError(.invalidArgument, "seq \(seq) is outside the change log (0...\(head))")
            }
            try session.query(
                """
                INSERT INTO consumer(name, seq, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at
                """, [name, seq, now])
        }
    }

    public func consumers() throws(SyncError) -> [ConsumerStatus] {
        try withSession { session in
            let head = try head(session)
            return try session.all("SELECT name, seq, updated_at FROM consumer ORDER BY name") { row in
                let seq = try row.int64(1)
                return ConsumerStatus(name: try row.text(0), seq: seq, lag: max(0, head - seq), updatedAt: try row.double(2))
            }
        }
    }
}
