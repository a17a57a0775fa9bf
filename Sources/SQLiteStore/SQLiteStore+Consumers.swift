import Foundation
internal import GRDB
public import Storage
public import SyncModel

extension SQLiteStore {
    /// The committed cursor of a consumer, or `nil` for one never seen.
    public func consumerSeq(_ name: String) throws(SyncError) -> Int64? {
        try read { db in try ConsumerRecord.fetchOne(db, key: name)?.seq }
    }

    /// Commits a consumer's cursor: it resumes after `seq` from now on.
    /// - Throws: `SyncError(.invalidArgument)` for a seq beyond the change log's head.
    public func ackConsumer(_ name: String, seq: Int64, now: Double) throws(SyncError) {
        do {
            try writer.write { db in
                let head = try ChangeRecord.head(db)
                guard seq >= 0, seq <= head else {
                    throw SyncError(.invalidArgument, "seq \(seq) is outside the change log (0...\(head))")
                }
                try ConsumerRecord(name: name, seq: seq, updatedAt: now).insert(db, onConflict: .replace)
            }
        } catch {
            throw SQLiteStore.error(error, "cannot record consumer \(name)", location: path)
        }
    }

    /// Every consumer with its lag behind the change log's head.
    public func consumers() throws(SyncError) -> [ConsumerStatus] {
        try read { db in
            let head = try ChangeRecord.head(db)
            return try ConsumerRecord.order(ConsumerRecord.Columns.name).fetchAll(db).map { $0.status(head: head) }
        }
    }

    /// A cluster's live members, canonical first.
    public func cluster(_ id: Int64) throws(SyncError) -> DuplicateCluster {
        guard let cluster = try duplicateClusters(including: id).first else {
            throw SyncError(.notFound, "no such cluster", location: "\(id)")
        }
        return cluster
    }
}
