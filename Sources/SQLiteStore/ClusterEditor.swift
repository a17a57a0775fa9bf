import Foundation
internal import GRDB
import Fingerprint
import Storage
import SyncModel

/// Edits near-duplicate clusters inside one write transaction and remembers every document
/// whose membership it touched, so that exactly the documents whose cluster or canonical status
/// really changed get a `cluster` change-log row.
///
/// Rules: a cluster's canonical member is the earliest-arrived member and does not change when
/// members arrive; when a document links two clusters they merge into the older one, which keeps
/// its canonical; when a member leaves (update or delete), the rest are re-linked and split into
/// the groups that are still near-duplicates of each other.
///
/// It runs inside the merge transaction, so like the rest of the ingest path it reads and writes
/// `cluster` and `document` through cached raw statements, not `ClusterRecord` and
/// `DocumentRecord` through GRDB (see `SQLiteStore+Merge.swift`).
final class ClusterEditor {
    typealias Membership = ClusterRules.Membership

    private let db: Database
    private let store: SQLiteStore
    private var before: [Int64: Membership] = [:]

    init(db: Database, store: SQLiteStore) {
        self.db = db
        self.store = store
    }

    func membership(_ doc: Int64) throws -> Membership {
        let (cluster, canonical) = try clusterRow(doc)
        return Membership(doc: doc, cluster: cluster, clusterCanonical: canonical)
    }

    /// `doc`'s cluster and that cluster's canonical document.
    private func clusterRow(_ doc: Int64) throws -> (cluster: Int64?, canonical: Int64?) {
        let row = try db.first(
            """
            SELECT d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = ?
            """, [doc]
        ) { ($0.optionalInt64(0), $0.optionalInt64(1)) }
        return (row?.0 ?? nil, row?.1 ?? nil)
    }

    private func touch(_ docs: some Sequence<Int64>) throws {
        for doc in docs where before[doc] == nil {
            before[doc] = try membership(doc)
        }
    }

    private func members(of cluster: Int64) throws -> [Int64] {
        try db.all("SELECT id FROM document WHERE cluster_id = ? ORDER BY id", [cluster]) { $0.int64(0) }
    }

    /// Puts `doc` together with the documents it matched (`ClusterRules.attachment`).
    /// - Returns: `doc`'s membership afterwards; `nil` when it matched nothing (and is left as it was).
    @discardableResult
    func attach(_ doc: Int64, matches: [Int64: Double], now: Double) throws -> Membership? {
        guard !matches.isEmpty else { return nil }
        var involved: [ClusterRules.Involved] = []
        for member in Set([doc] + matches.keys).sorted() {
            // One look at each: what `touch` keeps (unless an earlier edit of this merge did),
            // which cluster it is in now and that cluster's canonical.
            let (cluster, canonical) = try clusterRow(member)
            if before[member] == nil { before[member] = Membership(doc: member, cluster: cluster, clusterCanonical: canonical) }
            involved.append(ClusterRules.Involved(doc: member, cluster: cluster, clusterCanonical: canonical))
        }
        guard let plan = ClusterRules.attachment(of: doc, matches: matches, involved: involved) else { return nil }
        let target: Int64
        if let oldest = plan.target {
            target = oldest
            for absorbed in plan.absorbed {
                let absorbedMembers = try members(of: absorbed)
                try touch(absorbedMembers)
                // The absorbed cluster's canonical now counts by the link that joined it.
                try db.run(
                    """
                    UPDATE document SET similarity = ? WHERE id = (SELECT canonical_doc_id FROM cluster WHERE id = ?)
                    """, [plan.link(absorbedMembers), absorbed])
                try db.run("UPDATE document SET cluster_id = ? WHERE cluster_id = ?", [target, absorbed])
                try db.run("UPDATE cluster SET dissolved = 1, updated_at = ? WHERE id = ?", [now, absorbed])
            }
        } else {
            try db.run("INSERT INTO cluster(canonical_doc_id, created_at, updated_at) VALUES (?, ?, ?)", [plan.canonical, now, now])
            target = db.lastInsertedRowID
        }
        for (member, similarity) in plan.singletons {
            try db.run("UPDATE document SET cluster_id = ?, similarity = ? WHERE id = ?", [target, similarity, member])
        }
        try db.run("UPDATE cluster SET updated_at = ? WHERE id = ?", [now, target])
        return Membership(cluster: target, canonical: plan.canonical == doc)
    }

    /// Re-links the cluster of `doc` after `doc` left it (`stays: false`, a delete) or changed
    /// (`stays: true`, an update whose new shingles are already in `cache`): the members are
    /// split into the groups that are still near-duplicates of each other (`ClusterRules.split`).
    func detach(_ doc: Int64, now: Double, cache: inout ShingleCache, stays: Bool = false) throws {
        guard let cluster = try db.int64("SELECT cluster_id FROM document WHERE id = ?", [doc]) else { return }
        let everyone = try members(of: cluster)
        let rest = stays ? everyone : everyone.filter { $0 != doc }
        try touch(everyone)
        if !stays {
            try db.run("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = ?", [doc])
        }
        let oldCanonical = try db.int64("SELECT canonical_doc_id FROM cluster WHERE id = ?", [cluster])
        var groups = rest.map { [$0] }
        if rest.count > 1 {
            var profiles: [ShingleProfile] = []
            for member in rest { profiles.append(try store.shingles(db, doc: member, cache: &cache)) }
            groups = ClusterRules.linkedGroups(rest, profiles: profiles, threshold: store.parameters.threshold)
        }
        let (steps, dissolves) = ClusterRules.split(groups, oldCanonical: oldCanonical)
        for step in steps {
            switch step {
            case .alone(let member):
                try db.run("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = ?", [member])
            case .newCanonical(let canonical):
                try db.run("UPDATE cluster SET canonical_doc_id = ?, updated_at = ? WHERE id = ?", [canonical, now, cluster])
                try db.run("UPDATE document SET similarity = 1.0 WHERE id = ?", [canonical])
            case .newCluster(let group):
                try db.run("INSERT INTO cluster(canonical_doc_id, created_at, updated_at) VALUES (?, ?, ?)", [group[0], now, now])
                let split = db.lastInsertedRowID
                for member in group {
                    try db.run("UPDATE document SET cluster_id = ? WHERE id = ?", [split, member])
                }
                try db.run("UPDATE document SET similarity = 1.0 WHERE id = ?", [group[0]])
            }
        }
        if dissolves {
            try db.run("UPDATE cluster SET dissolved = 1, updated_at = ? WHERE id = ?", [now, cluster])
        }
    }

    /// Appends a `cluster` change for every touched document (but `excluding`) whose cluster or
    /// canonical status differs from before the edit.
    func recordChanges(excluding: Int64, now: Double) throws {
        for doc in before.keys.sorted() where doc != excluding {
            let after = try membership(doc)
            guard after != before[doc] else { continue }
            guard
                let row = try db.first(
                    """
                    SELECT d.key, d.version, s.name FROM document d JOIN source s ON s.id = d.source_id WHERE d.id = ?
                    """, [doc], { (key: $0.text(0), version: $0.int(1), source: $0.text(2)) })
            else { continue }
            try store.appendChange(
                db, op: .cluster, doc: doc, source: row.source, key: row.key, version: row.version,
                cluster: after.cluster, canonical: after.canonical, now: now)
        }
    }
}
