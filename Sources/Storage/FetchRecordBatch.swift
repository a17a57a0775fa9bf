import Dispatch
import Synchronization
import SyncModel

/// Group commit of feed polls' outcomes on the store's writer: a poll hands its `FetchRecord` in
/// and waits until it is committed; whatever arrives while the writer is busy (with the previous
/// batch or a merge) goes into the next transaction together. A poll cycle's 304s then cost a
/// row each, not a commit each, and no poll returns before its state is stored.
///
/// Ordering is the poll's own: a record is handed in only after the poll's merges committed, so
/// a state row (its validators above all) never claims entries that are not stored.
final class FetchRecordBatch: Sendable {
    private struct Pending {
        var records: [FetchRecord] = []
        var waiters: [CheckedContinuation<SyncError?, Never>] = []
        /// A flush is queued on the writer and has not taken the records yet.
        var flushQueued = false
        var transactions = 0
    }

    /// Most records in one transaction: enough to take a burst of 304s, small enough that a
    /// merge waiting behind it is not held up long.
    let maxRecords: Int
    private let pending = Mutex(Pending())
    /// The writer's queue, and the store it writes.
    private let queue: DispatchQueue
    private let store: any DocumentStore

    init(queue: DispatchQueue, store: any DocumentStore, maxRecords: Int = 512) {
        self.queue = queue
        self.store = store
        self.maxRecords = max(1, maxRecords)
    }

    /// Records waiting for their transaction.
    var waiting: Int { pending.withLock { $0.records.count } }
    /// Transactions committed (or attempted) so far.
    var transactions: Int { pending.withLock { $0.transactions } }

    /// Queues `record` and waits for its transaction.
    /// - Returns: the record's error, `nil` once it is stored.
    func record(_ record: FetchRecord) async -> SyncError? {
        await withCheckedContinuation { continuation in
            let flushNow = pending.withLock { state -> Bool in
                state.records.append(record)
                state.waiters.append(continuation)
                guard !state.flushQueued else { return false }
                state.flushQueued = true
                return true
            }
            if flushNow { queue.async { self.flush() } }
        }
    }

    /// On the writer: commits what is waiting (up to `maxRecords`), then answers each waiter.
    private func flush() {
        let (records, waiters, more) = pending.withLock { state -> ([FetchRecord], [CheckedContinuation<SyncError?, Never>], Bool) in
            let count = min(state.records.count, maxRecords)
            let taken = (Array(state.records.prefix(count)), Array(state.waiters.prefix(count)))
            state.records.removeFirst(count)
            state.waiters.removeFirst(count)
            state.transactions += 1
            // Records that came in beyond the limit get a flush of their own, queued now.
            state.flushQueued = !state.records.isEmpty
            return (taken.0, taken.1, state.flushQueued)
        }
        if more { queue.async { self.flush() } }
        let errors = records.isEmpty ? [] : store.recordFetches(records)
        for (index, waiter) in waiters.enumerated() {
            waiter.resume(
                returning: index < errors.count ? errors[index] : SyncError(.store, "the store answered for fewer records than it was given"))
        }
    }
}
