/// Politeness: at most `perHost` transfers to one host and `total` overall at any time. Waiters
/// are served first come, first served among those whose host has room.
///
/// The curl loop thread owns it (`CurlLoop`): a permit comes back the moment its transfer
/// ends and the next waiter starts there and then, whatever Swift's cooperative pool is busy
/// with (parsing and merging the feeds fetched before). A poll cycle queues every due feed at
/// once (ten thousand waiters is ordinary), so each operation is O(log n): waiters queue per
/// host, and the hosts with room and waiters are kept in a heap by their first waiter's arrival.
struct ConcurrencyGate<Item> {
    let perHost: Int
    let total: Int
    private var activeByHost: [String: Int] = [:]
    private(set) var active = 0
    private var queues: [String: HostQueue] = [:]
    /// Hosts with room and waiters, by their first waiter's arrival; an entry whose waiter has
    /// gone (served, removed, or its host full again) is skipped when it comes up.
    private var ready = ArrivalHeap()
    private var arrivals: UInt64 = 0

    /// One host's waiters in arrival order.
    private struct HostQueue {
        var waiters: [(arrival: UInt64, item: Item)] = []
        var head = 0
        var first: UInt64? { head < waiters.count ? waiters[head].arrival : nil }

        mutating func pop() -> Item {
            let item = waiters[head].item
            head += 1
            if head > 64 && head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    init(perHost: Int, total: Int) {
        self.perHost = max(1, perHost)
        self.total = max(1, total)
    }

    private func hasRoom(_ host: String) -> Bool {
        activeByHost[host, default: 0] < perHost
    }

    /// `item` with its permit when one is free now (waiters for other hosts do not hold it up);
    /// otherwise `nil`, and `item` waits for `leave`.
    mutating func enter(_ item: Item, host: String) -> Item? {
        if active < total && hasRoom(host) && queues[host] == nil {
            take(host)
            return item
        }
        arrivals += 1
        if queues[host] == nil {
            queues[host] = HostQueue()
            if hasRoom(host) { ready.push(arrivals, host) }
        }
        queues[host]!.waiters.append((arrivals, item))
        return nil
    }

    /// Gives a waiter up (a cancelled transfer): the first of `host`'s waiters `matches` accepts.
    mutating func remove(host: String, where matches: (Item) -> Bool) -> Item? {
        guard var queue = queues.removeValue(forKey: host),
            let index = queue.waiters[queue.head...].firstIndex(where: { matches($0.item) })
        else { return nil }
        let item = queue.waiters.remove(at: index).item
        if let first = queue.first {
            queues[host] = queue
            // The heap's entry was for the waiter removed: the new first one takes its place.
            if index == queue.head && hasRoom(host) { ready.push(first, host) }
        }
        return item
    }

    /// Returns a permit of `host`; the waiters that get one now, in order.
    mutating func leave(_ host: String) -> [Item] {
        let wasFull = !hasRoom(host)
        active -= 1
        activeByHost[host, default: 0] -= 1
        if activeByHost[host] == 0 { activeByHost[host] = nil }
        if wasFull, let first = queues[host]?.first { ready.push(first, host) }
        var admitted: [Item] = []
        while active < total, let (arrival, waitingHost) = ready.pop() {
            guard queues[waitingHost]?.first == arrival, hasRoom(waitingHost) else { continue }
            admitted.append(queues[waitingHost]!.pop())
            take(waitingHost)
            if let next = queues[waitingHost]!.first {
                if hasRoom(waitingHost) { ready.push(next, waitingHost) }
            } else {
                queues[waitingHost] = nil
            }
        }
        return admitted
    }

    private mutating func take(_ host: String) {
        active += 1
        activeByHost[host, default: 0] += 1
    }
}

/// A binary min-heap of (arrival, host).
private struct ArrivalHeap {
    private var items: [(arrival: UInt64, host: String)] = []

    mutating func push(_ arrival: UInt64, _ host: String) {
        items.append((arrival, host))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].arrival < items[parent].arrival else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (UInt64, String)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left].arrival < items[smallest].arrival { smallest = left }
            if right < items.count && items[right].arrival < items[smallest].arrival { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.arrival, top.host)
    }
}
