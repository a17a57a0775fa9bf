import Dispatch
import Synchronization

/// Group commit on the store's writer: a caller hands an item in and waits for its answer;
/// whatever arrives while the writer is busy (with the previous group, a folder batch, another
/// group's work) goes into the next transaction together, up to `maxWeight`, in arrival order.
/// When the writer is idle an item is committed at once, alone.
///
/// Feed polls use two: their outcomes (`FetchRecord`s, a 304 then costs a row, not a commit) and
/// their merges (a first poll of many feeds commits a transaction per few feeds, not per feed).
final class GroupCommit<Item: Sendable, Answer: Sendable>: Sendable {
    private struct Waiting {
        var item: Item
        var weight: Int
        var continuation: CheckedContinuation<Answer, Never>
    }

    private struct Pending {
        var waiting: [Waiting] = []
        /// A flush is queued on the writer and has not taken the items yet.
        var flushQueued = false
        var transactions = 0
    }

    /// Most weight in one group (an item heavier than this goes alone).
    let maxWeight: Int
    private let pending = Mutex(Pending())
    /// The writer's queue.
    private let queue: DispatchQueue
    /// On the writer: commits a group, one answer per item, in order.
    private let commit: @Sendable ([Item]) -> [Answer]

    init(queue: DispatchQueue, maxWeight: Int, commit: @escaping @Sendable ([Item]) -> [Answer]) {
        self.queue = queue
        self.maxWeight = max(1, maxWeight)
        self.commit = commit
    }

    /// Items waiting for their transaction.
    var waiting: Int { pending.withLock { $0.waiting.count } }
    /// Groups committed (or attempted) so far.
    var transactions: Int { pending.withLock { $0.transactions } }

    /// Queues `item` and waits for its group's transaction.
    func submit(_ item: Item, weight: Int = 1) async -> Answer {
        await withCheckedContinuation { continuation in
            let flushNow = pending.withLock { state -> Bool in
                state.waiting.append(Waiting(item: item, weight: weight, continuation: continuation))
                guard !state.flushQueued else { return false }
                state.flushQueued = true
                return true
            }
            if flushNow { queue.async { self.flush() } }
        }
    }

    /// On the writer: commits what is waiting, in arrival order up to `maxWeight`, then answers each.
    private func flush() {
        let (taken, more) = pending.withLock { state -> ([Waiting], Bool) in
            var count = 0
            var weight = 0
            while count < state.waiting.count, count == 0 || weight + state.waiting[count].weight <= maxWeight {
                weight += state.waiting[count].weight
                count += 1
            }
            let taken = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            state.transactions += 1
            // What came in beyond the limit gets a flush of its own, queued now.
            state.flushQueued = !state.waiting.isEmpty
            return (taken, state.flushQueued)
        }
        if more { queue.async { self.flush() } }
        guard !taken.isEmpty else { return }
        let answers = commit(taken.map(\.item))
        precondition(answers.count == taken.count, "a group commit answered \(answers.count) of \(taken.count) items")
        for (waiting, answer) in zip(taken, answers) { waiting.continuation.resume(returning: answer) }
    }
}
