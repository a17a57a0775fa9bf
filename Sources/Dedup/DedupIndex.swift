/// What merging needs of a near-duplicate index: documents' MinHash signatures in, candidate
/// documents out, each with its estimated similarity, for exact verification by the caller.
///
/// `LSHIndex` keeps the band tables in memory; a shared backend keeps them in its database.
public protocol DedupIndex: Sendable {
    /// Documents indexed.
    var count: Int { get }

    /// Adds (or replaces) a document's signature and returns the documents that were
    /// candidates for it just before, with an estimate of at least `minimumEstimate`.
    /// - Parameter minimumEstimate: `nil` to skip collecting candidates.
    @discardableResult
    mutating func insert(_ id: Int64, signature: [UInt32], candidatesAbove minimumEstimate: Double?) -> [(id: Int64, estimate: Double)]

    /// Candidates for a signature (a document not indexed, or one excluded by id).
    func candidates(for signature: [UInt32], minimumEstimate: Double, excluding: Int64?) -> [(id: Int64, estimate: Double)]

    /// Forgets a document; unknown ids are ignored.
    mutating func remove(_ id: Int64)

    /// Empties the index and adds every given signature: what is committed, after a failed
    /// transaction or at start-up.
    mutating func rebuild(from signatures: [(id: Int64, signature: [UInt32])])
}

extension LSHIndex: DedupIndex {
    public mutating func rebuild(from signatures: [(id: Int64, signature: [UInt32])]) {
        self = LSHIndex(banding: banding)
        for entry in signatures { insert(entry.id, signature: entry.signature) }
    }
}
