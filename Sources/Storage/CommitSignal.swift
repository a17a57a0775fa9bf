import Synchronization

/// Wakes change-feed readers when the change log grows: a store calls `notify(head:)` after
/// every transaction that appended changes (each merged batch, not each scan), and long polls
/// and SSE streams wait on it.
public final class CommitSignal: Sendable {
    private struct State {
        var head: Int64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// The highest `seq` announced so far.
    public var head: Int64 { state.withLock { $0.head } }

    /// Announces a commit; wakes everyone waiting. Safe to call from any thread.
    public func notify(head: Int64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.head = max(state.head, head)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns after the next `notify` or after `timeout`, whichever comes first, or at once when
    /// the head is already past `seen`.
    /// - Parameter seen: the highest `seq` the caller has read; a commit announced since then
    ///   returns immediately.
    public func wait(after seen: Int64 = .max, timeout: Duration) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.head > seen || Task.isCancelled { return true }
                            state.waiters[id] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
