public import SyncModel

extension StoreWriter {
    /// Merges `documents` (a feed poll's entries) in one transaction with the merges of other
    /// polls that arrive while the writer is busy (`MergeBatch`); returns once they are committed.
    /// - Returns: one result per document, in order.
    /// - Throws: `SyncError(.store)` (or what the store refused in these documents); nothing of
    ///   them is stored then, and the other polls' documents are not affected.
    public func merge(_ documents: [IncomingDocument], now: Double) async throws(SyncError) -> [MergeResult] {
        guard !documents.isEmpty else { return [] }
        return try await merges.merge(documents, now: now).get()
    }

    /// Feed polls' merges waiting for their transaction (the writer is busy).
    public var waitingMerges: Int { merges.waiting }
    /// Transactions feed poll merges have been committed in so far.
    public var mergeTransactions: Int { merges.transactions }
}
