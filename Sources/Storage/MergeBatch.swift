import Dispatch
import Synchronization
import SyncModel

/// Group commit of feed polls' merges on the store's writer, in the shape of `FetchRecordBatch`:
/// a poll hands its entries in and waits for their results; whatever arrives while the writer is
/// busy (with the previous transaction, a folder batch, a state batch) goes into the next
/// transaction together, up to `maxDocuments`. A first poll of many feeds then commits a
/// transaction per few feeds rather than one per feed: fewer log pages written for the same
/// index pages (the random keys of bodies and line hashes), fewer commits. When the writer is
/// idle a poll's merge runs at once, alone, as before.
///
/// A transaction of several polls is stamped with the latest of their times (each poll's start);
/// when it fails, each poll's documents are merged again alone, so a poll whose documents the
/// store refuses gets its own error and the others are stored as if it had not been there.
final class MergeBatch: Sendable {
    private struct Request {
        var documents: [IncomingDocument]
        var now: Double
        var continuation: CheckedContinuation<Result<[MergeResult], SyncError>, Never>
    }

    private struct Pending {
        var requests: [Request] = []
        /// A flush is queued on the writer and has not taken the requests yet.
        var flushQueued = false
        var transactions = 0
    }

    /// Most documents in one transaction (a single request larger than this goes alone): the
    /// folder ingest's batch size, small enough that other writes waiting behind it are not held
    /// up long.
    let maxDocuments: Int
    private let pending = Mutex(Pending())
    /// The writer's queue, and the store it writes.
    private let queue: DispatchQueue
    private let store: any DocumentStore

    init(queue: DispatchQueue, store: any DocumentStore, maxDocuments: Int = 256) {
        self.queue = queue
        self.store = store
        self.maxDocuments = max(1, maxDocuments)
    }

    /// Polls' merges waiting for their transaction.
    var waiting: Int { pending.withLock { $0.requests.count } }
    /// Transactions committed (or attempted) so far, retries of a failed group not counted.
    var transactions: Int { pending.withLock { $0.transactions } }

    /// Queues `documents` and waits for their transaction.
    /// - Returns: one result per document, in order, or the error that kept them from being stored.
    func merge(_ documents: [IncomingDocument], now: Double) async -> Result<[MergeResult], SyncError> {
        await withCheckedContinuation { continuation in
            let flushNow = pending.withLock { state -> Bool in
                state.requests.append(Request(documents: documents, now: now, continuation: continuation))
                guard !state.flushQueued else { return false }
                state.flushQueued = true
                return true
            }
            if flushNow { queue.async { self.flush() } }
        }
    }

    /// On the writer: merges the requests waiting, in arrival order, up to `maxDocuments`, in
    /// one transaction; then answers each.
    private func flush() {
        let (taken, more) = pending.withLock { state -> ([Request], Bool) in
            var count = 0, documents = 0
            while count < state.requests.count, count == 0 || documents + state.requests[count].documents.count <= maxDocuments {
                documents += state.requests[count].documents.count
                count += 1
            }
            let taken = Array(state.requests.prefix(count))
            state.requests.removeFirst(count)
            state.transactions += 1
            // Requests beyond the limit get a flush of their own, queued now.
            state.flushQueued = !state.requests.isEmpty
            return (taken, state.flushQueued)
        }
        if more { queue.async { self.flush() } }
        guard taken.count > 1 else {
            for request in taken { request.continuation.resume(returning: merge(request.documents, now: request.now)) }
            return
        }
        let all = taken.flatMap(\.documents)
        let now = taken.map(\.now).max() ?? 0
        guard case .success(let results) = merge(all, now: now), results.count == all.count else {
            // One poll's documents fail the transaction for all: each goes alone now.
            for request in taken { request.continuation.resume(returning: merge(request.documents, now: request.now)) }
            return
        }
        var start = 0
        for request in taken {
            let end = start + request.documents.count
            request.continuation.resume(returning: .success(Array(results[start..<end])))
            start = end
        }
    }

    private func merge(_ documents: [IncomingDocument], now: Double) -> Result<[MergeResult], SyncError> {
        do throws(SyncError) {
            return .success(try store.merge(documents, now: now))
        } catch {
            return .failure(error)
        }
    }
}
