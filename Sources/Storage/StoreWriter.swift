import Dispatch
public import SyncModel

/// The one writer of a store: every merge and state write, from folder scans and feed polls
/// alike, runs here one at a time, in the order submitted, on a serial queue of its own (a
/// dispatch thread, never a thread of Swift's cooperative pool, which a blocking SQLite write
/// would take away from readers and request handlers).
public final class StoreWriter: Sendable {
    /// The store written to; reads may go to it directly.
    public let store: any DocumentStore
    private let queue: DispatchQueue
    /// Feed polls' outcomes waiting to be committed together (`record`).
    let fetchRecords: GroupCommit<FetchRecord, SyncError?>
    /// Feed polls' merges waiting to be committed together (`merge`).
    let merges: GroupCommit<MergeRequest, Result<[MergeResult], SyncError>>

    public init(store: any DocumentStore) {
        let queue = DispatchQueue(label: "syncd.writer")
        self.store = store
        self.queue = queue
        fetchRecords = GroupCommit(queue: queue, maxWeight: StoreWriter.maxFetchRecords) { records in
            StoreWriter.commit(records, to: store)
        }
        merges = GroupCommit(queue: queue, maxWeight: StoreWriter.maxMergeDocuments) { requests in
            StoreWriter.commit(requests, to: store)
        }
    }

    /// Runs `body` on the writer and suspends (without blocking a thread) until it is done.
    /// - Throws: what `body` throws.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (any DocumentStore) throws(SyncError) -> T) async throws(SyncError) -> T {
        let store = self.store
        return try await queue.run { () throws(SyncError) in try body(store) }
    }

    /// Runs `body` on the writer and blocks the calling thread until it is done: for callers
    /// that run on a thread of their own (a folder scan), never from async code.
    /// - Throws: what `body` throws.
    public func performBlocking<T>(_ body: (any DocumentStore) throws(SyncError) -> T) throws(SyncError) -> T {
        let store = self.store
        let result: Result<T, SyncError> = queue.sync {
            do throws(SyncError) { return .success(try body(store)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
