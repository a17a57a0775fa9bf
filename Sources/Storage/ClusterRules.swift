public import Fingerprint

/// How near-duplicate clusters change, whatever store keeps them: each store's cluster editor
/// reads the rows these decisions need and writes what they decide, in its own SQL and locking.
///
/// - A cluster's canonical member is its earliest-arrived member and stays when members arrive.
/// - A document that matches others joins them: everything involved ends in the oldest of their
///   clusters, which keeps its canonical, or in a new cluster whose canonical is the
///   earliest-arrived of them.
/// - When a member leaves (a delete) or changes (an update), the rest are split into the groups
///   still near-duplicates of each other: the group holding the canonical keeps the cluster, a
///   group of one leaves it.
public enum ClusterRules {
    /// Where a document stands: its cluster (`nil` when alone) and whether it is that cluster's
    /// canonical member.
    public struct Membership: Equatable, Sendable {
        public var cluster: Int64?
        public var canonical: Bool

        public init(cluster: Int64?, canonical: Bool) {
            self.cluster = cluster
            self.canonical = canonical
        }

        /// From `doc`'s row: its cluster and that cluster's canonical document.
        public init(doc: Int64, cluster: Int64?, clusterCanonical: Int64?) {
            self.init(cluster: cluster, canonical: cluster != nil && clusterCanonical == doc)
        }

        /// In no cluster.
        public static let alone = Membership(cluster: nil, canonical: false)
    }

    /// A document involved in an attach, as its row stands: its cluster and that cluster's canonical.
    public struct Involved: Sendable {
        public var doc: Int64
        public var cluster: Int64?
        public var clusterCanonical: Int64?

        public init(doc: Int64, cluster: Int64?, clusterCanonical: Int64?) {
            self.doc = doc
            self.cluster = cluster
            self.clusterCanonical = clusterCanonical
        }
    }

    /// What attaching a document to the documents it matched does.
    public struct Attachment: Sendable {
        /// The oldest cluster involved, which everything joins; `nil`: a new cluster.
        public var target: Int64?
        /// The canonical of the cluster everything ends in (`nil` only when the target's row is missing).
        public var canonical: Int64?
        /// The other clusters involved, in id order: their members move to the target.
        public var absorbed: [Int64]
        /// The involved documents in no cluster, each with the similarity it joins at (1 for the canonical).
        public var singletons: [(doc: Int64, similarity: Double)]
        /// What the document matched, and the closest match.
        let matches: [Int64: Double]
        let best: Double

        /// The similarity an absorbed cluster's canonical now counts at: the closest match among
        /// that cluster's `members`, else the closest match of all.
        public func link(_ members: [Int64]) -> Double {
            members.compactMap { matches[$0] }.max() ?? best
        }
    }

    /// How `doc`, which matched `matches` (document → similarity), joins them.
    /// - Parameter involved: the rows of `doc` and of every matched document.
    /// - Returns: `nil` when it matched nothing (nothing changes).
    public static func attachment(of doc: Int64, matches: [Int64: Double], involved: [Involved]) -> Attachment? {
        guard let best = matches.values.max() else { return nil }
        var clusters = Set<Int64>()
        var canonicals: [Int64: Int64] = [:]
        var alone: [Int64] = []
        for row in involved.sorted(by: { $0.doc < $1.doc }) {
            if let cluster = row.cluster {
                clusters.insert(cluster)
                if let canonical = row.clusterCanonical { canonicals[cluster] = canonical }
            } else {
                alone.append(row.doc)
            }
        }
        let target = clusters.min()
        // The oldest cluster keeps its canonical; a new cluster's is the earliest-arrived.
        let canonical: Int64? = if let target { canonicals[target] } else { alone.min() ?? doc }
        return Attachment(
            target: target, canonical: canonical, absorbed: clusters.sorted().filter { $0 != target },
            singletons: alone.map { ($0, $0 == canonical ? 1.0 : (matches[$0] ?? best)) }, matches: matches, best: best)
    }

    /// One step of splitting a cluster after a member left or changed.
    public enum SplitStep: Equatable, Sendable {
        /// The document is alone now: it leaves the cluster.
        case alone(Int64)
        /// The group keeping the cluster lost its canonical: this member (its earliest) is the new one.
        case newCanonical(Int64)
        /// A group of two or more that is not the keeper: a new cluster of these members, the first one canonical.
        case newCluster([Int64])
    }

    /// How a cluster splits into `groups` (`linkedGroups`) whose canonical was `oldCanonical`:
    /// the steps in group order, and whether the cluster is left with fewer than two members
    /// (dissolved).
    public static func split(_ groups: [[Int64]], oldCanonical: Int64?) -> (steps: [SplitStep], dissolves: Bool) {
        // The group holding the canonical keeps the cluster; if the canonical left or is alone
        // now, the earliest group that is still a cluster keeps it.
        let keeper =
            groups.firstIndex { $0.count >= 2 && $0.contains(oldCanonical ?? -1) }
            ?? groups.firstIndex { $0.count >= 2 } ?? 0
        var steps: [SplitStep] = []
        for (index, group) in groups.enumerated() {
            if group.count == 1 {
                steps.append(.alone(group[0]))
            } else if index == keeper {
                if let oldCanonical, group.contains(oldCanonical) { continue }
                steps.append(.newCanonical(group[0]))
            } else {
                steps.append(.newCluster(group))
            }
        }
        return (steps, groups.isEmpty || groups[keeper].count < 2)
    }

    /// Connected groups of `docs` under the near-duplicate relation at `threshold`, each sorted,
    /// in order of their earliest member.
    /// - Parameter profiles: the shingles of each document of `docs`, in the same order.
    public static func linkedGroups(_ docs: [Int64], profiles: [ShingleProfile], threshold: Double) -> [[Int64]] {
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
                if Similarity.nearDuplicate(profiles[i], profiles[j], threshold: threshold) != nil {
                    parent[find(j)] = find(i)
                }
            }
        }
        var groups: [Int: [Int64]] = [:]
        for i in docs.indices { groups[find(i), default: []].append(docs[i]) }
        return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
