import Synchronization

/// Wakes change-feed readers when the change log grows: a store calls `notify(head:)` after
/// every transaction that appended changes (each merged batch, not each scan), and long polls
/// and SSE streams wait on it.
public final class CommitSignal: Sendable {
    private struct State {
        var head: Int64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Int64?, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// How many callers wait now (long polls and SSE streams between two commits).
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// The highest `seq` announced so far.
    public var head: Int64 { state.withLock { $0.head } }

    /// Announces a commit; wakes everyone waiting. Safe to call from any thread.
    public func notify(head: Int64) {
        let (waiters, announced) = state.withLock { state -> ([CheckedContinuation<Int64?, Never>], Int64) in
            state.head = max(state.head, head)
            defer { state.waiters.removeAll() }
            return (Array(state.waiters.values), state.head)
        }
        for waiter in waiters { waiter.resume(returning: announced) }
    }

    /// Returns after the next `notify` or after `timeout`, whichever comes first, or at once when
    /// the head is already past `seen`.
    /// - Parameter seen: the highest `seq` the caller has read; a commit announced since then
    ///   returns immediately.
    /// - Returns: the head announced by the commit that woke the caller (the current head after
    ///   a timeout).
    @discardableResult
    public func wait(after seen: Int64 = .max, timeout: Duration) async -> Int64 {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let woken = await withTaskGroup(of: Int64?.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Int64?, Never>) in
                        let resumeNow = self.state.withLock { state -> Int64?? in
                            if state.head > seen { return .some(state.head) }
                            if Task.isCancelled { return .some(nil) }
                            state.waiters[id] = continuation
                            return .none
                        }
                        if let value = resumeNow { continuation.resume(returning: value) }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return woken ?? head
    }
}
