import Fingerprint
import Foundation
import Storage
import SyncModel

/// Edits near-duplicate clusters inside one write transaction by `ClusterRules`, as the SQLite
/// store's `ClusterEditor` does, locking the rows it edits against other nodes. It remembers
/// every document whose membership it touched, so that exactly those whose cluster or canonical
/// status changed get a `cluster` change-log row.
final class PGClusterEditor {
    typealias Membership = ClusterRules.Membership

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
        return Membership(doc: doc, cluster: row?.0 ?? nil, clusterCanonical: row?.1 ?? nil)
    }

    /// Memberships of several documents in one query (a document not found has none).
    private func memberships(_ docs: [Int64]) throws -> [Int64: Membership] {
        guard !docs.isEmpty else { return [:] }
        var result: [Int64: Membership] = [:]
        for row in try session.all(
            "SELECT d.id, d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id WHERE d.id = ANY($1::bigint[])",
            [Int64s(docs)], { (try $0.int64(0), try $0.optionalInt64(1), try $0.optionalInt64(2)) })
        {
            result[row.0] = Membership(doc: row.0, cluster: row.1, clusterCanonical: row.2)
        }
        for doc in docs where result[doc] == nil { result[doc] = .alone }
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

    /// Puts `doc` together with the documents it matched (`ClusterRules.attachment`).
    /// - Returns: `doc`'s membership afterwards; `nil` when it matched nothing (nothing changed).
    @discardableResult
    func attach(_ doc: Int64, matches: [Int64: Double], now: Double) throws -> Membership? {
        guard !matches.isEmpty else { return nil }
        let ids = Set([doc] + matches.keys).sorted()
        // Other nodes edit clusters too: lock the rows involved, in id order, reading their
        // current memberships (a `detach` of the same merge may have moved some since it began)
        // and their clusters' canonicals in the same query.
        let rows = try session.all(
            """
            SELECT d.id, d.cluster_id, c.canonical_doc_id FROM document d LEFT JOIN cluster c ON c.id = d.cluster_id
            WHERE d.id = ANY($1::bigint[]) ORDER BY d.id FOR UPDATE OF d
            """, [Int64s(ids)],
            { ClusterRules.Involved(doc: try $0.int64(0), cluster: try $0.optionalInt64(1), clusterCanonical: try $0.optionalInt64(2)) })
        var involved: [Int64: ClusterRules.Involved] = [:]
        for row in rows { involved[row.doc] = row }
        for id in ids where involved[id] == nil { involved[id] = ClusterRules.Involved(doc: id, cluster: nil, clusterCanonical: nil) }
        for (id, row) in involved where before[id] == nil {
            before[id] = Membership(doc: id, cluster: row.cluster, clusterCanonical: row.clusterCanonical)
        }
        guard let plan = ClusterRules.attachment(of: doc, matches: matches, involved: Array(involved.values)) else { return nil }
        let target: Int64
        if let oldest = plan.target {
            target = oldest
            for absorbed in plan.absorbed {
                let absorbedMembers = try members(of: absorbed)
                try touch(absorbedMembers)
                // The absorbed cluster's canonical now counts by the link that joined it.
                session.send(
                    "UPDATE document SET similarity = $1 WHERE id = (SELECT canonical_doc_id FROM cluster WHERE id = $2)",
                    [plan.link(absorbedMembers), absorbed])
                session.send("UPDATE document SET cluster_id = $1 WHERE cluster_id = $2", [target, absorbed])
                session.send("UPDATE cluster SET dissolved = TRUE, updated_at = $1 WHERE id = $2", [now, absorbed])
            }
        } else {
            target = try newCluster(canonical: plan.canonical ?? doc, now: now)
        }
        for (member, similarity) in plan.singletons {
            session.send("UPDATE document SET cluster_id = $1, similarity = $2 WHERE id = $3", [target, similarity, member])
        }
        session.send("UPDATE cluster SET updated_at = $1 WHERE id = $2", [now, target])
        return Membership(cluster: target, canonical: plan.canonical == doc)
    }

    /// Re-links the cluster of `doc` after `doc` left it (`stays: false`, a delete) or changed
    /// (`stays: true`, an update whose new fingerprint is stored already): the members are split
    /// into the groups that are still near-duplicates of each other (`ClusterRules.split`).
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
        var groups = rest.map { [$0] }
        if rest.count > 1 {
            var profiles: [ShingleProfile] = []
            for member in rest { profiles.append(try store.profile(session, doc: member)) }
            groups = ClusterRules.linkedGroups(rest, profiles: profiles, threshold: store.parameters.threshold)
        }
        let (steps, dissolves) = ClusterRules.split(groups, oldCanonical: oldCanonical)
        for step in steps {
            switch step {
            case .alone(let member):
                session.send("UPDATE document SET cluster_id = NULL, similarity = NULL WHERE id = $1", [member])
            case .newCanonical(let canonical):
                session.send("UPDATE cluster SET canonical_doc_id = $1, updated_at = $2 WHERE id = $3", [canonical, now, cluster])
                session.send("UPDATE document SET similarity = 1.0 WHERE id = $1", [canonical])
            case .newCluster(let group):
                let split = try newCluster(canonical: group[0], now: now)
                session.send("UPDATE document SET cluster_id = $1 WHERE id = ANY($2::bigint[])", [split, Int64s(group)])
                session.send("UPDATE document SET similarity = 1.0 WHERE id = $1", [group[0]])
            }
        }
        if dissolves {
            session.send("UPDATE cluster SET dissolved = TRUE, updated_at = $1 WHERE id = $2", [now, cluster])
        }
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
            let after = Membership(doc: row.doc, cluster: row.cluster, clusterCanonical: row.canonical)
            guard after != before[row.doc] else { continue }
            changes.append(
                op: .cluster, doc: row.doc, source: row.source, key: row.key, version: row.version, cluster: after.cluster,
                canonical: after.canonical, now: now)
        }
    }
}
