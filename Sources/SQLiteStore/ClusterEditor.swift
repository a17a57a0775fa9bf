import Foundation
internal import GRDB
import Fingerprint
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
    struct Membership: Equatable {
        var cluster: Int64?
        var canonical: Bool
    }

    private let db: Database
    private let store: SQLiteStore
    private var before: [Int64: Membership] = [:]

    init(db: Database, store: SQLiteStore) {
        self.db = db
        self.store = store
    }

    func membership(_ doc: Int64) throws -> Membership {
        let (cluster, canonical) = try clusterRow(doc)
        return Membership(cluster: cluster, canonical: cluster != nil && canonical == doc)
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

    /// Puts `doc` together with the documents it matched: everything involved ends in one
    /// cluster, the oldest of their clusters (which keeps its canonical), or a new one whose
    /// canonical is the earliest-arrived of them.
    /// - Returns: `doc`'s membership afterwards; `nil` when it matched nothing (and is left as it was).
    @discardableResult
    func attach(_ doc: Int64, matches: [Int64: Double], now: Double) throws -> Membership? {
        guard let best = matches.values.max() else { return nil }
        let involved = ([doc] + matches.keys).sorted()
        var clusters = Set<Int64>()
        var canonicals: [Int64: Int64] = [:]
        var singletons: [Int64] = []
        for member in involved {
            // One look at each: what `touch` keeps (unless an earlier edit of this merge did),
            // which cluster it is in now and that cluster's canonical.
            let (cluster, canonical) = try clusterRow(member)
            if before[member] == nil { before[member] = Membership(cluster: cluster, canonical: cluster != nil && canonical == member) }
            if let cluster {
                clusters.insert(cluster)
                canonicals[cluster] = canonical
            } else {
                singletons.append(member)
            }
        }
        let target: Int64
        let canonical: Int64?
        if let oldest = clusters.min() {
            target = oldest
            canonical = canonicals[oldest]
            for absorbed in clusters.sorted() where absorbed != oldest {
                let absorbedMembers = try members(of: absorbed)
                try touch(absorbedMembers)
                // The absorbed cluster's canonical now counts by the link that joined it.
                let link = absorbedMembers.compactMap { matches[$0] }.max() ?? best
                try db.run(
                    """
                    UPDATE document SET similarity = ? WHERE id = (SELECT canonical_doc_id FROM cluster WHERE id = ?)
                    """, [link, absorbed])
                try db.run("UPDATE document SET cluster_id = ? WHERE cluster_id = ?", [target, absorbed])
                try db.run("UPDATE cluster SET dissolved = 1, updated_at = ? WHERE id = ?", [now, absorbed])
            }
        } else {
            canonical = singletons.min() ?? doc
            try db.run("INSERT INTO cluster(canonical_doc_id, created_at, updated_at) VALUES (?, ?, ?)", [canonical, now, now])
            target = db.lastInsertedRowID
        }
        for member in singletons {
            let similarity = member == canonical ? 1.0 : (matches[member] ?? best)
            try db.run("UPDATE document SET cluster_id = ?, similarity = ? WHERE id = ?", [target, similarity, member])
        }
        try db.run("UPDATE cluster SET updated_at = ? WHERE id = ?", [now, target])
        return Membership(cluster: target, canonical: canonical == doc)
    }

    /// Re-links the cluster of `doc` after `doc` left it (`stays: false`, a delete) or changed
    /// (`stays: true`, an update whose new shingles are already in `cache`): the members are
    /// split into the groups that are still near-duplicates of each other. The group holding the
    /// canonical keeps the cluster id and canonical; a group of one leaves its cluster.
    func detach(_ doc: Int64, now: Double, cache: inout ShingleCache, stays: Bool = false) throws {
        guard let cluster = try db.int64("SELECT cluster_id FROM document WHERE id = ?", [doc]) else { return }
        let everyone = try members(of: cluster)
        let rest = stays ? everyone : everyone.filter { $0 != doc }
        try touch(everyone)
        if !stays {
            try db.run("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = ?", [doc])
        }
        let oldCanonical = try db.int64("SELECT canonical_doc_id FROM cluster WHERE id = ?", [cluster])
        let groups = rest.count <= 1 ? rest.map { [$0] } : try linkedGroups(rest, cache: &cache)
        // The group holding the canonical keeps the cluster; if the canonical left or is alone
        // now, the earliest group that is still a cluster keeps it (for updates and deletes alike).
        let keeperIndex =
            groups.firstIndex { $0.count >= 2 && $0.contains(oldCanonical ?? -1) }
            ?? groups.firstIndex { $0.count >= 2 } ?? 0
        for (index, group) in groups.enumerated() {
            if group.count == 1 {
                try db.run("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = ?", [group[0]])
            } else if index == keeperIndex {
                if let oldCanonical, group.contains(oldCanonical) { continue }
                let canonical = group.min()!
                try db.run("UPDATE cluster SET canonical_doc_id = ?, updated_at = ? WHERE id = ?", [canonical, now, cluster])
                try db.run("UPDATE document SET similarity = 1.0 WHERE id = ?", [canonical])
            } else {
                let canonical = group.min()!
                try db.run("INSERT INTO cluster(canonical_doc_id, created_at, updated_at) VALUES (?, ?, ?)", [canonical, now, now])
                let split = db.lastInsertedRowID
                for member in group {
                    try db.run("UPDATE document SET cluster_id = ? WHERE id = ?", [split, member])
                }
                try db.run("UPDATE document SET similarity = 1.0 WHERE id = ?", [canonical])
            }
        }
        if groups.isEmpty || groups[keeperIndex].count < 2 {
            try db.run("UPDATE cluster SET dissolved = 1, updated_at = ? WHERE id = ?", [now, cluster])
        }
    }

    /// Connected groups of `docs` under the near-duplicate relation, each sorted, in order of
    /// their earliest member.
    private func linkedGroups(_ docs: [Int64], cache: inout ShingleCache) throws -> [[Int64]] {
        var shingles: [ShingleProfile] = []
        for doc in docs { shingles.append(try store.shingles(db, doc: doc, cache: &cache)) }
        var parent = Array(docs.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in docs.indices {
            for j in (i + 1)..<docs.count where find(i) != find(j) {
                if Similarity.nearDuplicate(shingles[i], shingles[j], threshold: store.parameters.threshold) != nil {
                    parent[find(j)] = find(i)
                }
            }
        }
        var groups: [Int: [Int64]] = [:]
        for i in docs.indices { groups[find(i), default: []].append(docs[i]) }
        return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
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
