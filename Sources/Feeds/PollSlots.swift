import Synchronization

/// Bounds the polls past their start at once (fetched and waiting to be parsed and merged,
/// or being parsed and merged). The fetcher's own gate starts the next transfer as soon as one
/// ends, whatever the parsing is doing; this keeps fetching from running more than `limit`
/// feeds ahead of it, so the bodies held in memory stay bounded when ten thousand feeds fall
/// due at once. Waiters are served in arrival order; no actor, no hop when a slot is free.
final class PollSlots: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(free: max(1, limit)))
    }

    /// Waits for a slot; every `acquire` is paired with one `release`.
    func acquire() async {
        let taken = state.withLock { state -> Bool in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if taken { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.free += 1
                return nil
            }
            let waiter = state.waiters[state.head]
            state.head += 1
            if state.head > 64 && state.head * 2 > state.waiters.count {
                state.waiters.removeFirst(state.head)
                state.head = 0
            }
            return waiter
        }
        next?.resume()
    }
}
