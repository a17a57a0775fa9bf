import Synchronization

/// One fetch per key at a time, and its result remembered for a while: many entries (of one
/// feed or of several polled together) that link to one page, or many pages of one site asking
/// for its `robots.txt`, make one request.
final class FetchMemo<Value: Sendable>: Sendable {
    private struct State {
        var inFlight: [String: Task<Value, Never>] = [:]
        var recent: [String: (expires: Double, value: Value)] = [:]
    }

    private let state = Mutex(State())
    /// Most results remembered; the ones expiring first go first.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The remembered value for `key`, else the one a running fetch for it gives, else what
    /// `fetch` gives (remembered until the `expires` it returns, if later than `now`).
    func value(
        for key: String, now: Double, fetch: @escaping @Sendable () async -> (value: Value, expires: Double)
    ) async -> Value {
        let task = state.withLock { state -> Task<Value, Never> in
            if let remembered = state.recent[key], remembered.expires > now {
                return Task { remembered.value }
            }
            state.recent[key] = nil
            if let running = state.inFlight[key] { return running }
            let task = Task<Value, Never> { [weak self] in
                let (value, expires) = await fetch()
                self?.finish(key, value: value, expires: expires, now: now)
                return value
            }
            state.inFlight[key] = task
            return task
        }
        return await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    private func finish(_ key: String, value: Value, expires: Double, now: Double) {
        state.withLock { state in
            state.inFlight[key] = nil
            guard expires > now else { return }
            if state.recent.count >= capacity {
                // Expired entries first, then the one that expires soonest.
                state.recent = state.recent.filter { $0.value.expires > now }
                if state.recent.count >= capacity, let first = state.recent.min(by: { $0.value.expires < $1.value.expires }) {
                    state.recent[first.key] = nil
                }
            }
            state.recent[key] = (expires, value)
        }
    }
}
