public import SyncModel

extension StoreWriter {
    /// Stores a feed poll's outcome, committed with those of other polls that finish meanwhile
    /// (`FetchRecordBatch`); returns once it is stored.
    /// - Throws: the record's error (`.notFound` for an unknown source, `.store` when the
    ///   transaction failed; nothing of it is stored then).
    public func record(_ record: FetchRecord) async throws(SyncError) {
        if let error = await fetchRecords.record(record) {
            throw error
        }
    }

    /// Feed poll outcomes waiting for their transaction (the writer is busy).
    public var waitingFetchRecords: Int { fetchRecords.waiting }
    /// Transactions feed poll outcomes have been committed in so far.
    public var fetchRecordTransactions: Int { fetchRecords.transactions }
}
