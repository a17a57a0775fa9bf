public import SyncModel

/// A feed poll's entries to merge, and the poll's time.
struct MergeRequest: Sendable {
    var documents: [IncomingDocument]
    var now: Double
}

extension StoreWriter {
    /// Merges `documents` (a feed poll's entries) in one transaction with the merges of other
    /// polls that arrive while the writer is busy (`GroupCommit`), up to `maxMergeDocuments`;
    /// returns once they are committed. A first poll of many feeds then commits a transaction per
    /// few feeds rather than one per feed: fewer log pages written for the same index pages (the
    /// random keys of bodies and line hashes), fewer commits.
    /// - Returns: one result per document, in order.
    /// - Throws: `SyncError(.store)` (or what the store refused in these documents); nothing of
    ///   them is stored then, and the other polls' documents are not affected.
    public func merge(_ documents: [IncomingDocument], now: Double) async throws(SyncError) -> [MergeResult] {
        guard !documents.isEmpty else { return [] }
        return try await merges.submit(MergeRequest(documents: documents, now: now), weight: documents.count).get()
    }

    /// Feed polls' merges waiting for their transaction (the writer is busy).
    public var waitingMerges: Int { merges.waiting }
    /// Transactions feed poll merges have been committed in so far.
    public var mergeTransactions: Int { merges.transactions }

    /// Most documents in one merge transaction (a single poll with more goes alone): the folder
    /// ingest's batch size, small enough that other writes waiting behind it are not held up long.
    static let maxMergeDocuments = 256

    /// On the writer: the polls' merges in one transaction, stamped with the latest of their
    /// times; when it fails, each poll's documents are merged again alone, so a poll whose
    /// documents the store refuses gets its own error and the others are stored as if it had not
    /// been there.
    static func commit(_ requests: [MergeRequest], to store: any DocumentStore) -> [Result<[MergeResult], SyncError>] {
        func merge(_ documents: [IncomingDocument], now: Double) -> Result<[MergeResult], SyncError> {
            do throws(SyncError) {
                return .success(try store.merge(documents, now: now))
            } catch {
                return .failure(error)
            }
        }
        guard requests.count > 1 else { return requests.map { merge($0.documents, now: $0.now) } }
        let all = requests.flatMap(\.documents)
        guard case .success(let results) = merge(all, now: requests.map(\.now).max() ?? 0), results.count == all.count else {
            return requests.map { merge($0.documents, now: $0.now) }
        }
        var start = 0
        return requests.map { request in
            defer { start += request.documents.count }
            return .success(Array(results[start..<(start + request.documents.count)]))
        }
    }
}
