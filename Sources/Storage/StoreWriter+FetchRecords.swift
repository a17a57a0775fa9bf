public import SyncModel

extension StoreWriter {
    /// Stores a feed poll's outcome, committed with those of other polls that finish meanwhile
    /// (`GroupCommit`): a poll cycle's 304s then cost a row each, not a commit each, and no poll
    /// returns before its state is stored. Ordering is the poll's own: a record is handed in only
    /// after the poll's merges committed, so a state row (its validators above all) never claims
    /// entries that are not stored.
    /// - Throws: the record's error (`.notFound` for an unknown source, `.store` when the
    ///   transaction failed; nothing of it is stored then).
    public func record(_ record: FetchRecord) async throws(SyncError) {
        if let error = await fetchRecords.submit(record) {
            throw error
        }
    }

    /// Feed poll outcomes waiting for their transaction (the writer is busy).
    public var waitingFetchRecords: Int { fetchRecords.waiting }
    /// Transactions feed poll outcomes have been committed in so far.
    public var fetchRecordTransactions: Int { fetchRecords.transactions }

    /// Most records in one transaction: enough to take a burst of 304s, small enough that a
    /// merge waiting behind it is not held up long.
    static let maxFetchRecords = 512

    /// On the writer: one transaction of records; each record's error, `nil` once stored.
    static func commit(_ records: [FetchRecord], to store: any DocumentStore) -> [SyncError?] {
        let errors = store.recordFetches(records)
        return records.indices.map { index in
            index < errors.count ? errors[index] : SyncError(.store, "the store answered for fewer records than it was given")
        }
    }
}
