/// Politeness: at most `perHost` transfers to one host and `total` overall at any time. Waiters
/// are served first come, first served among those whose host has room.
actor ConcurrencyGate {
    let perHost: Int
    let total: Int
    private var activeByHost: [String: Int] = [:]
    private var active = 0
    private var waiters: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(perHost: Int, total: Int) {
        self.perHost = max(1, perHost)
        self.total = max(1, total)
    }

    private func hasRoom(_ host: String) -> Bool {
        active < total && activeByHost[host, default: 0] < perHost
    }

    /// Waits for a permit for `host`; every `acquire` is paired with one `release`.
    func acquire(_ host: String) async {
        // Waiters for other hosts wait for their own host's room: they do not hold this one up.
        if hasRoom(host) && !waiters.contains(where: { $0.host == host }) {
            take(host)
            return
        }
        await withCheckedContinuation { waiters.append((host, $0)) }
    }

    private func take(_ host: String) {
        active += 1
        activeByHost[host, default: 0] += 1
    }

    func release(_ host: String) {
        active -= 1
        activeByHost[host, default: 0] -= 1
        if activeByHost[host] == 0 { activeByHost[host] = nil }
        var index = 0
        while index < waiters.count && active < total {
            if hasRoom(waiters[index].host) {
                let waiter = waiters.remove(at: index)
                take(waiter.host)
                waiter.continuation.resume()
            } else {
                index += 1
            }
        }
    }
}
