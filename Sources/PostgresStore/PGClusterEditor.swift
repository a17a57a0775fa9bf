import Fingerprint
import Foundation
import SyncModel

/// Edits near-duplicate clusters inside one write transaction, with the SQLite store's rules
/// (`ClusterEditor` there): a cluster's canonical member is its earliest-arrived member and
/// stays when members arrive; a document linking two clusters merges them into the older one;
/// a member that leaves or changes splits the rest into the groups still alike. It remembers
/// every document whose membership it touched, so that exactly those whose cluster or canonical
/// status changed get a `cluster` change-log row.
final class PGClusterEditor {
    struct Membership: Equatable {
        var cluster: Int64?
        var canonical: Bool
    }

    private let session: PGSession
    private let store: PostgresStore
    private var before: [Int64: Membership] = [:]

    init(session: PGSession, store: PostgresStore) {
        self.session = session
        self.store = store
    }

    func membership(_ doc: Int64) throws -> Membership {
        let row = try session.first(
            "SELECT d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = $1", [doc]
        ) { (try $0.optionalInt64(0), try $0.optionalInt64(1)) }
        let cluster = row?.0 ?? nil
        let canonical = row?.1 ?? nil
        return Membership(cluster: cluster, canonical: cluster != nil && canonical == doc)
    }

    /// Memberships of several documents in one query (a document not found has none).
    private func memberships(_ docs: [Int64]) throws -> [Int64: Membership] {
        guard !docs.isEmpty else { return [:] }
        var result: [Int64: Membership] = [:]
        for row in try session.all(
            "SELECT d.id, d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = ANY($1::bigint[])",
            [Int64s(docs)], { (try $0.int64(0), try $0.optionalInt64(1), try $0.optionalInt64(2)) })
        {
            result[row.0] = Membership(cluster: row.1, canonical: row.1 != nil && row.2 == row.0)
        }
        for doc in docs where result[doc] == nil { result[doc] = Membership(cluster: nil, canonical: false) }
        return result
    }

    private func touch(_ docs: some Sequence<Int64>) throws {
        let fresh = Array(Set(docs.filter { before[$0] == nil }))
        for (doc, membership) in try memberships(fresh) { before[doc] = membership }
    }

    private func members(of cluster: Int64) throws -> [Int64] {
        try session.all("SELECT id FROM document WHERE cluster_id = $1 ORDER BY id", [cluster]) { try $0.int64(0) }
    }

    private func clusterOf(_ doc: Int64) throws -> Int64? {
        try session.first("SELECT cluster_id FROM document WHERE id = $1", [doc]) { try $0.optionalInt64(0) } ?? nil
    }

    private func canonicalOf(_ cluster: Int64) throws -> Int64? {
        try session.first("SELECT canonical_doc_id FROM cluster WHERE id = $1", [cluster]) { try $0.int64(0) }
    }

    private func newCluster(canonical: Int64, now: Double) throws -> Int64 {
        guard
            let id = try session.first(
                "INSERT INTO cluster(canonical_doc_id, created_at, updated_at) VALUES ($1, $2, $3) RETURNING id", [canonical, now, now],
                { try $0.int64(0) })
        else { throw SyncError(.store, "inserting a cluster returned no id") }
        return id
    }

    /// Puts `doc` together with the documents it matched: everything involved ends in one
    /// cluster, the oldest of their clusters (which keeps its canonical), or a new one whose
    /// canonical is the earliest-arrived of them.
    /// - Returns: `doc`'s membership afterwards; `nil` when it matched nothing (nothing changed).
    @discardableResult
    func attach(_ doc: Int64, matches: [Int64: Double], now: Double) throws -> Membership? {
        guard let best = matches.values.max() else { return nil }
        let involved = ([doc] + matches.keys).sorted()
        // Other nodes edit clusters too: lock the rows involved, in id order, reading their
        // current memberships (a `detach` of the same merge may have moved some since it began)
        // and their clusters' canonicals in the same query.
        let rows = try session.all(
            """
            SELECT d.id, d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id
            WHERE d.id = ANY($1::bigint[]) ORDER BY d.id FOR UPDATE OF d
            """, [Int64s(involved)], { (doc: try $0.int64(0), cluster: try $0.optionalInt64(1), canonical: try $0.optionalInt64(2)) })
        var current: [Int64: Membership] = [:]
        var canonicals: [Int64: Int64] = [:]
        for row in rows {
            current[row.doc] = Membership(cluster: row.cluster, canonical: row.cluster != nil && row.canonical == row.doc)
            if let cluster = row.cluster, let canonical = row.canonical { canonicals[cluster] = canonical }
        }
        for member in involved where before[member] == nil { before[member] = current[member] ?? Membership(cluster: nil, canonical: false) }
        var clusters = Set<Int64>()
        var singletons: [Int64] = []
        for member in involved {
            if let cluster = current[member]?.cluster { clusters.insert(cluster) } else { singletons.append(member) }
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
                session.send(
                    "UPDATE document SET similarity = $1 WHERE id = (SELECT canonical_doc_id FROM cluster WHERE id = $2)", [link, absorbed])
                session.send("UPDATE document SET cluster_id = $1 WHERE cluster_id = $2", [target, absorbed])
                session.send("UPDATE cluster SET dissolved = TRUE, updated_at = $1 WHERE id = $2", [now, absorbed])
            }
        } else {
            canonical = singletons.min() ?? doc
            target = try newCluster(canonical: canonical!, now: now)
        }
        for member in singletons {
            let similarity = member == canonical ? 1.0 : (matches[member] ?? best)
            session.send("UPDATE document SET cluster_id = $1, similarity = $2 WHERE id = $3", [target, similarity, member])
        }
        session.send("UPDATE cluster SET updated_at = $1 WHERE id = $2", [now, target])
        return Membership(cluster: target, canonical: canonical == doc)
    }

    /// Re-links the cluster of `doc` after `doc` left it (`stays: false`, a delete) or changed
    /// (`stays: true`, an update whose new fingerprint is stored already): the members are split
    /// into the groups that are still near-duplicates of each other. The group holding the
    /// canonical keeps the cluster id and canonical; a group of one leaves its cluster.
    func detach(_ doc: Int64, now: Double, stays: Bool = false) throws {
        guard let cluster = try clusterOf(doc) else { return }
        try session.query("SELECT id FROM cluster WHERE id = $1 FOR UPDATE", [cluster])
        let everyone = try members(of: cluster)
        let rest = stays ? everyone : everyone.filter { $0 != doc }
        try touch(everyone)
        if !stays {
            session.send("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = $1", [doc])
        }
        let oldCanonical = try canonicalOf(cluster)
        let groups = rest.count <= 1 ? rest.map { [$0] } : try linkedGroups(rest)
        let keeperIndex =
            groups.firstIndex { $0.count >= 2 && $0.contains(oldCanonical ?? -1) }
            ?? groups.firstIndex { $0.count >= 2 } ?? 0
        for (index, group) in groups.enumerated() {
            if group.count == 1 {
                session.send("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = $1", [group[0]])
            } else if index == keeperIndex {
                if let oldCanonical, group.contains(oldCanonical) { continue }
                let canonical = group.min()!
                session.send("UPDATE cluster SET canonical_doc_id = $1, updated_at = $2 WHERE id = $3", [canonical, now, cluster])
                session.send("UPDATE document SET similarity = 1.0 WHERE id = $1", [canonical])
            } else {
                let canonical = group.min()!
                let split = try newCluster(canonical: canonical, now: now)
                session.send("UPDATE document SET cluster_id = $1 WHERE id = ANY($2::bigint[])", [split, Int64s(group)])
                session.send("UPDATE document SET similarity = 1.0 WHERE id = $1", [canonical])
            }
        }
        if groups.isEmpty || groups[keeperIndex].count < 2 {
            session.send("UPDATE cluster SET dissolved = TRUE, updated_at = $1 WHERE id = $2", [now, cluster])
        }
    }

    /// Connected groups of `docs` under the near-duplicate relation, each sorted, in order of
    /// their earliest member.
    private func linkedGroups(_ docs: [Int64]) throws -> [[Int64]] {
        var shingles: [ShingleProfile] = []
        for doc in docs { shingles.append(try store.profile(session, doc: doc)) }
        var parent = Array(docs.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
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
    func recordChanges(excluding: Int64, now: Double, into changes: inout ChangeBuffer) throws {
        let docs = before.keys.filter { $0 != excluding }
        guard !docs.isEmpty else { return }
        let rows = try session.all(
            """
            SELECT d.id, d.cluster_id, c.canonical_doc_id, d.key, d.version, s.name
            FROM document d JOIN source s ON s.id = d.source_id LEFT JOIN cluster c ON c.id = d.cluster_id
            WHERE d.id = ANY($1::bigint[]) ORDER BY d.id
            """, [Int64s(docs)]
        ) { row in
            (
                doc: try row.int64(0), cluster: try row.optionalInt64(1), canonical: try row.optionalInt64(2), key: try row.text(3),
                version: try row.int(4), source: try row.text(5)
            )
        }
        for row in rows {
            let after = Membership(cluster: row.cluster, canonical: row.cluster != nil && row.canonical == row.doc)
            guard after != before[row.doc] else { continue }
            changes.append(
                op: .cluster, doc: row.doc, source: row.source, key: row.key, version: row.version, cluster: after.cluster,
                canonical: after.canonical, now: now)
        }
    }
}
